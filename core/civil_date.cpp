#include "core/civil_date.hpp"

namespace aduan {
namespace {

constexpr int kMaxOffsetMinutes = 23 * 60 + 59;
constexpr std::int64_t kDaysPer400Years = 146'097;
// 1970-01-01 counted from 0000-03-01 in the shifted calendar below.
constexpr std::int64_t kEpochShift = 719'468;

// Reads exactly n ASCII digits at s[pos]; -1 if any is not a digit.
int read_digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void put2(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

void put4(std::string& out, int v) {
  if (v < 0 || v > 9999) {  // outside RFC 3339's years: still plain digits, never garbage bytes
    out += std::to_string(v);
    return;
  }
  put2(out, v / 100);
  put2(out, v % 100);
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  if (m == 2 && is_leap_year(y)) return 29;
  return kDays[m - 1];
}

bool is_valid_date(int y, int m, int d) {
  return y >= kMinYear && y <= kMaxYear && d >= 1 && d <= days_in_month(y, m);
}

std::optional<CivilDate> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = read_digits(s, 0, 4), m = read_digits(s, 5, 2), d = read_digits(s, 8, 2);
  if (y < 0 || m < 0 || d < 0 || !is_valid_date(y, m, d)) return std::nullopt;
  return CivilDate{y, m, d};
}

std::string to_iso(const CivilDate& c) {
  std::string out;
  out.reserve(10);
  put4(out, c.year);
  out.push_back('-');
  put2(out, c.month);
  out.push_back('-');
  put2(out, c.day);
  return out;
}

// The year is shifted to start on 1 March so the leap day is the last day of a year; then
// every 400-year era has the same length and each month's start is a linear function.
std::int64_t days_from_civil(const CivilDate& c) {
  std::int64_t y = c.year - (c.month <= 2 ? 1 : 0);
  std::int64_t era = floor_div(y, 400);
  std::int64_t year_of_era = y - era * 400;
  std::int64_t shifted_month = c.month > 2 ? c.month - 3 : c.month + 9;
  std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + c.day - 1;
  std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * kDaysPer400Years + day_of_era - kEpochShift;
}

CivilDate civil_from_days(std::int64_t days) {
  std::int64_t z = days + kEpochShift;
  std::int64_t era = floor_div(z, kDaysPer400Years);
  std::int64_t day_of_era = z - era * kDaysPer400Years;
  std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  std::int64_t shifted_month = (5 * day_of_year + 2) / 153;
  int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), month, day};
}

CivilDate add_days(const CivilDate& c, std::int64_t days) {
  return civil_from_days(days_from_civil(c) + days);
}

CivilDate civil_date_at(TimeMs ms, int utc_offset_minutes) {
  std::int64_t local = ms + static_cast<std::int64_t>(utc_offset_minutes) * 60'000;
  return civil_from_days(floor_div(local, kMsPerDay));
}

std::string format_rfc3339(TimeMs ms, int utc_offset_minutes) {
  std::int64_t local = ms + static_cast<std::int64_t>(utc_offset_minutes) * 60'000;
  std::int64_t days = floor_div(local, kMsPerDay);
  std::int64_t ms_of_day = local - days * kMsPerDay;
  int secs = static_cast<int>(ms_of_day / 1000);
  std::string out = to_iso(civil_from_days(days));
  out.reserve(25);
  out.push_back('T');
  put2(out, secs / 3600);
  out.push_back(':');
  put2(out, secs / 60 % 60);
  out.push_back(':');
  put2(out, secs % 60);
  if (utc_offset_minutes == 0) {
    out.push_back('Z');
  } else {
    int off = utc_offset_minutes;
    out.push_back(off < 0 ? '-' : '+');
    if (off < 0) off = -off;
    put2(out, off / 60 % 100);
    out.push_back(':');
    put2(out, off % 60);
  }
  return out;
}

std::optional<TimeMs> parse_rfc3339(std::string_view s) {
  if (s.size() < 20) return std::nullopt;
  auto date = parse_iso_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  char sep = s[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  if (s[13] != ':' || s[16] != ':') return std::nullopt;
  int hh = read_digits(s, 11, 2), mi = read_digits(s, 14, 2), ss = read_digits(s, 17, 2);
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return std::nullopt;
  std::size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t d = digits; d < 3; ++d) millis *= 10;
  }
  if (pos >= s.size()) return std::nullopt;
  int offset_minutes = 0;
  char z = s[pos];
  if (z == 'Z' || z == 'z') {
    if (pos + 1 != s.size()) return std::nullopt;
  } else if (z == '+' || z == '-') {
    if (pos + 6 != s.size() || s[pos + 3] != ':') return std::nullopt;
    int oh = read_digits(s, pos + 1, 2), om = read_digits(s, pos + 4, 2);
    if (oh < 0 || om < 0 || om > 59) return std::nullopt;
    offset_minutes = oh * 60 + om;
    if (offset_minutes > kMaxOffsetMinutes) return std::nullopt;
    if (z == '-') offset_minutes = -offset_minutes;
  } else {
    return std::nullopt;
  }
  std::int64_t local_ms = days_from_civil(*date) * kMsPerDay +
                          (static_cast<std::int64_t>(hh) * 3600 + mi * 60 + ss) * 1000 + millis;
  return local_ms - static_cast<std::int64_t>(offset_minutes) * 60'000;
}

}  // namespace aduan
