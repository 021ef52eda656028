#include "core/phone.hpp"

namespace aduan {
namespace {

bool is_separator(char c) { return c == ' ' || c == '.' || c == '-'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::optional<std::string> fail(std::string* reason, const char* why) {
  if (reason) *reason = why;
  return std::nullopt;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::optional<std::string> normalize_phone(std::string_view input, std::string* reason) {
  while (!input.empty() && is_space(input.front())) input.remove_prefix(1);
  while (!input.empty() && is_space(input.back())) input.remove_suffix(1);
  if (input.empty()) return fail(reason, "empty");
  if (input.size() > kMaxPhoneInputChars) return fail(reason, "too long");

  bool plus = false;
  if (input.front() == '+') {
    plus = true;
    input.remove_prefix(1);
  }
  std::string digits;
  digits.reserve(input.size());
  for (char c : input) {
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (!is_separator(c)) {
      return fail(reason, "only digits, spaces, dots, dashes and a leading + are allowed");
    }
  }
  if (digits.empty()) return fail(reason, "no digits");

  std::string_view nsn = digits;
  if (plus || starts_with(nsn, kIndonesiaCountryCode)) {
    if (!starts_with(nsn, kIndonesiaCountryCode)) return fail(reason, "not an Indonesian number (+62)");
    nsn.remove_prefix(kIndonesiaCountryCode.size());
    if (starts_with(nsn, kIndonesiaCountryCode)) return fail(reason, "doubled country code 62");
    if (starts_with(nsn, "0")) nsn.remove_prefix(1);  // "+62 0812…": a trunk 0 kept by habit
  } else if (starts_with(nsn, "0")) {
    nsn.remove_prefix(1);
  } else if (!starts_with(nsn, "8")) {
    return fail(reason, "not an Indonesian mobile number");
  }
  if (nsn.size() < 2 || nsn[0] != '8' || nsn[1] == '0') {
    return fail(reason, "not an Indonesian mobile number (must start 08 or 628)");
  }
  if (nsn.size() < kMinNsnDigits) return fail(reason, "too short");
  if (nsn.size() > kMaxNsnDigits) return fail(reason, "too long");
  std::string out;
  out.reserve(kIndonesiaCountryCode.size() + nsn.size());
  out.append(kIndonesiaCountryCode);
  out.append(nsn);
  return out;
}

bool is_normalized_phone(std::string_view e164) {
  if (!starts_with(e164, kIndonesiaCountryCode)) return false;
  std::string_view nsn = e164.substr(kIndonesiaCountryCode.size());
  if (nsn.size() < kMinNsnDigits || nsn.size() > kMaxNsnDigits) return false;
  if (nsn[0] != '8' || nsn[1] == '0') return false;
  for (char c : nsn) {
    if (!is_digit(c)) return false;
  }
  return true;
}

std::string phone_local_form(std::string_view e164) {
  if (!is_normalized_phone(e164)) return std::string(e164);
  std::string_view nsn = e164.substr(kIndonesiaCountryCode.size());
  // Operators print 4-4-rest: 0812-3456-7890, 0812-3456-789.
  std::string out = "0";
  out.append(nsn.substr(0, 3));
  out.push_back('-');
  out.append(nsn.substr(3, 4));
  out.push_back('-');
  out.append(nsn.substr(7));
  return out;
}

}  // namespace aduan
