#include "certs/pdf_text.hpp"

#include <catch2/catch.hpp>

using namespace aduan::certs;

TEST_CASE("ASCII and Latin-1 text passes to WinAnsi unchanged in meaning") {
  CHECK(to_winansi("Siti Rahayu") == "Siti Rahayu");
  CHECK(to_winansi("Jos\xC3\xA9 M\xC3\xBCller") == "Jos\xE9 M\xFCller");  // é ü as single bytes
}

TEST_CASE("WinAnsi's own extras map to their CP1252 bytes") {
  CHECK(to_winansi("\xC5\xA0" "a\xC5\xBE") == "\x8A" "a\x9E");           // Š ž
  CHECK(to_winansi("\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x93 \xE2\x82\xAC") == "\x93Hi\x94 \x96 \x80");
}

TEST_CASE("Other Latin letters lose their diacritics and unknown scripts become question marks") {
  CHECK(to_winansi("\xC5\x81ukasz \xC5\x9E" "ahin") == "Lukasz Sahin");    // Ł Ş
  CHECK(to_winansi("Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B") == "Nguyen Thi");  // precomposed ễ ị
  CHECK(to_winansi("Nguye\xCC\x82\xCC\x83n") == "Nguyen");                  // combining marks dropped
  CHECK(to_winansi("\xE7\x8E\x8B") == "?");                                  // 王
  CHECK(to_winansi("\xF0\x9F\x98\x80") == "?");                              // emoji
}

TEST_CASE("Broken UTF-8 and control characters never produce NUL or raw control bytes") {
  const std::string out = to_winansi(std::string("a\0b\x01\xff\xc3", 6) + "\xE2\x82" + "\xED\xA0\x80");
  CHECK(out.find('\0') == std::string::npos);
  CHECK(out.substr(0, 4) == "a b ");
  for (char c : out) CHECK(static_cast<unsigned char>(c) >= 0x20);
}
