// `aduan export-corrections [--since TIME]`: every change made through aduan — by citizens
// (who "citizen:…"), officers ("officer:NAME") or ops ("ops") — as JSON Lines for the upstream
// registry (CONTRACTS.md "Corrections export"). Imports and officers' reveals are not
// corrections and are left out. One line per audit record, in the order they were made:
//   {"at": "2026-12-03T09:15:02+07:00", "citizen": "C…", "nik": "…", "field": "name",
//    "old": "…", "new": "…", "who": "citizen:62812…", "ticket": null}
// `at` is in Western Indonesia Time (+07:00). Contract: reads one read txn; any thread.
// Errors: StorageError propagates; a failed stream write stops early (the caller checks out).
#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "core/model.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

// True for records the upstream registry should learn about.
bool is_correction(const AuditRecord& rec);

// The JSON line (without newline) of one record.
std::string correction_line(const AuditRecord& rec);

// Writes every correction with at >= since (all when nullopt); returns how many were written.
std::uint64_t export_corrections(const Env& env, std::optional<TimeMs> since, std::ostream& out);

}  // namespace aduan::storage
