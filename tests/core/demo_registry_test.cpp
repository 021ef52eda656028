#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_set>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "core/demo_registry.hpp"
#include "core/nik.hpp"
#include "core/phone.hpp"
#include "core/registry_record.hpp"

using namespace aduan;

namespace {

std::string generate(std::size_t count, std::uint64_t seed) {
  std::ostringstream out;
  write_demo_registry(out, count, seed);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    hex.push_back("0123456789abcdef"[digest[i] >> 4]);
    hex.push_back("0123456789abcdef"[digest[i] & 15]);
  }
  return hex;
}

const DemoPersona& persona(const std::string& key) {
  for (const auto& p : demo_personas()) {
    if (p.key == key) return p;
  }
  FAIL("no persona " << key);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the default seed gives the same registry every run and another seed a different one",
          "[demo_registry]") {
  std::string a = generate(1000, kDefaultDemoSeed);
  std::string b = generate(1000, kDefaultDemoSeed);
  std::string c = generate(1000, kDefaultDemoSeed + 1);
  CHECK(lines_of(a).size() == 1000);
  CHECK(sha256_hex(a) == sha256_hex(b));
  CHECK(sha256_hex(a) != sha256_hex(c));
}

TEST_CASE("a longer registry starts with the shorter one of the same seed", "[demo_registry]") {
  std::string small = generate(300, 7);
  std::string large = generate(1200, 7);
  CHECK(large.compare(0, small.size(), small) == 0);
}

TEST_CASE("the personas come first and are the same for every seed", "[demo_registry]") {
  std::size_t n = demo_persona_line_count();
  REQUIRE(n == demo_personas().size());
  auto a = lines_of(generate(n + 50, 1));
  auto b = lines_of(generate(n + 50, 99));
  for (std::size_t i = 0; i < n; ++i) CHECK(a[i] == b[i]);
  CHECK(a[n] != b[n]);
  for (std::size_t i = 0; i < n; ++i) {
    auto r = parse_registry_line(a[i]);
    REQUIRE(r.citizen);
    const DemoPersona& p = demo_personas()[i];
    INFO(p.key);
    CHECK(r.citizen->nik == p.nik);
    CHECK(r.citizen->name == p.name);
    CHECK(r.citizen->phone == p.phone);
    CHECK(normalize_phone(p.phone_local) == std::optional<std::string>(p.phone));
    CHECK_FALSE(p.role.empty());
    CHECK_FALSE(p.try_this.empty());
  }
  // a count smaller than the persona block writes only its beginning
  auto three = lines_of(generate(3, kDefaultDemoSeed));
  REQUIRE(three.size() == 3);
  CHECK(three[0] == a[0]);
  CHECK(generate(0, kDefaultDemoSeed).empty());
}

TEST_CASE("every documented persona exists with the situation it demonstrates", "[demo_registry]") {
  auto lines = lines_of(generate(demo_persona_line_count(), kDefaultDemoSeed));
  std::map<std::string, CitizenProfile> by_key;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto r = parse_registry_line(lines[i]);
    REQUIRE(r.citizen);
    by_key[demo_personas()[i].key] = *r.citizen;
  }

  const CitizenProfile& complete = by_key.at("complete");
  CHECK(complete.vaccinations.size() >= 3);
  for (const auto& d : complete.vaccinations) CHECK(d.certificate);
  CHECK(complete.flags.empty());

  // family of three on one phone, nobody else on it
  std::set<std::string> family_phones;
  for (const char* k : {"family_father", "family_mother", "family_child"}) family_phones.insert(by_key.at(k).phone);
  CHECK(family_phones.size() == 1);

  const CitizenProfile& no_cert = by_key.at("no_certificate");
  bool missing = false;
  for (const auto& d : no_cert.vaccinations) missing = missing || !d.certificate;
  CHECK(missing);

  CHECK(by_key.at("name_typo").name == "Budi Santsoo");

  // the conflict: the holder's record holds the requester's real NIK, which her own record lacks
  const DemoPersona& requester = persona("conflict_requester");
  const CitizenProfile& holder = by_key.at("conflict_holder");
  CHECK_THAT(requester.try_this, Catch::Contains(holder.nik));
  CHECK(by_key.at("conflict_requester").nik != holder.nik);
  CHECK(by_key.at("conflict_requester").birth_date == holder.birth_date);
  CHECK(by_key.at("conflict_requester").flags.empty());
  CHECK(holder.flags.empty());

  const CitizenProfile& mismatch = by_key.at("nik_mismatch");
  CHECK(mismatch.flags == std::vector<std::string>{kFlagNikMismatch});
  for (const auto& [key, c] : by_key) {
    if (key != "nik_mismatch") CHECK(c.flags.empty());
  }

  // distinct phones per persona (the family shares one)
  std::set<std::string> phones;
  for (const auto& [key, c] : by_key) phones.insert(c.phone);
  CHECK(phones.size() == by_key.size() - 2);
}

