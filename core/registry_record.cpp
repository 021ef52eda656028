#include "core/registry_record.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "core/nik.hpp"
#include "core/phone.hpp"

namespace aduan {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQuotedKeyBytes = 40;  // unknown field names are echoed this far

constexpr const char* kCitizenFields[] = {"nik", "name", "birth_date", "sex", "phone", "email",
                                          "vaccinations"};
constexpr const char* kRequiredFields[] = {"nik", "name", "birth_date", "sex", "phone"};
constexpr const char* kDoseFields[] = {"dose", "vaccine", "date", "facility", "batch", "certificate"};

template <std::size_t N>
bool contains(const char* const (&set)[N], const std::string& key) {
  return std::any_of(std::begin(set), std::end(set), [&](const char* k) { return key == k; });
}

// A field name from the input, shortened on a UTF-8 boundary and JSON-quoted so that control
// characters cannot reach a terminal or log.
std::string quote_key(const std::string& key) {
  std::size_t n = std::min(key.size(), kMaxQuotedKeyBytes);
  while (n < key.size() && n > 0 && (static_cast<unsigned char>(key[n]) & 0xC0) == 0x80) --n;
  std::string shown = key.substr(0, n);
  if (n < key.size()) shown += "...";
  return json(shown).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool has_control_char(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads an optional string member: absent or null → nullopt with ok; another type → error.
bool get_string(const json& obj, const char* key, std::optional<std::string>& out, std::string& error,
                const std::string& where = {}) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) {
    error = where + "field \"" + key + "\" must be a string";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

bool check_text(const std::string& value, const char* key, std::string& error, const std::string& where) {
  if (value.size() > kMaxTextFieldBytes) {
    error = where + key + " is longer than " + std::to_string(kMaxTextFieldBytes) + " bytes";
    return false;
  }
  if (has_control_char(value)) {
    error = where + key + " contains control characters";
    return false;
  }
  return true;
}

bool parse_dose(const json& v, std::size_t index, const CivilDate& birth, VaccinationDose& dose,
                std::string& error) {
  std::string where = "vaccinations[" + std::to_string(index) + "]: ";
  if (!v.is_object()) {
    error = where + "must be an object";
    return false;
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!contains(kDoseFields, it.key())) {
      error = where + "unknown field " + quote_key(it.key());
      return false;
    }
  }
  auto d = v.find("dose");
  if (d == v.end() || d->is_null()) {
    error = where + "missing field \"dose\"";
    return false;
  }
  bool in_range = false;
  if (d->is_number_unsigned()) {
    auto n = d->get<std::uint64_t>();
    in_range = n >= 1 && n <= static_cast<std::uint64_t>(kMaxDoseNumber);
  } else if (d->is_number_integer()) {
    auto n = d->get<std::int64_t>();
    in_range = n >= 1 && n <= kMaxDoseNumber;
  }
  if (!in_range) {
    error = where + "dose must be a whole number from 1 to " + std::to_string(kMaxDoseNumber);
    return false;
  }
  dose.dose = d->get<int>();

  std::optional<std::string> vaccine, date, facility, batch;
  if (!get_string(v, "vaccine", vaccine, error, where) || !get_string(v, "date", date, error, where) ||
      !get_string(v, "facility", facility, error, where) || !get_string(v, "batch", batch, error, where)) {
    return false;
  }
  if (!vaccine || trim(*vaccine).empty()) {
    error = where + "missing field \"vaccine\"";
    return false;
  }
  if (!date) {
    error = where + "missing field \"date\"";
    return false;
  }
  auto when = parse_iso_date(*date);
  if (!when) {
    error = where + "date must be a real date YYYY-MM-DD";
    return false;
  }
  if (*when < birth) {
    error = where + "date is before birth_date";
    return false;
  }
  dose.vaccine = std::string(trim(*vaccine));
  dose.date = *date;
  dose.facility = facility ? std::string(trim(*facility)) : std::string();
  dose.batch = batch ? std::string(trim(*batch)) : std::string();
  if (!check_text(dose.vaccine, "vaccine", error, where) ||
      !check_text(dose.facility, "facility", error, where) ||
      !check_text(dose.batch, "batch", error, where)) {
    return false;
  }
  auto c = v.find("certificate");
  if (c != v.end() && !c->is_null()) {
    if (!c->is_boolean()) {
      error = where + "certificate must be true or false";
      return false;
    }
    dose.certificate = c->get<bool>();
  }
  return true;
}

RegistryParse reject(std::string error) {
  RegistryParse r;
  r.error = std::move(error);
  return r;
}

RegistryParse parse_object(const json& j) {
  if (!j.is_object()) return reject("line is not a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!contains(kCitizenFields, it.key())) return reject("unknown field " + quote_key(it.key()));
  }
  for (const char* key : kRequiredFields) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return reject(std::string("missing field \"") + key + "\"");
    if (!it->is_string()) return reject(std::string("field \"") + key + "\" must be a string");
  }
  CitizenProfile c;
  std::string why;

  const std::string nik = j["nik"].get<std::string>();
  auto nik_info = parse_nik(nik, &why);
  if (!nik_info) return reject("nik: " + why);
  c.nik = nik;

  std::string_view name = trim(j["name"].get_ref<const std::string&>());
  if (name.empty()) return reject("name is empty");
  if (name.size() > kMaxNameBytes) return reject("name is longer than " + std::to_string(kMaxNameBytes) + " bytes");
  if (has_control_char(name)) return reject("name contains control characters");
  c.name = std::string(name);

  auto birth = parse_iso_date(j["birth_date"].get_ref<const std::string&>());
  if (!birth) return reject("birth_date must be a real date YYYY-MM-DD");
  if (birth->year < kMinBirthYear) return reject("birth_date is before " + std::to_string(kMinBirthYear));
  c.birth_date = to_iso(*birth);

  const std::string& sex = j["sex"].get_ref<const std::string&>();
  if (sex != "M" && sex != "F") return reject("sex must be \"M\" or \"F\"");
  c.sex = sex;

  auto phone = normalize_phone(j["phone"].get_ref<const std::string&>(), &why);
  if (!phone) return reject("phone: " + why);
  c.phone = std::move(*phone);

  std::optional<std::string> email;
  if (!get_string(j, "email", email, why)) return reject(why);
  if (email) {
    std::string_view e = trim(*email);
    if (!e.empty() && !looks_like_email(e)) return reject("email is not a valid address");
    c.email = std::string(e);
  }

  auto vs = j.find("vaccinations");
  if (vs != j.end() && !vs->is_null()) {
    if (!vs->is_array()) return reject("vaccinations must be an array");
    if (vs->size() > kMaxVaccinations) {
      return reject("vaccinations has more than " + std::to_string(kMaxVaccinations) + " doses");
    }
    for (std::size_t i = 0; i < vs->size(); ++i) {
      VaccinationDose dose;
      if (!parse_dose((*vs)[i], i, *birth, dose, why)) return reject(why);
      for (const auto& earlier : c.vaccinations) {
        if (earlier.dose == dose.dose) {
          return reject("vaccinations: dose " + std::to_string(dose.dose) + " appears twice");
        }
      }
      c.vaccinations.push_back(std::move(dose));
    }
    std::stable_sort(c.vaccinations.begin(), c.vaccinations.end(),
                     [](const VaccinationDose& a, const VaccinationDose& b) { return a.dose < b.dose; });
  }

  if (!nik_matches(*nik_info, *birth, c.sex[0])) c.flags.push_back(kFlagNikMismatch);
  RegistryParse r;
  r.citizen = std::move(c);
  return r;
}

// --- chat field checks -------------------------------------------------------------------

FieldCheck ok(std::string value) { return FieldCheck{true, std::move(value), {}}; }
FieldCheck bad(const char* key) { return FieldCheck{false, {}, key}; }

FieldCheck check_name(std::string_view input) {
  std::string out;
  std::size_t letters = 0;
  bool pending_space = false;
  for (char ch : trim(input)) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (std::isspace(u)) {
      pending_space = true;
      continue;
    }
    // Bytes ≥ 0x80 are parts of non-ASCII letters (é, ñ); punctuation seen in real names is kept.
    bool letter = std::isalpha(u) || u >= 0x80;
    if (!letter && ch != '.' && ch != '\'' && ch != '-' && ch != ',') return bad("name_invalid");
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(ch);
    if (letter && (u < 0x80 || (u & 0xC0) == 0xC0)) ++letters;  // count code points, not bytes
  }
  if (letters < kMinNameLetters) return bad("name_too_short");
  if (out.size() > kMaxNameBytes) return bad("name_too_long");
  return ok(std::move(out));
}

