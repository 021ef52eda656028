// Routing and auth of the admin listener over a real loopback socket, with a fake backend
// that records which endpoint was reached and by whom.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <thread>

#include "tests/support/raw_http.hpp"
#include "transport/admin_handler.hpp"
#include "transport/http_client.hpp"
#include "transport/http_server.hpp"

using namespace aduan::transport;
using json = nlohmann::json;

namespace {

class FakeBackend : public AdminBackend {
 public:
  bool is_sandbox = true;
  std::string last;
  std::optional<Caller> authenticate(const std::string& token) override {
    if (token == "ops-token-0123456789") return Caller{true, {}};
    if (token == "officer-token") return Caller{false, "siti"};
    return std::nullopt;
  }
  bool sandbox() const override { return is_sandbox; }
  void answer(const char* name, const AdminCall& c, AdminDone d) {
    last = name;
    d(AdminReply{200, json{{"endpoint", name}, {"who", c.caller.who()}, {"params", c.params}, {"limit", c.limit}},
                 std::nullopt, "application/json"});
  }
  void stats(const AdminCall& c, AdminDone d) override { answer("stats", c, d); }
  void metrics(const AdminCall& c, AdminDone d) override { answer("metrics", c, d); }
  void actors(const AdminCall& c, AdminDone d) override { answer("actors", c, d); }
  void actor(const AdminCall& c, AdminDone d) override { answer("actor", c, d); }
  void stop_actor(const AdminCall& c, AdminDone d) override { answer("stop_actor", c, d); }
  void tickets(const AdminCall& c, AdminDone d) override { answer("tickets", c, d); }
  void ticket(const AdminCall& c, AdminDone d) override { answer("ticket", c, d); }
  void resolve_ticket(const AdminCall& c, AdminDone d) override { answer("resolve", c, d); }
  void reopen_ticket(const AdminCall& c, AdminDone d) override { answer("reopen", c, d); }
  void citizen(const AdminCall& c, AdminDone d) override { answer("citizen", c, d); }
  void audit(const AdminCall& c, AdminDone d) override { answer("audit", c, d); }
  void sandbox_outbox(const AdminCall& c, AdminDone d) override { answer("sandbox_outbox", c, d); }
  void sandbox_sms(const AdminCall& c, AdminDone d) override { answer("sandbox_sms", c, d); }
  void sandbox_media(const AdminCall& c, AdminDone d) override { answer("sandbox_media", c, d); }
  void sandbox_clock(const AdminCall& c, AdminDone d) override { answer("sandbox_clock", c, d); }
  std::optional<AdminReply> static_file(const std::string& path) override {
    if (path == "index.html") return AdminReply{200, nullptr, std::string("<html>ops</html>"), "text/html"};
    return std::nullopt;
  }
};

struct Admin {
  boost::asio::io_context ioc;
  FakeBackend backend;
  std::vector<std::string> log;
  std::mutex mu;
  std::unique_ptr<HttpServer> server;
  std::thread thread;
  std::string base;
  Admin() {
    server = std::make_unique<HttpServer>(ioc, "127.0.0.1", 0, HttpLimits{},
                                          make_admin_handler(backend,
                                                             [this](const std::string& l) {
                                                               std::lock_guard<std::mutex> lock(mu);
                                                               log.push_back(l);
                                                             }),
                                          "admin-test");
    server->start();
    base = "http://127.0.0.1:" + std::to_string(server->port());
    thread = std::thread([this] { ioc.run(); });
  }
  ~Admin() {
    server->stop();
    ioc.stop();
    thread.join();
  }
  HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                  const std::string& body = "") {
    std::map<std::string, std::string> h;
    if (!token.empty()) h["Authorization"] = "Bearer " + token;
    return http_request(method, base + path, h, body);
  }
};

const std::vector<std::pair<std::string, std::string>> kEndpoints = {
    {"GET", "/metrics"},           {"GET", "/admin/stats"},
    {"GET", "/admin/actors"},      {"GET", "/admin/actors/abc"},
    {"GET", "/admin/tickets"},     {"GET", "/admin/tickets/TK-1"},
    {"POST", "/admin/tickets/TK-1/resolve"}, {"POST", "/admin/tickets/TK-1/reopen"},
    {"GET", "/admin/citizens/3174055708900002"}, {"GET", "/admin/audit?nik=3174055708900002"},
};
const std::vector<std::pair<std::string, std::string>> kOpsOnly = {
    {"POST", "/admin/actors/abc/stop"}, {"GET", "/sandbox/outbox?to=1"}, {"GET", "/sandbox/sms"},
    {"GET", "/sandbox/media/m1"},       {"POST", "/sandbox/clock"},
};

}  // namespace

TEST_CASE("every admin endpoint refuses a missing or wrong token with 401 unauthorized") {
  Admin a;
  auto all = kEndpoints;
  all.insert(all.end(), kOpsOnly.begin(), kOpsOnly.end());
  for (auto& [m, p] : all) {
    INFO(m << " " << p);
    auto none = a.call(m, p, "");
    CHECK(none.status == 401);
    CHECK(json::parse(none.body) == json{{"error", "unauthorized"}});
    CHECK(a.call(m, p, "wrong").status == 401);
  }
  CHECK(a.backend.last.empty());
}

