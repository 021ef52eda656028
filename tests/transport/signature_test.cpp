// X-Hub-Signature-256 over the raw body: known-answer vectors, header hygiene, and the
// trap the issue names (re-serialised JSON would not verify).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "transport/signature.hpp"

using aduan::transport::sign_body;
using aduan::transport::verify_signature;

namespace {

const std::string kSecret = "aduan-sandbox-app-secret";

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(ADUAN_SOURCE_DIR) + "/tests/fixtures/webhooks/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

}  // namespace

TEST_CASE("sign_body matches the RFC 4231 HMAC-SHA256 test vector") {
  CHECK(sign_body("what do ya want for nothing?", "Jefe") ==
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("a raw body with \\u and \\/ escapes verifies against its own bytes, not a re-serialisation") {
  const std::string raw = read_fixture("text_unicode_escapes.json");
  REQUIRE(raw.find("\\u00e9") != std::string::npos);
  REQUIRE(raw.find("\\ud83d\\ude22") != std::string::npos);
  REQUIRE(raw.find("\\u0040") != std::string::npos);
  REQUIRE(raw.find("\\/") != std::string::npos);

  // Computed independently (Python hmac) over the fixture's bytes.
  const std::string header = "sha256=df494fbc48dca53333b2a13bd7b4f1e2553fc040f133832209dba1cd4e5258e4";
  CHECK(sign_body(raw, kSecret) == header);
  CHECK(verify_signature(header, raw, kSecret));

  const std::string reserialised = nlohmann::json::parse(raw).dump();
  CHECK(reserialised != raw);
  CHECK_FALSE(verify_signature(header, reserialised, kSecret));
}

TEST_CASE("uppercase hex digits in the header are accepted") {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[]})";
  const std::string sig = sign_body(body, kSecret);
  const std::string up = "sha256=" + upper(sig.substr(7));
  REQUIRE(up != sig);
  CHECK(verify_signature(up, body, kSecret));
}

TEST_CASE("a signature made with another secret or over other bytes is refused") {
  const std::string body = R"({"entry":[]})";
  CHECK_FALSE(verify_signature(sign_body(body, "wrong-secret"), body, kSecret));
  CHECK_FALSE(verify_signature(sign_body(body, kSecret), body + " ", kSecret));
  std::string flipped = sign_body(body, kSecret);
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  CHECK_FALSE(verify_signature(flipped, body, kSecret));
}

TEST_CASE("malformed signature headers are refused") {
  const std::string body = R"({"entry":[]})";
  const std::string good = sign_body(body, kSecret);
  const std::string hex = good.substr(7);
  REQUIRE(verify_signature(good, body, kSecret));

  CHECK_FALSE(verify_signature("", body, kSecret));
  CHECK_FALSE(verify_signature(hex, body, kSecret));                          // no prefix
  CHECK_FALSE(verify_signature("sha1=" + hex, body, kSecret));                // other algorithm
  CHECK_FALSE(verify_signature("sha256=", body, kSecret));                    // prefix only
  CHECK_FALSE(verify_signature(good.substr(0, good.size() - 1), body, kSecret));  // truncated hex
  CHECK_FALSE(verify_signature(good.substr(0, good.size() - 2), body, kSecret));  // truncated by a byte
  CHECK_FALSE(verify_signature(good + "00", body, kSecret));                  // too long
  CHECK_FALSE(verify_signature(" " + good, body, kSecret));
  std::string bad_digit = good;
  bad_digit[10] = 'g';
  CHECK_FALSE(verify_signature(bad_digit, body, kSecret));
}

TEST_CASE("an empty app secret never verifies anything") {
  const std::string body = R"({"entry":[]})";
  CHECK_FALSE(verify_signature(sign_body(body, ""), body, ""));
}

TEST_CASE("an empty body has a signature of its own") {
  const std::string sig = sign_body("", kSecret);
  CHECK(sig.size() == 7 + 64);
  CHECK(verify_signature(sig, "", kSecret));
  CHECK_FALSE(verify_signature(sig, "{}", kSecret));
}
