#include <catch2/catch.hpp>

#include "core/phone.hpp"

using namespace aduan;

TEST_CASE("normalize_phone accepts every local form of CONTRACTS.md", "[phone]") {
  struct Case {
    const char* input;
    const char* e164;
  };
  const Case cases[] = {
      {"081234567890", "6281234567890"},
      {"0812-3456-7890", "6281234567890"},
      {"0812 3456 7890", "6281234567890"},
      {"0812.3456.7890", "6281234567890"},
      {"81234567890", "6281234567890"},
      {"812-3456-7890", "6281234567890"},
      {"+6281234567890", "6281234567890"},
      {"+62 812 3456 7890", "6281234567890"},
      {"+62 812-3456-7890", "6281234567890"},
      {"6281234567890", "6281234567890"},
      {"62 812 3456 7890", "6281234567890"},
      {"+62 0812 3456 7890", "6281234567890"},
      {"+62 0812-3456-7890", "6281234567890"},
      {"62 0812 3456 7890", "6281234567890"},
      {"  0812-3456-7890\n", "6281234567890"},
      {"0812--3456..7890", "6281234567890"},
      {"0812345678", "62812345678"},         // shortest: 9-digit NSN
      {"0812345678901", "62812345678901"},   // longest: 12-digit NSN
      {"0857 1234 5678", "6285712345678"},
      {"0899-1234-5678", "6289912345678"},
  };
  for (const auto& c : cases) {
    INFO(c.input);
    std::string reason;
    auto got = normalize_phone(c.input, &reason);
    REQUIRE(got);
    CHECK(*got == c.e164);
    CHECK(is_normalized_phone(*got));
  }
}

TEST_CASE("normalize_phone rejects other forms with a reason that does not echo the number", "[phone]") {
  struct Case {
    const char* input;
    const char* reason_part;
  };
  const Case cases[] = {
      {"", "empty"},
      {"   ", "empty"},
      {"626281234567890", "doubled"},
      {"+62 62 812 3456 7890", "doubled"},
      {"6262 0812 3456 7890", "doubled"},
      {"+1 415 555 0100", "not an Indonesian number"},
      {"+65 8123 4567", "not an Indonesian number"},
      {"+44 7700 900123", "not an Indonesian number"},
      {"6591234567", "mobile"},                // Singapore without +
      {"1 415 555 0100", "mobile"},
      {"0062 812 3456 7890", "mobile"},        // international prefix is not a contract form
      {"021 555 1234", "mobile"},              // Jakarta landline
      {"0802 3456 7890", "mobile"},            // 80x is not allocated
      {"0812345", "too short"},
      {"081234567", "too short"},              // 8-digit NSN
      {"08123456789012", "too long"},          // 13-digit NSN
      {"0812-3456-789O", "only digits"},       // letter O
      {"(0812) 3456 7890", "only digits"},
      {"0812/3456/7890", "only digits"},
      {"62+81234567890", "only digits"},
      {"++6281234567890", "only digits"},
      {"+", "no digits"},
      {"- . -", "no digits"},
      {"tel:081234567890", "only digits"},
      {"0812345678901234567890123456789012345678901", "too long"},
  };
  for (const auto& c : cases) {
    INFO(c.input);
    std::string reason;
    CHECK_FALSE(normalize_phone(c.input, &reason));
    CHECK_THAT(reason, Catch::Contains(c.reason_part));
    CHECK_THAT(reason, !Catch::Contains("3456"));
  }
}

TEST_CASE("normalize_phone works without a reason pointer", "[phone]") {
  CHECK_FALSE(normalize_phone("nope"));
  CHECK(normalize_phone("0812-3456-7890") == std::optional<std::string>("6281234567890"));
}

TEST_CASE("is_normalized_phone accepts only normalize_phone's output shape", "[phone]") {
  CHECK(is_normalized_phone("6281234567890"));
  CHECK_FALSE(is_normalized_phone("081234567890"));
  CHECK_FALSE(is_normalized_phone("+6281234567890"));
  CHECK_FALSE(is_normalized_phone("6221555123"));
  CHECK_FALSE(is_normalized_phone("62812345"));
  CHECK_FALSE(is_normalized_phone("62812345678a0"));
}

TEST_CASE("phone_local_form prints the familiar 0812-3456-7890 shape", "[phone]") {
  CHECK(phone_local_form("6281234567890") == "0812-3456-7890");
  CHECK(phone_local_form("62812345678") == "0812-3456-78");
  CHECK(normalize_phone(phone_local_form("62812345678901")) == std::optional<std::string>("62812345678901"));
  CHECK(phone_local_form("not a phone") == "not a phone");
}
