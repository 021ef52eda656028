// JSON forms of the data model for storage and the admin API. Field names are exactly the C++
// member names of core/model.hpp. Every field is written; when reading, a missing field keeps its
// default (so records written before a field existed still load) while a field of the wrong type
// throws nlohmann::json::type_error, as nlohmann's own from_json does — callers parse stored JSON
// inside their own try block.
#include "core/model.hpp"

#include <nlohmann/json.hpp>

namespace aduan {
namespace {

template <class T>
void read(const nlohmann::json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) it->get_to(out);
}

}  // namespace

// Helpers for member types that model.hpp does not export: they live in namespace aduan itself
// (not the unnamed one) because argument-dependent lookup ignores unnamed namespaces.
static void to_json(nlohmann::json& j, const FieldProvenance& p) {
  j = nlohmann::json{{"source", p.source}, {"at", p.at}};
}

static void from_json(const nlohmann::json& j, FieldProvenance& p) {
  read(j, "source", p.source);
  read(j, "at", p.at);
}

static void to_json(nlohmann::json& j, const TicketAttachment& a) {
  j = nlohmann::json{{"media_id", a.media_id}, {"mime_type", a.mime_type}, {"kind", a.kind}};
}

static void from_json(const nlohmann::json& j, TicketAttachment& a) {
  read(j, "media_id", a.media_id);
  read(j, "mime_type", a.mime_type);
  read(j, "kind", a.kind);
}

std::string CitizenProfile::field(const std::string& name) const {
  if (name == "nik") return nik;
  if (name == "name") return this->name;
  if (name == "birth_date") return birth_date;
  if (name == "sex") return sex;
  if (name == "phone") return phone;
  if (name == "email") return email;
  return {};
}

void to_json(nlohmann::json& j, const VaccinationDose& v) {
  j = nlohmann::json{{"dose", v.dose},         {"vaccine", v.vaccine}, {"date", v.date},
                     {"facility", v.facility}, {"batch", v.batch},     {"certificate", v.certificate},
                     {"certificate_number", v.certificate_number}};
}

void from_json(const nlohmann::json& j, VaccinationDose& v) {
  read(j, "dose", v.dose);
  read(j, "vaccine", v.vaccine);
  read(j, "date", v.date);
  read(j, "facility", v.facility);
  read(j, "batch", v.batch);
  read(j, "certificate", v.certificate);
  read(j, "certificate_number", v.certificate_number);
}

void to_json(nlohmann::json& j, const CitizenProfile& c) {
  nlohmann::json provenance = nlohmann::json::object();
  for (const auto& [field, p] : c.provenance) provenance[field] = p;
  j = nlohmann::json{{"id", c.id.str()},
                     {"nik", c.nik},
                     {"name", c.name},
                     {"birth_date", c.birth_date},
                     {"sex", c.sex},
                     {"phone", c.phone},
                     {"email", c.email},
                     {"version", c.version},
                     {"flags", c.flags},
                     {"provenance", std::move(provenance)},
                     {"last_import_at", c.last_import_at},
                     {"vaccinations", c.vaccinations}};
}

void from_json(const nlohmann::json& j, CitizenProfile& c) {
  std::string id;
  read(j, "id", id);
  c.id = CitizenId(std::move(id));
  read(j, "nik", c.nik);
  read(j, "name", c.name);
  read(j, "birth_date", c.birth_date);
  read(j, "sex", c.sex);
  read(j, "phone", c.phone);
  read(j, "email", c.email);
  read(j, "version", c.version);
  read(j, "flags", c.flags);
  c.provenance.clear();
  auto it = j.find("provenance");
  if (it != j.end() && it->is_object()) {
    for (auto p = it->begin(); p != it->end(); ++p) c.provenance[p.key()] = p.value().get<FieldProvenance>();
  }
  read(j, "last_import_at", c.last_import_at);
  read(j, "vaccinations", c.vaccinations);
}

void to_json(nlohmann::json& j, const AuditRecord& a) {
  j = nlohmann::json{{"at", a.at},       {"who", a.who},         {"citizen", a.citizen},
                     {"nik", a.nik},     {"field", a.field},     {"old_value", a.old_value},
                     {"new_value", a.new_value}, {"ticket", a.ticket}};
}

void from_json(const nlohmann::json& j, AuditRecord& a) {
  read(j, "at", a.at);
  read(j, "who", a.who);
  read(j, "citizen", a.citizen);
  read(j, "nik", a.nik);
  read(j, "field", a.field);
  read(j, "old_value", a.old_value);
  read(j, "new_value", a.new_value);
  read(j, "ticket", a.ticket);
}

void to_json(nlohmann::json& j, const Ticket& t) {
  j = nlohmann::json{{"id", t.id},
                     {"kind", t.kind},
                     {"status", t.status},
                     {"chat", t.chat},
                     {"wa_id", t.wa_id},
                     {"user_id", t.user_id},
                     {"citizens", t.citizens},
                     {"summary", t.summary},
                     {"details", t.details},
                     {"field", t.field},
                     {"proposed_value", t.proposed_value},
                     {"attachments", t.attachments},
                     {"opened_at", t.opened_at},
                     {"sla_due", t.sla_due},
                     {"resolved_at", t.resolved_at},
                     {"breach_logged", t.breach_logged},
                     {"resolution", t.resolution},
                     {"resolved_by", t.resolved_by},
                     {"language", t.language}};
}

void from_json(const nlohmann::json& j, Ticket& t) {
  read(j, "id", t.id);
  read(j, "kind", t.kind);
  read(j, "status", t.status);
  read(j, "chat", t.chat);
  read(j, "wa_id", t.wa_id);
  read(j, "user_id", t.user_id);
  read(j, "citizens", t.citizens);
  read(j, "summary", t.summary);
  read(j, "details", t.details);
  read(j, "field", t.field);
  read(j, "proposed_value", t.proposed_value);
  read(j, "attachments", t.attachments);
  read(j, "opened_at", t.opened_at);
  read(j, "sla_due", t.sla_due);
  read(j, "resolved_at", t.resolved_at);
  read(j, "breach_logged", t.breach_logged);
  read(j, "resolution", t.resolution);
  read(j, "resolved_by", t.resolved_by);
  read(j, "language", t.language);
}

}  // namespace aduan
