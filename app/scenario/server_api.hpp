// Blocking calls to a running aduan server for the client tools: signed webhooks to the
// webhook listener and ops calls to the admin listener (CONTRACTS.md "HTTP"). One request
// per call on the caller's thread; failures are values (status 0 + error), never thrown.
#pragma once
#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/scenario/target.hpp"
#include "transport/http_client.hpp"

namespace aduan::app {

constexpr auto kApiTimeout = std::chrono::seconds(10);
constexpr auto kSettlePoll = std::chrono::milliseconds(25);
constexpr auto kSettleLimit = std::chrono::seconds(30);

struct ApiResult {
  int status = 0;          // 0: no answer
  nlohmann::json body;     // parsed JSON, or null
  std::string raw;
  std::string error;       // transport error, or the server's {"error"} text
  bool ok() const { return status >= 200 && status < 300; }
};

class ServerApi {
 public:
  explicit ServerApi(ServerTarget t) : t_(std::move(t)) {}

  // POST /webhook with X-Hub-Signature-256 over exactly these bytes; a wrong signature
  // on purpose when `sign` is false.
  transport::HttpResult post_webhook(const std::string& body, bool sign = true) const;
  ApiResult admin(const std::string& method, const std::string& path_and_query,
                  const nlohmann::json& body = nullptr) const;
  ApiResult get(const std::string& path_and_query) const { return admin("GET", path_and_query); }
  transport::HttpResult admin_raw(const std::string& path_and_query) const;

  // Waits until every acknowledged inbound event is processed and every reply handed to
  // its channel (/admin/stats: inbox_pending 0 and outbox pending 0, twice in a row).
  // False with *why after `limit`.
  bool settle(std::chrono::milliseconds limit, std::string* why) const;
  bool ready() const;  // GET /readyz answers 200

  const ServerTarget& target() const { return t_; }

 private:
  ServerTarget t_;
};

std::string url_escape(const std::string& s);

}  // namespace aduan::app
