// core/outbound: Meta's length unit, clamping, the long-text splitter, builders, validate()
// and the storage JSON form.
#include "core/outbound.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

using namespace aduan;
using nlohmann::json;

namespace {

const std::string kGrin = "\xF0\x9F\x98\x80";  // U+1F600, 2 units
// man ZWJ woman ZWJ girl ZWJ boy: 4 astral emoji + 3 ZWJ = 11 units
const std::string kFamily =
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\xE2\x80\x8D\xF0\x9F\x91\xA6";
const std::string kFlagId = "\xF0\x9F\x87\xAE\xF0\x9F\x87\xA9";              // regional indicators I D
const std::string kThumbsMedium = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";        // thumbs up + skin tone
const std::string kKeycapOne = "1\xEF\xB8\x8F\xE2\x83\xA3";                   // 1 VS16 keycap
const std::string kRedHeart = "\xE2\x9D\xA4\xEF\xB8\x8F";                     // heart + VS16
const std::string kEAcute = "e\xCC\x81";                                      // e + combining acute
const std::string kEAcutePrecomposed = "\xC3\xA9";                            // é

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The invariants every split must keep.
void check_split(const std::string& text, const std::vector<std::string>& parts, std::size_t max) {
  REQUIRE(join(parts) == text);
  for (const auto& p : parts) {
    REQUIRE_FALSE(p.empty());
    REQUIRE(meta_length(p) <= max);
    REQUIRE_FALSE(is_continuation(p.front()));  // never starts inside a UTF-8 sequence
  }
}

std::size_t count_in(const std::vector<std::string>& parts, const std::string& needle) {
  std::size_t n = 0;
  for (const auto& p : parts)
    for (auto pos = p.find(needle); pos != std::string::npos; pos = p.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace

// --- meta_length ------------------------------------------------------------------------

TEST_CASE("meta_length counts UTF-16 units, astral code points as two") {
  CHECK(meta_length("") == 0);
  CHECK(meta_length("abc") == 3);
  CHECK(meta_length(kEAcutePrecomposed) == 1);
  CHECK(meta_length("\xE2\x82\xAC") == 1);  // euro sign, 3 bytes
  CHECK(meta_length(kGrin) == 2);
  CHECK(meta_length(kFamily) == 11);
  CHECK(meta_length(kFlagId) == 4);
  CHECK(meta_length(kKeycapOne) == 3);
}

TEST_CASE("meta_length counts each invalid byte as one unit") {
  CHECK(meta_length("\xFF") == 1);
  CHECK(meta_length("\xE2\x82") == 2);          // truncated sequence
  CHECK(meta_length("\xC0\xAF") == 2);          // overlong form
  CHECK(meta_length("\xED\xA0\x80") == 3);      // encoded surrogate
  CHECK(meta_length("a\x80" "b") == 3);         // stray continuation byte
}

// --- clamp_utf8 -------------------------------------------------------------------------

TEST_CASE("is_valid_utf8 accepts well-formed text and refuses broken sequences") {
  for (const std::string& ok : {std::string(), std::string("halo"), std::string("S\xC3\xA9kar"), std::string("\xF0\x9F\x98\x80")}) {
    INFO(ok);
    CHECK(is_valid_utf8(ok));
  }
  for (const std::string& bad : {std::string("\xFF\xFE"), std::string("a\xC3"), std::string("\xC0\xAF"),   // truncated, overlong
                                std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80")}) {  // surrogate, > U+10FFFF
    INFO(bad);
    CHECK_FALSE(is_valid_utf8(bad));
  }
}

TEST_CASE("clamp_utf8 leaves a string within the limit unchanged") {
  CHECK(clamp_utf8("hello", 5) == "hello");
  CHECK(clamp_utf8(kFamily, 11) == kFamily);
  CHECK(clamp_utf8("", 0).empty());
}

TEST_CASE("clamp_utf8 cuts on code points, never inside a UTF-8 sequence") {
  const std::string s = "h" + kEAcutePrecomposed + "llo";
  CHECK(clamp_utf8(s, 2) == "h" + kEAcutePrecomposed);
  CHECK(clamp_utf8("ab" + kGrin, 3) == "ab");  // the emoji needs 2 units, only 1 left
  CHECK(clamp_utf8("ab" + kGrin, 4) == "ab" + kGrin);
}

TEST_CASE("clamp_utf8 keeps emoji sequences, flags and combining marks whole") {
  CHECK(clamp_utf8("ab" + kFamily, 12) == "ab");
  CHECK(clamp_utf8("ab" + kFamily, 13) == "ab" + kFamily);
  CHECK(clamp_utf8("ab" + kFlagId + kFlagId, 8) == "ab" + kFlagId);   // 2 + 4, next flag needs 4
  CHECK(clamp_utf8("ab" + kFlagId, 4) == "ab");                       // first indicator fits, pair does not
  CHECK(clamp_utf8("ab" + kThumbsMedium, 4) == "ab");
  CHECK(clamp_utf8("ab" + kKeycapOne, 4) == "ab");
  CHECK(clamp_utf8("ab" + kRedHeart, 3) == "ab");
  CHECK(clamp_utf8("ab" + kEAcute, 3) == "ab");
  CHECK(clamp_utf8("ab\r\n", 3) == "ab");
}

TEST_CASE("clamp_utf8 cuts a single grapheme longer than the limit between code points") {
  // Progress over perfection: a title made of one huge emoji sequence still gets text.
  const std::string out = clamp_utf8(kFamily, 4);
  CHECK(out == "\xF0\x9F\x91\xA8\xE2\x80\x8D");  // man + ZWJ = 3 units
}

TEST_CASE("clamp_utf8 keeps invalid bytes instead of dropping them") {
  CHECK(clamp_utf8("a\xFF" "bc", 2) == "a\xFF");
}

// --- split_text -------------------------------------------------------------------------

TEST_CASE("split_text keeps a text of exactly 4096 characters whole") {
  const std::string text(4096, 'a');
  const auto parts = split_text(text);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0] == text);
}

TEST_CASE("split_text splits a 4097-character text on the last word boundary") {
  const std::string text = repeat("word ", 819) + "ab";  // 4095 + 2
  REQUIRE(text.size() == 4097);
  const auto parts = split_text(text);
  check_split(text, parts, limits::kTextBody);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].size() == 4095);  // ends with the space after the last whole word
  CHECK(parts[0].back() == ' ');
  CHECK(parts[1] == "ab");
}

