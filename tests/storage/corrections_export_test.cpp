// Corrections export: changes by citizens, officers and ops as JSONL in WIB; imports and
// reveals left out; --since filters by time.
#include <catch2/catch.hpp>

#include <sstream>

#include "storage/audit_store.hpp"
#include "storage/citizen_store.hpp"
#include "storage/corrections_export.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::storage;
using namespace aduan::storage::testing;
using nlohmann::json;

namespace {

// 2026-12-03T02:15:02Z = 09:15:02 in Jakarta.
constexpr TimeMs kAt = 1'796'264'102'000;
constexpr TimeMs kImportAt = kAt - 86'400'000;

std::vector<json> export_lines(Env& env, std::optional<TimeMs> since) {
  std::ostringstream out;
  export_corrections(env, since, out);
  std::vector<json> lines;
  std::istringstream in(out.str());
  for (std::string l; std::getline(in, l);) lines.push_back(json::parse(l));
  return lines;
}

}  // namespace

TEST_CASE("Changes through aduan are exported as JSONL per the contract, and nothing else") {
  TempEnv t;
  json line = citizen_json(1);
  REQUIRE(import_lines(*t.env, {line}, kImportAt).added == 1);
  const std::string id = "C0000000001";
  {
    Txn w(*t.env, true);
    REQUIRE(apply_change(w, ChangeRequest{id, "name", "Siti Rahayuningsih", std::nullopt, "citizen:6281234567890", ""}, kAt)
                .outcome == ChangeOutcome::applied);
    REQUIRE(apply_change(w, ChangeRequest{id, "email", "baru@example.id", std::nullopt, "officer:rina", "TK-7"},
                         kAt + 60'000)
                .outcome == ChangeOutcome::applied);
    append_audit(w, AuditRecord{kAt + 120'000, "officer:rina", id, line["nik"], "reveal", "", "", ""});
    w.commit();
  }
  // A re-import that changes a registry field is audited as "import" and not exported.
  line["phone"] = "0813 2222 3333";
  REQUIRE(import_lines(*t.env, {line}, kAt + 180'000).updated == 1);

  const auto lines = export_lines(*t.env, std::nullopt);
  REQUIRE(lines.size() == 2);
  const json expected_first = {{"at", "2026-12-03T09:15:02+07:00"},
                               {"citizen", id},
                               {"nik", line["nik"]},
                               {"field", "name"},
                               {"old", "Siti Rahayu"},
                               {"new", "Siti Rahayuningsih"},
                               {"who", "citizen:6281234567890"},
                               {"ticket", nullptr}};
  CHECK(lines[0] == expected_first);
  CHECK(lines[1]["who"] == "officer:rina");
  CHECK(lines[1]["ticket"] == "TK-7");
  CHECK(lines[1]["at"] == "2026-12-03T09:16:02+07:00");
}

TEST_CASE("Export --since leaves out earlier corrections") {
  TempEnv t;
  REQUIRE(import_lines(*t.env, {citizen_json(1)}, kImportAt).added == 1);
  {
    Txn w(*t.env, true);
    apply_change(w, ChangeRequest{"C0000000001", "name", "Siti A", std::nullopt, "ops", ""}, kAt);
    apply_change(w, ChangeRequest{"C0000000001", "name", "Siti B", std::nullopt, "ops", ""}, kAt + 1000);
    w.commit();
  }
  CHECK(export_lines(*t.env, std::nullopt).size() == 2);
  const auto later = export_lines(*t.env, kAt + 1);
  REQUIRE(later.size() == 1);
  CHECK(later[0]["new"] == "Siti B");
  CHECK(export_lines(*t.env, kAt + 1001).empty());
}

TEST_CASE("Only citizen, officer and ops changes count as corrections") {
  CHECK(is_correction(AuditRecord{0, "citizen:628", "C1", "", "name", "a", "b", ""}));
  CHECK(is_correction(AuditRecord{0, "officer:rina", "C1", "", "nik", "a", "b", ""}));
  CHECK(is_correction(AuditRecord{0, "ops", "C1", "", "phone", "a", "b", ""}));
  CHECK_FALSE(is_correction(AuditRecord{0, "import", "C1", "", "name", "a", "b", ""}));
  CHECK_FALSE(is_correction(AuditRecord{0, "officer:rina", "C1", "", "reveal", "", "", ""}));
}
