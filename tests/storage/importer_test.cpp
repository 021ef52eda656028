// Registry import: rejection reasons as "line N: reason", per-line atomicity inside batches,
// repeated NIKs, re-import merge rules (aduan changes kept and reported), certificates.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/demo_registry.hpp"
#include "storage/audit_store.hpp"
#include "storage/cert_store.hpp"
#include "storage/citizen_store.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::storage;
using namespace aduan::storage::testing;
using nlohmann::json;

namespace {

constexpr TimeMs kFirstImport = 1'700'000'000'000;
constexpr TimeMs kChangeAt = kFirstImport + 3'600'000;
constexpr TimeMs kSecondImport = kChangeAt + 3'600'000;
constexpr TimeMs kThirdImport = kSecondImport + 3'600'000;

json with(json j, const std::string& key, json value) {
  if (value.is_null())
    j.erase(key);
  else
    j[key] = std::move(value);
  return j;
}

bool has_message(const ImportReport& rep, const std::string& prefix, const std::string& fragment) {
  return std::any_of(rep.messages.begin(), rep.messages.end(), [&](const std::string& m) {
    return m.rfind(prefix, 0) == 0 && m.find(fragment) != std::string::npos;
  });
}

struct Counts {
  std::uint64_t citizens, niks, phones, certs;
};
Counts counts(Env& env) {
  Txn r(env, false);
  return Counts{r.count(r.dbs().citizens), r.count(r.dbs().nik_idx), r.count(r.dbs().phone_idx),
                r.count(r.dbs().certs)};
}

ChangeResult change(Env& env, const std::string& id, const std::string& field, const std::string& value,
                    TimeMs at = kChangeAt) {
  Txn w(env, true);
  auto res = apply_change(w, ChangeRequest{id, field, value, std::nullopt, "citizen:6281234567890", ""}, at);
  w.commit();
  return res;
}

std::string id_of(Env& env, const std::string& nik) {
  Txn r(env, false);
  return citizen_by_nik(r, nik)->id.str();
}

}  // namespace

TEST_CASE("Every kind of bad line is rejected as 'line N: reason' and the good lines land") {
  struct Case {
    std::string text, fragment;
  };
  const json good = citizen_json(1);
  const json dose_dup = with(good, "vaccinations", json::array({good["vaccinations"][0], good["vaccinations"][0]}));
  const Case cases[] = {
      {"{not json", "not valid JSON"},
      {"[1,2]", "not a JSON object"},
      {with(good, "religion", "x").dump(), "unknown field \"religion\""},
      {with(good, "nik", nullptr).dump(), "missing field \"nik\""},
      {with(good, "name", nullptr).dump(), "missing field \"name\""},
      {with(good, "birth_date", nullptr).dump(), "missing field \"birth_date\""},
      {with(good, "sex", nullptr).dump(), "missing field \"sex\""},
      {with(good, "phone", nullptr).dump(), "missing field \"phone\""},
      {with(good, "nik", "31740557089000").dump(), "nik:"},
      {with(good, "nik", "9974055708900002").dump(), "nik:"},
      {with(good, "nik", "3174055708900000").dump(), "nik:"},
      {with(good, "name", "").dump(), "name is empty"},
      {with(good, "name", 42).dump(), "must be a string"},
      {with(good, "birth_date", "1990-02-30").dump(), "birth_date"},
      {with(good, "sex", "X").dump(), "sex must be"},
      {with(good, "phone", "6262812345678").dump(), "phone:"},
      {with(good, "phone", "+1 415 555 0100").dump(), "phone:"},
      {with(good, "email", "not-an-email").dump(), "email"},
      {with(good, "vaccinations", "none").dump(), "vaccinations must be an array"},
      {dose_dup.dump(), "appears twice"},
      {with(good, "vaccinations", json::array({{{"dose", 1}, {"vaccine", "Pfizer"}}})).dump(), "missing field \"date\""},
      {with(good, "vaccinations", json::array({{{"dose", 1}, {"vaccine", "Pfizer"}, {"date", "2021-07-01"}, {"lot", "x"}}})).dump(),
       "unknown field"},
  };
  for (const auto& c : cases) {
    SECTION(c.fragment + " / " + c.text.substr(0, 40)) {
      TempEnv t;
      const std::string text = citizen_json(2).dump() + "\n" + c.text + "\n" + citizen_json(3).dump() + "\n";
      const auto rep = import_text(*t.env, text, kFirstImport);
      CHECK(rep.rejected == 1);
      CHECK(rep.added == 2);
      REQUIRE(rep.messages.size() == 1);
      CHECK(rep.messages[0].rfind("line 2: ", 0) == 0);
      CHECK(rep.messages[0].find(c.fragment) != std::string::npos);
      CHECK(counts(*t.env).citizens == 2);
    }
  }
}

