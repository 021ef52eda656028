// The webhook listener over a real loopback socket, with a fake intake sink.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <thread>

#include "tests/support/raw_http.hpp"
#include "transport/http_client.hpp"
#include "transport/http_server.hpp"
#include "transport/signature.hpp"
#include "transport/webhook_handler.hpp"

using namespace aduan;
using namespace aduan::transport;

namespace {

constexpr const char* kSecret = "test-secret";

class FakeSink : public IntakeSink {
 public:
  bool fail = false;
  std::vector<InboundEvent> got;
  std::mutex mu;
  void submit(std::vector<InboundEvent> events, std::function<void(IntakeResult)> done) override {
    std::lock_guard<std::mutex> lock(mu);
    IntakeResult r;
    r.ok = !fail;
    r.error = fail ? "disk full" : "";
    if (!fail)
      for (auto& e : events) got.push_back(e);
    r.stored = events.size();
    std::thread([done, r] { done(r); }).detach();  // answer from another thread, like the writer
  }
};

struct Listener {
  boost::asio::io_context ioc;
  FakeSink sink;
  WebhookCounters counters;
  std::unique_ptr<HttpServer> server;
  std::thread thread;
  std::string base;
  explicit Listener(std::size_t body_limit = 3u * 1024 * 1024) {
    HttpLimits limits;
    limits.body_limit = body_limit;
    limits.read_timeout = std::chrono::seconds(2);
    server = std::make_unique<HttpServer>(
        ioc, "127.0.0.1", 0, limits,
        make_webhook_handler(WebhookSettings{kSecret, "verify-me", "111"}, sink, counters,
                             [] { return std::pair<bool, std::string>{false, "recovering"}; }),
        "test");
    server->start();
    base = "http://127.0.0.1:" + std::to_string(server->port());
    thread = std::thread([this] { ioc.run(); });
  }
  ~Listener() {
    server->stop();
    ioc.stop();
    thread.join();
  }
};

const std::string kBody =
    R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"62","phone_number_id":"111"},"contacts":[{"profile":{"name":"Caf\u00e9 \ud83d\ude22"},"wa_id":"6281234567890"}],"messages":[{"from":"6281234567890","id":"wamid.X1","timestamp":"1700000000","type":"text","text":{"body":"halo \u0040 http:\/\/x"}}]}}]}]})";

HttpResult post(const Listener& l, const std::string& body, const std::string& sig) {
  std::map<std::string, std::string> h{{"Content-Type", "application/json"}};
  if (!sig.empty()) h["X-Hub-Signature-256"] = sig;
  return http_request("POST", l.base + "/webhook", h, body);
}

}  // namespace

TEST_CASE("a signed real-shape webhook is acknowledged only after the sink stored it") {
  Listener l;
  auto r = post(l, kBody, sign_body(kBody, kSecret));
  CHECK(r.status == 200);
  REQUIRE(l.sink.got.size() == 1);
  auto& m = std::get<InboundMessage>(l.sink.got[0]);
  CHECK(m.text == "halo @ http://x");
}

TEST_CASE("the signature header name is case-insensitive") {
  Listener l;
  auto r = http_request("POST", l.base + "/webhook", {{"x-hub-signature-256", sign_body(kBody, kSecret)}}, kBody);
  CHECK(r.status == 200);
}

TEST_CASE("a missing or wrong signature is 401 and nothing is stored") {
  Listener l;
  CHECK(post(l, kBody, "").status == 401);
  CHECK(post(l, kBody, sign_body(kBody, "other")).status == 401);
  CHECK(post(l, kBody, "sha256=deadbeef").status == 401);
  CHECK(l.sink.got.empty());
  CHECK(l.counters.unauthorized == 3);
}

TEST_CASE("a body over the limit is 413 before the signature is looked at") {
  Listener l(1024);
  std::string big(4096, ' ');
  CHECK(post(l, big, "").status == 413);
}

TEST_CASE("a signed body that is not JSON or has no entry array is 400") {
  Listener l;
  for (std::string bad : {std::string("not json"), std::string("[1,2]"), std::string(R"({"object":"x"})"),
                          std::string(R"({"entry":{}})")}) {
    INFO(bad);
    CHECK(post(l, bad, sign_body(bad, kSecret)).status == 400);
  }
}

TEST_CASE("storage unable to write answers 503 so Meta retries") {
  Listener l;
  l.sink.fail = true;
  CHECK(post(l, kBody, sign_body(kBody, kSecret)).status == 503);
}

TEST_CASE("a signed envelope with nothing to store is acknowledged") {
  Listener l;
  std::string other = R"({"object":"instagram","entry":[]})";
  CHECK(post(l, other, sign_body(other, kSecret)).status == 200);
  CHECK(l.sink.got.empty());
}

TEST_CASE("the GET handshake answers the challenge exactly, 403 on a wrong token, 400 on missing parts") {
  Listener l;
  auto ok = http_request("GET", l.base + "/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345");
  CHECK(ok.status == 200);
  CHECK(ok.body == "12345");
  CHECK_THAT(ok.content_type, Catch::StartsWith("text/plain"));
  CHECK(http_request("GET", l.base + "/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1").status == 403);
  CHECK(http_request("GET", l.base + "/webhook?hub.mode=subscribe&hub.challenge=1").status == 400);
  CHECK(http_request("GET", l.base + "/webhook?hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1").status ==
        400);
}

TEST_CASE("healthz is 200 and readyz says why it is not ready") {
  Listener l;
  CHECK(http_request("GET", l.base + "/healthz").status == 200);
  auto r = http_request("GET", l.base + "/readyz");
  CHECK(r.status == 503);
  CHECK_THAT(r.body, Catch::Contains("recovering"));
}

TEST_CASE("malformed HTTP gets a 400 and the listener keeps serving") {
  Listener l;
  auto r = http_request("GET", l.base + "/webhook\x01" "bad");
  (void)r;
  CHECK(http_request("GET", l.base + "/healthz").status == 200);
}

TEST_CASE("HEAD answers headers only, so a keep-alive client reads the next response right after") {
  // Named after what broke: HEAD /healthz carried the body, which a keep-alive client then
  // read as the start of the next response.
  Listener l;
  const std::string all = aduan::test::raw_exchange(
      l.server->port(),
      "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const auto end_of_head = all.find("\r\n\r\n");
  REQUIRE(end_of_head != std::string::npos);
  const std::string head = all.substr(0, end_of_head);
  INFO(all);
  CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(head.find("Content-Length: 0") == std::string::npos);  // the GET's length, not zero
  CHECK(all.compare(end_of_head + 4, 12, "HTTP/1.1 200") == 0);  // the second answer follows at once
  CHECK(all.find("\"ok\"", end_of_head) != std::string::npos);   // and carries the body
}
