// NIK (Nomor Induk Kependudukan), the 16-digit national id: structure rules only — there is no
// check digit, so a well-formed NIK can still belong to nobody.
// Contract: pure, any thread, never throws.
//
// Layout  PP RR DD  dd mm yy  SSSS
//   PP    province code from the Home Affairs (Kemendagri) table, legacy codes kept: a NIK never
//         changes by law, so NIKs issued in Papua before the 2022 split keep 91/92 (see nik.cpp)
//   RR    regency 01–69 or city 71–99 (00 and 70 do not exist)
//   DD    district (kecamatan) ≥ 01
//   dd    day of birth 01–31, or 41–71 for women (day + 40)
//   mm    month 01–12;  yy two-digit year (century chosen below)
//   SSSS  serial ≠ 0000
// Century: yy > (reference year mod 100) → 19yy, else 20yy; the reference year is the current
// year unless given. It only decides whether 29 February of yy=00 exists (2000 was a leap year,
// 1900 was not); nik_matches compares two-digit years, so the guess never causes a mismatch.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.hpp"

namespace aduan {

constexpr std::size_t kNikDigits = 16;
constexpr int kNikWomanDayOffset = 40;

struct NikInfo {
  int province = 0, regency = 0, district = 0;
  CivilDate birth_date;  // century guessed as described above
  char sex = 'M';        // 'M' or 'F' (from the day field)
  int serial = 0;
};

// Exactly 16 ASCII digits, nothing else. *reason (if given) gets a short English reason.
std::optional<NikInfo> parse_nik(std::string_view nik, std::string* reason = nullptr);
std::optional<NikInfo> parse_nik(std::string_view nik, std::string* reason, int reference_year);

// The encoded day, month, two-digit year and sex agree with the given ones.
bool nik_matches(const NikInfo&, const CivilDate& birth_date, char sex);

// Current name of the province a code belongs to; nullptr when the code is unknown.
const char* province_name(int code);

// Builds a NIK string (no validation beyond formatting): the demo registry and tests use it.
std::string make_nik(int province, int regency, int district, const CivilDate& birth_date,
                     char sex, int serial);

}  // namespace aduan
