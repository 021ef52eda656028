#include <catch2/catch.hpp>

#include <functional>
#include <random>

#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "core/registry_record.hpp"

using namespace aduan;
using nlohmann::json;

namespace {

json good_line() {
  return json::parse(R"({"nik": "3174055708900002", "name": "Siti Rahayu", "birth_date": "1990-08-17", "sex": "F",
    "phone": "0812-3456-7890", "email": "siti@example.id",
    "vaccinations": [{"dose": 1, "vaccine": "Sinovac", "date": "2021-07-02",
                      "facility": "Puskesmas Tebet", "batch": "SN2107A", "certificate": true}]})");
}

std::string rejection(const json& j) {
  RegistryParse r = parse_registry_line(j.dump());
  CHECK_FALSE(r.citizen);
  return r.error;
}

TimeMs at(int y, int m, int d) { return days_from_civil(CivilDate{y, m, d}) * kMsPerDay; }

}  // namespace

TEST_CASE("the CONTRACTS.md example line parses into a profile", "[registry_record]") {
  RegistryParse r = parse_registry_line(good_line().dump());
  REQUIRE(r.citizen);
  CHECK(r.error.empty());
  const CitizenProfile& c = *r.citizen;
  CHECK(c.nik == "3174055708900002");
  CHECK(c.name == "Siti Rahayu");
  CHECK(c.birth_date == "1990-08-17");
  CHECK(c.sex == "F");
  CHECK(c.phone == "6281234567890");
  CHECK(c.email == "siti@example.id");
  CHECK(c.flags.empty());
  CHECK(c.id.empty());
  CHECK(c.version == 0);
  CHECK(c.provenance.empty());
  REQUIRE(c.vaccinations.size() == 1);
  CHECK(c.vaccinations[0].dose == 1);
  CHECK(c.vaccinations[0].vaccine == "Sinovac");
  CHECK(c.vaccinations[0].batch == "SN2107A");
  CHECK(c.vaccinations[0].certificate);
}

TEST_CASE("optional fields default: no email, no vaccinations, certificate true", "[registry_record]") {
  json j = good_line();
  j.erase("email");
  j.erase("vaccinations");
  auto r = parse_registry_line(j.dump());
  REQUIRE(r.citizen);
  CHECK(r.citizen->email.empty());
  CHECK(r.citizen->vaccinations.empty());

  j = good_line();
  j["email"] = nullptr;
  j["vaccinations"][0].erase("certificate");
  j["vaccinations"][0].erase("facility");
  j["vaccinations"][0].erase("batch");
  r = parse_registry_line(j.dump());
  REQUIRE(r.citizen);
  CHECK(r.citizen->vaccinations[0].certificate);
  CHECK(r.citizen->vaccinations[0].facility.empty());

  j["vaccinations"][0]["certificate"] = false;
  r = parse_registry_line(j.dump());
  REQUIRE(r.citizen);
  CHECK_FALSE(r.citizen->vaccinations[0].certificate);
}

TEST_CASE("doses come back sorted by dose number", "[registry_record]") {
  json j = good_line();
  j["vaccinations"] = json::parse(R"([{"dose": 3, "vaccine": "Pfizer", "date": "2022-02-15"},
                                      {"dose": 1, "vaccine": "Sinovac", "date": "2021-07-02"},
                                      {"dose": 2, "vaccine": "Sinovac", "date": "2021-07-30"}])");
  auto r = parse_registry_line(j.dump());
  REQUIRE(r.citizen);
  REQUIRE(r.citizen->vaccinations.size() == 3);
  CHECK(r.citizen->vaccinations[0].dose == 1);
  CHECK(r.citizen->vaccinations[2].vaccine == "Pfizer");
}

TEST_CASE("a NIK whose date or sex disagrees is accepted and flagged", "[registry_record]") {
  json j = good_line();
  j["birth_date"] = "1990-08-18";
  auto r = parse_registry_line(j.dump());
  REQUIRE(r.citizen);
  CHECK(r.citizen->flags == std::vector<std::string>{kFlagNikMismatch});

  j = good_line();
  j["sex"] = "M";
  r = parse_registry_line(j.dump());
  REQUIRE(r.citizen);
  CHECK(r.citizen->flags == std::vector<std::string>{"nik_birthdate_mismatch"});
}