TEST_CASE("A bad line inside a batch leaves no trace while its neighbours are committed") {
  TempEnv t;
  // The bad line's citizen fields are all fine; only its second dose is broken.
  json bad = citizen_json(3);
  bad["vaccinations"][1]["date"] = "1980-01-01";  // before birth
  std::string text;
  for (int i = 1; i <= 5; ++i) text += (i == 3 ? bad : citizen_json(i)).dump() + "\n";
  std::istringstream in(text);
  ImportOptions o;
  o.now = kFirstImport;
  o.batch_lines = 2;
  const auto rep = import_registry(*t.env, in, o);
  CHECK(rep.added == 4);
  CHECK(rep.rejected == 1);
  CHECK(has_message(rep, "line 3: ", "before birth"));
  const auto c = counts(*t.env);
  CHECK(c.citizens == 4);
  CHECK(c.niks == 4);
  CHECK(c.phones == 4);
  CHECK(c.certs == 8);  // two certified doses each, none for the rejected line
  Txn r(*t.env, false);
  CHECK_FALSE(citizen_by_nik(r, bad["nik"].get<std::string>()));
}

TEST_CASE("A NIK repeated later in the same file is rejected on the later line") {
  TempEnv t;
  const auto rep = import_lines(*t.env, {citizen_json(1, "Siti Rahayu"), citizen_json(2), citizen_json(1, "Someone Else")},
                                kFirstImport);
  CHECK(rep.added == 2);
  CHECK(rep.rejected == 1);
  REQUIRE(rep.messages.size() == 1);
  CHECK(rep.messages[0] == "line 3: NIK repeated (first on line 1)");
  Txn r(*t.env, false);
  CHECK(citizen_by_nik(r, citizen_json(1)["nik"].get<std::string>())->name == "Siti Rahayu");
}

TEST_CASE("New citizens get ids, registry provenance and certificate numbers for certified doses only") {
  TempEnv t;
  json line = citizen_json(1);
  line["vaccinations"][1]["certificate"] = false;
  REQUIRE(import_lines(*t.env, {line}, kFirstImport).added == 1);
  Txn r(*t.env, false);
  const auto c = *citizen_by_nik(r, line["nik"].get<std::string>());
  CHECK(c.id.str() == "C0000000001");
  CHECK(c.version == 1);
  CHECK(c.phone == "6281234567890");
  CHECK(c.last_import_at == kFirstImport);
  CHECK(c.provenance.at("name").source == "registry");
  REQUIRE(c.vaccinations.size() == 2);
  CHECK_FALSE(c.vaccinations[0].certificate_number.empty());
  CHECK(c.vaccinations[1].certificate_number.empty());
  CHECK(current_certificate(r, c.id.str(), 1) == c.vaccinations[0].certificate_number);
  CHECK_FALSE(current_certificate(r, c.id.str(), 2));
  CHECK(certificate_by_number(r, c.vaccinations[0].certificate_number)->status == "current");
}

TEST_CASE("A NIK/birth-date mismatch is imported and flagged, not rejected") {
  TempEnv t;
  json line = citizen_json(1);
  line["birth_date"] = "1991-03-04";
  const auto rep = import_lines(*t.env, {line}, kFirstImport);
  CHECK(rep.added == 1);
  Txn r(*t.env, false);
  const auto flags = citizen_by_nik(r, line["nik"].get<std::string>())->flags;
  CHECK(std::find(flags.begin(), flags.end(), "nik_birthdate_mismatch") != flags.end());
}

TEST_CASE("Re-importing the same registry changes nothing") {
  TempEnv t;
  const std::vector<json> lines{citizen_json(1), citizen_json(2)};
  REQUIRE(import_lines(*t.env, lines, kFirstImport).added == 2);
  const auto before = counts(*t.env);
  const auto rep = import_lines(*t.env, lines, kSecondImport);
  CHECK(rep.unchanged == 2);
  CHECK(rep.added + rep.updated + rep.rejected + rep.conflicts == 0);
  const auto after = counts(*t.env);
  CHECK(after.citizens == before.citizens);
  CHECK(after.certs == before.certs);
  Txn r(*t.env, false);
  CHECK(citizen_by_nik(r, lines[0]["nik"].get<std::string>())->version == 1);
}

