// Calendar dates and RFC 3339 timestamps without time zones databases or locale.
// Contract: pure functions on values, safe on any thread, never throw; parse functions return
// std::nullopt for anything that is not exactly the documented form. Proleptic Gregorian calendar,
// years 1..9999 (kMinYear..kMaxYear); leap seconds are not represented (second 60 is rejected).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace aduan {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr std::int64_t kMsPerDay = 86'400'000;
// Western Indonesia Time (WIB, Jakarta) and Eastern Indonesia Time (WIT, Jayapura), in minutes.
constexpr int kWibOffsetMinutes = 7 * 60;
constexpr int kWitOffsetMinutes = 9 * 60;

struct CivilDate {
  int year = 0, month = 0, day = 0;
};
inline bool operator==(const CivilDate& a, const CivilDate& b) {
  return a.year == b.year && a.month == b.month && a.day == b.day;
}
inline bool operator!=(const CivilDate& a, const CivilDate& b) { return !(a == b); }
inline bool operator<(const CivilDate& a, const CivilDate& b) {
  if (a.year != b.year) return a.year < b.year;
  if (a.month != b.month) return a.month < b.month;
  return a.day < b.day;
}

bool is_leap_year(int y);
int days_in_month(int y, int m);  // 0 for a month outside 1..12
// A real calendar date within kMinYear..kMaxYear.
bool is_valid_date(int y, int m, int d);
// Strict "YYYY-MM-DD": exactly ten characters, zero-padded, a real date.
std::optional<CivilDate> parse_iso_date(std::string_view s);
std::string to_iso(const CivilDate&);  // "YYYY-MM-DD"; the input is not validated
// Days since 1970-01-01 (negative before it); exact for every valid date.
std::int64_t days_from_civil(const CivilDate&);
CivilDate civil_from_days(std::int64_t days);
CivilDate add_days(const CivilDate&, std::int64_t days);
// The calendar date at instant `ms` as seen at UTC+offset.
CivilDate civil_date_at(TimeMs ms, int utc_offset_minutes = 0);

// "2026-12-03T09:15:02+07:00", or "...Z" when the offset is 0; whole seconds (milliseconds
// are dropped, rounding towards the past).
std::string format_rfc3339(TimeMs ms, int utc_offset_minutes = 0);
// "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)"; 't'/'z' and a space separator are accepted
// as RFC 3339 allows; fraction digits beyond milliseconds are truncated.
std::optional<TimeMs> parse_rfc3339(std::string_view s);

}  // namespace aduan