TEST_CASE("each rejection reason is reported", "[registry_record]") {
  struct Case {
    std::function<void(json&)> edit;
    const char* reason_part;
  };
  const Case cases[] = {
      {[](json& j) { j.erase("nik"); }, "missing field \"nik\""},
      {[](json& j) { j.erase("name"); }, "missing field \"name\""},
      {[](json& j) { j.erase("birth_date"); }, "missing field \"birth_date\""},
      {[](json& j) { j.erase("sex"); }, "missing field \"sex\""},
      {[](json& j) { j.erase("phone"); }, "missing field \"phone\""},
      {[](json& j) { j["nik"] = nullptr; }, "missing field \"nik\""},
      {[](json& j) { j["nik"] = 3174055708900002; }, "field \"nik\" must be a string"},
      {[](json& j) { j["name"] = json::array(); }, "field \"name\" must be a string"},
      {[](json& j) { j["religion"] = "x"; }, "unknown field \"religion\""},
      {[](json& j) { j["id"] = "C1"; }, "unknown field \"id\""},
      {[](json& j) { j["nik"] = "317405570890000"; }, "nik: must be 16 digits"},
      {[](json& j) { j["nik"] = "1074055708900002"; }, "nik: unknown province code"},
      {[](json& j) { j["nik"] = "3170055708900002"; }, "nik: regency"},
      {[](json& j) { j["nik"] = "3174005708900002"; }, "nik: district"},
      {[](json& j) { j["nik"] = "3174053208900002"; }, "nik: day"},
      {[](json& j) { j["nik"] = "3174055708900000"; }, "nik: serial"},
      {[](json& j) { j["name"] = "   "; }, "name is empty"},
      {[](json& j) { j["name"] = std::string(kMaxNameBytes + 1, 'a'); }, "name is longer"},
      {[](json& j) { j["name"] = "Siti\nRahayu"; }, "control characters"},
      {[](json& j) { j["birth_date"] = "17-08-1990"; }, "birth_date must be a real date"},
      {[](json& j) { j["birth_date"] = "1990-02-30"; }, "birth_date must be a real date"},
      {[](json& j) { j["birth_date"] = "1890-08-17"; }, "birth_date is before 1900"},
      {[](json& j) { j["sex"] = "P"; }, "sex must be"},
      {[](json& j) { j["sex"] = "f"; }, "sex must be"},
      {[](json& j) { j["phone"] = "626281234567890"; }, "phone: doubled country code"},
      {[](json& j) { j["phone"] = "+65 8123 4567"; }, "phone: not an Indonesian number"},
      {[](json& j) { j["phone"] = "0812"; }, "phone: too short"},
      {[](json& j) { j["email"] = "siti at example"; }, "email is not a valid address"},
      {[](json& j) { j["email"] = 5; }, "field \"email\" must be a string"},
      {[](json& j) { j["vaccinations"] = json::object(); }, "vaccinations must be an array"},
      {[](json& j) { j["vaccinations"][0] = "dose 1"; }, "vaccinations[0]: must be an object"},
      {[](json& j) { j["vaccinations"][0]["lot"] = "x"; }, "vaccinations[0]: unknown field \"lot\""},
      {[](json& j) { j["vaccinations"][0]["certificate_number"] = "x"; }, "unknown field \"certificate_number\""},
      {[](json& j) { j["vaccinations"][0].erase("dose"); }, "vaccinations[0]: missing field \"dose\""},
      {[](json& j) { j["vaccinations"][0]["dose"] = 0; }, "dose must be a whole number"},
      {[](json& j) { j["vaccinations"][0]["dose"] = -1; }, "dose must be a whole number"},
      {[](json& j) { j["vaccinations"][0]["dose"] = 1.5; }, "dose must be a whole number"},
      {[](json& j) { j["vaccinations"][0]["dose"] = "1"; }, "dose must be a whole number"},
      {[](json& j) { j["vaccinations"][0]["dose"] = 11; }, "dose must be a whole number"},
      {[](json& j) { j["vaccinations"][0]["dose"] = 18446744073709551615ull; }, "dose must be a whole number"},
      {[](json& j) { j["vaccinations"].push_back(j["vaccinations"][0]); }, "vaccinations: dose 1 appears twice"},
      {[](json& j) { j["vaccinations"][0].erase("vaccine"); }, "vaccinations[0]: missing field \"vaccine\""},
      {[](json& j) { j["vaccinations"][0]["vaccine"] = " "; }, "missing field \"vaccine\""},
      {[](json& j) { j["vaccinations"][0].erase("date"); }, "vaccinations[0]: missing field \"date\""},
      {[](json& j) { j["vaccinations"][0]["date"] = "2021-02-29"; }, "vaccinations[0]: date must be a real date"},
      {[](json& j) { j["vaccinations"][0]["date"] = "1989-01-01"; }, "date is before birth_date"},
      {[](json& j) { j["vaccinations"][0]["facility"] = 7; }, "field \"facility\" must be a string"},
      {[](json& j) { j["vaccinations"][0]["certificate"] = "yes"; }, "certificate must be true or false"},
      {[](json& j) { j["vaccinations"][0]["batch"] = std::string(kMaxTextFieldBytes + 1, 'B'); }, "batch is longer"},
      {[](json& j) {
         for (int i = 2; i <= static_cast<int>(kMaxVaccinations) + 1; ++i) {
           j["vaccinations"].push_back({{"dose", i}, {"vaccine", "Pfizer"}, {"date", "2022-01-01"}});
         }
       },
       "more than"},
  };
  int index = 0;
  for (const auto& c : cases) {
    json j = good_line();
    c.edit(j);
    INFO("case " << index++ << ": " << j.dump());
    CHECK_THAT(rejection(j), Catch::Contains(c.reason_part));
  }
}

