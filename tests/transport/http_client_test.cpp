// The command-line tools' blocking client (transport/http_client): its timeout is a deadline
// for the whole request. Named after what broke: against a peer that accepted the connection
// and never answered, the synchronous Beast calls ignored the timeout and a test hung for
// minutes (Beast's tcp_stream expiry applies to asynchronous operations only).
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "transport/http_client.hpp"

using namespace aduan;
using namespace std::chrono_literals;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string url_of(const tcp::acceptor& a) {
  return "http://127.0.0.1:" + std::to_string(a.local_endpoint().port()) + "/readyz";
}

// Well above the client's deadline, well below a hang.
constexpr auto kGiveUpWithin = 5s;

}  // namespace

TEST_CASE("http_request to a peer that listens but never accepts gives up at its deadline") {
  net::io_context ioc;
  tcp::acceptor silent(ioc, {net::ip::make_address("127.0.0.1"), 0});  // the kernel completes connects
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = transport::http_request("GET", url_of(silent), {}, {}, 300ms);
  CHECK(r.status == 0);
  CHECK(r.error.find("timed out") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - t0 < kGiveUpWithin);
}

TEST_CASE("http_request to a peer that reads the request and never answers gives up at its deadline") {
  net::io_context ioc;
  tcp::acceptor a(ioc, {net::ip::make_address("127.0.0.1"), 0});
  std::thread peer([&] {
    tcp::socket s(ioc);
    a.accept(s);
    net::streambuf request;
    boost::system::error_code ec;
    net::read_until(s, request, "\r\n\r\n", ec);
    // Holds the connection open, silent, until the client hangs up.
    char byte;
    s.read_some(net::buffer(&byte, 1), ec);
  });
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = transport::http_request("GET", url_of(a), {}, {}, 300ms);
  CHECK(r.status == 0);
  CHECK(r.error.find("read failed: timed out") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - t0 < kGiveUpWithin);
  peer.join();
}

TEST_CASE("http_request reads a whole answer from a peer that closes after it") {
  net::io_context ioc;
  tcp::acceptor a(ioc, {net::ip::make_address("127.0.0.1"), 0});
  std::thread peer([&] {
    tcp::socket s(ioc);
    a.accept(s);
    net::streambuf request;
    boost::system::error_code ec;
    net::read_until(s, request, "\r\n\r\n", ec);
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nready";
    net::write(s, net::buffer(answer), ec);
  });
  const auto r = transport::http_request("GET", url_of(a), {}, {}, 2s);
  peer.join();
  CHECK(r.status == 200);
  CHECK(r.body == "ready");
  CHECK(r.content_type == "text/plain");
  CHECK(r.error.empty());
}

TEST_CASE("http_request to a closed port fails at once with the address in the error") {
  unsigned short port;
  {
    net::io_context ioc;
    tcp::acceptor a(ioc, {net::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }
  const auto r = transport::http_request("GET", "http://127.0.0.1:" + std::to_string(port) + "/", {}, {}, 2s);
  CHECK(r.status == 0);
  CHECK(r.error.find("cannot connect to 127.0.0.1:" + std::to_string(port)) != std::string::npos);
}
