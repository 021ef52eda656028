#include "certs/qr_code.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace aduan::certs;

TEST_CASE("A short text gives a version 1 symbol with finder patterns in three corners") {
  const auto qr = encode_qr("hello");
  REQUIRE(qr);
  CHECK(qr->version == 1);
  CHECK(qr->size == 21);
  CHECK(qr->modules.size() == 21u * 21u);
  const int last = qr->size - 1;
  // Finder pattern: dark ring, light ring, dark 3x3 centre, then a light separator.
  for (auto [x0, y0] : {std::pair{0, 0}, std::pair{last - 6, 0}, std::pair{0, last - 6}}) {
    CHECK(qr->at(x0, y0));
    CHECK_FALSE(qr->at(x0 + 1, y0 + 1));
    CHECK(qr->at(x0 + 3, y0 + 3));
  }
  CHECK_FALSE(qr->at(7, 0));
  CHECK_FALSE(qr->at(last - 7, 0));
}

TEST_CASE("Outside the symbol every module reads light (the quiet zone)") {
  const auto qr = encode_qr("hello");
  REQUIRE(qr);
  CHECK_FALSE(qr->at(-1, 0));
  CHECK_FALSE(qr->at(0, -1));
  CHECK_FALSE(qr->at(qr->size, 0));
  CHECK_FALSE(qr->at(0, qr->size));
  CHECK_FALSE(QrMatrix{}.at(0, 0));
}

TEST_CASE("Longer text grows the version; empty and oversized text is refused") {
  const auto qr = encode_qr(std::string(480, 'A'));
  REQUIRE(qr);
  CHECK(qr->size == 17 + 4 * qr->version);
  CHECK(qr->version <= 17);
  CHECK_FALSE(encode_qr(""));
  const auto largest = encode_qr(std::string(kMaxQrBytes, 'x'));
  REQUIRE(largest);
  CHECK(largest->version == 40);
  CHECK_FALSE(encode_qr(std::string(kMaxQrBytes + 1, 'x')));
}

TEST_CASE("Bytes including NUL are encoded as given") {
  const auto a = encode_qr(std::string("a\0b", 3));
  const auto b = encode_qr(std::string("a", 1));
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->modules != b->modules);
}