TEST_CASE("lines that are not a JSON object are rejected", "[registry_record]") {
  CHECK(parse_registry_line("").error == "empty line");
  CHECK(parse_registry_line("   ").error == "empty line");
  CHECK(parse_registry_line("{").error == "line is not valid JSON");
  CHECK(parse_registry_line("[1,2]").error == "line is not a JSON object");
  CHECK(parse_registry_line("\"text\"").error == "line is not a JSON object");
  CHECK(parse_registry_line(good_line().dump() + " {}").error == "line is not valid JSON");
  std::string huge = "{\"name\":\"" + std::string(kMaxRegistryLineBytes, 'a') + "\"}";
  CHECK_THAT(parse_registry_line(huge).error, Catch::Contains("longer than"));
}

TEST_CASE("an unknown field name is quoted safely and shortened", "[registry_record]") {
  json j = good_line();
  j[std::string("bad\x01key") + std::string(100, 'k')] = 1;
  std::string error = rejection(j);
  CHECK_THAT(error, Catch::StartsWith("unknown field \"bad\\u0001key"));
  CHECK_THAT(error, Catch::EndsWith("...\""));
  CHECK(error.size() < 80);
}

TEST_CASE("parse_registry_line never throws on garbage", "[registry_record]") {
  std::mt19937_64 gen(12345);  // fixed seed: the same garbage every run
  const std::string base = good_line().dump();
  const std::string alphabet = "{}[]\":,0123456789abcdefnulltrue \\\x01\xff\xc3";
  int accepted = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string s = base;
    int edits = 1 + static_cast<int>(gen() % 8);
    for (int e = 0; e < edits; ++e) {
      std::size_t pos = gen() % (s.size() + 1);
      switch (gen() % 3) {
        case 0: s.insert(pos, 1, alphabet[gen() % alphabet.size()]); break;
        case 1: if (pos < s.size()) s.erase(pos, 1); break;
        default: if (pos < s.size()) s[pos] = static_cast<char>(gen() & 0xff); break;
      }
    }
    RegistryParse r;
    REQUIRE_NOTHROW(r = parse_registry_line(s));
    if (r.citizen) {
      ++accepted;
    } else {
      CHECK_FALSE(r.error.empty());
    }
  }
  for (int i = 0; i < 2000; ++i) {
    std::string s(gen() % 200, '\0');
    for (char& ch : s) ch = static_cast<char>(gen() & 0xff);
    REQUIRE_NOTHROW(parse_registry_line(s));
  }
  CHECK(accepted < 5000);
}