TEST_CASE("split_text splits a 9000-character text into three parts") {
  std::string text;
  while (text.size() < 9000) text += "Vaksin dosis kedua sudah tercatat. ";
  text.resize(9000);
  const auto parts = split_text(text);
  check_split(text, parts, limits::kTextBody);
  CHECK(parts.size() == 3);
  CHECK(parts[0].substr(parts[0].size() - 2) == ". ");
}

TEST_CASE("split_text still splits a text without spaces or punctuation") {
  const std::string text(9000, 'x');
  const auto parts = split_text(text);
  check_split(text, parts, limits::kTextBody);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].size() == 4096);
  CHECK(parts[1].size() == 4096);
  CHECK(parts[2].size() == 808);
}

TEST_CASE("split_text counts multi-byte characters by code point, not byte") {
  const std::string text = repeat(kEAcutePrecomposed, 5000);
  const auto parts = split_text(text);
  check_split(text, parts, limits::kTextBody);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].size() == 2 * 4096);
  CHECK(meta_length(parts[1]) == 904);
}

TEST_CASE("split_text prefers paragraph, then line, then sentence, then word boundaries") {
  const std::string tail(5000, 'z');
  SECTION("paragraph") {
    const std::string text = std::string(2500, 'a') + ". " + std::string(500, 'b') + "\n\n" +
                             std::string(500, 'c') + "\n" + std::string(500, 'd') + " " + tail;
    const auto parts = split_text(text);
    check_split(text, parts, limits::kTextBody);
    CHECK(parts[0].size() == 2500 + 2 + 500 + 2);
  }
  SECTION("line") {
    const std::string text = std::string(2500, 'a') + ". " + std::string(500, 'b') + "\n" +
                             std::string(500, 'c') + ". " + std::string(500, 'd') + " " + tail;
    const auto parts = split_text(text);
    check_split(text, parts, limits::kTextBody);
    CHECK(parts[0].size() == 2500 + 2 + 500 + 1);
  }
  SECTION("sentence, any of . ! ?") {
    for (const std::string end : {". ", "! ", "? "}) {
      const std::string text =
          std::string(2500, 'a') + " " + std::string(500, 'b') + end + std::string(500, 'c') + " " + tail;
      const auto parts = split_text(text);
      check_split(text, parts, limits::kTextBody);
      CHECK(parts[0].size() == 2500 + 1 + 500 + 2);
    }
  }
  SECTION("word") {
    const std::string text = std::string(2500, 'a') + " " + std::string(1000, 'b') + " " + tail;
    const auto parts = split_text(text);
    check_split(text, parts, limits::kTextBody);
    CHECK(parts[0].size() == 2500 + 1 + 1000 + 1);
  }
}

