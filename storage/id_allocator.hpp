// Citizen ids and certificate numbers handed out inside one write transaction.
// Reads the meta counters once, counts in memory, and writes them back on flush(): a bulk import
// allocates millions of numbers without a meta read+write each.
// Contract: one allocator per write txn, used by one thread; call flush() before commit (the
// destructor does not write: an aborted txn must leave the counters as they were).
// Errors: StorageError propagates.
#pragma once
#include <cstdint>
#include <string>

#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr const char* kCitizenIdPrefix = "C";

// "C0000000042": immutable internal citizen id, zero-padded so ids sort by creation.
std::string format_citizen_id(std::uint64_t seq);

class IdAllocator {
 public:
  explicit IdAllocator(Txn& w);
  std::string next_citizen_id();
  std::string next_certificate_number();
  void flush();

 private:
  Txn& w_;
  std::uint64_t citizen_ = 0, certificate_ = 0;
  std::uint64_t citizen_start_ = 0, certificate_start_ = 0;
};

}  // namespace aduan::storage
