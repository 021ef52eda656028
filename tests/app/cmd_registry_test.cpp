// CLI bodies of the registry commands: exit codes, what goes to stdout and stderr, and
// verify-cert against a real data dir (current, superseded, tampered, from a PDF).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cmd_registry.hpp"
#include "certs/certificate.hpp"
#include "certs/certificate_pdf.hpp"
#include "certs/signing_key.hpp"
#include "core/demo_registry.hpp"
#include "core/mask.hpp"
#include "storage/citizen_store.hpp"
#include "storage/officer_store.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::app;
using aduan::storage::testing::citizen_json;

namespace {

namespace fs = std::filesystem;

struct TempDataDir {
  std::string dir;
  Config cfg;
  TempDataDir() {
    std::string tmpl = (fs::temp_directory_path() / "aduan-cmd-registry-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    cfg.data_dir = dir + "/data";
    cfg.lmdb_map_size_mb = 256;
  }
  ~TempDataDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& content) const {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  // The commands open the environment themselves: tests open it only between their calls.
  std::shared_ptr<storage::Env> env() const {
    storage::EnvOptions o;
    o.dir = cfg.data_dir;
    o.map_size_bytes = cfg.lmdb_map_size_mb << 20;
    return storage::Env::open(o);
  }
};

struct Run {
  int code;
  std::string out, err;
};

template <class F>
Run run(F&& f) {
  std::ostringstream out, err;
  const int code = f(out, err);
  return Run{code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("import exits 1 and names the bad line when any line is rejected, 0 otherwise") {
  TempDataDir d;
  const auto mixed = d.write("mixed.jsonl", citizen_json(1).dump() + "\n{broken\n" + citizen_json(2).dump() + "\n");
  auto r = run([&](auto& o, auto& e) { return run_import(d.cfg, mixed, o, e); });
  CHECK(r.code == 1);
  CHECK(r.err.find("line 2: ") != std::string::npos);
  CHECK(r.out.find("added 2") != std::string::npos);
  CHECK(r.out.find("rejected 1") != std::string::npos);

  const auto good = d.write("good.jsonl", citizen_json(3).dump() + "\n");
  r = run([&](auto& o, auto& e) { return run_import(d.cfg, good, o, e); });
  CHECK(r.code == 0);
  CHECK(r.out.find("added 1") != std::string::npos);

  r = run([&](auto& o, auto& e) { return run_import(d.cfg, d.dir + "/missing.jsonl", o, e); });
  CHECK(r.code == 1);
  CHECK(r.err.find("cannot read") != std::string::npos);
}

TEST_CASE("export-corrections writes the changes since a time and refuses a malformed time") {
  TempDataDir d;
  auto r = run([&](auto& o, auto& e) { return run_export_corrections(d.cfg, "", o, e); });
  CHECK(r.code == 1);  // no data dir yet
  const auto file = d.write("r.jsonl", citizen_json(1).dump() + "\n");
  REQUIRE(run([&](auto& o, auto& e) { return run_import(d.cfg, file, o, e); }).code == 0);
  constexpr TimeMs kAt = 1'796'264'102'000;  // 2026-12-03T09:15:02+07:00
  {
    auto env = d.env();
    storage::Txn w(*env, true);
    REQUIRE(storage::apply_change(w, {"C0000000001", "name", "Siti Ningsih", std::nullopt, "officer:rina", ""}, kAt)
                .outcome == storage::ChangeOutcome::applied);
    w.commit();
  }
  r = run([&](auto& o, auto& e) { return run_export_corrections(d.cfg, "", o, e); });
  CHECK(r.code == 0);
  const auto line = nlohmann::json::parse(r.out);
  CHECK(line["new"] == "Siti Ningsih");
  CHECK(line["at"] == "2026-12-03T09:15:02+07:00");
  r = run([&](auto& o, auto& e) { return run_export_corrections(d.cfg, "2026-12-03T09:15:03+07:00", o, e); });
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  r = run([&](auto& o, auto& e) { return run_export_corrections(d.cfg, "yesterday", o, e); });
  CHECK(r.code == 2);
  CHECK(r.err.find("RFC 3339") != std::string::npos);
}

TEST_CASE("officer add prints only the bare token; list and revoke manage it") {
  TempDataDir d;
  auto r = run([&](auto& o, auto& e) { return run_officer_add(d.cfg, "rina", o, e); });
  REQUIRE(r.code == 0);
  REQUIRE(r.out.size() > 1);
  CHECK(r.out.back() == '\n');
  const std::string token = r.out.substr(0, r.out.size() - 1);
  CHECK(token.find_first_of(" \t:") == std::string::npos);
  {
    auto env = d.env();
    storage::Txn t(*env, false);
    CHECK(storage::officer_for_token(t, token) == std::optional<std::string>("rina"));
  }
  CHECK(run([&](auto& o, auto& e) { return run_officer_add(d.cfg, "rina", o, e); }).code == 1);
  r = run([&](auto& o, auto& e) { return run_officer_list(d.cfg, o, e); });
  CHECK(r.out.find("rina\t") == 0);
  CHECK(r.out.find("active") != std::string::npos);
  CHECK(r.out.find(token) == std::string::npos);
  CHECK(run([&](auto& o, auto& e) { return run_officer_revoke(d.cfg, "rina", o, e); }).code == 0);
  CHECK(run([&](auto& o, auto& e) { return run_officer_revoke(d.cfg, "nobody", o, e); }).code == 1);
  r = run([&](auto& o, auto& e) { return run_officer_list(d.cfg, o, e); });
  CHECK(r.out.find("revoked") != std::string::npos);
}

TEST_CASE("demo-registry writes the requested number of lines and refuses an impossible count") {
  auto r = run([&](auto& o, auto& e) { return run_demo_registry(12, kDefaultDemoSeed, o, e); });
  CHECK(r.code == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 12);
  r = run([&](auto& o, auto& e) { return run_demo_registry(demo_registry_capacity() + 1, 1, o, e); });
  CHECK(r.code == 2);
  // Fewer lines than the personas would drop some of them silently (it once wrote 3, exit 0).
  for (std::size_t n : {std::size_t{0}, std::size_t{3}, demo_persona_line_count() - 1}) {
    r = run([&](auto& o, auto& e) { return run_demo_registry(n, kDefaultDemoSeed, o, e); });
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--count must be from " + std::to_string(demo_persona_line_count())) != std::string::npos);
  }
  r = run([&](auto& o, auto& e) { return run_demo_registry(demo_persona_line_count(), kDefaultDemoSeed, o, e); });
  CHECK(r.code == 0);
}

TEST_CASE("verify-cert accepts a current certificate, reports a superseded one and rejects a tampered one") {
  TempDataDir d;
  const auto file = d.write("r.jsonl", citizen_json(1).dump() + "\n");
  REQUIRE(run([&](auto& o, auto& e) { return run_import(d.cfg, file, o, e); }).code == 0);
  std::string error;
  auto key = certs::SigningKey::load_or_create(d.cfg.data_dir + "/certificate.key", &error);
  REQUIRE(key);
  const std::string nik = citizen_json(1)["nik"];
  certs::CertificateData data;
  {
    auto env = d.env();
    storage::Txn t(*env, false);
    data.number = *storage::current_certificate(t, "C0000000001", 1);
  }
  data.citizen_id = "C0000000001";
  data.nik_masked = mask_nik(nik);
  data.name = "Siti Rahayu";
  data.birth_date = "1990-08-17";
  data.dose = 1;
  data.vaccine = "Sinovac";
  data.date = "2021-07-02";
  data.facility = "Puskesmas Tebet";
  data.issued_at = "2024-01-05T10:00:00Z";
  const std::string payload = certs::make_payload(data, *key);
  REQUIRE_FALSE(payload.empty());

  auto r = run([&](auto& o, auto& e) { return run_verify_cert(d.cfg, payload, o, e); });
  CHECK(r.code == 0);
  CHECK(r.out.find(data.number) != std::string::npos);
  CHECK(r.out.find("current") != std::string::npos);
  CHECK(r.out.find(data.nik_masked) != std::string::npos);
  CHECK(r.out.find(nik) == std::string::npos);

  auto pdf = certs::render_certificate_pdf(data, payload, &error);
  REQUIRE(pdf);
  const auto pdf_path = d.write("cert.pdf", *pdf);
  CHECK(run([&](auto& o, auto& e) { return run_verify_cert(d.cfg, pdf_path, o, e); }).code == 0);
  // A file name that is not there is reported as such, not as a malformed payload.
  r = run([&](auto& o, auto& e) { return run_verify_cert(d.cfg, pdf_path + ".missing.pdf", o, e); });
  CHECK(r.code == 1);
  CHECK(r.err.find("no such file") != std::string::npos);

  std::string tampered = payload;
  tampered[certs::kPayloadPrefix.size() + 3] = tampered[certs::kPayloadPrefix.size() + 3] == 'A' ? 'B' : 'A';
  r = run([&](auto& o, auto& e) { return run_verify_cert(d.cfg, tampered, o, e); });
  CHECK(r.code == 1);
  CHECK(r.out.find("INVALID") != std::string::npos);

  std::string fresh;
  {
    auto env = d.env();
    storage::Txn w(*env, true);
    auto res = storage::apply_change(w, {"C0000000001", "name", "Siti Rahayuningsih", std::nullopt, "ops", ""}, 1);
    REQUIRE(res.outcome == storage::ChangeOutcome::applied);
    fresh = res.reissued.at(0);
    w.commit();
  }
  r = run([&](auto& o, auto& e) { return run_verify_cert(d.cfg, payload, o, e); });
  CHECK(r.code == 1);
  CHECK(r.out.find("SUPERSEDED by " + fresh) != std::string::npos);
}
