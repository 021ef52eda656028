// Posts signed WhatsApp webhooks (built by app/scenario/webhook_builder, as Meta shapes them)
// to a running `aduan serve`, for black-box tests (sandbox app secret and phone number id).
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/scenario/webhook_builder.hpp"
#include "core/config.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/wait.hpp"
#include "transport/signature.hpp"

namespace aduan::test {

constexpr std::int64_t kWebhookTimestamp = 1'700'000'000;  // Meta's seconds; the server keeps its own clock

inline std::string text_webhook(const std::string& id, const std::string& from, const std::string& body) {
  app::CitizenMessage m;
  m.text = body;
  return app::messages_webhook(sandbox_defaults::kPhoneNumberId, from, "Tester",
                               {app::message_object(from, id, kWebhookTimestamp, m)});
}

inline transport::HttpResult post_webhook(const ServerProcess& s, const std::string& body) {
  return transport::http_request("POST", s.url("/webhook"),
                                 {{"X-Hub-Signature-256", transport::sign_body(body, sandbox_defaults::kAppSecret)},
                                  {"Content-Type", "application/json"}},
                                 body);
}

}  // namespace aduan::test
