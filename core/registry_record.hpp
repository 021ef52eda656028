// One line of the registry JSONL format (CONTRACTS.md "Registry") to a CitizenProfile and back,
// and the validation of single fields a citizen types in the chat.
// Contract: pure, any thread; never throws, whatever the input (exceptions from the JSON library
// stop here). A rejected line writes nothing: the caller reports "line N: " + error.
// Rules for a registry line:
//   required nik, name, birth_date, sex, phone; optional email, vaccinations; other fields are
//   rejected by name. sex is "M" or "F"; birth_date strict YYYY-MM-DD, year ≥ kMinBirthYear;
//   phone per core/phone.hpp (stored as E.164 digits); nik per core/nik.hpp, and a NIK whose
//   encoded date or sex disagrees is accepted with flag kFlagNikMismatch.
//   vaccinations: array of {dose ≥ 1 and ≤ kMaxDoseNumber (unique), vaccine, date (not before
//   birth), facility?, batch?, certificate? (default true)}, at most kMaxVaccinations, returned
//   sorted by dose. email may be absent, null or "" (no email) or else must look like one.
//   id, version, provenance and last_import_at are left empty: storage fills them.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/model.hpp"
#include "core/types.hpp"

namespace aduan {

constexpr std::size_t kMaxRegistryLineBytes = 64 * 1024;
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMinNameLetters = 2;
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMaxTextFieldBytes = 200;  // vaccine, facility, batch
constexpr std::size_t kMaxVaccinations = 10;
constexpr int kMaxDoseNumber = 10;
constexpr int kMinBirthYear = 1900;
constexpr const char* kFlagNikMismatch = "nik_birthdate_mismatch";

struct RegistryParse {
  std::optional<CitizenProfile> citizen;
  std::string error;  // reason when !citizen; never contains the rejected values themselves
};

RegistryParse parse_registry_line(std::string_view line);
// As parse_registry_line with an already parsed value (import may parse lines itself).
RegistryParse parse_registry_json(const nlohmann::json& j);

// The citizen in the registry format (phone as E.164 digits, email only when set,
// certificate numbers and internal fields left out). parse_registry_line reads it back equal.
nlohmann::json registry_line_json(const CitizenProfile&);

// One field typed by a citizen in the chat. `value` is the normalised value to store when ok;
// reason_key names a catalogue message when not: name_too_short, name_too_long, name_invalid,
// date_invalid, date_future, sex_invalid, phone_invalid, email_invalid, nik_invalid,
// field_unknown.
struct FieldCheck {
  bool ok = false;
  std::string value;
  std::string reason_key;
};

// Fields: name, birth_date (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, one-digit day/month allowed in
// the day-first forms), sex (M/F, L/P, laki-laki/perempuan, pria/wanita, male/female; any case),
// phone, email, nik (spaces, dots and dashes ignored). `now` decides "in the future" (judged in
// the easternmost Indonesian time zone, so a birth today anywhere in Indonesia is accepted) and
// the NIK century rule.
FieldCheck check_field(const std::string& field, std::string_view input, TimeMs now);

// Shape check shared by import and chat: one '@', non-empty local part, a dotted domain, no
// spaces or control characters, at most kMaxEmailBytes.
bool looks_like_email(std::string_view s);

}  // namespace aduan
