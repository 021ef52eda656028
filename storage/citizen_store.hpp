// Citizens: the readers, and THE one path that changes a citizen's field (apply_change), used by
// the chat (flow::ChangeOp), by officers (ticket resolve with apply) and by ops alike.
// Layout: citizens (id → profile), nik_idx (NIK → id, unique), phone_idx (DUPSORT phone → id:
// families share a phone), meta "nik_former:<NIK>" → id (a NIK corrected through aduan, so a
// re-import of the registry's old line still finds the citizen), certs (cert_store.hpp),
// audit (audit_store.hpp).
// Contract:
//  - apply_change() runs inside the caller's write txn and either writes everything (field,
//    version+1, indexes, provenance, flags, audit row, re-issued certificates) or nothing: every
//    check (existence, expected version, validity, NIK uniqueness) happens before any write.
//    The caller commits; an outcome other than `applied` leaves the txn untouched.
//  - merge_registry_citizen() is the importer's write (registry provenance, who "import").
//  - Readers take any txn; values are copied out.
// Errors: invalid input and races are outcomes; StorageError (LMDB) and corrupt rows propagate.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/flow/flow.hpp"
#include "core/model.hpp"
#include "storage/id_allocator.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr std::size_t kCitizenPageMax = 500;
constexpr const char* kSourceRegistry = "registry";
constexpr const char* kSourceAduan = "aduan";
constexpr const char* kWhoImport = "import";

struct ChangeRequest {
  std::string citizen_id;
  std::string field;  // one of correctable_fields()
  std::string value;  // as typed; validated and normalised here (check_field)
  std::optional<std::uint64_t> expected_version;  // stale when set and different
  std::string who;     // citizen:<phone>, officer:NAME, ops
  std::string ticket;  // ticket id or empty
};

enum class ChangeOutcome { applied, unchanged, stale, conflict, invalid, not_found };
const char* outcome_name(ChangeOutcome o);

struct ChangeResult {
  ChangeOutcome outcome = ChangeOutcome::not_found;
  std::string reason;       // invalid: check_field's reason_key; conflict/stale: short English
  std::string holder;       // conflict: id of the citizen that holds the NIK
  std::string old_value;    // the stored value before (applied/unchanged)
  std::string new_value;    // the normalised value
  std::uint64_t version = 0;            // the citizen's version after the call
  std::vector<std::string> reissued;    // new certificate numbers (applied)
};

// The chat's request (expected_version 0 means "no precondition").
ChangeRequest change_request_from(const flow::ChangeOp& op);

ChangeResult apply_change(Txn& w, const ChangeRequest& r, TimeMs now);

// Fields printed on a certificate: changing one re-issues every certificate of the citizen.
bool printed_on_certificate(const std::string& field);

// ---- readers --------------------------------------------------------------------------
std::optional<CitizenProfile> get_citizen(const Txn& r, const std::string& citizen_id);
std::optional<CitizenProfile> citizen_by_nik(const Txn& r, const std::string& nik);
std::vector<CitizenProfile> citizens_by_phone(const Txn& r, const std::string& phone_e164);
struct CitizenPage {
  std::vector<CitizenProfile> items;
  std::optional<std::string> next;  // cursor for the following page
};
// In id (creation) order; cursor "" for the first page; limit clamped to [1, kCitizenPageMax].
CitizenPage list_citizens(const Txn& r, const std::string& cursor, std::size_t limit);
// The current certificate number of (citizen, dose); nullopt when none is issued.
std::optional<std::string> current_certificate(const Txn& r, const std::string& citizen_id, int dose);

// ---- import -----------------------------------------------------------------------------
struct RegistryMerge {
  enum class Kind { added, updated, unchanged } kind = Kind::unchanged;
  std::string citizen_id;
  std::vector<std::string> kept_fields;  // changed through aduan after the last import: kept
};
// Writes one validated registry citizen (parse_registry_line's output): a new citizen when its
// NIK (or a former NIK) is unknown, else an update of registry fields that keeps fields changed
// through aduan since the citizen's last import. The caller has rejected NIKs repeated earlier in
// the same file. Audit rows (who "import") for every field changed on an existing citizen.
// With `deferred`, a new citizen's NIK and phone index entries are collected instead of written:
// the importer flushes them sorted before its batch commits. Only for a caller that never looks
// up a NIK added earlier in the same batch (the importer rejects repeated NIKs before merging).
struct ImportIndexBatch {
  std::vector<std::pair<std::string, std::string>> nik, phone;  // key → citizen id
  void flush(Txn& w);
};
RegistryMerge merge_registry_citizen(Txn& w, IdAllocator& ids, const CitizenProfile& incoming, TimeMs now,
                                     ImportIndexBatch* deferred = nullptr);

}  // namespace aduan::storage
