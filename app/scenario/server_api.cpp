#include "app/scenario/server_api.hpp"

#include <cctype>
#include <thread>

#include "transport/signature.hpp"

namespace aduan::app {

using nlohmann::json;

std::string url_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

transport::HttpResult ServerApi::post_webhook(const std::string& body, bool sign) const {
  std::string sig = transport::sign_body(body, sign ? t_.app_secret : t_.app_secret + "-wrong");
  return transport::http_request("POST", t_.webhook_url + "/webhook",
                                 {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", sig}}, body,
                                 kApiTimeout);
}

ApiResult ServerApi::admin(const std::string& method, const std::string& path_and_query, const json& body) const {
  std::map<std::string, std::string> headers{{"Authorization", "Bearer " + t_.token}};
  std::string payload;
  if (!body.is_null()) {
    headers["Content-Type"] = "application/json";
    payload = body.dump();
  }
  auto r = transport::http_request(method, t_.admin_url + path_and_query, headers, payload, kApiTimeout);
  ApiResult out;
  out.status = r.status;
  out.raw = r.body;
  out.error = r.error;
  out.body = json::parse(r.body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  if (r.status == 0 && out.error.empty()) out.error = "no answer from " + t_.admin_url;
  if (r.status != 0 && !out.ok()) {
    std::string msg = out.body.is_object() ? out.body.value("error", std::string()) : std::string();
    out.error = "HTTP " + std::to_string(r.status) + (msg.empty() ? "" : ": " + msg);
  }
  return out;
}

transport::HttpResult ServerApi::admin_raw(const std::string& path_and_query) const {
  return transport::http_request("GET", t_.admin_url + path_and_query, {{"Authorization", "Bearer " + t_.token}}, {},
                                 kApiTimeout);
}

bool ServerApi::settle(std::chrono::milliseconds limit, std::string* why) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int quiet = 0;
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = get("/admin/stats");
    if (r.ok() && r.body.is_object()) {
      const auto inbox = r.body.value("inbox_pending", -1);
      const auto out = r.body.contains("outbox") ? r.body["outbox"].value("pending", -1) : -1;
      if (inbox == 0 && out == 0) {
        if (++quiet >= 2) return true;
      } else {
        quiet = 0;
        last = "inbox_pending " + std::to_string(inbox) + ", outbox pending " + std::to_string(out);
      }
    } else {
      quiet = 0;
      last = "/admin/stats: " + r.error;
    }
    std::this_thread::sleep_for(kSettlePoll);
  }
  if (why) *why = "the server did not settle within " + std::to_string(limit.count() / 1000) + " s (" + last + ")";
  return false;
}

bool ServerApi::ready() const {
  return transport::http_request("GET", t_.webhook_url + "/readyz", {}, {}, std::chrono::seconds(2)).status == 200;
}

}  // namespace aduan::app
