// The outbound HTTP(S) client against local servers: keep-alive reuse, the pool bound,
// timeouts and unreachable peers as error values, the one resend after a stale
// keep-alive connection, and TLS verified against a test CA (and refused with another).
#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <future>
#include <thread>

#include "tests/support/fake_graph_server.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tls_test_server.hpp"
#include "transport/https_client.hpp"

using namespace aduan;
using namespace aduan::transport;
using namespace std::chrono_literals;

namespace {

// An io_context with one thread for the client under test.
struct ClientLoop {
  boost::asio::io_context ioc;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{ioc.get_executor()};
  std::thread thread{[this] { ioc.run(); }};
  std::unique_ptr<HttpsClient> client;
  explicit ClientLoop(HttpsClientOptions o = {}) {
    std::string error;
    client = HttpsClient::create(ioc, o, &error);
    REQUIRE(client);
  }
  ~ClientLoop() {
    client.reset();
    work.reset();
    ioc.stop();
    thread.join();
  }
  ClientResponse call(const std::string& url, const std::string& body = "{}") {
    std::promise<ClientResponse> p;
    ClientRequest r;
    r.url = url;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    client->request(r, [&p](ClientResponse res) { p.set_value(std::move(res)); });
    auto f = p.get_future();
    REQUIRE(f.wait_for(20s) == std::future_status::ready);
    return f.get();
  }
};

// A raw TCP peer scripted per connection (no HTTP library): for behaviours a real server
// only shows by accident (never answering, closing a kept-alive connection).
class RawPeer {
 public:
  // on_connection runs on the peer's thread for each accepted connection, in order.
  explicit RawPeer(std::function<void(boost::asio::ip::tcp::socket&)> on_connection, int connections)
      : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this, on_connection, connections] {
      for (int i = 0; i < connections; ++i) {
        boost::system::error_code ec;
        boost::asio::ip::tcp::socket s(ioc_);
        acceptor_.accept(s, ec);
        if (ec) return;
        ++accepted_;
        on_connection(s);
      }
    });
  }
  ~RawPeer() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  int accepted() const { return accepted_.load(); }

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

// Reads one request with a small body (headers, then Content-Length bytes) from a blocking socket.
void read_request(boost::asio::ip::tcp::socket& s, boost::asio::streambuf& buf) {
  boost::system::error_code ec;
  auto n = boost::asio::read_until(s, buf, "\r\n\r\n", ec);
  if (ec) return;
  std::string head(boost::asio::buffers_begin(buf.data()), boost::asio::buffers_begin(buf.data()) + n);
  buf.consume(n);
  auto pos = head.find("Content-Length: ");
  std::size_t len = pos == std::string::npos ? 0 : std::stoul(head.substr(pos + 16));
  if (buf.size() < len) boost::asio::read(s, buf, boost::asio::transfer_exactly(len - buf.size()), ec);
  buf.consume(len);
}

}  // namespace

TEST_CASE("sequential requests to one host share one keep-alive connection") {
  test::FakeGraphServer fake;
  HttpsClientOptions o;
  o.pool_size = 4;
  ClientLoop loop(o);
  for (int i = 0; i < 20; ++i) {
    auto r = loop.call(fake.graph_url() + "/1/messages", R"({"to":"62811"})");
    REQUIRE(r.status == 200);
    REQUIRE(r.error.empty());
  }
  CHECK(fake.count() == 20);
  CHECK(loop.client->stats().connections_opened == 1);
  CHECK(loop.client->stats().reused == 19);
}

TEST_CASE("concurrent requests never open more connections than the pool allows, and all are answered") {
  test::FakeGraphServer fake(2);
  fake.latency(30ms);
  HttpsClientOptions o;
  o.pool_size = 2;
  ClientLoop loop(o);
  constexpr int kRequests = 12;
  std::vector<std::promise<ClientResponse>> answers(kRequests);
  for (int i = 0; i < kRequests; ++i) {
    ClientRequest r;
    r.url = fake.sms_url();
    r.body = "{}";
    loop.client->request(r, [&answers, i](ClientResponse res) { answers[i].set_value(std::move(res)); });
  }
  for (auto& a : answers) {
    auto f = a.get_future();
    REQUIRE(f.wait_for(20s) == std::future_status::ready);
    CHECK(f.get().status == 200);
  }
  CHECK(loop.client->stats().connections_opened == 2);
  CHECK(fake.count() == kRequests);
}

TEST_CASE("a peer that never answers ends in a timeout error, not a hang") {
  std::promise<void> release;
  auto released = release.get_future().share();
  RawPeer peer([released](boost::asio::ip::tcp::socket&) { released.wait_for(10s); }, 1);
  HttpsClientOptions o;
  o.request_timeout = 300ms;
  ClientLoop loop(o);
  auto t0 = std::chrono::steady_clock::now();
  auto r = loop.call("http://127.0.0.1:" + std::to_string(peer.port()) + "/x");
  auto took = std::chrono::steady_clock::now() - t0;
  release.set_value();
  CHECK(r.status == 0);
  CHECK_THAT(r.error, Catch::Contains("timed out"));
  CHECK(took < 3s);
}

