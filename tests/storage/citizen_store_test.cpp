// The one change path: every field, audit, versions, indexes, certificates, and the outcomes
// that must write nothing (conflict, stale, unchanged, invalid, not_found).
#include <catch2/catch.hpp>

#include "core/registry_record.hpp"
#include "storage/audit_store.hpp"
#include "storage/cert_store.hpp"
#include "storage/citizen_store.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::storage;
using namespace aduan::storage::testing;

namespace {

constexpr TimeMs kImportAt = 1'700'000'000'000;
constexpr TimeMs kLater = kImportAt + 60'000;

struct Fixture {
  TempEnv t;
  std::string id;  // the first citizen's id
  std::string nik;
  Fixture() {
    auto rep = import_lines(*t.env, {citizen_json(1), citizen_json(2, "Budi Santoso")}, kImportAt);
    REQUIRE(rep.added == 2);
    Txn r(*t.env, false);
    nik = citizen_json(1)["nik"];
    id = citizen_by_nik(r, nik)->id.str();
  }
  ChangeResult change(const std::string& field, const std::string& value,
                      std::optional<std::uint64_t> expected = std::nullopt, const std::string& who = "citizen:6281234567890") {
    Txn w(*t.env, true);
    ChangeRequest req{id, field, value, expected, who, ""};
    auto res = apply_change(w, req, kLater);
    w.commit();
    return res;
  }
  CitizenProfile citizen() {
    Txn r(*t.env, false);
    return *get_citizen(r, id);
  }
  std::vector<AuditRecord> audit() {
    Txn r(*t.env, false);
    return audit_of_citizen(r, id, "", 100).items;
  }
  std::uint64_t audit_rows() {
    Txn r(*t.env, false);
    return r.count(r.dbs().audit);
  }
};

}  // namespace

TEST_CASE("Every correctable field is changed in place, audited with who, and bumps the version") {
  struct Case {
    std::string field, input, stored;
  };
  const Case cases[] = {
      {"name", "Siti Rahayuningsih", "Siti Rahayuningsih"},
      {"birth_date", "18-08-1990", "1990-08-18"},
      {"sex", "laki-laki", "M"},
      {"phone", "+62 813 1111 2222", "6281311112222"},
      {"email", "siti@Mail.example.id", "siti@mail.example.id"},
      {"nik", nik_for("1990-08-17", 'F', 77), nik_for("1990-08-17", 'F', 77)},
  };
  for (const auto& c : cases) {
    SECTION(c.field) {
      Fixture f;
      const auto before = f.citizen();
      const auto res = f.change(c.field, c.input, before.version, "officer:rina");
      REQUIRE(res.outcome == ChangeOutcome::applied);
      CHECK(res.new_value == c.stored);
      CHECK(res.old_value == before.field(c.field));
      const auto after = f.citizen();
      CHECK(after.field(c.field) == c.stored);
      CHECK(after.version == before.version + 1);
      CHECK(res.version == after.version);
      CHECK(after.provenance.at(c.field).source == "aduan");
      CHECK(after.provenance.at(c.field).at == kLater);
      const auto rows = f.audit();
      REQUIRE(rows.size() == 1);
      CHECK(rows[0].who == "officer:rina");
      CHECK(rows[0].field == c.field);
      CHECK(rows[0].old_value == before.field(c.field));
      CHECK(rows[0].new_value == c.stored);
      CHECK(rows[0].citizen == f.id);
      CHECK(rows[0].nik == after.nik);
      CHECK(rows[0].at == kLater);
    }
  }
}

TEST_CASE("A NIK change moves the unique index and a phone change moves the family index") {
  Fixture f;
  const std::string fresh = nik_for("1990-08-17", 'F', 55);
  REQUIRE(f.change("nik", fresh).outcome == ChangeOutcome::applied);
  REQUIRE(f.change("phone", "0813-9999-0000").outcome == ChangeOutcome::applied);
  Txn r(*f.t.env, false);
  CHECK_FALSE(citizen_by_nik(r, f.nik));
  REQUIRE(citizen_by_nik(r, fresh));
  CHECK(citizen_by_nik(r, fresh)->id.str() == f.id);
  const auto on_new = citizens_by_phone(r, "6281399990000");
  REQUIRE(on_new.size() == 1);
  CHECK(on_new[0].id.str() == f.id);
  // The other citizen still shares the old number; the changed one left it.
  const auto on_old = citizens_by_phone(r, "6281234567890");
  REQUIRE(on_old.size() == 1);
  CHECK(on_old[0].id.str() != f.id);
}

