#include "storage/audit_store.hpp"

#include <algorithm>

#include "storage/codec.hpp"

namespace aduan::storage {
namespace {
constexpr const char* kAuditSeq = "audit";

AuditRecord decode_audit(std::string_view bytes) { return decode(bytes).get<AuditRecord>(); }
}  // namespace

std::uint64_t append_audit(Txn& w, const AuditRecord& rec) {
  const std::uint64_t seq = next_sequence(w, kAuditSeq);
  const std::string key = u64_key(seq);
  w.put(w.dbs().audit, key, encode(nlohmann::json(rec)));
  if (!rec.citizen.empty()) w.put(w.dbs().audit_by_citizen, rec.citizen, key);
  return seq;
}

AuditPage audit_of_citizen(const Txn& r, const std::string& citizen_id, const std::string& cursor,
                           std::size_t limit) {
  limit = std::clamp<std::size_t>(limit, 1, kAuditPageMax);
  // The cursor is the decimal seq of the last record returned; the next page holds older ones.
  std::uint64_t before = UINT64_MAX;
  if (!cursor.empty()) {
    try {
      before = std::stoull(cursor);
    } catch (const std::exception&) {
      before = 0;  // a garbled cursor yields an empty page rather than an error
    }
  }
  // One citizen has few audit rows (a handful of corrections), so collecting the seqs is cheap.
  std::vector<std::uint64_t> seqs;
  r.dups(r.dbs().audit_by_citizen, citizen_id, [&](std::string_view v) {
    const std::uint64_t s = u64_from_key(v);
    if (s < before) seqs.push_back(s);
    return true;
  });
  AuditPage page;
  for (auto it = seqs.rbegin(); it != seqs.rend() && page.items.size() < limit; ++it) {
    if (auto v = r.get(r.dbs().audit, u64_key(*it))) page.items.push_back(decode_audit(*v));
    if (page.items.size() == limit && std::next(it) != seqs.rend()) page.next = std::to_string(*it);
  }
  return page;
}

void scan_audit(const Txn& r, const std::function<bool(std::uint64_t, const AuditRecord&)>& f) {
  r.scan(r.dbs().audit, "", [&](std::string_view k, std::string_view v) {
    return f(u64_from_key(k), decode_audit(v));
  });
}

}  // namespace aduan::storage
