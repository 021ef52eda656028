#include "storage/cert_store.hpp"

#include <cstdio>

#include "storage/codec.hpp"
#include "storage/msgpack_writer.hpp"

namespace aduan::storage {
namespace {

CertificateRecord read_cert(const std::string& number, std::string_view bytes) {
  const auto j = decode(bytes);
  CertificateRecord c;
  c.number = number;
  c.citizen = j.value("citizen", std::string());
  c.dose = j.value("dose", 0);
  c.status = j.value("status", std::string());
  c.superseded_by = j.value("superseded_by", std::string());
  c.issued_at = j.value("issued_at", TimeMs{0});
  return c;
}

}  // namespace

std::string format_certificate_number(std::uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%010llu", kCertPrefix, static_cast<unsigned long long>(seq));
  return buf;
}

namespace {
// `fresh`: a newly allocated number, the largest so far (numbers only grow): appended.
void put_certificate(Txn& w, const CertificateRecord& c, bool fresh = false) {
  // Written directly as MessagePack (bulk import issues millions); read back through decode().
  MsgpackWriter m;
  m.map(5);
  m.kv("citizen", c.citizen);
  m.str("dose");
  m.integer(c.dose);
  m.kv("status", c.status);
  m.kv("superseded_by", c.superseded_by);
  m.str("issued_at");
  m.integer(c.issued_at);
  if (fresh)
    w.put_append(w.dbs().certs, c.number, m.take());
  else
    w.put(w.dbs().certs, c.number, m.take());
}
}  // namespace

void issue_certificate(Txn& w, const std::string& number, const std::string& citizen_id, int dose,
                       TimeMs now) {
  put_certificate(w, CertificateRecord{number, citizen_id, dose, kCertCurrent, "", now}, true);
}

void reissue_certificate(Txn& w, const std::string& old_number, const std::string& new_number,
                         const std::string& citizen_id, int dose, TimeMs now) {
  issue_certificate(w, new_number, citizen_id, dose, now);
  if (auto old = certificate_by_number(w, old_number)) {
    old->status = kCertSuperseded;
    old->superseded_by = new_number;
    put_certificate(w, *old);
  }
}

void revoke_certificate(Txn& w, const std::string& number) {
  if (auto c = certificate_by_number(w, number)) {
    c->status = kCertRevoked;
    put_certificate(w, *c);
  }
}

std::optional<CertificateRecord> certificate_by_number(const Txn& r, const std::string& number) {
  auto v = r.get(r.dbs().certs, number);
  if (!v) return std::nullopt;
  return read_cert(number, *v);
}

}  // namespace aduan::storage
