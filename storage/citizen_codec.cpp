#include "storage/citizen_codec.hpp"

#include <nlohmann/json.hpp>

#include "storage/msgpack_writer.hpp"

namespace aduan::storage {
namespace {

constexpr std::size_t kCitizenFields = 12;
constexpr std::size_t kDoseFields = 7;
constexpr std::size_t kProvenanceFields = 2;
constexpr std::size_t kTypicalRowBytes = 512;

void write_dose(MsgpackWriter& w, const VaccinationDose& d) {
  w.map(kDoseFields);
  w.str("dose");
  w.integer(d.dose);
  w.kv("vaccine", d.vaccine);
  w.kv("date", d.date);
  w.kv("facility", d.facility);
  w.kv("batch", d.batch);
  w.str("certificate");
  w.boolean(d.certificate);
  w.kv("certificate_number", d.certificate_number);
}

}  // namespace

std::string encode_citizen(const CitizenProfile& c) {
  MsgpackWriter w(kTypicalRowBytes);
  // Key order is free (JSON objects are unordered); the key set and value types must match
  // model.cpp's to_json (citizen_codec_test compares them).
  w.map(kCitizenFields);
  w.kv("id", c.id.str());
  w.kv("nik", c.nik);
  w.kv("name", c.name);
  w.kv("birth_date", c.birth_date);
  w.kv("sex", c.sex);
  w.kv("phone", c.phone);
  w.kv("email", c.email);
  w.str("version");
  w.uint(c.version);
  w.str("flags");
  w.array(c.flags.size());
  for (const auto& f : c.flags) w.str(f);
  w.str("provenance");
  w.map(c.provenance.size());
  for (const auto& [field, p] : c.provenance) {
    w.str(field);
    w.map(kProvenanceFields);
    w.kv("source", p.source);
    w.str("at");
    w.integer(p.at);
  }
  w.str("last_import_at");
  w.integer(c.last_import_at);
  w.str("vaccinations");
  w.array(c.vaccinations.size());
  for (const auto& d : c.vaccinations) write_dose(w, d);
  return w.take();
}

CitizenProfile decode_citizen(std::string_view bytes) { return decode(bytes).get<CitizenProfile>(); }

}  // namespace aduan::storage