TEST_CASE("A name fix re-issues every certificate and records the old numbers as superseded") {
  Fixture f;
  const auto before = f.citizen();
  REQUIRE(before.vaccinations.size() == 2);
  const std::string old1 = before.vaccinations[0].certificate_number;
  REQUIRE_FALSE(old1.empty());
  const auto res = f.change("name", "Siti Rahayuningsih");
  REQUIRE(res.outcome == ChangeOutcome::applied);
  REQUIRE(res.reissued.size() == 2);
  const auto after = f.citizen();
  const std::string new1 = after.vaccinations[0].certificate_number;
  CHECK(new1 != old1);
  CHECK(new1 == res.reissued[0]);
  Txn r(*f.t.env, false);
  auto old_rec = certificate_by_number(r, old1);
  REQUIRE(old_rec);
  CHECK(old_rec->status == "superseded");
  CHECK(old_rec->superseded_by == new1);
  auto new_rec = certificate_by_number(r, new1);
  REQUIRE(new_rec);
  CHECK(new_rec->status == "current");
  CHECK(new_rec->citizen == f.id);
  CHECK(new_rec->dose == 1);
  CHECK(current_certificate(r, f.id, 1) == new1);
}

TEST_CASE("A change of a field not printed on the certificate keeps the certificate numbers") {
  Fixture f;
  const auto before = f.citizen();
  const auto res = f.change("email", "baru@example.id");
  REQUIRE(res.outcome == ChangeOutcome::applied);
  CHECK(res.reissued.empty());
  CHECK(f.citizen().vaccinations[0].certificate_number == before.vaccinations[0].certificate_number);
}

TEST_CASE("A NIK held by another citizen is a conflict naming the holder and writes nothing") {
  Fixture f;
  const auto before = f.citizen();
  const std::string other_nik = citizen_json(2)["nik"];
  const auto rows_before = f.audit_rows();
  const auto res = f.change("nik", other_nik);
  CHECK(res.outcome == ChangeOutcome::conflict);
  Txn r(*f.t.env, false);
  const auto holder = citizen_by_nik(r, other_nik);
  REQUIRE(holder);
  CHECK(res.holder == holder->id.str());
  const auto after = *get_citizen(r, f.id);
  CHECK(after.nik == before.nik);
  CHECK(after.version == before.version);
  CHECK(r.count(r.dbs().audit) == rows_before);
  CHECK(citizen_by_nik(r, f.nik)->id.str() == f.id);
}

TEST_CASE("A stale expected version writes nothing") {
  Fixture f;
  const auto before = f.citizen();
  REQUIRE(f.change("name", "Siti Rahayuningsih", before.version).outcome == ChangeOutcome::applied);
  const auto res = f.change("email", "x@example.id", before.version);
  CHECK(res.outcome == ChangeOutcome::stale);
  CHECK(f.citizen().email == before.email);
  CHECK(f.audit().size() == 1);
}

TEST_CASE("The same value typed differently is unchanged and writes nothing") {
  Fixture f;
  const auto before = f.citizen();
  const auto res = f.change("phone", "+62 812.3456.7890");
  CHECK(res.outcome == ChangeOutcome::unchanged);
  CHECK(f.citizen().version == before.version);
  CHECK(f.audit().empty());
}

