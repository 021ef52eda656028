// Webhook intake load generator (issue 2), run by hand against a running server:
//   build/tests/webhook_load [URL=http://127.0.0.1:8080/webhook] [CONNECTIONS=64] [SECONDS=10] [SECRET]
// Every request is a unique signed text message (so each one is a real durable insert),
// sent over keep-alive connections; prints requests/s and latency percentiles.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

#include "transport/http_client.hpp"
#include "transport/signature.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

std::atomic<std::uint64_t> next_id{0};
std::atomic<bool> running{true};
std::mutex lat_mu;
std::vector<double> latencies;
std::atomic<std::uint64_t> non200{0};

std::string body_for(std::uint64_t id) {
  std::string from = "6289" + std::to_string(100000000 + id % 5000);
  return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"62800","phone_number_id":"100000000000001"},"contacts":[{"profile":{"name":"Load"},"wa_id":")" +
         from + R"("}],"messages":[{"from":")" + from + R"(","id":"wamid.LOAD)" + std::to_string(id) +
         R"(","timestamp":"1700000000","type":"text","text":{"body":"menu"}}]}}]}]})";
}

struct Conn : std::enable_shared_from_this<Conn> {
  beast::tcp_stream stream;
  beast::flat_buffer buf;
  http::request<http::string_body> req;
  http::response<http::string_body> res;
  std::string host, target, secret;
  Clock::time_point started;
  Conn(net::io_context& ioc, std::string h, std::string t, std::string s)
      : stream(ioc), host(std::move(h)), target(std::move(t)), secret(std::move(s)) {}
  void send() {
    if (!running) return;
    auto id = next_id++;
    req = {};
    req.method(http::verb::post);
    req.target(target);
    req.version(11);
    req.set(http::field::host, host);
    req.set(http::field::content_type, "application/json");
    req.body() = body_for(id);
    req.set("X-Hub-Signature-256", aduan::transport::sign_body(req.body(), secret));
    req.keep_alive(true);
    req.prepare_payload();
    started = Clock::now();
    http::async_write(stream, req, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->res = {};
      http::async_read(self->stream, self->buf, self->res, [self](beast::error_code ec2, std::size_t) {
        if (ec2) return;
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - self->started).count();
        if (self->res.result_int() != 200) ++non200;
        {
          std::lock_guard<std::mutex> lock(lat_mu);
          latencies.push_back(ms);
        }
        self->send();
      });
    });
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string url = argc > 1 ? argv[1] : "http://127.0.0.1:8080/webhook";
  int conns = argc > 2 ? std::atoi(argv[2]) : 64;
  int seconds = argc > 3 ? std::atoi(argv[3]) : 10;
  std::string secret = argc > 4 ? argv[4] : "aduan-sandbox-app-secret";
  auto u = aduan::transport::parse_url(url);
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  auto eps = resolver.resolve(u.host, u.port);
  std::vector<std::shared_ptr<Conn>> all;
  for (int i = 0; i < conns; ++i) {
    auto c = std::make_shared<Conn>(ioc, u.host, u.target, secret);
    c->stream.connect(eps);
    all.push_back(c);
  }
  auto start = Clock::now();
  for (auto& c : all) c->send();
  net::steady_timer stop(ioc, std::chrono::seconds(seconds));
  stop.async_wait([&](beast::error_code) { running = false; });
  ioc.run();
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies.empty() ? 0 : latencies[std::min(latencies.size() - 1, std::size_t(p * latencies.size()))]; };
  std::printf("%zu requests in %.2f s = %.0f req/s over %d connections; non-200: %lu\n", latencies.size(), s,
              latencies.size() / s, conns, static_cast<unsigned long>(non200.load()));
  std::printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f; over 1 s: %zu\n", pct(0.5), pct(0.9), pct(0.99),
              latencies.empty() ? 0 : latencies.back(),
              static_cast<std::size_t>(std::count_if(latencies.begin(), latencies.end(), [](double x) { return x > 1000; })));
  return 0;
}
