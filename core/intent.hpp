// Free-text understanding for the citizen chat: informal Indonesian (and plain English) →
// one intent, or "unsure". Pure, stateless after first use (tables built once, thread-safe
// by C++11 static init), never throws.
//
// How it generalises instead of being a phrase table:
//  1. normalise: lowercase, every non [a-z0-9] byte (punctuation, emoji) is a separator,
//     letter runs collapsed ("sertifikaaat" → "sertifikat", applied to keywords too),
//     chat abbreviations expanded ("sy" → "saya", "gak" → "tidak", "dl" → "download"),
//     particles dropped ("dong", "deh", "sih", "nih", ...);
//  2. every intent has weighted keywords and short phrases (synonym sets); a token matches
//     a keyword exactly, after stripping common affixes ("-nya", "di-", ...), or within a
//     Damerau-Levenshtein distance of 1 (words of >= 4 letters) or 2 (>= 8 letters);
//  3. the best intent must reach a minimum score and beat the runner-up by a margin,
//     otherwise the answer is `ambiguous` (two candidates) or `unknown` — the flow then
//     asks instead of guessing.
// Yes/no only match when the whole message is made of yes-words (or no-words) and
// politeness fillers, so "gak bisa download" is never read as "no".
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace aduan {

enum class Intent {
  unknown,
  ambiguous,
  certificate,
  status,
  data_change,
  officer,
  tickets,
  menu,
  cancel,
  help,
  exit,
  lang_en,
  lang_id,
  greeting,
  yes,
  no,
  resend,
  switch_person,
  thanks,  // "terima kasih": answered politely, never routed
};

struct IntentMatch {
  Intent intent = Intent::unknown;
  // For data_change (and any text naming a field): "name", "birth_date", "sex", "phone",
  // "email" or "nik"; empty when the text names no field.
  std::string field_hint;
  double score = 0;                    // of the best candidate (diagnostics and tests)
  Intent best = Intent::unknown;       // best candidate, also when `intent` is ambiguous
  Intent runner_up = Intent::unknown;  // second candidate (the other half of `ambiguous`)
};

// Thresholds (named so tests and reviewers can see the policy).
namespace intent_limits {
constexpr double kMinScore = 0.5;   // below this nothing is claimed
constexpr double kMargin = 0.25;    // winner must beat the runner-up by this much
constexpr std::size_t kMaxInputBytes = 1000;  // longer text is cut before matching
}  // namespace intent_limits

const char* intent_name(Intent i);

// The normalised token list (step 1 above); exposed for tests and for the flow's
// exact-word checks.
std::vector<std::string> normalize_tokens(std::string_view text);
std::string normalize_text(std::string_view text);  // tokens joined by one space

IntentMatch match_intent(std::string_view text);

// The correctable field a text names ("tgl lahir" → "birth_date"), or "".
std::string match_field(std::string_view text);

// Damerau-Levenshtein (optimal string alignment) distance on bytes; exposed for the flow's
// "large name change" policy and for tests.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace aduan