TEST_CASE("a repeated key keeps its last value, as a parsed JSON object does", "[registry_record]") {
  std::string line = good_line().dump();
  line.insert(1, R"("name": 7, "vaccinations": "none", )");
  auto r = parse_registry_line(line);
  REQUIRE(r.citizen);
  CHECK(r.citizen->name == "Siti Rahayu");
  CHECK(r.citizen->vaccinations.size() == 1);
  line = good_line().dump();
  line.insert(line.size() - 1, R"(, "sex": "X")");
  CHECK(parse_registry_line(line).error == "sex must be \"M\" or \"F\"");
}

TEST_CASE("the first unknown field in key order is reported, nested keys are not looked at",
          "[registry_record]") {
  json j = good_line();
  j["zeta"] = json::object({{"nik", 1}});
  j["beta"] = 1;
  CHECK(rejection(j) == "unknown field \"beta\"");
  j = good_line();
  j["name"] = json::object({{"unknown", json::array({1, json::object({{"x", 2}})})}});
  CHECK(rejection(j) == "field \"name\" must be a string");
  j = good_line();
  j["vaccinations"][0]["vaccine"] = json::array({json::object({{"zzz", 1}})});
  CHECK(rejection(j) == "vaccinations[0]: field \"vaccine\" must be a string");
  j = good_line();
  j["vaccinations"].push_back(json::array({1}));
  CHECK(rejection(j) == "vaccinations[1]: must be an object");
}

// parse_registry_line reads the text with a SAX handler, parse_registry_json walks a parsed
// tree; both feed the same rules and must answer alike, whatever the line.
TEST_CASE("parse_registry_line and parse_registry_json agree on mutated lines", "[registry_record]") {
  std::mt19937_64 gen(99);
  const char* keys[] = {"nik", "name", "birth_date", "sex", "phone", "email", "vaccinations", "dose",
                        "vaccine", "date", "facility", "batch", "certificate", "zzz", "aaa"};
  const std::vector<json> values = {nullptr, true, 0, -1, 1, 3, 11, 1.5, "", " x ", "M", "2021-07-02",
                                    "1899-01-01", json::array(), json::object(), json::array({1}),
                                    18446744073709551615ull, "a@b.c", std::string(201, 'x')};
  auto show = [](const RegistryParse& r) {
    if (!r.citizen) return "error " + r.error;
    json j = registry_line_json(*r.citizen);
    j["flags"] = r.citizen->flags;
    return j.dump();
  };
  for (int i = 0; i < 3000; ++i) {
    json j = good_line();
    for (int e = 0, n = 1 + static_cast<int>(gen() % 3); e < n; ++e) {
      const char* k = keys[gen() % std::size(keys)];
      const json& v = values[gen() % values.size()];
      switch (gen() % 4) {
        case 0: j[k] = v; break;
        case 1: j.erase(k); break;
        default:
          if (j.contains("vaccinations") && j["vaccinations"].is_array() && !j["vaccinations"].empty() &&
              j["vaccinations"][0].is_object())
            j["vaccinations"][0][k] = v;
      }
    }
    INFO(j.dump());
    CHECK(show(parse_registry_line(j.dump())) == show(parse_registry_json(j)));
  }
}

TEST_CASE("registry_line_json writes what parse_registry_line reads back", "[registry_record]") {
  auto r = parse_registry_line(good_line().dump());
  REQUIRE(r.citizen);
  json out = registry_line_json(*r.citizen);
  CHECK(out.at("phone") == "6281234567890");
  CHECK_FALSE(out.contains("id"));
  CHECK_FALSE(out.at("vaccinations").at(0).contains("certificate_number"));
  auto again = parse_registry_line(out.dump());
  REQUIRE(again.citizen);
  CHECK(registry_line_json(*again.citizen) == out);

  CitizenProfile no_email = *r.citizen;
  no_email.email.clear();
  CHECK_FALSE(registry_line_json(no_email).contains("email"));
}

