#include "storage/citizen_row_reader.hpp"

#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

#include "storage/codec.hpp"

namespace aduan::storage {
namespace {

using nlohmann::json;

// SAX events of one citizen row → CitizenProfile. Returns false (stop, fall back) on anything
// encode_citizen does not write.
class RowReader {
 public:
  explicit RowReader(CitizenProfile& out) : c_(out) {}

  bool null() { return false; }
  bool boolean(bool b) {
    if (at_ != At::dose || key_ != Key::certificate) return false;
    dose().certificate = b;
    return true;
  }
  bool number_integer(json::number_integer_t v) { return integer(v); }
  bool number_unsigned(json::number_unsigned_t v) {
    if (at_ == At::top && key_ == Key::version) {
      c_.version = v;
      return true;
    }
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
    return integer(static_cast<std::int64_t>(v));
  }
  bool number_float(json::number_float_t, const json::string_t&) { return false; }
  bool binary(json::binary_t&) { return false; }
  bool string(json::string_t& s) {
    std::string* to = text();
    if (!to) return false;
    *to = std::move(s);
    return true;
  }
  bool start_object(std::size_t) {
    switch (at_) {
      case At::root: at_ = At::top; return true;
      case At::top: return key_ == Key::provenance && (at_ = At::provenance, true);
      case At::provenance:
        at_ = At::source;
        seen_source_ = 0;
        return true;
      case At::doses:
        c_.vaccinations.emplace_back();
        at_ = At::dose;
        return true;
      default: return false;
    }
  }
  bool end_object() {
    switch (at_) {
      case At::top: at_ = At::done; return true;
      case At::provenance: at_ = At::top; return true;
      case At::source: at_ = At::provenance; return true;
      case At::dose: at_ = At::doses; return true;
      default: return false;
    }
  }
  bool start_array(std::size_t n) {
    if (at_ != At::top) return false;
    if (key_ == Key::flags) {
      at_ = At::flags;
      c_.flags.reserve(n);
      return true;
    }
    if (key_ == Key::vaccinations) {
      at_ = At::doses;
      c_.vaccinations.reserve(n);
      return true;
    }
    return false;
  }
  bool end_array() {
    if (at_ != At::flags && at_ != At::doses) return false;
    at_ = At::top;
    return true;
  }
  bool key(json::string_t& k) {
    switch (at_) {
      case At::top: return top_key(k);
      case At::provenance:
        // A repeated field name would overwrite in a JSON object: leave that to the generic path.
        if (c_.provenance.count(k)) return false;
        provenance_ = &c_.provenance[k];
        return true;
      case At::source: return once(k == "source" ? Key::source : k == "at" ? Key::at : Key::none, seen_source_);
      case At::dose: return dose_key(k);
      default: return false;
    }
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  bool complete() const { return at_ == At::done; }
  std::string take_id() { return std::move(id_); }

 private:
  enum class At { root, top, flags, provenance, source, doses, dose, done };
  enum class Key {
    none, id, nik, name, birth_date, sex, phone, email, version, flags, provenance, last_import_at,
    vaccinations, source, at, dose, vaccine, date, facility, batch, certificate, certificate_number
  };

  // Each key at most once per object (the bit of its Key).
  bool once(Key k, std::uint32_t& seen) {
    if (k == Key::none) return false;
    const std::uint32_t bit = 1u << static_cast<unsigned>(k);
    if (seen & bit) return false;
    seen |= bit;
    key_ = k;
    return true;
  }
  bool top_key(const std::string& k) {
    static const std::pair<const char*, Key> keys[] = {
        {"id", Key::id}, {"nik", Key::nik}, {"name", Key::name}, {"birth_date", Key::birth_date},
        {"sex", Key::sex}, {"phone", Key::phone}, {"email", Key::email}, {"version", Key::version},
        {"flags", Key::flags}, {"provenance", Key::provenance}, {"last_import_at", Key::last_import_at},
        {"vaccinations", Key::vaccinations}};
    for (const auto& [name, key] : keys)
      if (k == name) return once(key, seen_top_);
    return false;
  }
  bool dose_key(const std::string& k) {
    static const std::pair<const char*, Key> keys[] = {
        {"dose", Key::dose}, {"vaccine", Key::vaccine}, {"date", Key::date}, {"facility", Key::facility},
        {"batch", Key::batch}, {"certificate", Key::certificate}, {"certificate_number", Key::certificate_number}};
    if (c_.vaccinations.size() != doses_seen_) {  // a new dose object: its own set of keys
      doses_seen_ = c_.vaccinations.size();
      seen_dose_ = 0;
    }
    for (const auto& [name, key] : keys)
      if (k == name) return once(key, seen_dose_);
    return false;
  }
  bool integer(std::int64_t v) {
    if (at_ == At::top && key_ == Key::last_import_at) {
      c_.last_import_at = v;
      return true;
    }
    if (at_ == At::source && key_ == Key::at) {
      provenance_->at = v;
      return true;
    }
    if (at_ == At::dose && key_ == Key::dose && v >= std::numeric_limits<int>::min() &&
        v <= std::numeric_limits<int>::max()) {
      dose().dose = static_cast<int>(v);
      return true;
    }
    return false;  // version < 0 among others
  }
  // Where a string value goes; nullptr when no string belongs here.
  std::string* text() {
    switch (at_) {
      case At::flags: return &c_.flags.emplace_back();
      case At::source: return key_ == Key::source ? &provenance_->source : nullptr;
      case At::dose:
        switch (key_) {
          case Key::vaccine: return &dose().vaccine;
          case Key::date: return &dose().date;
          case Key::facility: return &dose().facility;
          case Key::batch: return &dose().batch;
          case Key::certificate_number: return &dose().certificate_number;
          default: return nullptr;
        }
      case At::top:
        switch (key_) {
          case Key::id: return &id_;
          case Key::nik: return &c_.nik;
          case Key::name: return &c_.name;
          case Key::birth_date: return &c_.birth_date;
          case Key::sex: return &c_.sex;
          case Key::phone: return &c_.phone;
          case Key::email: return &c_.email;
          default: return nullptr;
        }
      default: return nullptr;
    }
  }
  VaccinationDose& dose() { return c_.vaccinations.back(); }

  CitizenProfile& c_;
  std::string id_;
  At at_ = At::root;
  Key key_ = Key::none;
  std::uint32_t seen_top_ = 0, seen_source_ = 0, seen_dose_ = 0;
  std::size_t doses_seen_ = 0;
  FieldProvenance* provenance_ = nullptr;
};

}  // namespace

std::optional<CitizenProfile> read_citizen_row(std::string_view bytes) {
  if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != kCodecVersion) return std::nullopt;
  CitizenProfile c;
  RowReader reader(c);
  try {
    if (!json::sax_parse(bytes.begin() + 1, bytes.end(), &reader, json::input_format_t::msgpack) ||
        !reader.complete())
      return std::nullopt;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  c.id = CitizenId(reader.take_id());
  return c;
}

}  // namespace aduan::storage
