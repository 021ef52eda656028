// Masking of free text for transcripts (what a citizen typed, what the bot answered), where
// names, e-mails and other personal data can appear anywhere in a sentence (DESIGN invariant 9).
// Contract: digits become '#'; a word (a run of letters, any script) is kept only when it is
// part of the bot's own vocabulary — every word of the message catalogue, in every language —
// otherwise only its first character stays and each further character becomes '*'. So
// "Nama saya Rina, rina@gmail.com" → "Nama saya R***, r***@g****.c**". Accepts any bytes;
// the output is valid UTF-8 (invalid bytes become '*').
// Built once from the catalogue; immutable after, safe from any thread.
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>

namespace aduan {

class Catalogue;

// A transcript line is clamped to this many characters (Meta's count, core/outbound).
constexpr std::size_t kTranscriptLineChars = 80;

class FreeTextMask {
 public:
  explicit FreeTextMask(const Catalogue& catalogue);
  // A mask that keeps no word (every word masked): for callers without a catalogue.
  FreeTextMask() = default;
  static const FreeTextMask& every_word();

  std::string operator()(std::string_view text) const;
  bool known(std::string_view word) const;  // case-insensitive (ASCII)

 private:
  void learn(std::string_view text);
  std::unordered_set<std::string> vocabulary_;  // lower-case ASCII folding
};

}  // namespace aduan
