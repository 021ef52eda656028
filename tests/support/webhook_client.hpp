// Builds and posts signed WhatsApp webhooks the way Meta does, for black-box tests of a
// running `aduan serve` (sandbox app secret and phone number id).
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/wait.hpp"
#include "transport/signature.hpp"

namespace aduan::test {

inline std::string text_webhook(const std::string& id, const std::string& from, const std::string& body) {
  using json = nlohmann::json;
  json j = {{"object", "whatsapp_business_account"},
            {"entry",
             {{{"id", "1"},
               {"changes",
                {{{"field", "messages"},
                  {"value",
                   {{"messaging_product", "whatsapp"},
                    {"metadata", {{"display_phone_number", "62800"}, {"phone_number_id", sandbox_defaults::kPhoneNumberId}}},
                    {"contacts", {{{"profile", {{"name", "Tester"}}}, {"wa_id", from}}}},
                    {"messages",
                     {{{"from", from}, {"id", id}, {"timestamp", "1700000000"}, {"type", "text"},
                       {"text", {{"body", body}}}}}}}}}}}}}}};
  return j.dump();
}

inline transport::HttpResult post_webhook(const ServerProcess& s, const std::string& body) {
  return transport::http_request("POST", s.url("/webhook"),
                                 {{"X-Hub-Signature-256", transport::sign_body(body, sandbox_defaults::kAppSecret)},
                                  {"Content-Type", "application/json"}},
                                 body);
}

}  // namespace aduan::test