// Parses 1–2 digit day and month and a 4-digit year separated by one kind of separator.
std::optional<CivilDate> parse_day_first(std::string_view s) {
  char sep = 0;
  int parts[3] = {0, 0, 0};
  std::size_t lengths[3] = {0, 0, 0};
  std::size_t part = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (lengths[part] >= 4) return std::nullopt;
      parts[part] = parts[part] * 10 + (c - '0');
      ++lengths[part];
    } else if (c == '-' || c == '/') {
      if ((sep != 0 && c != sep) || part == 2 || lengths[part] == 0) return std::nullopt;
      sep = c;
      ++part;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || lengths[0] > 2 || lengths[1] > 2 || lengths[2] != 4) return std::nullopt;
  if (!is_valid_date(parts[2], parts[1], parts[0])) return std::nullopt;
  return CivilDate{parts[2], parts[1], parts[0]};
}

FieldCheck check_birth_date(std::string_view input, TimeMs now) {
  std::string_view s = trim(input);
  auto date = parse_iso_date(s);
  if (!date) date = parse_day_first(s);
  if (!date || date->year < kMinBirthYear) return bad("date_invalid");
  if (civil_date_at(now, kWitOffsetMinutes) < *date) return bad("date_future");
  return ok(to_iso(*date));
}