TEST_CASE("An invalid value or unknown field is refused with a reason and writes nothing") {
  Fixture f;
  const auto before = f.citizen();
  auto bad_phone = f.change("phone", "+1 415 555 0100");
  CHECK(bad_phone.outcome == ChangeOutcome::invalid);
  CHECK(bad_phone.reason == "phone_invalid");
  auto bad_nik = f.change("nik", "1234");
  CHECK(bad_nik.outcome == ChangeOutcome::invalid);
  CHECK(bad_nik.reason == "nik_invalid");
  auto unknown = f.change("vaccinations", "x");
  CHECK(unknown.outcome == ChangeOutcome::invalid);
  CHECK(unknown.reason == "field_unknown");
  CHECK(f.citizen().version == before.version);
  CHECK(f.audit().empty());
}

TEST_CASE("A change to an unknown citizen is not_found") {
  Fixture f;
  Txn w(*f.t.env, true);
  auto res = apply_change(w, ChangeRequest{"C9999999999", "name", "Ani", std::nullopt, "ops", ""}, kLater);
  CHECK(res.outcome == ChangeOutcome::not_found);
}

TEST_CASE("Two sequential changes to one citizen keep both audit rows, newest first, paged") {
  Fixture f;
  REQUIRE(f.change("name", "Siti Rahayuningsih", std::nullopt, "citizen:6281234567890").outcome ==
          ChangeOutcome::applied);
  REQUIRE(f.change("name", "Siti R. Ningsih", std::nullopt, "officer:rina").outcome == ChangeOutcome::applied);
  Txn r(*f.t.env, false);
  auto first = audit_of_citizen(r, f.id, "", 1);
  REQUIRE(first.items.size() == 1);
  CHECK(first.items[0].new_value == "Siti R. Ningsih");
  CHECK(first.items[0].old_value == "Siti Rahayuningsih");
  REQUIRE(first.next);
  auto second = audit_of_citizen(r, f.id, *first.next, 1);
  REQUIRE(second.items.size() == 1);
  CHECK(second.items[0].new_value == "Siti Rahayuningsih");
  CHECK(second.items[0].who == "citizen:6281234567890");
  CHECK_FALSE(second.next);
}

TEST_CASE("The NIK/birth-date flag follows the current NIK, birth date and sex") {
  Fixture f;
  CHECK(f.citizen().flags.empty());
  REQUIRE(f.change("birth_date", "1991-08-17").outcome == ChangeOutcome::applied);
  const auto flags = f.citizen().flags;
  CHECK(std::find(flags.begin(), flags.end(), std::string(kFlagNikMismatch)) != flags.end());
  REQUIRE(f.change("birth_date", "1990-08-17").outcome == ChangeOutcome::applied);
  CHECK(f.citizen().flags.empty());
  REQUIRE(f.change("sex", "M").outcome == ChangeOutcome::applied);
  CHECK_FALSE(f.citizen().flags.empty());
}

TEST_CASE("A chat ChangeOp maps to a request with its version precondition") {
  flow::ChangeOp op;
  op.citizen_id = "C0000000001";
  op.expected_version = 3;
  op.field = "name";
  op.new_value = "Ani";
  op.who = "citizen:628";
  op.ticket = "TK-1";
  const auto r = change_request_from(op);
  CHECK(r.expected_version == std::optional<std::uint64_t>(3));
  CHECK(r.value == "Ani");
  CHECK(r.ticket == "TK-1");
  op.expected_version = 0;
  CHECK_FALSE(change_request_from(op).expected_version);
}

TEST_CASE("Citizens are listed in id order with a cursor") {
  TempEnv t;
  std::vector<nlohmann::json> lines;
  for (int i = 1; i <= 5; ++i) lines.push_back(citizen_json(i));
  REQUIRE(import_lines(*t.env, lines, kImportAt).added == 5);
  Txn r(*t.env, false);
  auto p1 = list_citizens(r, "", 2);
  REQUIRE(p1.items.size() == 2);
  REQUIRE(p1.next);
  auto p2 = list_citizens(r, *p1.next, 2);
  auto p3 = list_citizens(r, *p2.next, 2);
  CHECK(p3.items.size() == 1);
  CHECK_FALSE(p3.next);
  CHECK(p1.items[0].id.str() == "C0000000001");
  CHECK(p2.items[0].id.str() == "C0000000003");
  CHECK(p3.items[0].id.str() == "C0000000005");
}