TEST_CASE("a closed port and a bad URL come back as error values") {
  unsigned short closed_port;
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    closed_port = a.local_endpoint().port();
  }
  ClientLoop loop;
  auto r = loop.call("http://127.0.0.1:" + std::to_string(closed_port) + "/x");
  CHECK(r.status == 0);
  CHECK_THAT(r.error, Catch::Contains("cannot connect"));

  // The answer to a request that fails at once still arrives on the io thread, not inside request().
  std::promise<std::thread::id> where;
  loop.client->request(ClientRequest{"POST", "ftp://nowhere", {}, {}},
                       [&where](ClientResponse res) {
                         CHECK(res.status == 0);
                         CHECK(res.error == "bad URL");
                         where.set_value(std::this_thread::get_id());
                       });
  CHECK(where.get_future().get() == loop.thread.get_id());
}

TEST_CASE("a kept-alive connection the server closed is resent once on a fresh connection") {
  // Each connection answers one request (keep-alive announced) and then closes.
  RawPeer peer(
      [](boost::asio::ip::tcp::socket& s) {
        boost::asio::streambuf buf;
        read_request(s, buf);
        std::string res = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        boost::system::error_code ec;
        boost::asio::write(s, boost::asio::buffer(res), ec);
        s.close(ec);
      },
      2);
  ClientLoop loop;
  std::string url = "http://127.0.0.1:" + std::to_string(peer.port()) + "/x";
  REQUIRE(loop.call(url).status == 200);
  std::this_thread::sleep_for(50ms);  // let the close reach the client's socket
  auto second = loop.call(url);
  CHECK(second.status == 200);
  CHECK(peer.accepted() == 2);
  CHECK(loop.client->stats().retried_stale == 1);
}

TEST_CASE("https to a local server whose certificate the test CA signed succeeds for its IP and its name") {
  test::TempDir dir;
  auto ca = test::make_test_ca(dir, "good");
  test::FakeGraphServer fake;
  test::TlsTestServer tls(fake.handler(), ca.server_pem(), ca.server_key());
  HttpsClientOptions o;
  o.ca_file = ca.ca_pem();
  ClientLoop loop(o);
  auto by_ip = loop.call("https://127.0.0.1:" + std::to_string(tls.port()) + "/v21.0/1/messages", R"({"to":"62811"})");
  CHECK(by_ip.error == "");
  CHECK(by_ip.status == 200);
  auto by_name = loop.call("https://localhost:" + std::to_string(tls.port()) + "/v21.0/1/messages", R"({"to":"62812"})");
  CHECK(by_name.error == "");
  CHECK(by_name.status == 200);
  CHECK(fake.count("/messages") == 2);
}

TEST_CASE("https is refused when the server's certificate is not signed by a trusted CA") {
  test::TempDir dir;
  auto good = test::make_test_ca(dir, "good");
  auto other = test::make_test_ca(dir, "other");
  test::FakeGraphServer fake;
  test::TlsTestServer tls(fake.handler(), good.server_pem(), good.server_key());
  HttpsClientOptions o;
  o.ca_file = other.ca_pem();  // trusts a CA that did not sign the server certificate
  ClientLoop loop(o);
  auto r = loop.call("https://127.0.0.1:" + std::to_string(tls.port()) + "/v21.0/1/messages");
  CHECK(r.status == 0);
  CHECK_THAT(r.error, Catch::Contains("TLS handshake"));
  CHECK_THAT(r.error, Catch::Contains("certificate verify failed"));
  CHECK(fake.count() == 0);  // nothing reached the handler

  // Without any extra CA the system store does not know the test CA either.
  ClientLoop plain_store;
  auto r2 = plain_store.call("https://127.0.0.1:" + std::to_string(tls.port()) + "/v21.0/1/messages");
  CHECK(r2.status == 0);
  CHECK(fake.count() == 0);
}

TEST_CASE("a certificate that names another host is refused even from a trusted CA") {
  test::TempDir dir;
  auto ca = test::make_test_ca(dir, "elsewhere", "DNS:elsewhere.example");
  test::FakeGraphServer fake;
  test::TlsTestServer tls(fake.handler(), ca.server_pem(), ca.server_key());
  HttpsClientOptions o;
  o.ca_file = ca.ca_pem();
  ClientLoop loop(o);
  for (const char* host : {"127.0.0.1", "localhost"}) {
    auto r = loop.call(std::string("https://") + host + ":" + std::to_string(tls.port()) + "/x");
    CHECK(r.status == 0);
    CHECK_THAT(r.error, Catch::Contains("TLS handshake"));
  }
  CHECK(fake.count() == 0);
  CHECK(tls.handshakes_ok() == 0);
}

TEST_CASE("an unreadable CA file is reported when the client is created") {
  boost::asio::io_context ioc;
  HttpsClientOptions o;
  o.ca_file = "/nonexistent/ca.pem";
  std::string error;
  auto client = HttpsClient::create(ioc, o, &error);
  CHECK_FALSE(client);
  CHECK_THAT(error, Catch::Contains("/nonexistent/ca.pem"));
}