TEST_CASE("split_text does not cut a tiny first part at an early paragraph break") {
  // A paragraph break 4 characters in would make a nearly empty message; a line break
  // later in the part is preferred.
  const std::string text = "Hai\n\n" + std::string(3000, 'x') + "\n" + std::string(3000, 'y');
  const auto parts = split_text(text);
  check_split(text, parts, limits::kTextBody);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].size() == 5 + 3000 + 1);
}

TEST_CASE("split_text never cuts an emoji placed on the 4096 boundary") {
  // An astral emoji spanning units 4096-4097 must move whole to the next part.
  for (std::size_t prefix = 4090; prefix <= 4096; ++prefix) {
    const std::string text = std::string(prefix, 'a') + kGrin + "tail";
    const auto parts = split_text(text);
    check_split(text, parts, limits::kTextBody);
    CHECK(count_in(parts, kGrin) == 1);
  }
}

TEST_CASE("split_text keeps a ZWJ family emoji whole across every boundary offset") {
  for (std::size_t prefix = 4080; prefix <= 4096; ++prefix) {
    INFO("prefix " << prefix);
    const std::string text = std::string(prefix, 'a') + kFamily + std::string(100, 'b');
    const auto parts = split_text(text);
    check_split(text, parts, limits::kTextBody);
    CHECK(count_in(parts, kFamily) == 1);
    const std::string zwj = "\xE2\x80\x8D";
    for (const auto& p : parts) CHECK_FALSE((p.size() >= 3 && p.compare(p.size() - 3, 3, zwj) == 0));
  }
}

TEST_CASE("split_text never separates the two regional indicators of a flag") {
  for (std::size_t prefix = 4085; prefix <= 4096; ++prefix) {
    INFO("prefix " << prefix);
    const std::string text = std::string(prefix, 'a') + repeat(kFlagId, 3) + "end";
    const auto parts = split_text(text);
    check_split(text, parts, limits::kTextBody);
    CHECK(count_in(parts, kFlagId) == 3);
  }
}

TEST_CASE("split_text keeps skin tones, keycaps, variation selectors and combining marks attached") {
  for (const std::string& g : {kThumbsMedium, kKeycapOne, kRedHeart, kEAcute}) {
    for (std::size_t prefix = 4090; prefix <= 4096; ++prefix) {
      const std::string text = std::string(prefix, 'a') + g + "zz";
      const auto parts = split_text(text);
      check_split(text, parts, limits::kTextBody);
      CHECK(count_in(parts, g) == 1);
    }
  }
}

TEST_CASE("split_text keeps invalid bytes and returns nothing for an empty text") {
  CHECK(split_text("").empty());
  const std::string text = std::string(4095, 'a') + "\xFF\xFE" + "bc";
  const auto parts = split_text(text);
  check_split(text, parts, limits::kTextBody);
  CHECK(parts.size() == 2);
}

