#include <catch2/catch.hpp>

#include "core/nik.hpp"

using namespace aduan;

namespace {
constexpr int kRef = 2026;  // reference year for the century rule in these tables
}

TEST_CASE("parse_nik decodes region, date, sex and serial", "[nik]") {
  std::string reason;
  auto n = parse_nik("3174055708900002", &reason, kRef);
  REQUIRE(n);
  CHECK(n->province == 31);
  CHECK(n->regency == 74);
  CHECK(n->district == 5);
  CHECK(n->sex == 'F');
  CHECK(n->birth_date == CivilDate{1990, 8, 17});
  CHECK(n->serial == 2);

  auto m = parse_nik("3578080511720006", nullptr, kRef);
  REQUIRE(m);
  CHECK(m->sex == 'M');
  CHECK(m->birth_date == CivilDate{1972, 11, 5});
  CHECK(m->serial == 6);
}

TEST_CASE("parse_nik accepts valid NIKs across provinces, legacy codes and edge dates", "[nik]") {
  const char* valid[] = {
      "1101010101800001",  // Aceh, first day of the year
      "1271013112990001",  // Medan, 31 Dec 1999
      "2171014101000001",  // Batam woman born 1 Jan 2000 (day 41)
      "3201017112850001",  // woman born 31 Dec 1985 (day 71)
      "3374102902000001",  // 29 Feb 2000 (yy 00 → 2000, a leap year)
      "3374102902960001",  // 29 Feb 1996
      "3374106902240001",  // woman born 29 Feb 2024
      "5171013008990001",  // Bali city 71
      "6571010101900001",  // Kalimantan Utara (since 2012)
      "6401010101900001",  // Kalimantan Timur: Kaltara NIKs issued before 2012 keep 64
      "7601010101900001",  // Sulawesi Barat
      "8271010101900001",  // Maluku Utara, city 71
      "9103010101900001",  // Papua (91): also pre-2022 NIKs of today's Papua Selatan/Tengah/Pegunungan
      "9271010101900001",  // Papua Barat (92): pre-2022 Sorong NIKs
      "9301010101900001",  // Papua Selatan
      "9401010101900001",  // Papua Tengah
      "9501010101900001",  // Papua Pegunungan
      "9671010101900001",  // Papua Barat Daya
      "3169010101900001",  // regency 69, highest regency code
      "3199990101909999",  // city 99, district 99, serial 9999
      "3101010101269999",  // yy 26 = reference year → 2026
  };
  for (const char* nik : valid) {
    INFO(nik);
    std::string reason;
    CHECK(parse_nik(nik, &reason, kRef));
    CHECK(reason.empty());
  }
}

TEST_CASE("parse_nik rejects each structural error with its reason", "[nik]") {
  struct Case {
    const char* nik;
    const char* reason_part;
  };
  const Case cases[] = {
      {"317405570890000", "16 digits"},     // 15
      {"31740557089000021", "16 digits"},   // 17
      {"3174O55708900002", "16 digits"},    // letter O
      {"3174 55708900002", "16 digits"},
      {"", "16 digits"},
      {"1001010101900001", "province"},     // 10 does not exist
      {"2001010101900001", "province"},
      {"3701010101900001", "province"},
      {"5401010101900001", "province"},     // former Timor Timur: not on any current NIK
      {"9701010101900001", "province"},
      {"0001010101900001", "province"},
      {"3100010101900001", "regency"},      // regency 00
      {"3170010101900001", "regency"},      // 70 is neither regency nor city
      {"3174000101900001", "district"},     // district 00
      {"3174010001900001", "day"},          // day 00
      {"3174013201900001", "day"},          // day 32
      {"3174014001900001", "day"},          // day 40: neither a man's nor a woman's day
      {"3174017201900001", "day"},          // day 72 (woman's 32)
      {"3174010100900001", "month"},
      {"3174010113900001", "month"},
      {"3174013102900001", "does not exist"},  // 31 Feb
      {"3174013104900001", "does not exist"},  // 31 Apr
      {"3174012902230001", "does not exist"},  // 29 Feb 2023
      {"3174016902230001", "does not exist"},  // woman, 29 Feb 2023
      {"3174012902970001", "does not exist"},  // 29 Feb 1997
      {"3174015708900000", "serial"},
  };
  for (const auto& c : cases) {
    INFO(c.nik);
    std::string reason;
    CHECK_FALSE(parse_nik(c.nik, &reason, kRef));
    CHECK_THAT(reason, Catch::Contains(c.reason_part));
  }
}

TEST_CASE("the century follows the reference year", "[nik]") {
  auto young = parse_nik("3174010101250001", nullptr, 2026);
  REQUIRE(young);
  CHECK(young->birth_date.year == 2025);
  auto old = parse_nik("3174010101270001", nullptr, 2026);
  REQUIRE(old);
  CHECK(old->birth_date.year == 1927);
  // yy 00 is 2000 (a leap year), never 1900, so 29 Feb 00 is a real date
  auto leap = parse_nik("3174012902000001", nullptr, 2026);
  REQUIRE(leap);
  CHECK(leap->birth_date == CivilDate{2000, 2, 29});
  // the default overload uses today's year and accepts an ordinary NIK
  CHECK(parse_nik("3174055708900002"));
}

TEST_CASE("nik_matches compares day, month, two-digit year and sex", "[nik]") {
  auto n = parse_nik("3174055708900002", nullptr, kRef);
  REQUIRE(n);
  CHECK(nik_matches(*n, CivilDate{1990, 8, 17}, 'F'));
  CHECK_FALSE(nik_matches(*n, CivilDate{1990, 8, 17}, 'M'));
  CHECK_FALSE(nik_matches(*n, CivilDate{1990, 8, 18}, 'F'));
  CHECK_FALSE(nik_matches(*n, CivilDate{1990, 9, 17}, 'F'));
  CHECK_FALSE(nik_matches(*n, CivilDate{1991, 8, 17}, 'F'));
  // a centenarian: the NIK's guessed century is 2025 but the registry says 1925
  auto c = parse_nik("3174010101250001", nullptr, kRef);
  REQUIRE(c);
  CHECK(nik_matches(*c, CivilDate{1925, 1, 1}, 'M'));
}

TEST_CASE("province_name knows every code of the table and nothing else", "[nik]") {
  CHECK(std::string(province_name(31)) == "DKI Jakarta");
  CHECK(std::string(province_name(95)) == "Papua Pegunungan");
  CHECK(std::string(province_name(96)) == "Papua Barat Daya");
  int known = 0;
  for (int code = 0; code < 100; ++code) known += province_name(code) ? 1 : 0;
  CHECK(known == 38);
  CHECK(province_name(10) == nullptr);
  CHECK(province_name(54) == nullptr);
  CHECK(province_name(-1) == nullptr);
}

TEST_CASE("make_nik builds what parse_nik reads back", "[nik]") {
  std::string nik = make_nik(73, 71, 5, CivilDate{1988, 11, 25}, 'F', 7);
  CHECK(nik == "7371056511880007");
  auto n = parse_nik(nik, nullptr, kRef);
  REQUIRE(n);
  CHECK(nik_matches(*n, CivilDate{1988, 11, 25}, 'F'));
}
