#include <catch2/catch.hpp>

#include "core/civil_date.hpp"

using namespace aduan;

TEST_CASE("is_valid_date knows month lengths and the Gregorian leap rule", "[civil_date]") {
  CHECK(is_valid_date(2024, 2, 29));
  CHECK_FALSE(is_valid_date(2023, 2, 29));
  CHECK(is_valid_date(2000, 2, 29));   // divisible by 400
  CHECK_FALSE(is_valid_date(1900, 2, 29));  // divisible by 100 only
  CHECK(is_valid_date(2021, 4, 30));
  CHECK_FALSE(is_valid_date(2021, 4, 31));
  CHECK(is_valid_date(2021, 12, 31));
  CHECK_FALSE(is_valid_date(2021, 13, 1));
  CHECK_FALSE(is_valid_date(2021, 0, 1));
  CHECK_FALSE(is_valid_date(2021, 1, 0));
  CHECK_FALSE(is_valid_date(0, 1, 1));
  CHECK_FALSE(is_valid_date(10000, 1, 1));
}

TEST_CASE("parse_iso_date accepts only zero-padded real dates", "[civil_date]") {
  auto d = parse_iso_date("1990-08-17");
  REQUIRE(d);
  CHECK(d->year == 1990);
  CHECK(d->month == 8);
  CHECK(d->day == 17);
  CHECK(parse_iso_date("2024-02-29"));
  for (const char* bad : {"2023-02-29", "1990-8-17", "1990/08/17", "17-08-1990", "1990-08-17 ", " 1990-08-17",
                          "1990-08-1x", "", "1990-13-01", "1990-00-10", "19900817", "+990-08-17"}) {
    INFO(bad);
    CHECK_FALSE(parse_iso_date(bad));
  }
}

TEST_CASE("to_iso pads every part", "[civil_date]") {
  CHECK(to_iso(CivilDate{2021, 7, 2}) == "2021-07-02");
  CHECK(to_iso(CivilDate{987, 1, 1}) == "0987-01-01");
}

TEST_CASE("days_from_civil counts from the Unix epoch and round-trips", "[civil_date]") {
  CHECK(days_from_civil(CivilDate{1970, 1, 1}) == 0);
  CHECK(days_from_civil(CivilDate{1969, 12, 31}) == -1);
  CHECK(days_from_civil(CivilDate{2000, 3, 1}) == 11017);
  CHECK(days_from_civil(CivilDate{2026, 12, 3}) == 20790);
  CHECK(days_from_civil(CivilDate{1900, 3, 1}) - days_from_civil(CivilDate{1900, 2, 28}) == 1);
  CHECK(days_from_civil(CivilDate{2000, 3, 1}) - days_from_civil(CivilDate{2000, 2, 28}) == 2);
  for (std::int64_t day = days_from_civil(CivilDate{1, 1, 1}); day <= days_from_civil(CivilDate{9999, 12, 31});
       day += 997) {
    CivilDate c = civil_from_days(day);
    REQUIRE(is_valid_date(c.year, c.month, c.day));
    REQUIRE(days_from_civil(c) == day);
  }
  CHECK(add_days(CivilDate{2024, 2, 28}, 1) == CivilDate{2024, 2, 29});
  CHECK(add_days(CivilDate{2023, 2, 28}, 1) == CivilDate{2023, 3, 1});
}

TEST_CASE("civil_date_at applies the offset before taking the date", "[civil_date]") {
  TimeMs just_before_midnight_utc = days_from_civil(CivilDate{2026, 12, 2}) * kMsPerDay + kMsPerDay - 1;
  CHECK(civil_date_at(just_before_midnight_utc) == CivilDate{2026, 12, 2});
  CHECK(civil_date_at(just_before_midnight_utc, kWibOffsetMinutes) == CivilDate{2026, 12, 3});
  CHECK(civil_date_at(-1) == CivilDate{1969, 12, 31});
}

TEST_CASE("format_rfc3339 far outside four-digit years writes plain digits, never garbage bytes", "[civil_date]") {
  // Named after what broke: a test clock advanced by 1e12 s printed "U391-07-23…", and a
  // larger step produced bytes the JSON writer refused, which stopped the storage writer.
  const std::string far = format_rfc3339(TimeMs{1'000'000'000'000'000});
  INFO(far);
  CHECK(far.find_first_not_of("0123456789-T:Z") == std::string::npos);
  CHECK(far.rfind("33658-", 0) == 0);  // 10^12 s after 1970
}

TEST_CASE("format_rfc3339 writes Z at offset zero and the offset otherwise", "[civil_date]") {
  TimeMs t = (days_from_civil(CivilDate{2026, 12, 3}) * 86400 + 2 * 3600 + 15 * 60 + 2) * 1000 + 999;
  CHECK(format_rfc3339(t) == "2026-12-03T02:15:02Z");
  CHECK(format_rfc3339(t, kWibOffsetMinutes) == "2026-12-03T09:15:02+07:00");
  CHECK(format_rfc3339(t, -(3 * 60 + 30)) == "2026-12-02T22:45:02-03:30");
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("parse_rfc3339 reads offsets, Z and fractions", "[civil_date]") {
  TimeMs t = (days_from_civil(CivilDate{2026, 12, 3}) * 86400 + 2 * 3600 + 15 * 60 + 2) * 1000;
  CHECK(parse_rfc3339("2026-12-03T09:15:02+07:00") == t);
  CHECK(parse_rfc3339("2026-12-03T02:15:02Z") == t);
  CHECK(parse_rfc3339("2026-12-03t02:15:02z") == t);
  CHECK(parse_rfc3339("2026-12-03 02:15:02Z") == t);
  CHECK(parse_rfc3339("2026-12-02T22:45:02-03:30") == t);
  CHECK(parse_rfc3339("2026-12-03T02:15:02.5Z") == t + 500);
  CHECK(parse_rfc3339("2026-12-03T02:15:02.123456789Z") == t + 123);
  for (const char* bad : {"2026-12-03T02:15:02", "2026-12-03", "2026-12-03T24:00:00Z", "2026-12-03T02:60:00Z",
                          "2026-12-03T02:15:60Z", "2026-12-03T02:15:02+0700", "2026-12-03T02:15:02.Z",
                          "2026-12-03T02:15:02Zjunk", "2026-02-30T00:00:00Z", "2026-12-03T02:15:02+24:00",
                          "2026-12-03X02:15:02Z", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_rfc3339(bad));
  }
}

TEST_CASE("format_rfc3339 and parse_rfc3339 round-trip whole seconds", "[civil_date]") {
  for (TimeMs t : {TimeMs{0}, TimeMs{1'700'000'000'000}, TimeMs{-86'400'000}, TimeMs{4'102'444'800'000}}) {
    for (int offset : {0, kWibOffsetMinutes, kWitOffsetMinutes, -300}) {
      CHECK(parse_rfc3339(format_rfc3339(t, offset)) == t);
    }
  }
}