FieldCheck check_sex(std::string_view input) {
  std::string s = lower_ascii(trim(input));
  static const char* const kMale[] = {"m", "l", "laki-laki", "laki laki", "lakilaki", "laki", "pria", "male"};
  static const char* const kFemale[] = {"f", "p", "perempuan", "wanita", "female"};
  if (contains(kMale, s)) return ok("M");
  if (contains(kFemale, s)) return ok("F");
  return bad("sex_invalid");
}

FieldCheck check_email(std::string_view input) {
  std::string_view s = trim(input);
  if (!looks_like_email(s)) return bad("email_invalid");
  std::size_t at = s.find('@');
  // Domains are case-insensitive; the local part is the mailbox owner's business.
  return ok(std::string(s.substr(0, at + 1)) + lower_ascii(s.substr(at + 1)));
}

FieldCheck check_nik(std::string_view input, TimeMs now) {
  std::string digits;
  for (char c : trim(input)) {
    if (c == ' ' || c == '.' || c == '-') continue;
    digits.push_back(c);
    if (digits.size() > kNikDigits) return bad("nik_invalid");
  }
  if (!parse_nik(digits, nullptr, civil_date_at(now, kWibOffsetMinutes).year)) return bad("nik_invalid");
  return ok(std::move(digits));
}

}  // namespace

bool looks_like_email(std::string_view s) {
  if (s.empty() || s.size() > kMaxEmailBytes) return false;
  std::size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == ',' || c == ';' || c == '<' || c == '>' || c == '"') return false;
  }
  std::string_view domain = s.substr(at + 1);
  std::size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  if (domain.front() == '.' || domain.find("..") != std::string_view::npos) return false;
  return true;
}

RegistryParse parse_registry_json(const nlohmann::json& j) {
  try {
    return parse_object(j);
  } catch (const std::exception&) {
    return reject("line could not be read");
  } catch (...) {
    return reject("line could not be read");
  }
}

RegistryParse parse_registry_line(std::string_view line) {
  try {
    if (line.size() > kMaxRegistryLineBytes) {
      return reject("line is longer than " + std::to_string(kMaxRegistryLineBytes) + " bytes");
    }
    if (trim(line).empty()) return reject("empty line");
    json j = json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded()) return reject("line is not valid JSON");
    return parse_object(j);
  } catch (const std::exception&) {
    return reject("line could not be read");
  } catch (...) {
    return reject("line could not be read");
  }
}

nlohmann::json registry_line_json(const CitizenProfile& c) {
  json j{{"nik", c.nik}, {"name", c.name}, {"birth_date", c.birth_date}, {"sex", c.sex}, {"phone", c.phone}};
  if (!c.email.empty()) j["email"] = c.email;
  json doses = json::array();
  for (const auto& v : c.vaccinations) {
    doses.push_back(json{{"dose", v.dose},
                         {"vaccine", v.vaccine},
                         {"date", v.date},
                         {"facility", v.facility},
                         {"batch", v.batch},
                         {"certificate", v.certificate}});
  }
  j["vaccinations"] = std::move(doses);
  return j;
}

FieldCheck check_field(const std::string& field, std::string_view input, TimeMs now) {
  try {
    if (field == "name") return check_name(input);
    if (field == "birth_date") return check_birth_date(input, now);
    if (field == "sex") return check_sex(input);
    if (field == "phone") {
      auto p = normalize_phone(input);
      return p ? ok(std::move(*p)) : bad("phone_invalid");
    }
    if (field == "email") return check_email(input);
    if (field == "nik") return check_nik(input, now);
    return bad("field_unknown");
  } catch (...) {
    // Only allocation can throw here; answer as a refusal rather than crash a conversation.
    return bad("field_unknown");
  }
}

}  // namespace aduan
