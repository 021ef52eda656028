#include "certs/base64url.hpp"

#include <catch2/catch.hpp>

using namespace aduan::certs;

TEST_CASE("base64url encodes the RFC 4648 test vectors without padding") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode("foob") == "Zm9vYg");
  CHECK(base64url_encode("fooba") == "Zm9vYmE");
  CHECK(base64url_encode("foobar") == "Zm9vYmFy");
  CHECK(base64url_encode("\xfb\xff") == "-_8");  // url-safe alphabet, not '+' and '/'
}

TEST_CASE("base64url decoding round-trips every byte value") {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 7) {
    const std::string part = all.substr(0, n);
    CHECK(base64url_decode(base64url_encode(part)) == part);
  }
}

TEST_CASE("base64url decoding is strict: padding, foreign characters and stray bits are refused") {
  CHECK_FALSE(base64url_decode("Zg=="));
  CHECK_FALSE(base64url_decode("Zm9v\n"));
  CHECK_FALSE(base64url_decode("+/8"));
  CHECK_FALSE(base64url_decode("Z"));     // a length of 1 mod 4 encodes nothing
  CHECK_FALSE(base64url_decode("Zh"));    // same byte as "Zg" but with non-zero unused bits
  CHECK(base64url_decode("Zg") == std::string("f"));
  CHECK(base64url_decode("") == std::string());
}
