#include <catch2/catch.hpp>

#include <algorithm>

#include "core/mask.hpp"

using namespace aduan;

TEST_CASE("mask_nik keeps the first four and last four digits", "[mask]") {
  CHECK(mask_nik("3174055708900002") == "3174********0002");
  CHECK(mask_nik("317405570890000") == "3174*******0000");  // malformed but long: same rule
  CHECK(mask_nik("123456789012") == "1234****9012");
  CHECK(mask_nik("12345678901") == "***********");         // too short to hide 4 characters
  CHECK(mask_nik("") == "");
}

TEST_CASE("mask_name keeps the first letter of each word", "[mask]") {
  CHECK(mask_name("Siti Rahayu") == "S*** R*****");
  CHECK(mask_name("I Made Wirawan") == "I M*** W******");
  CHECK(mask_name("Budi") == "B***");
  CHECK(mask_name("  Agus   Setiawan ") == "  A***   S******* ");
  CHECK(mask_name("Nur'aini") == "N*******");
  CHECK(mask_name("") == "");
}

TEST_CASE("mask_name counts UTF-8 code points and never splits a character", "[mask]") {
  CHECK(mask_name("Élodie Ñúñez") == "É***** Ñ****");
  CHECK(mask_name("Zoë") == "Z**");
  // a malformed leading byte is masked rather than copied
  CHECK(mask_name(std::string("\xC3 Budi", 6)) == "* B***");
  CHECK(mask_name(std::string("Bu\xE2\x82", 4)) == "B***");
}

TEST_CASE("mask_phone keeps the first five and last four digits when enough stay hidden", "[mask]") {
  CHECK(mask_phone("6281234567890") == "62812****7890");
  CHECK(mask_phone("62812345678901") == "62812*****8901");
  CHECK(mask_phone("628123456789") == "6281****6789");
  CHECK(mask_phone("62812345678") == "628****5678");
  CHECK(mask_phone("12345678") == "****5678");
  CHECK(mask_phone("1234567") == "*******");
  CHECK(mask_phone("") == "");
}

TEST_CASE("masks always hide at least four characters of long inputs", "[mask]") {
  for (std::size_t n = 8; n <= 20; ++n) {
    std::string s(n, '7');
    auto count_hidden = [](const std::string& m) { return std::count(m.begin(), m.end(), '*'); };
    INFO(n);
    CHECK(count_hidden(mask_phone(s)) >= 4);
    CHECK(count_hidden(mask_nik(s)) >= 4);
  }
}

TEST_CASE("a NIK beside its correction shows the digits that change, and only a few", "[mask]") {
  // One digit typed wrong at the vaccination site: the preview must show which one changes.
  CHECK(mask_nik_diff("3174055709900002", "3174055708900002", true) == "3174*****9**0002");
  // The stored side marks the position without revealing its hidden digit.
  CHECK(mask_nik_diff("3174055708900002", "3174055709900002", false) == "3174*****^**0002");
  // Three positions at most; a different NIK altogether stays plainly masked.
  CHECK(mask_nik_diff("3174055708900002", "3174155718910002", true) == "31740***0**00002");
  CHECK(mask_nik_diff("3174055708900002", "3275166819010002", true) == mask_nik("3174055708900002"));
  // Identical, different lengths or too short: never more than mask_nik shows.
  CHECK(mask_nik_diff("3174055708900002", "3174055708900002", true) == mask_nik("3174055708900002"));
  CHECK(mask_nik_diff("3174055708900002", "317405570890000", true) == mask_nik("3174055708900002"));
  CHECK(mask_nik_diff("123", "124", true) == "***");
}
