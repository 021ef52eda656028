// The citizen data model shared by storage, the conversation flow and the admin API.
// Plain values; JSON forms in model.cpp are our storage/API shapes (not Meta's).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/types.hpp"

namespace aduan {

struct VaccinationDose {
  int dose = 0;                 // 1, 2 primary; 3+ boosters
  std::string vaccine;
  std::string date;             // YYYY-MM-DD
  std::string facility;
  std::string batch;
  bool certificate = true;      // issued by the registry (a certificate exists)
  std::string certificate_number;  // current number; changes when re-issued
};

// Fields a citizen or officer may change (the names are the API/audit field names).
inline const std::vector<std::string>& correctable_fields() {
  static const std::vector<std::string> f{"name", "birth_date", "sex", "phone", "email", "nik"};
  return f;
}

struct FieldProvenance {
  std::string source;  // "registry" or "aduan"
  TimeMs at = 0;
};

struct CitizenProfile {
  CitizenId id;
  std::string nik, name, birth_date, sex, phone, email;  // phone: E.164 digits
  std::uint64_t version = 0;                             // +1 on every change
  std::vector<std::string> flags;                        // e.g. nik_birthdate_mismatch
  std::map<std::string, FieldProvenance> provenance;     // field → where its value came from
  TimeMs last_import_at = 0;
  std::vector<VaccinationDose> vaccinations;
  std::string field(const std::string& name) const;      // "" for unknown names
};

struct AuditRecord {
  TimeMs at = 0;
  std::string who;        // citizen:<phone>, officer:NAME, ops, import
  std::string citizen;    // citizen id
  std::string nik;        // NIK at the time of the change (new NIK for a NIK change)
  std::string field;      // field name, or "reveal" for an officer's read of a full record
  std::string old_value, new_value;
  std::string ticket;     // ticket id or empty
};

struct TicketAttachment {
  std::string media_id, mime_type, kind;
};

struct Ticket {
  std::string id;         // TK-…
  std::string kind;       // nik_conflict | certificate_missing | correction_review | officer_requested
  std::string status;     // open | resolved
  std::string chat;       // chat key of the citizen who raised it
  std::string wa_id;      // where answers go (may be empty for username users)
  std::string user_id;    // business-scoped user id for username users
  std::vector<std::string> citizens;  // citizen ids involved (first: the requester's)
  std::string summary;    // short, masked, for lists
  std::string details;    // citizen's words / proposed change (may hold PII: never logged)
  std::string field, proposed_value;  // for correction tickets
  std::vector<TicketAttachment> attachments;
  TimeMs opened_at = 0, sla_due = 0, resolved_at = 0;
  bool breach_logged = false;
  std::string resolution, resolved_by;
  std::string language;   // citizen's language when opened
};

void to_json(nlohmann::json& j, const VaccinationDose& v);
void from_json(const nlohmann::json& j, VaccinationDose& v);
void to_json(nlohmann::json& j, const CitizenProfile& c);
void from_json(const nlohmann::json& j, CitizenProfile& c);
void to_json(nlohmann::json& j, const AuditRecord& a);
void from_json(const nlohmann::json& j, AuditRecord& a);
void to_json(nlohmann::json& j, const Ticket& t);
void from_json(const nlohmann::json& j, Ticket& t);

}  // namespace aduan
