#include "core/catalogue.hpp"

#include <catch2/catch.hpp>

#include "core/model.hpp"
#include "core/outbound.hpp"

using aduan::Catalogue;

namespace {

Catalogue real_catalogue() {
  std::string err;
  auto c = Catalogue::load(std::string(ADUAN_SOURCE_DIR) + "/config/messages.json", &err);
  INFO(err);
  REQUIRE(c);
  return *c;
}

std::string load_error(const nlohmann::json& j) {
  std::string err;
  auto c = Catalogue::from_json(j, &err);
  CHECK_FALSE(c);
  return err;
}

}  // namespace

TEST_CASE("the shipped catalogue loads and every text is within its Meta limit", "[catalogue]") {
  Catalogue c = real_catalogue();
  REQUIRE(c.keys().size() > 100);
  for (const auto& key : c.keys())
    for (const auto& lang : Catalogue::languages()) {
      INFO(key << " " << lang);
      CHECK(aduan::meta_length(c.text(key, lang)) <= Catalogue::limit_for(key));
    }
}

TEST_CASE("the catalogue has every key family the flow builds at run time", "[catalogue]") {
  Catalogue c = real_catalogue();
  std::vector<std::string> keys;
  for (const auto& f : aduan::correctable_fields()) {
    keys.push_back("field." + f);
    keys.push_back("value.prompt." + f);
  }
  for (const char* r : {"name_too_short", "name_too_long", "name_invalid", "date_invalid", "date_future",
                        "sex_invalid", "phone_invalid", "email_invalid", "nik_invalid", "field_unknown",
                        "nik_in_use", "generic"})
    keys.push_back(std::string("reject.") + r);
  for (const char* k : {"nik_conflict", "certificate_missing", "correction_review", "officer_requested"})
    keys.push_back(std::string("ticket.kind.") + k);
  for (const char* k : {"open", "resolved"}) keys.push_back(std::string("ticket.status.") + k);
  for (const char* k : {"certificate", "status", "data_change", "officer", "tickets"})
    keys.push_back(std::string("btn.intent.") + k);
  for (const char* k : {"cert", "status", "data", "officer", "tickets", "switch"}) {
    keys.push_back(std::string("row.menu.") + k);
    keys.push_back(std::string("desc.menu.") + k);
  }
  for (const char* k : {"name_large", "contradicts_nik", "nik_mismatch", "review"})
    keys.push_back(std::string("confirm.review_note.") + k);
  keys.push_back("dead_letter_apology");  // used by app/server.cpp for parked events
  for (const auto& k : keys) {
    INFO(k);
    CHECK(c.has(k));
  }
}

TEST_CASE("the OTP SMS holds the code as its only run of six digits", "[catalogue]") {
  Catalogue c = real_catalogue();
  for (const auto& lang : Catalogue::languages()) {
    std::string sms = c.text("sms.otp", lang, {{"code", "012345"}, {"minutes", "5"}});
    int runs = 0, len = 0;
    for (char ch : sms + " ") {
      if (std::isdigit(static_cast<unsigned char>(ch))) {
        ++len;
      } else {
        if (len >= 6) ++runs;
        len = 0;
      }
    }
    CHECK(runs == 1);
    CHECK(sms.find("012345") != std::string::npos);
  }
}

TEST_CASE("placeholders are filled once and unknown keys are visible", "[catalogue]") {
  auto c = Catalogue::from_json(
      {{"messages", {{"hi", {{"id", "Halo {name}, {x}"}, {"en", "Hello {name}, {x}"}}}}}}, nullptr);
  REQUIRE(c);
  CHECK(c->text("hi", "en", {{"name", "{x}"}, {"x", "y"}}) == "Hello {x}, y");
  CHECK(c->text("hi", "id", {{"name", "Siti"}}) == "Halo Siti, {x}");
  CHECK(c->text("hi", "fr") == "Halo {name}, {x}");  // falls back to id
  CHECK(c->text("nope", "id") == "[nope]");
}

TEST_CASE("a bad catalogue is refused with the key named", "[catalogue]") {
  CHECK(load_error({{"messages", {{"a", {{"id", "x"}}}}}}) == "messages: key 'a': missing language 'en'");
  CHECK(load_error({{"messages", {{"a", {{"id", "x"}, {"en", "y"}, {"fr", "z"}}}}}}).find("unknown language 'fr'") !=
        std::string::npos);
  CHECK(load_error({{"messages", {{"btn.x", {{"id", "a button title too long"}, {"en", "x"}}}}}}).find("key 'btn.x'") !=
        std::string::npos);
  CHECK(load_error({{"messages", {{"a", {{"id", "{n}"}, {"en", "{m}"}}}}}}).find("placeholders differ") !=
        std::string::npos);
  CHECK(load_error({{"messages", {{"a", {{"id", ""}, {"en", "x"}}}}}}).find("key 'a'") != std::string::npos);
  CHECK(load_error({{"mesages", {}}}).find("unknown key 'mesages'") != std::string::npos);
  std::string err;
  CHECK_FALSE(Catalogue::load("/nonexistent/messages.json", &err));
  CHECK(err.find("cannot read") != std::string::npos);
}
