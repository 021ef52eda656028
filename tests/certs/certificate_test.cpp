#include "certs/certificate.hpp"

#include <catch2/catch.hpp>

#include "cert_test_support.hpp"
#include "certs/base64url.hpp"
#include "certs/qr_code.hpp"

using namespace aduan::certs;
using aduan::certs::test::long_sample_data;
using aduan::certs::test::sample_data;

namespace {

const SigningKey& test_key() {
  static const SigningKey key = *SigningKey::generate(nullptr);
  return key;
}

const std::string& test_public_key() {
  static const std::string pem = test_key().public_key_pem();
  return pem;
}

// Signs an arbitrary data part, as a forger holding the real key could: used to reach the
// checks that run after the signature.
std::string signed_payload(const std::string& version_and_data) {
  return version_and_data + "." + base64url_encode(test_key().sign(version_and_data));
}

constexpr const char* kBase64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

TEST_CASE("A signed payload verifies and gives back exactly the certificate data") {
  const auto data = sample_data();
  const std::string payload = make_payload(data, test_key());
  CHECK(payload.rfind("ADUAN1.", 0) == 0);
  CHECK(payload.find_first_not_of(std::string(kBase64UrlAlphabet) + ".") == std::string::npos);

  const auto result = verify_payload(payload, test_public_key());
  CHECK(result.valid);
  CHECK(result.reason.empty());
  CHECK(result.data == data);
  // The payload carries the masked NIK as given, so a full NIK never reaches the QR.
  CHECK(result.data.nik_masked == "3174********0002");
}

TEST_CASE("A payload is short enough for a comfortably scannable QR code") {
  // Measured: 361 characters typical (QR version 15 at level M, 77 modules), 570 for a
  // 64-character name and a 75-character facility (version 19). Version 20 holds 666 bytes.
  const std::string typical = make_payload(sample_data(), test_key());
  const std::string long_one = make_payload(long_sample_data(), test_key());
  CHECK(typical.size() < 400);
  CHECK(long_one.size() < 640);
  CHECK(encode_qr(typical)->version <= 15);
  CHECK(encode_qr(long_one)->version <= 20);
}

TEST_CASE("Whitespace around a payload (scanner or shell newline) is ignored") {
  const std::string payload = make_payload(sample_data(), test_key());
  CHECK(verify_payload("  " + payload + "\r\n", test_public_key()).valid);
}

TEST_CASE("Changing any single character of the data part makes the payload invalid") {
  const std::string payload = make_payload(sample_data(), test_key());
  const std::size_t begin = std::string("ADUAN1.").size();
  const std::size_t end = payload.rfind('.');
  for (std::size_t i = begin; i < end; ++i) {
    std::string tampered = payload;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    const auto result = verify_payload(tampered, test_public_key());
    INFO("position " << i);
    CHECK_FALSE(result.valid);
    CHECK((result.reason == kReasonBadSignature || result.reason == kReasonMalformed));
  }
  std::string tampered = payload;
  tampered[begin + 10] = tampered[begin + 10] == 'x' ? 'y' : 'x';
  CHECK(verify_payload(tampered, test_public_key()).reason == kReasonBadSignature);
}

TEST_CASE("Re-encoding changed data without the private key fails as a bad signature") {
  const std::string payload = make_payload(sample_data(), test_key());
  const std::size_t begin = std::string("ADUAN1.").size();
  const std::size_t end = payload.rfind('.');
  auto json = *base64url_decode(payload.substr(begin, end - begin));
  const auto at = json.find("Siti Rahayu");
  REQUIRE(at != std::string::npos);
  json.replace(at, 11, "Budi Santos");
  const std::string forged = "ADUAN1." + base64url_encode(json) + payload.substr(end);
  const auto result = verify_payload(forged, test_public_key());
  CHECK_FALSE(result.valid);
  CHECK(result.reason == kReasonBadSignature);
  CHECK(result.data.name.empty());  // nothing unauthenticated is handed back
}

TEST_CASE("A tampered signature fails") {
  const std::string payload = make_payload(sample_data(), test_key());
  std::string tampered = payload;
  const std::size_t i = payload.rfind('.') + 5;
  tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
  CHECK(verify_payload(tampered, test_public_key()).reason == kReasonBadSignature);
}

TEST_CASE("A payload signed by another key fails as a bad signature") {
  const auto other = SigningKey::generate(nullptr);
  REQUIRE(other);
  const std::string payload = make_payload(sample_data(), *other);
  CHECK(verify_payload(payload, other->public_key_pem()).valid);
  const auto result = verify_payload(payload, test_public_key());
  CHECK_FALSE(result.valid);
  CHECK(result.reason == kReasonBadSignature);
}

TEST_CASE("An unusable public key is reported as such, not as a bad certificate") {
  const std::string payload = make_payload(sample_data(), test_key());
  CHECK(verify_payload(payload, "").reason == kReasonBadPublicKey);
  CHECK(verify_payload(payload, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").reason ==
        kReasonBadPublicKey);
}

TEST_CASE("Another payload version is reported as an unknown version") {
  const std::string payload = make_payload(sample_data(), test_key());
  std::string v2 = payload;
  v2[5] = '2';
  CHECK(verify_payload(v2, test_public_key()).reason == kReasonUnknownVersion);
  CHECK(verify_payload("ADUAN10." + payload.substr(7), test_public_key()).reason == kReasonUnknownVersion);
}

TEST_CASE("Malformed inputs never throw and are reported as malformed") {
  const std::string payload = make_payload(sample_data(), test_key());
  const std::string sig_part = payload.substr(payload.rfind('.'));
  const std::vector<std::string> inputs = {
      "",
      ".",
      "..",
      "ADUAN1",
      "ADUAN1.",
      "ADUAN1..",
      "ADUAN1.abc",
      "ADUAN1.abc.def.ghi",
      "ADUAN1.!!!!" + sig_part,
      "ADUAN1.e30" + sig_part.substr(0, 20),  // signature too short
      "hello world",
      std::string("ADUAN1.\0\0.\0", 11),
      "ADUAN1.\xff\xfe." + sig_part,
      payload + "." + payload,
      std::string(kMaxPayloadChars + 1, 'A'),
      "ADUAN1." + std::string(kMaxPayloadChars, 'A') + sig_part,
  };
  for (const auto& input : inputs) {
    INFO("input " << input.substr(0, 40));
    VerifyResult result;
    REQUIRE_NOTHROW(result = verify_payload(input, test_public_key()));
    CHECK_FALSE(result.valid);
    CHECK(result.reason == kReasonMalformed);
  }
}

TEST_CASE("Correctly signed data of the wrong shape is malformed, not valid") {
  const std::vector<std::string> bodies = {
      "[1,2]",
      "not json",
      R"({"n":"CRT-1"})",                                                  // fields missing
      R"({"n":1,"c":"","k":"","m":"","b":"","d":1,"v":"","t":"","f":"","l":"","i":""})",  // wrong type
      R"({"n":"","c":"","k":"","m":"","b":"","d":-3,"v":"","t":"","f":"","l":"","i":""})",  // bad dose
      R"({"n":"","c":"","k":"","m":"","b":"","d":1.5,"v":"","t":"","f":"","l":"","i":""})",
  };
  for (const auto& body : bodies) {
    INFO(body);
    const auto result = verify_payload(signed_payload("ADUAN1." + base64url_encode(body)), test_public_key());
    CHECK_FALSE(result.valid);
    CHECK(result.reason == kReasonMalformed);
  }
  const auto ok = verify_payload(
      signed_payload("ADUAN1." + base64url_encode(
                                     R"({"n":"N","c":"","k":"","m":"","b":"","d":1,"v":"","t":"","f":"","l":"","i":""})")),
      test_public_key());
  CHECK(ok.valid);
  CHECK(ok.data.number == "N");
}

TEST_CASE("Names in any script survive the payload and invalid UTF-8 does not throw") {
  auto data = sample_data();
  data.name = "Nguyễn Thị Minh Khai 王小明";
  auto result = verify_payload(make_payload(data, test_key()), test_public_key());
  REQUIRE(result.valid);
  CHECK(result.data.name == data.name);

  data.name = "Bad \xff\xfe byte";
  std::string payload;
  REQUIRE_NOTHROW(payload = make_payload(data, test_key()));
  result = verify_payload(payload, test_public_key());
  REQUIRE(result.valid);
  CHECK(result.data.name == "Bad \xEF\xBF\xBD\xEF\xBF\xBD byte");  // U+FFFD for each bad byte
}

TEST_CASE("An empty key produces no payload rather than an unsigned one") {
  auto key = SigningKey::generate(nullptr);
  REQUIRE(key);
  SigningKey taken = std::move(*key);
  CHECK(make_payload(sample_data(), *key).empty());
  CHECK_FALSE(make_payload(sample_data(), taken).empty());
}

TEST_CASE("Certificate data for a dose takes the citizen, the dose and the given masked NIK") {
  aduan::CitizenProfile citizen;
  citizen.id = aduan::CitizenId("C42");
  citizen.nik = "3174055708900002";
  citizen.name = "Siti Rahayu";
  citizen.birth_date = "1990-08-17";
  aduan::VaccinationDose dose;
  dose.dose = 3;
  dose.vaccine = "Pfizer";
  dose.date = "2022-03-01";
  dose.facility = "RS Fatmawati";
  dose.batch = "PF22";
  dose.certificate_number = "CRT-9";
  const auto d = certificate_data_for(citizen, dose, "3174********0002", "2024-01-05T10:00:00Z");
  CHECK(d.number == "CRT-9");
  CHECK(d.citizen_id == "C42");
  CHECK(d.nik_masked == "3174********0002");
  CHECK(d.name == "Siti Rahayu");
  CHECK(d.birth_date == "1990-08-17");
  CHECK(d.dose == 3);
  CHECK(d.vaccine == "Pfizer");
  CHECK(d.date == "2022-03-01");
  CHECK(d.facility == "RS Fatmawati");
  CHECK(d.batch == "PF22");
  CHECK(d.issued_at == "2024-01-05T10:00:00Z");
  const std::string payload = make_payload(d, test_key());
  const std::size_t begin = std::string("ADUAN1.").size();
  const auto json = base64url_decode(payload.substr(begin, payload.rfind('.') - begin));
  REQUIRE(json);
  CHECK(json->find("3174********0002") != std::string::npos);
  CHECK(json->find("3174055708900002") == std::string::npos);  // the full NIK never reaches the QR
}