TEST_CASE("every generated line parses, NIKs are unique and consistent, doses are in order",
          "[demo_registry]") {
  const std::size_t count = 20000;
  auto lines = lines_of(generate(count, kDefaultDemoSeed));
  REQUIRE(lines.size() == count);
  std::unordered_set<std::string> niks;
  std::set<std::string> persona_phones;
  for (const auto& p : demo_personas()) persona_phones.insert(p.phone);
  std::set<int> provinces;
  std::set<std::string> vaccines;
  std::size_t shared_phone_lines = 0, with_email = 0, no_doses = 0, four_doses = 0, women = 0;
  std::string previous_phone;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto r = parse_registry_line(lines[i]);
    INFO("line " << i + 1 << ": " << r.error);
    REQUIRE(r.citizen);
    const CitizenProfile& c = *r.citizen;
    CHECK(niks.insert(c.nik).second);
    if (i < demo_persona_line_count()) continue;
    CHECK(c.flags.empty());
    CHECK(persona_phones.count(c.phone) == 0);
    CHECK(c.phone.compare(0, 5, "62811") != 0);
    auto nik = parse_nik(c.nik);
    REQUIRE(nik);
    CHECK(nik->serial >= 10);
    provinces.insert(nik->province);
    women += c.sex == "F" ? 1 : 0;
    if (c.phone == previous_phone) ++shared_phone_lines;
    previous_phone = c.phone;
    with_email += c.email.empty() ? 0 : 1;
    no_doses += c.vaccinations.empty() ? 1 : 0;
    four_doses += c.vaccinations.size() == 4 ? 1 : 0;
    std::string last_date;
    for (std::size_t k = 0; k < c.vaccinations.size(); ++k) {
      const auto& d = c.vaccinations[k];
      CHECK(d.dose == static_cast<int>(k) + 1);
      CHECK(d.date >= "2021-01-13");
      CHECK(d.date <= "2023-12-31");
      CHECK(d.date > last_date);
      CHECK_FALSE(d.facility.empty());
      CHECK_FALSE(d.batch.empty());
      last_date = d.date;
      vaccines.insert(d.vaccine);
    }
  }
  CHECK(provinces.size() >= 34);
  for (const char* v : {"Sinovac", "AstraZeneca", "Pfizer", "Moderna", "Sinopharm", "Janssen"}) {
    INFO(v);
    CHECK(vaccines.count(v) == 1);
  }
  CHECK(shared_phone_lines > count / 20);  // families exist
  CHECK(with_email > count / 20);
  CHECK(no_doses > 0);
  CHECK(four_doses > 0);
  CHECK(women > count / 3);
  CHECK(women < count * 2 / 3);
}

TEST_CASE("generated phones come in several written forms", "[demo_registry]") {
  auto lines = lines_of(generate(2000, kDefaultDemoSeed));
  bool local0 = false, plus62 = false, bare62 = false, bare8 = false, dashed = false, spaced = false;
  for (const auto& line : lines) {
    auto j = nlohmann::json::parse(line);
    std::string p = j.at("phone");
    local0 = local0 || p[0] == '0';
    plus62 = plus62 || p.compare(0, 3, "+62") == 0;
    bare62 = bare62 || p.compare(0, 2, "62") == 0;
    bare8 = bare8 || p[0] == '8';
    dashed = dashed || p.find('-') != std::string::npos;
    spaced = spaced || p.find(' ') != std::string::npos;
  }
  CHECK(local0);
  CHECK(plus62);
  CHECK(bare62);
  CHECK(bare8);
  CHECK(dashed);
  CHECK(spaced);
}

TEST_CASE("the count is capped at the generator's capacity", "[demo_registry]") {
  CHECK(demo_registry_capacity() >= 10'000'000);
}

TEST_CASE("docs/personas.md lists every persona with its phone", "[demo_registry]") {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/docs/personas.md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  for (const auto& p : demo_personas()) {
    INFO(p.key);
    CHECK_THAT(text.str(), Catch::Contains("`" + p.key + "`"));
    CHECK_THAT(text.str(), Catch::Contains(phone_local_form(p.phone)));
  }
}