TEST_CASE("split_text with a tiny limit still makes progress through astral characters") {
  const std::string text = repeat(kGrin, 5);
  const auto parts = split_text(text, 1);  // read as 2
  check_split(text, parts, 2);
  CHECK(parts.size() == 5);
}

TEST_CASE("split_text keeps every invariant on random mixed text and limits") {
  // Pieces are whole graphemes; a cut is allowed only between pieces when each fits.
  const std::vector<std::string> pieces = {"a",   "kata", " ",     "\n",          "\n\n",  ". ",    "! ",
                                           "? ",  kEAcutePrecomposed, kGrin, kFamily, kFlagId, kThumbsMedium,
                                           kKeycapOne, kRedHeart, kEAcute, "\r\n"};
  std::mt19937 rng(20240611);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    std::set<std::size_t> allowed{0};
    const int n = std::uniform_int_distribution<int>(1, 400)(rng);
    for (int i = 0; i < n; ++i) {
      const std::string& piece = pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
      // Inside a run of plain ASCII characters any cut is fine ("\r\n" is one grapheme).
      const bool plain = piece != "\r\n" && std::all_of(piece.begin(), piece.end(), [](char c) {
                           return static_cast<unsigned char>(c) < 0x80;
                         });
      for (std::size_t k = 1; plain && k < piece.size(); ++k) allowed.insert(text.size() + k);
      text += piece;
      allowed.insert(text.size());
    }
    const std::size_t max = std::uniform_int_distribution<std::size_t>(11, 300)(rng);
    const auto parts = split_text(text, max);
    INFO("round " << round << " max " << max);
    check_split(text, parts, max);
    std::size_t off = 0;
    for (const auto& p : parts) {
      REQUIRE(allowed.count(off) == 1);
      off += p.size();
    }
  }
}

// --- builders and validate ----------------------------------------------------------------

namespace {

std::vector<ListSection> sections_with(std::vector<std::size_t> counts) {
  std::vector<ListSection> out;
  int id = 0;
  for (std::size_t s = 0; s < counts.size(); ++s) {
    ListSection sec{"Bagian " + std::to_string(s), {}};
    for (std::size_t r = 0; r < counts[s]; ++r, ++id)
      sec.rows.push_back({"row" + std::to_string(id), "Pilihan " + std::to_string(id), "Keterangan"});
    out.push_back(sec);
  }
  return out;
}

OutList valid_list() { return make_list("Pilih menu", "Menu", sections_with({3, 2}), "Aduan", "Ketik menu"); }
OutButtons valid_buttons() { return make_buttons("Benar?", {{"yes", "YA"}, {"no", "BATAL"}}); }

}  // namespace

TEST_CASE("builders produce messages that validate") {
  CHECK(validate(make_text("Halo")) == std::nullopt);
  CHECK(validate(valid_list()) == std::nullopt);
  CHECK(validate(valid_buttons()) == std::nullopt);
  CHECK(validate(make_certificate_document("C1:2", "sertifikat.pdf", "Sertifikat dosis 2")) == std::nullopt);
  CHECK(validate(make_template("aduan_ticket_answer", "id", {"Jawaban petugas"})) == std::nullopt);
  CHECK(validate(OutMarkRead{"wamid.1"}) == std::nullopt);
}

TEST_CASE("make_list keeps the first 10 rows in order and drops sections left empty") {
  SECTION("the cut falls inside a section") {
    const OutList m = make_list("b", "Menu", sections_with({7, 5}));
    REQUIRE(m.sections.size() == 2);
    CHECK(m.sections[0].rows.size() == 7);
    REQUIRE(m.sections[1].rows.size() == 3);
    CHECK(m.sections[1].rows.back().id == "row9");
    CHECK(validate(m) == std::nullopt);
  }
  SECTION("a section after the cut disappears") {
    const OutList m = make_list("b", "Menu", sections_with({10, 2}));
    REQUIRE(m.sections.size() == 1);
    CHECK(m.sections[0].rows.size() == 10);
  }
}