TEST_CASE("Re-import updates registry fields, moves the phone index and audits as import") {
  TempEnv t;
  json line = citizen_json(1);
  REQUIRE(import_lines(*t.env, {line}, kFirstImport).added == 1);
  const std::string id = id_of(*t.env, line["nik"]);
  line["phone"] = "0813 2222 3333";
  line["email"] = "baru@example.id";
  const auto rep = import_lines(*t.env, {line}, kSecondImport);
  CHECK(rep.updated == 1);
  Txn r(*t.env, false);
  const auto c = *get_citizen(r, id);
  CHECK(c.phone == "6281322223333");
  CHECK(c.email == "baru@example.id");
  CHECK(c.version == 2);
  CHECK(citizens_by_phone(r, "6281234567890").empty());
  CHECK(citizens_by_phone(r, "6281322223333").size() == 1);
  const auto audit = audit_of_citizen(r, id, "", 10).items;
  REQUIRE(audit.size() == 2);
  CHECK(audit[0].who == "import");
}

TEST_CASE("Re-import keeps a name changed through aduan and reports it as a conflict") {
  TempEnv t;
  const json line = citizen_json(1, "Siti Rahayu");
  json other = citizen_json(2);
  REQUIRE(import_lines(*t.env, {line, other}, kFirstImport).added == 2);
  const std::string id = id_of(*t.env, line["nik"]);
  REQUIRE(change(*t.env, id, "name", "Siti Rahayuningsih").outcome == ChangeOutcome::applied);

  json updated_line = line;
  updated_line["email"] = "baru@example.id";  // a registry change that must still land
  auto rep = import_lines(*t.env, {other, updated_line}, kSecondImport);
  CHECK(rep.conflicts == 1);
  CHECK(rep.updated == 1);
  CHECK(rep.unchanged == 1);
  CHECK(has_message(rep, "line 2: ", "kept name changed through aduan"));
  {
    Txn r(*t.env, false);
    const auto c = *get_citizen(r, id);
    CHECK(c.name == "Siti Rahayuningsih");
    CHECK(c.email == "baru@example.id");
  }
  // Still protected at the next import: the registry has not learnt the correction yet.
  rep = import_lines(*t.env, {updated_line}, kThirdImport);
  CHECK(rep.conflicts == 1);
  {
    Txn r(*t.env, false);
    CHECK(get_citizen(r, id)->name == "Siti Rahayuningsih");
  }
  // Once the registry carries the corrected name, nothing conflicts and it is the registry's value.
  updated_line["name"] = "Siti Rahayuningsih";
  rep = import_lines(*t.env, {updated_line}, kThirdImport + 1);
  CHECK(rep.conflicts == 0);
  Txn r(*t.env, false);
  CHECK(get_citizen(r, id)->provenance.at("name").source == "registry");
}

TEST_CASE("Re-import keeps a correction whose time is before the last import (clocks disagree)") {
  // Named after what broke: a server on the test clock stamped a citizen's correction earlier
  // than the import before it (system clock); the next import compared times and silently
  // reverted the correction. A field changed through aduan stays until the registry agrees.
  TempEnv t;
  const json line = citizen_json(1, "Siti Rahayu");
  REQUIRE(import_lines(*t.env, {line}, kSecondImport).added == 1);
  const std::string id = id_of(*t.env, line["nik"]);
  REQUIRE(change(*t.env, id, "email", "siti.baru@example.id", kFirstImport).outcome == ChangeOutcome::applied);
  const auto rep = import_lines(*t.env, {line}, kThirdImport);
  CHECK(rep.conflicts == 1);
  CHECK(has_message(rep, "line 1: ", "kept email changed through aduan"));
  Txn r(*t.env, false);
  CHECK(get_citizen(r, id)->email == "siti.baru@example.id");
}

TEST_CASE("A citizen whose NIK was corrected through aduan is found again by the old registry line") {
  TempEnv t;
  const json line = citizen_json(1);
  REQUIRE(import_lines(*t.env, {line}, kFirstImport).added == 1);
  const std::string id = id_of(*t.env, line["nik"]);
  const std::string fixed = nik_for("1990-08-17", 'F', 99);
  REQUIRE(change(*t.env, id, "nik", fixed).outcome == ChangeOutcome::applied);
  const auto rep = import_lines(*t.env, {line}, kSecondImport);
  CHECK(rep.added == 0);
  CHECK(rep.conflicts == 1);
  CHECK(has_message(rep, "line 1: ", "kept nik changed through aduan"));
  CHECK(counts(*t.env).citizens == 1);
  Txn r(*t.env, false);
  CHECK(get_citizen(r, id)->nik == fixed);
}

