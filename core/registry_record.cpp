#include "core/registry_record.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "core/nik.hpp"
#include "core/phone.hpp"

namespace aduan {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQuotedKeyBytes = 40;  // unknown field names are echoed this far

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

// ---- a registry line as far as the rules look at it -------------------------------------
// The line is read once into these flat fields (by a SAX handler over the text, or from an
// already parsed tree), then validated: no JSON tree is built per line. Repeated keys keep the
// last value, as a parsed JSON object does.

enum class Kind : unsigned char { absent, null, string, boolean, integer, unsigned_integer, floating, object, array };

struct Member {
  Kind kind = Kind::absent;
  std::string text;  // string
  bool flag = false;  // boolean
  std::int64_t integer = 0;  // integer
  std::uint64_t unsigned_integer = 0;  // unsigned_integer

  bool missing() const { return kind == Kind::absent || kind == Kind::null; }
};

// The smallest unknown key (a parsed JSON object iterates its keys in this order).
void note_unknown(std::optional<std::string>& first, std::string& key) {
  if (!first || key < *first) first = std::move(key);
}

struct DoseFields {
  Kind kind = Kind::object;  // the array element's type; the members below only for objects
  Member dose, vaccine, date, facility, batch, certificate;
  std::optional<std::string> unknown;

  Member* member(const std::string& key) {
    if (key == "dose") return &dose;
    if (key == "vaccine") return &vaccine;
    if (key == "date") return &date;
    if (key == "facility") return &facility;
    if (key == "batch") return &batch;
    if (key == "certificate") return &certificate;
    return nullptr;
  }
};

struct LineFields {
  Kind root = Kind::absent;
  Member nik, name, birth_date, sex, phone, email, vaccinations;  // vaccinations: kind only
  std::vector<DoseFields> doses;                                   // when vaccinations is an array
  std::optional<std::string> unknown;

  Member* member(const std::string& key) {
    if (key == "nik") return &nik;
    if (key == "name") return &name;
    if (key == "birth_date") return &birth_date;
    if (key == "sex") return &sex;
    if (key == "phone") return &phone;
    if (key == "email") return &email;
    if (key == "vaccinations") return &vaccinations;
    return nullptr;
  }
};

// nlohmann SAX events → LineFields. Containers the rules do not look into are skipped whole.
class LineReader {
 public:
  explicit LineReader(LineFields& out) : f_(out) {}

  bool null() {
    value(Kind::null);
    return true;
  }
  bool boolean(bool b) {
    if (Member* m = value(Kind::boolean)) m->flag = b;
    return true;
  }
  bool number_integer(json::number_integer_t v) {
    if (Member* m = value(Kind::integer)) m->integer = v;
    return true;
  }
  bool number_unsigned(json::number_unsigned_t v) {
    if (Member* m = value(Kind::unsigned_integer)) m->unsigned_integer = v;
    return true;
  }
  bool number_float(json::number_float_t, const json::string_t&) {
    value(Kind::floating);
    return true;
  }
  bool string(json::string_t& s) {
    if (Member* m = value(Kind::string)) m->text = s;  // a copy: the lexer keeps its buffer
    return true;
  }
  bool binary(json::binary_t&) {  // never from JSON text
    value(Kind::string);
    return true;
  }