TEST_CASE("make_list clamps every display string to Meta's limits") {
  const std::string long_text(2000, 'x');
  std::vector<ListSection> secs{{long_text, {{"r1", long_text, long_text}}}};
  const OutList m = make_list(long_text, long_text, secs, long_text, long_text);
  CHECK(meta_length(m.body) == limits::kInteractiveBody);
  CHECK(meta_length(m.button) == limits::kListButton);
  CHECK(meta_length(m.header) == limits::kInteractiveHeader);
  CHECK(meta_length(m.footer) == limits::kInteractiveFooter);
  CHECK(meta_length(m.sections[0].title) == limits::kListSectionTitle);
  CHECK(meta_length(m.sections[0].rows[0].title) == limits::kListRowTitle);
  CHECK(meta_length(m.sections[0].rows[0].description) == limits::kListRowDescription);
  CHECK(m.sections[0].rows[0].id == "r1");
  CHECK(validate(m) == std::nullopt);
}

TEST_CASE("make_list clamps a row title with an emoji on the limit without breaking it") {
  const std::string title = std::string(23, 'a') + kGrin;  // 25 units
  const OutList m = make_list("b", "Menu", {{"", {{"r1", title, ""}}}});
  CHECK(m.sections[0].rows[0].title == std::string(23, 'a'));
}

TEST_CASE("make_buttons keeps the first 3 buttons and clamps titles and texts") {
  const OutButtons m = make_buttons(std::string(1500, 'b'),
                                    {{"a", std::string(30, 'A')}, {"b", "B"}, {"c", "C"}, {"d", "D"}},
                                    std::string(80, 'h'), std::string(80, 'f'));
  REQUIRE(m.buttons.size() == 3);
  CHECK(m.buttons[2].id == "c");
  CHECK(meta_length(m.buttons[0].title) == limits::kReplyButtonTitle);
  CHECK(meta_length(m.body) == limits::kInteractiveBody);
  CHECK(meta_length(m.header) == limits::kInteractiveHeader);
  CHECK(meta_length(m.footer) == limits::kInteractiveFooter);
  CHECK(validate(m) == std::nullopt);
}

TEST_CASE("make_template removes newlines and tabs and long space runs from parameters") {
  const OutTemplate m = make_template("t", "id", {"baris satu\nbaris\tdua      akhir", std::string(1500, 'p')});
  CHECK(m.body_params[0] == "baris satu baris dua    akhir");
  CHECK(meta_length(m.body_params[1]) == limits::kTemplateParam);
  CHECK(validate(m) == std::nullopt);
}

TEST_CASE("make_certificate_document clamps the caption") {
  const OutDocument m = make_certificate_document("C1:1", "s.pdf", std::string(1100, 'c'));
  CHECK(meta_length(m.caption) == limits::kDocumentCaption);
  CHECK(m.certificate_ref == "C1:1");
  CHECK(validate(m) == std::nullopt);
}

