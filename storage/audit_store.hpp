// Append-only audit log (DESIGN.md invariant 7): who changed what, when, old → new, ticket;
// also officers' reads of full records (field "reveal").
// Layout: audit (u64 seq → record), audit_by_citizen (DUPSORT citizen id → u64 seq key).
// Contract: append_audit() only inside a write txn (the same one as the change it records);
// readers take any txn. Errors: StorageError from LMDB propagates (the caller aborts).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr std::size_t kAuditPageMax = 500;

// Appends one record; returns its sequence number (strictly increasing).
std::uint64_t append_audit(Txn& w, const AuditRecord& rec);

struct AuditPage {
  std::vector<AuditRecord> items;
  std::optional<std::string> next;  // opaque cursor for the following (older) page
};

// Records of one citizen, newest first. cursor: "" for the first page, else a page's `next`.
// limit is clamped to [1, kAuditPageMax].
AuditPage audit_of_citizen(const Txn& r, const std::string& citizen_id, const std::string& cursor,
                           std::size_t limit);

// Visits every record in append order (oldest first) until f returns false.
void scan_audit(const Txn& r, const std::function<bool(std::uint64_t seq, const AuditRecord&)>& f);

}  // namespace aduan::storage