  bool start_object(std::size_t) {
    if (skip_ > 0) return ++skip_, true;
    switch (at_) {
      case At::root: f_.root = Kind::object; at_ = At::line; return true;
      case At::doses: f_.doses.emplace_back(); at_ = At::dose; return true;
      default: container(Kind::object); return true;
    }
  }
  bool end_object() {
    if (skip_ > 0) return --skip_, true;
    at_ = at_ == At::dose ? At::doses : At::done;
    return true;
  }
  bool start_array(std::size_t) {
    if (skip_ > 0) return ++skip_, true;
    if (at_ == At::line && target_ == &f_.vaccinations) {
      *target_ = Member{};
      target_->kind = Kind::array;
      f_.doses.clear();
      at_ = At::doses;
      return true;
    }
    container(Kind::array);
    return true;
  }
  bool end_array() {
    if (skip_ > 0) return --skip_, true;
    at_ = At::line;
    return true;
  }
  bool key(json::string_t& k) {
    if (skip_ > 0) return true;
    target_ = at_ == At::line ? f_.member(k) : f_.doses.back().member(k);
    if (!target_) note_unknown(at_ == At::line ? f_.unknown : f_.doses.back().unknown, k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  enum class At { root, line, doses, dose, done };

  // Where a scalar goes; nullptr when nobody looks at it.
  Member* value(Kind kind) {
    if (skip_ > 0) return nullptr;
    switch (at_) {
      case At::root: f_.root = kind; return nullptr;
      case At::doses: f_.doses.emplace_back().kind = kind; return nullptr;
      default: return assign(kind);
    }
  }
  Member* assign(Kind kind) {
    if (!target_) return nullptr;
    *target_ = Member{};
    target_->kind = kind;
    if (target_ == &f_.vaccinations) f_.doses.clear();
    return target_;
  }
  // A container where the rules expect a scalar, or an element of vaccinations that is not
  // an object: its type is noted and its content skipped.
  void container(Kind kind) {
    if (at_ == At::doses)
      f_.doses.emplace_back().kind = kind;
    else
      assign(kind);
    skip_ = 1;
  }

  LineFields& f_;
  At at_ = At::root;
  int skip_ = 0;
  Member* target_ = nullptr;
};

Kind kind_of(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return Kind::null;
    case json::value_t::object: return Kind::object;
    case json::value_t::array: return Kind::array;
    case json::value_t::string: return Kind::string;
    case json::value_t::boolean: return Kind::boolean;
    case json::value_t::number_integer: return Kind::integer;
    case json::value_t::number_unsigned: return Kind::unsigned_integer;
    case json::value_t::number_float: return Kind::floating;
    default: return Kind::string;  // binary: never from JSON text
  }
}

Member member_of(const json& v) {
  Member m;
  m.kind = kind_of(v);
  if (v.is_string()) m.text = v.get<std::string>();
  else if (v.is_boolean()) m.flag = v.get<bool>();
  else if (v.is_number_unsigned()) m.unsigned_integer = v.get<std::uint64_t>();
  else if (v.is_number_integer()) m.integer = v.get<std::int64_t>();
  return m;
}

// The same fields from an already parsed value.
LineFields fields_of(const json& j) {
  LineFields f;
  f.root = kind_of(j);
  if (!j.is_object()) return f;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string key = it.key();
    Member* m = f.member(key);
    if (!m) {
      note_unknown(f.unknown, key);
      continue;
    }
    *m = member_of(*it);
    if (m != &f.vaccinations || !it->is_array()) continue;
    m->text.clear();
    for (const auto& e : *it) {
      DoseFields& d = f.doses.emplace_back();
      d.kind = kind_of(e);
      if (!e.is_object()) continue;
      for (auto de = e.begin(); de != e.end(); ++de) {
        std::string dkey = de.key();
        if (Member* dm = d.member(dkey))
          *dm = member_of(*de);
        else
          note_unknown(d.unknown, dkey);
      }
    }
  }
  return f;
}

// Reads an optional string member: absent or null → nullopt with ok; another type → error.
bool get_string(Member& m, const char* key, std::optional<std::string>& out, std::string& error,
                const std::string& where = {}) {
  if (m.missing()) return true;
  if (m.kind != Kind::string) {
    error = where + "field \"" + key + "\" must be a string";
    return false;
  }
  out = std::move(m.text);
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

std::string trimmed(std::string s) {
  std::string_view t = trim(s);
  if (t.size() == s.size()) return s;
  return std::string(t);
}

bool parse_dose(DoseFields& v, std::size_t index, const CivilDate& birth, VaccinationDose& dose,
                std::string& error) {
  auto where = [&] { return "vaccinations[" + std::to_string(index) + "]: "; };
  if (v.kind != Kind::object) {
    error = where() + "must be an object";
    return false;
  }
  if (v.unknown) {
    error = where() + "unknown field " + quote_key(*v.unknown);
    return false;
  }
  const Member& d = v.dose;
  if (d.missing()) {
    error = where() + "missing field \"dose\"";
    return false;
  }
  bool in_range = false;
  if (d.kind == Kind::unsigned_integer) {
    in_range = d.unsigned_integer >= 1 && d.unsigned_integer <= static_cast<std::uint64_t>(kMaxDoseNumber);
    dose.dose = static_cast<int>(d.unsigned_integer);
  } else if (d.kind == Kind::integer) {
    in_range = d.integer >= 1 && d.integer <= kMaxDoseNumber;
    dose.dose = static_cast<int>(d.integer);
  }
  if (!in_range) {
    error = where() + "dose must be a whole number from 1 to " + std::to_string(kMaxDoseNumber);
    return false;
  }

  std::optional<std::string> vaccine, date, facility, batch;
  if (!get_string(v.vaccine, "vaccine", vaccine, error, where()) ||
      !get_string(v.date, "date", date, error, where()) ||
      !get_string(v.facility, "facility", facility, error, where()) ||
      !get_string(v.batch, "batch", batch, error, where())) {
    return false;
  }
  if (!vaccine || trim(*vaccine).empty()) {
    error = where() + "missing field \"vaccine\"";
    return false;
  }
  if (!date) {
    error = where() + "missing field \"date\"";
    return false;
  }
  auto when = parse_iso_date(*date);
  if (!when) {
    error = where() + "date must be a real date YYYY-MM-DD";
    return false;
  }
  if (*when < birth) {
    error = where() + "date is before birth_date";
    return false;
  }
  dose.vaccine = trimmed(std::move(*vaccine));
  dose.date = std::move(*date);
  dose.facility = facility ? trimmed(std::move(*facility)) : std::string();
  dose.batch = batch ? trimmed(std::move(*batch)) : std::string();
  if (!check_text(dose.vaccine, "vaccine", error, where()) ||
      !check_text(dose.facility, "facility", error, where()) ||
      !check_text(dose.batch, "batch", error, where())) {
    return false;
  }
  const Member& c = v.certificate;
  if (!c.missing()) {
    if (c.kind != Kind::boolean) {
      error = where() + "certificate must be true or false";
      return false;
    }
    dose.certificate = c.flag;
  }
  return true;
}

RegistryParse reject(std::string error) {
  RegistryParse r;
  r.error = std::move(error);
  return r;
}

RegistryParse parse_fields(LineFields& j) {
  if (j.root != Kind::object) return reject("line is not a JSON object");
  if (j.unknown) return reject("unknown field " + quote_key(*j.unknown));
  const std::pair<const char*, const Member*> required[] = {
      {"nik", &j.nik}, {"name", &j.name}, {"birth_date", &j.birth_date}, {"sex", &j.sex}, {"phone", &j.phone}};
  for (const auto& [key, m] : required) {
    if (m->missing()) return reject(std::string("missing field \"") + key + "\"");
    if (m->kind != Kind::string) return reject(std::string("field \"") + key + "\" must be a string");
  }
  CitizenProfile c;
  std::string why;

  auto nik_info = parse_nik(j.nik.text, &why);
  if (!nik_info) return reject("nik: " + why);
  c.nik = std::move(j.nik.text);

  std::string_view name = trim(j.name.text);
  if (name.empty()) return reject("name is empty");
  if (name.size() > kMaxNameBytes) return reject("name is longer than " + std::to_string(kMaxNameBytes) + " bytes");
  if (has_control_char(name)) return reject("name contains control characters");
  c.name = trimmed(std::move(j.name.text));

  auto birth = parse_iso_date(j.birth_date.text);
  if (!birth) return reject("birth_date must be a real date YYYY-MM-DD");
  if (birth->year < kMinBirthYear) return reject("birth_date is before " + std::to_string(kMinBirthYear));
  c.birth_date = to_iso(*birth);

  const std::string& sex = j.sex.text;
  if (sex != "M" && sex != "F") return reject("sex must be \"M\" or \"F\"");
  c.sex = sex;

  auto phone = normalize_phone(j.phone.text, &why);
  if (!phone) return reject("phone: " + why);
  c.phone = std::move(*phone);

  std::optional<std::string> email;
  if (!get_string(j.email, "email", email, why)) return reject(why);
  if (email) {
    std::string_view e = trim(*email);
    if (!e.empty() && !looks_like_email(e)) return reject("email is not a valid address");
    c.email = trimmed(std::move(*email));
  }

  if (!j.vaccinations.missing()) {
    if (j.vaccinations.kind != Kind::array) return reject("vaccinations must be an array");
    if (j.doses.size() > kMaxVaccinations) {
      return reject("vaccinations has more than " + std::to_string(kMaxVaccinations) + " doses");
    }
    c.vaccinations.reserve(j.doses.size());
    for (std::size_t i = 0; i < j.doses.size(); ++i) {
      VaccinationDose dose;
      if (!parse_dose(j.doses[i], i, *birth, dose, why)) return reject(why);
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
    LineFields f = fields_of(j);
    return parse_fields(f);
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
    LineFields f;
    LineReader reader(f);
    if (!json::sax_parse(line.begin(), line.end(), &reader)) return reject("line is not valid JSON");
    return parse_fields(f);
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
