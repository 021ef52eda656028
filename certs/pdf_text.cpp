#include "certs/pdf_text.hpp"

#include <cstdint>

namespace aduan::certs {
namespace {

constexpr char kReplacement = '?';
// Base letter of each code point in two Latin blocks, '?' where there is none. Generated from
// the Unicode decompositions (first letter of NFD/NFKD), plus hand-picked letters for those
// that have no decomposition (Đ→D, Ł→L, ı→i, ẞ→S …).
struct LatinBlock {
  char32_t first;
  std::string_view base;
};
constexpr LatinBlock kLatinBlocks[] = {
    {0x100,  // Latin Extended-A and -B, U+0100..U+024F
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzsb??????????????????????I????????Oo?????????????Uu????Zz?????????"
    "????DDdLLlNNnAaIiOoUuUuUuUuUu?AaAa????GgKkOoOo??jDDdGg??NnAa????AaAaEeEeIiIiOoOoRrRrUuUuSsTt??Hh"
    "??????AaEeOoOoOoOoYy????????????????????????????"},
    {0x1E00,  // Latin Extended Additional (Vietnamese and others), U+1E00..U+1EFF
    "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRr"
    "SsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyas??S?AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe"
    "EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy??????"},
};
constexpr char32_t kCombiningFirst = 0x300, kCombiningLast = 0x36F;

struct Cp1252Extra {
  char32_t code_point;
  unsigned char byte;
};
// CP1252's 0x80–0x9F block: the only WinAnsi bytes that differ from Latin-1.
constexpr Cp1252Extra kCp1252Extras[] = {
    {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85}, {0x2020, 0x86},
    {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A}, {0x2039, 0x8B}, {0x0152, 0x8C},
    {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95},
    {0x2013, 0x96}, {0x2014, 0x97}, {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B},
    {0x0153, 0x9C}, {0x017E, 0x9E}, {0x0178, 0x9F},
};

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one UTF-8 sequence at s[i], advancing i; kInvalid (advancing one byte) when broken,
// overlong, a surrogate or beyond U+10FFFF.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = 0;
  char32_t cp = 0, min = 0;
  if (b0 < 0x80) {
    ++i;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return kInvalid;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

}  // namespace

std::string to_winansi(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const char32_t cp = next_code_point(utf8, i);
    if (cp == kInvalid) {
      out.push_back(kReplacement);
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      out.push_back(' ');
    } else if (cp < 0x100) {
      out.push_back(static_cast<char>(cp));
    } else if (cp >= kCombiningFirst && cp <= kCombiningLast) {
      // a combining accent after its base letter: the base letter alone still reads right
    } else {
      char mapped = 0;
      for (const auto& e : kCp1252Extras)
        if (e.code_point == cp) mapped = static_cast<char>(e.byte);
      for (const auto& block : kLatinBlocks)
        if (!mapped && cp >= block.first && cp - block.first < block.base.size()) mapped = block.base[cp - block.first];
      out.push_back(mapped ? mapped : kReplacement);
    }
  }
  return out;
}

}  // namespace aduan::certs
