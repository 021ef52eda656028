// Masking of personal data for logs, metrics, lists and the inspector (DESIGN invariant 9).
// Contract: pure, any thread, never throw; accept any bytes (malformed input is masked, never
// echoed). Masks never reveal more than the documented characters.
#pragma once
#include <string>
#include <string_view>

namespace aduan {

constexpr char kMaskChar = '*';
constexpr std::size_t kNikVisibleHead = 4, kNikVisibleTail = 4;
constexpr std::size_t kPhoneVisibleHead = 5, kPhoneVisibleTail = 4;
// A mask hides at least this many characters; shorter inputs reveal less (or nothing).
constexpr std::size_t kMinHidden = 4;

// "3174055708900002" → "3174********0002". Inputs shorter than head+tail+kMinHidden are all '*'.
std::string mask_nik(std::string_view nik);
// A NIK shown beside another (a correction's before/after): as mask_nik, but the positions
// where the two differ are marked, so a citizen can see which digit changes. The value the
// citizen typed shows its digits there (show_digits); the stored value shows kDiffMark, so a
// preview never reveals a hidden digit of the registry's NIK. When more than kNikMaxShownDiff
// positions differ (a different NIK, not a fix), it is plain mask_nik.
constexpr std::size_t kNikMaxShownDiff = 3;
constexpr char kDiffMark = '^';
std::string mask_nik_diff(std::string_view nik, std::string_view other, bool show_digits);
// "Siti Rahayu" → "S*** R*****": first character of each word kept, every other character
// (counted in UTF-8 code points) becomes one '*'; whitespace runs are kept as they are.
std::string mask_name(std::string_view name);
// "6281234567890" → "62812****7890": first 5 and last 4 kept while at least kMinHidden stay
// hidden; shorter numbers keep fewer leading characters, and fewer than 8 characters are all '*'.
std::string mask_phone(std::string_view e164);

}  // namespace aduan
