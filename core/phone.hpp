// Indonesian mobile phone numbers: the ONE normalisation used by import, chat input, SMS and
// lookups, so a number typed any accepted way finds the same citizens.
// Contract: pure, any thread, never throws. Output is E.164 digits without '+': "62" followed by
// the national significant number (NSN).
//
// Accepted (CONTRACTS.md "Registry"), with any spaces, dots or dashes between digits:
//   0812…   812…   +62 812…   62812…   +62 0812…   (and 62 0812…, the same trunk-0 slip)
// Rejected: anything with another character (letters, parentheses, a '+' not in front); a doubled
// country code (6262…, +62 62…); a foreign number (+1…, +65…, or digits not starting 0, 8 or 62);
// an NSN that is not mobile (must start 8 then 1–9: 81x–89x; landlines start 2–7, "80" is unused);
// an NSN shorter than kMinNsnDigits or longer than kMaxNsnDigits (Indonesian mobile numbers are
// 0 + 9..12 digits: 0812-345-678 up to 0812-3456-78901).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace aduan {

constexpr std::size_t kMinNsnDigits = 9;
constexpr std::size_t kMaxNsnDigits = 12;
constexpr std::size_t kMaxPhoneInputChars = 40;  // longer input is rejected before any work
constexpr std::string_view kIndonesiaCountryCode = "62";

// Returns "62812…" or nullopt; on failure *reason (if given) gets a short English reason that
// never repeats the input (it may be a citizen's number), e.g. "doubled country code 62".
std::optional<std::string> normalize_phone(std::string_view input, std::string* reason = nullptr);

// True when `e164` is already exactly what normalize_phone produces (62 + a valid mobile NSN).
bool is_normalized_phone(std::string_view e164);

// "0812-3456-7890" for display to the citizen it belongs to; the input must be normalized
// (otherwise it is returned unchanged).
std::string phone_local_form(std::string_view e164);

}  // namespace aduan
