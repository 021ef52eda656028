#include "storage/id_allocator.hpp"

#include <cstdio>

#include "storage/cert_store.hpp"

namespace aduan::storage {
namespace {

constexpr const char* kCitizenSeq = "citizen";
constexpr const char* kCertificateSeq = "certificate";

// Same key and value format as next_sequence() in lmdb_env.cpp ("seq:<name>" → big-endian u64);
// the id allocator test checks that next_sequence continues where flush() left off.
void store_sequence(Txn& w, const char* name, std::uint64_t value) {
  w.put(w.dbs().meta, std::string("seq:") + name, u64_key(value));
}

}  // namespace

std::string format_citizen_id(std::uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%010llu", kCitizenIdPrefix, static_cast<unsigned long long>(seq));
  return buf;
}

IdAllocator::IdAllocator(Txn& w)
    : w_(w),
      citizen_(current_sequence(w, kCitizenSeq)),
      certificate_(current_sequence(w, kCertificateSeq)),
      citizen_start_(citizen_),
      certificate_start_(certificate_) {}

std::string IdAllocator::next_citizen_id() { return format_citizen_id(++citizen_); }

std::string IdAllocator::next_certificate_number() { return format_certificate_number(++certificate_); }

void IdAllocator::flush() {
  if (citizen_ != citizen_start_) store_sequence(w_, kCitizenSeq, citizen_);
  if (certificate_ != certificate_start_) store_sequence(w_, kCertificateSeq, certificate_);
  citizen_start_ = citizen_;
  certificate_start_ = certificate_;
}

}  // namespace aduan::storage