TEST_CASE("officers reach the officer endpoints and are named as officer:NAME") {
  Admin a;
  for (auto& [m, p] : kEndpoints) {
    INFO(m << " " << p);
    auto r = a.call(m, p, "officer-token", m == "POST" ? "{}" : "");
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["who"] == "officer:siti");
  }
}

TEST_CASE("ops-only paths answer 403 to an officer and 200 to ops") {
  Admin a;
  for (auto& [m, p] : kOpsOnly) {
    INFO(m << " " << p);
    CHECK(a.call(m, p, "officer-token", m == "POST" ? "{}" : "").status == 403);
    auto ops = a.call(m, p, "ops-token-0123456789", m == "POST" ? "{}" : "");
    CHECK(ops.status == 200);
    CHECK(json::parse(ops.body)["who"] == "ops");
  }
}

TEST_CASE("sandbox paths are 404 in production") {
  Admin a;
  a.backend.is_sandbox = false;
  CHECK(a.call("GET", "/sandbox/outbox", "ops-token-0123456789").status == 404);
}

TEST_CASE("path parameters and list limits reach the backend") {
  Admin a;
  auto r = json::parse(a.call("GET", "/admin/tickets/TK-42?limit=7", "officer-token").body);
  CHECK(r["params"] == json{"TK-42"});
  CHECK(a.call("GET", "/admin/tickets?limit=0", "officer-token").status == 400);
  CHECK(json::parse(a.call("GET", "/admin/tickets?limit=100000", "officer-token").body)["limit"] == kAdminMaxLimit);
}

TEST_CASE("a POST body that is not a JSON object is 400") {
  Admin a;
  CHECK(a.call("POST", "/admin/tickets/TK-1/resolve", "officer-token", "[1]").status == 400);
  CHECK(a.call("POST", "/admin/tickets/TK-1/resolve", "officer-token", "nope").status == 400);
}

TEST_CASE("the ops page shell loads without a token") {
  Admin a;
  auto r = a.call("GET", "/ops/", "");
  CHECK(r.status == 200);
  CHECK_THAT(r.body, Catch::Contains("ops"));
  CHECK(a.call("GET", "/healthz", "").status == 200);
}

TEST_CASE("access logs mask path parameters and never contain tokens") {
  Admin a;
  a.call("GET", "/admin/citizens/3174055708900002?reveal=1", "ops-token-0123456789");
  a.call("GET", "/admin/tickets/TK-9", "officer-token");
  std::lock_guard<std::mutex> lock(a.mu);
  REQUIRE(a.log.size() == 2);
  for (auto& line : a.log) {
    CHECK(line.find("3174055708900002") == std::string::npos);
    CHECK(line.find("ops-token") == std::string::npos);
    CHECK(line.find("officer-token") == std::string::npos);
  }
  CHECK_THAT(a.log[0], Catch::Contains("/admin/citizens/{param}"));
}

TEST_CASE("logged admin paths carry no personal data and cannot forge a log line") {
  // Named after what broke: /admin/3174055708900002 was logged whole, and an encoded newline
  // in an /ops/ path wrote a fake "[error]" line into the log.
  CHECK(mask_admin_path("/admin/citizens/3174055708900002") == "/admin/citizens/{param}");
  CHECK(mask_admin_path("/admin/3174055708900002") == "/admin/################");
  CHECK(mask_admin_path("/metrics/6281110000001") == "/metrics/#############");
  const std::string forged = mask_admin_path("/ops/x%0a%5B2026-12-04%2000:00:00.000%5D%20%5Berror%5D%20FAKE");
  CHECK(forged.find('\n') == std::string::npos);
  CHECK(forged.find("2026") == std::string::npos);
  CHECK(mask_admin_path("/ops/%00").find('\0') == std::string::npos);
  CHECK(mask_admin_path("/ops/" + std::string(5000, 'a')).size() <= 130);
  CHECK(mask_admin_path("/admin/tickets/TK-000551/resolve") == "/admin/tickets/{param}/resolve");
  CHECK(mask_admin_path("/ops/app.js") == "/ops/app.js");
}

TEST_CASE("HEAD on an admin GET path answers like GET without a body; the ops page refuses POST with Allow") {
  // Named after what broke: HEAD /admin/stats was 404 while GET was 200, and POST /ops/
  // answered the page.
  Admin a;
  for (const char* path : {"/admin/stats", "/metrics", "/admin/tickets"}) {
    INFO(path);
    const std::string r = aduan::test::raw_exchange(a.server->port(), std::string("HEAD ") + path +
                                                             " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ops-token-0123456789" +
                                                             "\r\nConnection: close\r\n\r\n");
    CHECK(r.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(r.size() == r.find("\r\n\r\n") + 4);  // nothing after the headers
  }
  const std::string post = aduan::test::raw_exchange(a.server->port(), "POST /ops/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  CHECK(post.rfind("HTTP/1.1 405", 0) == 0);
  CHECK(post.find("Allow: GET, HEAD") != std::string::npos);
}