TEST_CASE("check_field validates and normalises names", "[registry_record][check_field]") {
  TimeMs now = at(2026, 12, 3);
  auto r = check_field("name", "  Budi    Santoso ", now);
  CHECK(r.ok);
  CHECK(r.value == "Budi Santoso");
  CHECK(check_field("name", "Nur'aini Al-Habsyi", now).ok);
  CHECK(check_field("name", "Moh. Yusuf", now).ok);
  CHECK(check_field("name", "Zoë Ñúñez", now).ok);
  CHECK(check_field("name", "B", now).reason_key == "name_too_short");
  CHECK(check_field("name", "   ", now).reason_key == "name_too_short");
  CHECK(check_field("name", ". -", now).reason_key == "name_too_short");
  CHECK(check_field("name", "Budi 2", now).reason_key == "name_invalid");
  CHECK(check_field("name", "budi@home", now).reason_key == "name_invalid");
  CHECK(check_field("name", std::string(kMaxNameBytes + 1, 'a'), now).reason_key == "name_too_long");
}

TEST_CASE("check_field reads birth dates in the three accepted forms", "[registry_record][check_field]") {
  TimeMs now = at(2026, 12, 3);
  for (const char* s : {"1990-08-17", "17-08-1990", "17/08/1990", "17/8/1990", " 17-8-1990 "}) {
    INFO(s);
    auto r = check_field("birth_date", s, now);
    CHECK(r.ok);
    CHECK(r.value == "1990-08-17");
  }
  CHECK(check_field("birth_date", "29/02/2024", now).value == "2024-02-29");
  for (const char* s : {"29/02/2023", "31-04-1990", "17-08-90", "1990/08/17", "17-08/1990", "17 08 1990",
                        "32-01-1990", "17-13-1990", "", "kemarin", "01-01-1899", "1990-8-17"}) {
    INFO(s);
    CHECK(check_field("birth_date", s, now).reason_key == "date_invalid");
  }
  CHECK(check_field("birth_date", "04-12-2026", now).reason_key == "date_future");
  CHECK(check_field("birth_date", "03-12-2026", now).ok);
  // 23:30 WIB on 3 Dec is already 4 Dec in Papua: a baby born there today is accepted
  TimeMs late = at(2026, 12, 3) + (16 * 60 + 30) * 60'000;
  CHECK(check_field("birth_date", "2026-12-04", late).ok);
}

TEST_CASE("check_field understands sex in Indonesian and English", "[registry_record][check_field]") {
  TimeMs now = at(2026, 12, 3);
  for (const char* s : {"M", "m", "L", "laki-laki", "Laki-Laki", "pria", "Male"}) {
    INFO(s);
    CHECK(check_field("sex", s, now).value == "M");
  }
  for (const char* s : {"F", "P", "perempuan", "Perempuan", "wanita", "FEMALE"}) {
    INFO(s);
    CHECK(check_field("sex", s, now).value == "F");
  }
  CHECK(check_field("sex", "X", now).reason_key == "sex_invalid");
  CHECK(check_field("sex", "", now).reason_key == "sex_invalid");
}

TEST_CASE("check_field checks phones, emails and NIKs", "[registry_record][check_field]") {
  TimeMs now = at(2026, 12, 3);
  CHECK(check_field("phone", "0812-3456-7890", now).value == "6281234567890");
  CHECK(check_field("phone", "+65 8123 4567", now).reason_key == "phone_invalid");
  CHECK(check_field("email", " Siti@Example.ID ", now).value == "Siti@example.id");
  for (const char* bad : {"siti", "@example.id", "siti@", "siti@example", "si ti@example.id", "a@b@c.id",
                          "siti@.id", "siti@example.", "siti@exa..mple.id"}) {
    INFO(bad);
    CHECK(check_field("email", bad, now).reason_key == "email_invalid");
  }
  CHECK(check_field("nik", "3174 0557 0890 0002", now).value == "3174055708900002");
  CHECK(check_field("nik", "3174-0557-0890-0002", now).ok);
  CHECK(check_field("nik", "3174055708900000", now).reason_key == "nik_invalid");
  CHECK(check_field("nik", "31740557089000021", now).reason_key == "nik_invalid");
  CHECK(check_field("nik", "", now).reason_key == "nik_invalid");
  CHECK(check_field("version", "4", now).reason_key == "field_unknown");
}