TEST_CASE("validate reports every violated limit of a hand-built message") {
  struct Case {
    const char* expect;
    std::function<OutboundMessage()> build;
  };
  const auto list = [](std::function<void(OutList&)> f) {
    return [f] {
      OutList m = valid_list();
      f(m);
      return OutboundMessage{m};
    };
  };
  const auto buttons = [](std::function<void(OutButtons&)> f) {
    return [f] {
      OutButtons m = valid_buttons();
      f(m);
      return OutboundMessage{m};
    };
  };
  const auto tpl = [](std::vector<std::string> params) {
    return [params] { return OutboundMessage{OutTemplate{"t", "id", params}}; };
  };
  const std::vector<Case> cases = {
      {"text body empty", [] { return OutboundMessage{OutText{""}}; }},
      {"text body over 4096", [] { return OutboundMessage{OutText{std::string(4097, 'a')}}; }},
      {"text body over 4096", [] { return OutboundMessage{OutText{repeat(kGrin, 2049)}}; }},
      {"list body empty", list([](OutList& m) { m.body.clear(); })},
      {"list body over 1024", list([](OutList& m) { m.body.assign(1025, 'b'); })},
      {"list header over 60", list([](OutList& m) { m.header.assign(61, 'h'); })},
      {"list footer over 60", list([](OutList& m) { m.footer.assign(61, 'f'); })},
      {"list button empty", list([](OutList& m) { m.button.clear(); })},
      {"list button over 20", list([](OutList& m) { m.button.assign(21, 'x'); })},
      {"list rows over 10", list([](OutList& m) { m.sections = sections_with({6, 5}); })},
      {"list has no rows", list([](OutList& m) { m.sections.clear(); })},
      {"list section without rows", list([](OutList& m) { m.sections[1].rows.clear(); })},
      {"list section title over 24", list([](OutList& m) { m.sections[0].title.assign(25, 's'); })},
      {"list section title empty", list([](OutList& m) { m.sections[0].title.clear(); })},
      {"list row id empty", list([](OutList& m) { m.sections[0].rows[0].id.clear(); })},
      {"list row id over 200", list([](OutList& m) { m.sections[0].rows[0].id.assign(201, 'i'); })},
      {"list row id duplicated", list([](OutList& m) { m.sections[1].rows[0].id = m.sections[0].rows[0].id; })},
      {"list row title empty", list([](OutList& m) { m.sections[0].rows[0].title.clear(); })},
      {"list row title over 24", list([](OutList& m) { m.sections[0].rows[0].title.assign(25, 't'); })},
      {"list row description over 72",
       list([](OutList& m) { m.sections[0].rows[0].description.assign(73, 'd'); })},
      {"buttons body empty", buttons([](OutButtons& m) { m.body.clear(); })},
      {"buttons body over 1024", buttons([](OutButtons& m) { m.body.assign(1025, 'b'); })},
      {"buttons header over 60", buttons([](OutButtons& m) { m.header.assign(61, 'h'); })},
      {"buttons footer over 60", buttons([](OutButtons& m) { m.footer.assign(61, 'f'); })},
      {"buttons: none", buttons([](OutButtons& m) { m.buttons.clear(); })},
      {"buttons over 3",
       buttons([](OutButtons& m) { m.buttons = {{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}}; })},
      {"button id empty", buttons([](OutButtons& m) { m.buttons[0].id.clear(); })},
      {"button id over 256", buttons([](OutButtons& m) { m.buttons[0].id.assign(257, 'i'); })},
      {"button id duplicated", buttons([](OutButtons& m) { m.buttons[1].id = m.buttons[0].id; })},
      {"button title empty", buttons([](OutButtons& m) { m.buttons[0].title.clear(); })},
      {"button title over 20", buttons([](OutButtons& m) { m.buttons[0].title.assign(21, 't'); })},
      {"button title duplicated", buttons([](OutButtons& m) { m.buttons[1].title = m.buttons[0].title; })},
      {"document needs exactly one", [] { return OutboundMessage{OutDocument{}}; }},
      {"document needs exactly one", [] { return OutboundMessage{OutDocument{"m1", "https://x/y.pdf", "", "", ""}}; }},
      {"document caption over 1024",
       [] { return OutboundMessage{OutDocument{"m1", "", "", "f.pdf", std::string(1025, 'c')}}; }},
      {"template name empty", [] { return OutboundMessage{OutTemplate{"", "id", {}}}; }},
      {"template language empty", [] { return OutboundMessage{OutTemplate{"t", "", {}}}; }},
      {"template parameter empty", tpl({""})},
      {"template parameter over 1024", tpl({std::string(1025, 'p')})},
      {"template parameter with newline", tpl({"a\nb"})},
      {"template parameter with newline", tpl({"a\tb"})},
      {"template parameter with newline", tpl({"a     b"})},
      {"read receipt without message id", [] { return OutboundMessage{OutMarkRead{}}; }},
  };
  for (const auto& c : cases) {
    INFO("expected: " << c.expect);
    const auto err = validate(c.build());
    REQUIRE(err.has_value());
    CHECK_THAT(*err, Catch::StartsWith(c.expect));
  }
}

