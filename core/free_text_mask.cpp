#include "core/free_text_mask.hpp"

#include "core/catalogue.hpp"

namespace aduan {
namespace {

constexpr char kDigitMask = '#';
constexpr char kLetterMask = '*';

bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Letters of other scripts are multi-byte UTF-8; emoji are too, and mask like letters.
bool is_word_byte(unsigned char c) { return is_ascii_letter(c) || c >= 0x80; }

// Bytes of the well-formed UTF-8 sequence starting at i, or 0 when it is not well formed.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

std::string fold(std::string_view word) {
  std::string out(word);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// First character kept (when well formed), every further character one mask character.
void mask_word(std::string_view word, std::string& out) {
  bool first = true;
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t n = sequence_length(word, i);
    if (first && n > 0)
      out.append(word.substr(i, n));
    else
      out.push_back(kLetterMask);
    first = false;
    i += n > 0 ? n : 1;
  }
}

}  // namespace

FreeTextMask::FreeTextMask(const Catalogue& catalogue) {
  for (const auto& key : catalogue.keys())
    for (const auto& lang : Catalogue::languages()) learn(catalogue.text(key, lang));
}

void FreeTextMask::learn(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (!is_word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) ++end;
    vocabulary_.insert(fold(text.substr(i, end - i)));
    i = end;
  }
}

const FreeTextMask& FreeTextMask::every_word() {
  static const FreeTextMask mask;
  return mask;
}

bool FreeTextMask::known(std::string_view word) const { return vocabulary_.count(fold(word)) > 0; }

std::string FreeTextMask::operator()(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= '0' && c <= '9') {
      out.push_back(kDigitMask);
      ++i;
    } else if (is_word_byte(c)) {
      std::size_t end = i;
      while (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) ++end;
      const std::string_view word = text.substr(i, end - i);
      if (known(word) && sequence_length(word, 0) > 0)
        out.append(word);
      else
        mask_word(word, out);
      i = end;
    } else {
      out.push_back(static_cast<char>(c));  // ASCII punctuation and spaces
      ++i;
    }
  }
  return out;
}

}  // namespace aduan