TEST_CASE("Re-import re-issues the certificate of a changed dose and revokes a removed one") {
  TempEnv t;
  json line = citizen_json(1);
  REQUIRE(import_lines(*t.env, {line}, kFirstImport).added == 1);
  const std::string id = id_of(*t.env, line["nik"]);
  std::string old1, old2;
  {
    Txn r(*t.env, false);
    old1 = *current_certificate(r, id, 1);
    old2 = *current_certificate(r, id, 2);
  }
  line["vaccinations"][0]["facility"] = "RS Fatmawati";
  line["vaccinations"].erase(1);
  REQUIRE(import_lines(*t.env, {line}, kSecondImport).updated == 1);
  Txn r(*t.env, false);
  const auto fresh = current_certificate(r, id, 1);
  REQUIRE(fresh);
  CHECK(*fresh != old1);
  CHECK(certificate_by_number(r, old1)->superseded_by == *fresh);
  CHECK(certificate_by_number(r, old2)->status == "revoked");
  CHECK_FALSE(current_certificate(r, id, 2));
}

TEST_CASE("Blank lines are skipped but counted in line numbers, and progress is reported") {
  TempEnv t;
  const std::string text = citizen_json(1).dump() + "\n\n{bad\n" + citizen_json(2).dump() + "\n";
  std::istringstream in(text);
  ImportOptions o;
  o.now = kFirstImport;
  o.progress_every = 2;
  std::vector<std::string> streamed;
  o.on_message = [&](const std::string& m) { streamed.push_back(m); };
  int progress_calls = 0;
  const auto rep = import_registry(*t.env, in, o, [&](const ImportProgress& p) {
    ++progress_calls;
    CHECK(p.lines % 2 == 0);
  });
  CHECK(rep.added == 2);
  CHECK(rep.lines == 3);
  REQUIRE(streamed.size() == 1);
  CHECK(streamed[0].rfind("line 3: ", 0) == 0);
  CHECK(progress_calls == 2);
}

TEST_CASE("Ids and certificate numbers continue across imports and single changes") {
  TempEnv t;
  REQUIRE(import_lines(*t.env, {citizen_json(1)}, kFirstImport).added == 1);
  REQUIRE(change(*t.env, "C0000000001", "name", "Siti Rahayuningsih").outcome == ChangeOutcome::applied);
  REQUIRE(import_lines(*t.env, {citizen_json(2)}, kSecondImport).added == 1);
  Txn r(*t.env, false);
  const auto second = *get_citizen(r, "C0000000002");
  // 2 from the first import, 2 re-issued by the name change, then this citizen's two.
  CHECK(second.vaccinations[0].certificate_number == "CRT-0000000005");
  CHECK(current_sequence(r, "citizen") == 2);
  CHECK(current_sequence(r, "certificate") == 6);
}

TEST_CASE("The default demo registry imports without a rejection and re-imports unchanged") {
  TempEnv t;
  std::ostringstream demo;
  write_demo_registry(demo, kDefaultDemoCount);
  auto rep = import_text(*t.env, demo.str(), kFirstImport);
  CHECK(rep.rejected == 0);
  CHECK(rep.added == kDefaultDemoCount);
  rep = import_text(*t.env, demo.str(), kSecondImport);
  CHECK(rep.unchanged == kDefaultDemoCount);
  CHECK(rep.updated + rep.added + rep.rejected + rep.conflicts == 0);
}

TEST_CASE("A family sharing one phone, imported in one batch in no NIK order, is found by phone and by each NIK") {
  TempEnv t;
  std::vector<json> lines;
  for (int n : {7, 3, 9, 1}) lines.push_back(citizen_json(n, "Anggota Keluarga " + std::to_string(n)));  // one phone
  const auto rep = import_lines(*t.env, lines, kFirstImport);
  CHECK(rep.added == 4);
  Txn r(*t.env, false);
  CHECK(citizens_by_phone(r, "6281234567890").size() == 4);
  for (auto& l : lines) {
    auto c = citizen_by_nik(r, l["nik"].get<std::string>());
    REQUIRE(c);
    CHECK(c->name == l["name"].get<std::string>());
  }
  CHECK(counts(*t.env).niks == 4);
}