TEST_CASE("validate accepts values exactly on each limit") {
  CHECK(validate(OutText{std::string(4096, 'a')}) == std::nullopt);
  CHECK(validate(OutText{repeat(kGrin, 2048)}) == std::nullopt);
  CHECK(validate(OutTemplate{"t", "id", {"a    b"}}) == std::nullopt);  // 4 spaces allowed
  OutList m = valid_list();
  m.sections = sections_with({5, 5});
  m.button.assign(20, 'x');
  m.sections[0].rows[0].id.assign(200, 'i');
  CHECK(validate(m) == std::nullopt);
}

TEST_CASE("kind_of names every kind") {
  CHECK(std::string(kind_of(OutText{})) == "text");
  CHECK(std::string(kind_of(OutList{})) == "list");
  CHECK(std::string(kind_of(OutButtons{})) == "buttons");
  CHECK(std::string(kind_of(OutDocument{})) == "document");
  CHECK(std::string(kind_of(OutTemplate{})) == "template");
  CHECK(std::string(kind_of(OutMarkRead{})) == "read");
}

// --- storage JSON -------------------------------------------------------------------------

TEST_CASE("outbound_to_json writes our storage form with every field") {
  CHECK(outbound_to_json(OutText{"Halo"}) == json::parse(R"({"kind":"text","body":"Halo"})"));
  CHECK(outbound_to_json(OutList{"H", "B", "F", "Menu", {{"S", {{"r1", "T", "D"}}}}}) == json::parse(R"({
    "kind":"list","header":"H","body":"B","footer":"F","button":"Menu",
    "sections":[{"title":"S","rows":[{"id":"r1","title":"T","description":"D"}]}]})"));
  CHECK(outbound_to_json(OutButtons{"H", "B", "F", {{"yes", "YA"}}}) == json::parse(R"({
    "kind":"buttons","header":"H","body":"B","footer":"F","buttons":[{"id":"yes","title":"YA"}]})"));
  CHECK(outbound_to_json(OutDocument{"m", "l", "C1:1", "f.pdf", "c"}) == json::parse(R"({
    "kind":"document","media_id":"m","link":"l","certificate_ref":"C1:1","filename":"f.pdf","caption":"c"})"));
  CHECK(outbound_to_json(OutTemplate{"t", "id", {"p1", "p2"}}) == json::parse(R"({
    "kind":"template","name":"t","language":"id","body_params":["p1","p2"]})"));
  CHECK(outbound_to_json(OutMarkRead{"wamid.9"}) == json::parse(R"({"kind":"read","message_id":"wamid.9"})"));
}

TEST_CASE("outbound JSON round trips every kind") {
  const std::vector<OutboundMessage> all = {
      OutText{"Halo " + kFamily},
      OutList{"H", "B", "F", "Menu", {{"S1", {{"r1", "T1", "D1"}, {"r2", "T2", ""}}}, {"S2", {{"r3", "T3", "D3"}}}}},
      OutButtons{"", "B", "", {{"yes", "YA"}, {"no", "BATAL"}}},
      OutDocument{"", "", "C9:2", "sertifikat.pdf", "Sertifikat"},
      OutTemplate{"aduan_ticket_answer", "id", {"Jawaban"}},
      OutMarkRead{"wamid.1"},
  };
  for (const auto& m : all) {
    const json j = outbound_to_json(m);
    const OutboundMessage back = outbound_from_json(j);
    CHECK(back.index() == m.index());
    CHECK(outbound_to_json(back) == j);
  }
}

TEST_CASE("outbound_from_json throws on a missing field, a wrong type or an unknown kind") {
  CHECK_THROWS(outbound_from_json(json::parse(R"({"body":"x"})")));
  CHECK_THROWS(outbound_from_json(json::parse(R"({"kind":"text"})")));
  CHECK_THROWS(outbound_from_json(json::parse(R"({"kind":"text","body":5})")));
  CHECK_THROWS(outbound_from_json(json::parse(R"({"kind":"buttons","header":"","body":"b","footer":""})")));
  CHECK_THROWS(outbound_from_json(json::parse(R"({"kind":"fax","body":"x"})")));
  CHECK_THROWS(outbound_from_json(json::parse(R"([1,2])")));
}
