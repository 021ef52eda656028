#include "core/mask.hpp"

#include <algorithm>

namespace aduan {
namespace {

constexpr std::size_t kPhoneMinForTail = 8;

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Length in bytes of the UTF-8 sequence starting at s[i]; a malformed byte counts as one
// code point so that nothing is ever copied through unmasked.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) return 1;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

std::string keep_ends(std::string_view s, std::size_t head, std::size_t tail) {
  std::string out;
  out.reserve(s.size());
  out.append(s.substr(0, head));
  out.append(s.size() - head - tail, kMaskChar);
  out.append(s.substr(s.size() - tail));
  return out;
}

}  // namespace

std::string mask_nik(std::string_view nik) {
  if (nik.size() < kNikVisibleHead + kNikVisibleTail + kMinHidden) {
    return std::string(nik.size(), kMaskChar);
  }
  return keep_ends(nik, kNikVisibleHead, kNikVisibleTail);
}

std::string mask_nik_diff(std::string_view nik, std::string_view other, bool show_digits) {
  std::string out = mask_nik(nik);
  // Too short to mask with visible ends: nothing of it is shown, not even a difference.
  if (nik.size() != other.size() || nik.size() < kNikVisibleHead + kNikVisibleTail + kMinHidden) return out;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < nik.size(); ++i) differing += nik[i] != other[i];
  if (differing > kNikMaxShownDiff) return out;
  for (std::size_t i = 0; i < nik.size(); ++i)
    if (nik[i] != other[i]) out[i] = show_digits ? nik[i] : kDiffMark;
  return out;
}

std::string mask_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool word_start = true;
  for (std::size_t i = 0; i < name.size();) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (is_space(c)) {
      out.push_back(static_cast<char>(c));
      word_start = true;
      ++i;
      continue;
    }
    std::size_t n = utf8_length(name, i);
    bool valid_sequence = n > 1 || c < 0x80;
    if (word_start && valid_sequence) {
      out.append(name.substr(i, n));
    } else {
      out.push_back(kMaskChar);
    }
    word_start = false;
    i += n;
  }
  return out;
}

std::string mask_phone(std::string_view e164) {
  if (e164.size() < kPhoneMinForTail) return std::string(e164.size(), kMaskChar);
  std::size_t tail = std::min(kPhoneVisibleTail, e164.size() - kMinHidden);
  std::size_t room = e164.size() - tail - kMinHidden;
  std::size_t head = std::min(kPhoneVisibleHead, room);
  return keep_ends(e164, head, tail);
}

}  // namespace aduan
