#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/model.hpp"

using namespace aduan;
using nlohmann::json;

namespace {

CitizenProfile sample_citizen() {
  CitizenProfile c;
  c.id = CitizenId("C000042");
  c.nik = "3174055708900002";
  c.name = "Siti Rahayu";
  c.birth_date = "1990-08-17";
  c.sex = "F";
  c.phone = "6281234567890";
  c.email = "siti@example.id";
  c.version = 3;
  c.flags = {"nik_birthdate_mismatch"};
  c.provenance["name"] = FieldProvenance{"aduan", 1'700'000'000'000};
  c.provenance["nik"] = FieldProvenance{"registry", 1'600'000'000'000};
  c.last_import_at = 1'600'000'000'000;
  VaccinationDose d;
  d.dose = 1;
  d.vaccine = "Sinovac";
  d.date = "2021-07-02";
  d.facility = "Puskesmas Tebet";
  d.batch = "SN2107A";
  d.certificate = false;
  d.certificate_number = "VC-1";
  c.vaccinations.push_back(d);
  return c;
}

}  // namespace

TEST_CASE("CitizenProfile JSON uses the member names and round-trips", "[model]") {
  CitizenProfile c = sample_citizen();
  json j = c;
  CHECK(j.at("id") == "C000042");
  CHECK(j.at("nik") == "3174055708900002");
  CHECK(j.at("birth_date") == "1990-08-17");
  CHECK(j.at("version") == 3);
  CHECK(j.at("flags") == json::array({"nik_birthdate_mismatch"}));
  CHECK(j.at("provenance").at("name") == json{{"source", "aduan"}, {"at", 1'700'000'000'000}});
  CHECK(j.at("last_import_at") == 1'600'000'000'000);
  CHECK(j.at("vaccinations").at(0).at("certificate") == false);
  CHECK(j.at("vaccinations").at(0).at("certificate_number") == "VC-1");

  CitizenProfile back = j.get<CitizenProfile>();
  CHECK(back.id == c.id);
  CHECK(back.nik == c.nik);
  CHECK(back.name == c.name);
  CHECK(back.phone == c.phone);
  CHECK(back.email == c.email);
  CHECK(back.version == 3);
  CHECK(back.flags == c.flags);
  REQUIRE(back.provenance.size() == 2);
  CHECK(back.provenance.at("name").source == "aduan");
  CHECK(back.provenance.at("name").at == 1'700'000'000'000);
  REQUIRE(back.vaccinations.size() == 1);
  CHECK(back.vaccinations[0].facility == "Puskesmas Tebet");
  CHECK_FALSE(back.vaccinations[0].certificate);
  CHECK(json(back) == j);
}

TEST_CASE("a missing field keeps its default; a wrong type throws", "[model]") {
  CitizenProfile c = json{{"nik", "3174055708900002"}}.get<CitizenProfile>();
  CHECK(c.nik == "3174055708900002");
  CHECK(c.version == 0);
  CHECK(c.vaccinations.empty());
  VaccinationDose d = json{{"dose", 2}}.get<VaccinationDose>();
  CHECK(d.certificate);  // default true survives
  CHECK_THROWS_AS((json{{"version", "three"}}.get<CitizenProfile>()), json::type_error);
}

TEST_CASE("CitizenProfile::field reads the correctable fields by name", "[model]") {
  CitizenProfile c = sample_citizen();
  CHECK(c.field("nik") == c.nik);
  CHECK(c.field("name") == "Siti Rahayu");
  CHECK(c.field("birth_date") == "1990-08-17");
  CHECK(c.field("sex") == "F");
  CHECK(c.field("phone") == "6281234567890");
  CHECK(c.field("email") == "siti@example.id");
  CHECK(c.field("version").empty());
  CHECK(c.field("").empty());
  for (const auto& f : correctable_fields()) CHECK_FALSE(c.field(f).empty());
}

TEST_CASE("AuditRecord JSON round-trips", "[model]") {
  AuditRecord a;
  a.at = 5;
  a.who = "officer:ratna";
  a.citizen = "C1";
  a.nik = "3174055708900002";
  a.field = "name";
  a.old_value = "Budi Santsoo";
  a.new_value = "Budi Santoso";
  a.ticket = "TK-1";
  json j = a;
  CHECK(j.at("old_value") == "Budi Santsoo");
  CHECK(j.at("new_value") == "Budi Santoso");
  AuditRecord b = j.get<AuditRecord>();
  CHECK(b.at == 5);
  CHECK(b.who == a.who);
  CHECK(b.ticket == "TK-1");
  CHECK(json(b) == j);
}

TEST_CASE("Ticket JSON round-trips with attachments", "[model]") {
  Ticket t;
  t.id = "TK-7";
  t.kind = "nik_conflict";
  t.status = "open";
  t.chat = "wa:6281234567890";
  t.wa_id = "6281234567890";
  t.citizens = {"C1", "C2"};
  t.summary = "NIK 3273********0002 held by another record";
  t.details = "words";
  t.field = "nik";
  t.proposed_value = "3273014503950002";
  t.attachments.push_back(TicketAttachment{"media-1", "image/jpeg", "image"});
  t.opened_at = 10;
  t.sla_due = 3'600'010;
  t.breach_logged = true;
  t.language = "id";
  json j = t;
  CHECK(j.at("attachments").at(0) == json{{"media_id", "media-1"}, {"mime_type", "image/jpeg"}, {"kind", "image"}});
  CHECK(j.at("sla_due") == 3'600'010);
  Ticket u = j.get<Ticket>();
  CHECK(u.citizens == t.citizens);
  REQUIRE(u.attachments.size() == 1);
  CHECK(u.attachments[0].mime_type == "image/jpeg");
  CHECK(u.breach_logged);
  CHECK(json(u) == j);
}
