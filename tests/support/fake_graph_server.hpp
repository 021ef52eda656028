// A local fake of the Graph API and an SMS gateway for tests and the benchmark, on a
// loopback port through the project's own transport/http_server. It answers like Meta
// (messages[].id per message, an id per media upload) unless told otherwise: scripted
// answers per path suffix or per recipient, a rule function, a required bearer token
// (a wrong one gets 401 with code 190), and latency. Every request is recorded with its
// headers and body (recording can be switched off for the benchmark; counting cannot).
// Thread-safe; answers on its own io threads. Tests only.
#pragma once
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "transport/http_server.hpp"

namespace aduan::test {

struct FakeAnswer {
  int status = 200;
  std::string body;  // empty on a 2xx: the path's default success body
};

// An error answer in Graph's shape: {"error": {"message", "type", "code"}}.
inline FakeAnswer graph_error(int status, int code, const std::string& message = "fake error") {
  nlohmann::json j{{"error", {{"message", message}, {"type", "OAuthException"}, {"code", code}, {"fbtrace_id", "T"}}}};
  return {status, j.dump()};
}

struct RecordedRequest {
  std::string method, path;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string to;  // "to" (or "recipient") of a JSON body, when there is one
  int answered_status = 0;
};

class FakeGraphServer {
 public:
  using Rule = std::function<std::optional<FakeAnswer>(const RecordedRequest&)>;

  explicit FakeGraphServer(int io_threads = 1) {
    transport::HttpLimits limits;
    limits.body_limit = 16u << 20;
    server_ = std::make_unique<transport::HttpServer>(
        ioc_, "127.0.0.1", 0, limits,
        [this](transport::HttpRequest&& req, transport::Responder respond) { handle(std::move(req), std::move(respond)); },
        "fake graph");
    server_->start();
    for (int i = 0; i < io_threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~FakeGraphServer() {
    server_->stop();
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }
  FakeGraphServer(const FakeGraphServer&) = delete;
  FakeGraphServer& operator=(const FakeGraphServer&) = delete;

  unsigned short port() const { return server_->port(); }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port()); }
  std::string graph_url() const { return base() + "/v21.0"; }
  std::string sms_url() const { return base() + "/sms/send"; }

  // The handler itself, for another front end (the TLS acceptor in tls_test_server.hpp).
  transport::HttpHandler handler() {
    return [this](transport::HttpRequest&& req, transport::Responder respond) { handle(std::move(req), std::move(respond)); };
  }

  // Answers for requests whose path ends with `suffix` ("/messages", "/media", "/sms/send"),
  // used in order; afterwards the default answer.
  void script(const std::string& suffix, std::vector<FakeAnswer> answers) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& a : answers) by_path_[suffix].push_back(std::move(a));
  }
  // Answers for messages to one recipient, used in order before any path script.
  void script_recipient(const std::string& to, std::vector<FakeAnswer> answers) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& a : answers) by_recipient_[to].push_back(std::move(a));
  }
  // Consulted first for every request; nullopt falls through to the scripts.
  void rule(Rule r) {
    std::lock_guard<std::mutex> lock(mu_);
    rule_ = std::move(r);
  }
  // When set, an Authorization other than "Bearer <token>" gets 401 with code 190.
  void require_token(std::string token) {
    std::lock_guard<std::mutex> lock(mu_);
    token_ = std::move(token);
  }
  void latency(std::chrono::milliseconds d) { latency_ms_ = d.count(); }
  void record(bool on) { record_ = on; }

  std::vector<RecordedRequest> requests(const std::string& suffix = "") const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<RecordedRequest> out;
    for (const auto& r : log_)
      if (ends_with(r.path, suffix)) out.push_back(r);
    return out;
  }
  std::size_t count() const { return total_.load(); }
  std::size_t count(const std::string& suffix) const { return requests(suffix).size(); }

 private:
  static bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  }

  // The default success answer of a path: ids are unique per server.
  FakeAnswer success(const RecordedRequest& r) {
    const auto n = std::to_string(++next_id_);
    if (ends_with(r.path, "/messages")) {
      nlohmann::json j{{"messaging_product", "whatsapp"},
                       {"contacts", nlohmann::json::array({{{"input", r.to}, {"wa_id", r.to}}})},
                       {"messages", nlohmann::json::array({{{"id", "wamid.FAKE" + n}}})}};
      return {200, j.dump()};
    }
    if (ends_with(r.path, "/media")) return {200, nlohmann::json{{"id", "media-" + n}}.dump()};
    if (ends_with(r.path, "/sms/send")) return {200, nlohmann::json{{"id", "sms-" + n}}.dump()};
    return {404, R"({"error":{"message":"unknown path","code":100}})"};
  }

  FakeAnswer choose(const RecordedRequest& r) {
    if (!token_.empty() && r.headers.count("authorization") && r.headers.at("authorization") != "Bearer " + token_)
      return graph_error(401, 190, "Error validating access token");
    if (!token_.empty() && !r.headers.count("authorization")) return graph_error(401, 190, "no token");
    if (rule_)
      if (auto a = rule_(r)) return *a;
    if (!r.to.empty()) {
      auto it = by_recipient_.find(r.to);
      if (it != by_recipient_.end() && !it->second.empty() && ends_with(r.path, "/messages")) {
        auto a = std::move(it->second.front());
        it->second.pop_front();
        return a;
      }
    }
    for (auto& [suffix, answers] : by_path_) {
      if (answers.empty() || !ends_with(r.path, suffix)) continue;
      auto a = std::move(answers.front());
      answers.pop_front();
      return a;
    }
    return success(r);
  }

  void handle(transport::HttpRequest&& req, transport::Responder respond) {
    RecordedRequest r;
    r.method = req.method;
    r.path = req.path;
    r.headers = std::move(req.headers);
    r.body = std::move(req.body);
    if (r.headers["content-type"].rfind("application/json", 0) == 0) {
      auto j = nlohmann::json::parse(r.body, nullptr, false);
      if (j.is_object()) {
        if (j.contains("to") && j["to"].is_string()) r.to = j["to"].get<std::string>();
        else if (j.contains("recipient") && j["recipient"].is_string()) r.to = j["recipient"].get<std::string>();
      }
    }
    FakeAnswer a;
    {
      std::lock_guard<std::mutex> lock(mu_);
      a = choose(r);
      if (a.status >= 200 && a.status < 300 && a.body.empty()) a = success(r);
      r.answered_status = a.status;
      ++total_;
      if (record_) log_.push_back(std::move(r));
    }
    transport::HttpResponse res;
    res.status = a.status;
    res.body = std::move(a.body);
    auto delay = latency_ms_.load();
    if (delay <= 0) return respond(std::move(res));
    auto timer = std::make_shared<boost::asio::steady_timer>(ioc_, std::chrono::milliseconds(delay));
    timer->async_wait([timer, respond, res](const boost::system::error_code&) mutable { respond(std::move(res)); });
  }

  boost::asio::io_context ioc_;
  std::unique_ptr<transport::HttpServer> server_;
  std::vector<std::thread> threads_;
  mutable std::mutex mu_;
  std::map<std::string, std::deque<FakeAnswer>> by_path_;
  std::map<std::string, std::deque<FakeAnswer>> by_recipient_;
  Rule rule_;
  std::string token_;
  std::vector<RecordedRequest> log_;
  std::atomic<std::size_t> total_{0};
  std::atomic<long> latency_ms_{0};
  std::atomic<bool> record_{true};
  std::uint64_t next_id_ = 0;
};

}  // namespace aduan::test
