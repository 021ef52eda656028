#include "core/nik.hpp"

#include <chrono>
#include <ctime>

namespace aduan {
namespace {

constexpr int kMaxRegency = 69;
constexpr int kMinCity = 71;
constexpr int kMaxSerial = 9999;

struct Province {
  int code;
  const char* name;
};

// Kemendagri province codes (Permendagri 72/2019 and the 2022 Papua split). The first digit is
// the island group: 1 Sumatra, 2 Riau Islands, 3 Java, 5 Lesser Sunda, 6 Kalimantan,
// 7 Sulawesi, 8 Maluku, 9 Papua. Legacy meanings still found on valid NIKs:
//   91 was all of Papua before 2022: holders now living in Papua Selatan, Papua Tengah and Papua
//      Pegunungan keep 91;  92 was Papua Barat incl. today's Papua Barat Daya: holders keep 92;
//   65 (Kalimantan Utara, 2012) and 76 (Sulawesi Barat, 2004) NIKs issued earlier keep 64 / 73.
constexpr Province kProvinces[] = {
    {11, "Aceh"},
    {12, "Sumatera Utara"},
    {13, "Sumatera Barat"},
    {14, "Riau"},
    {15, "Jambi"},
    {16, "Sumatera Selatan"},
    {17, "Bengkulu"},
    {18, "Lampung"},
    {19, "Kepulauan Bangka Belitung"},
    {21, "Kepulauan Riau"},
    {31, "DKI Jakarta"},
    {32, "Jawa Barat"},
    {33, "Jawa Tengah"},
    {34, "DI Yogyakarta"},
    {35, "Jawa Timur"},
    {36, "Banten"},
    {51, "Bali"},
    {52, "Nusa Tenggara Barat"},
    {53, "Nusa Tenggara Timur"},
    {61, "Kalimantan Barat"},
    {62, "Kalimantan Tengah"},
    {63, "Kalimantan Selatan"},
    {64, "Kalimantan Timur"},
    {65, "Kalimantan Utara"},
    {71, "Sulawesi Utara"},
    {72, "Sulawesi Tengah"},
    {73, "Sulawesi Selatan"},
    {74, "Sulawesi Tenggara"},
    {75, "Gorontalo"},
    {76, "Sulawesi Barat"},
    {81, "Maluku"},
    {82, "Maluku Utara"},
    {91, "Papua"},
    {92, "Papua Barat"},
    {93, "Papua Selatan"},
    {94, "Papua Tengah"},
    {95, "Papua Pegunungan"},
    {96, "Papua Barat Daya"},
};

int two(std::string_view s, std::size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

std::optional<NikInfo> fail(std::string* reason, const char* why) {
  if (reason) *reason = why;
  return std::nullopt;
}

int current_year() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

void put_digits(std::string& out, int v, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
}

}  // namespace

const char* province_name(int code) {
  for (const auto& p : kProvinces) {
    if (p.code == code) return p.name;
  }
  return nullptr;
}

std::optional<NikInfo> parse_nik(std::string_view nik, std::string* reason) {
  return parse_nik(nik, reason, current_year());
}

std::optional<NikInfo> parse_nik(std::string_view nik, std::string* reason, int reference_year) {
  if (nik.size() != kNikDigits) return fail(reason, "must be 16 digits");
  for (char c : nik) {
    if (c < '0' || c > '9') return fail(reason, "must be 16 digits");
  }
  NikInfo info;
  info.province = two(nik, 0);
  if (!province_name(info.province)) return fail(reason, "unknown province code");
  info.regency = two(nik, 2);
  if (info.regency == 0 || (info.regency > kMaxRegency && info.regency < kMinCity)) {
    return fail(reason, "regency code must be 01-69 or city code 71-99");
  }
  info.district = two(nik, 4);
  if (info.district == 0) return fail(reason, "district code must not be 00");
  int day = two(nik, 6);
  if (day > kNikWomanDayOffset) {
    info.sex = 'F';
    day -= kNikWomanDayOffset;
  }
  if (day < 1 || day > 31) return fail(reason, "day of birth must be 01-31 (41-71 for women)");
  int month = two(nik, 8);
  if (month < 1 || month > 12) return fail(reason, "month of birth must be 01-12");
  int yy = two(nik, 10);
  int century = yy > reference_year % 100 ? 1900 : 2000;
  if (!is_valid_date(century + yy, month, day)) return fail(reason, "encoded birth date does not exist");
  info.birth_date = CivilDate{century + yy, month, day};
  info.serial = (nik[12] - '0') * 1000 + two(nik, 13) * 10 + (nik[15] - '0');
  if (info.serial == 0) return fail(reason, "serial must not be 0000");
  return info;
}

bool nik_matches(const NikInfo& info, const CivilDate& birth_date, char sex) {
  return info.sex == sex && info.birth_date.day == birth_date.day &&
         info.birth_date.month == birth_date.month &&
         info.birth_date.year % 100 == ((birth_date.year % 100) + 100) % 100;
}

std::string make_nik(int province, int regency, int district, const CivilDate& birth_date,
                     char sex, int serial) {
  std::string out;
  out.reserve(kNikDigits);
  put_digits(out, province % 100, 2);
  put_digits(out, regency % 100, 2);
  put_digits(out, district % 100, 2);
  put_digits(out, birth_date.day % 100 + (sex == 'F' ? kNikWomanDayOffset : 0), 2);
  put_digits(out, birth_date.month % 100, 2);
  put_digits(out, birth_date.year % 100, 2);
  put_digits(out, serial % (kMaxSerial + 1), 4);
  return out;
}

}  // namespace aduan
