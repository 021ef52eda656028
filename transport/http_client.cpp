#include "transport/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace aduan::transport {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kMaxResponseBody = 64u * 1024 * 1024;

ParsedUrl parse_url(const std::string& url) {
  ParsedUrl u;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
    u.port = "80";
  } else if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
    u.port = "443";
    u.tls = true;
  } else {
    return u;
  }
  auto slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  auto colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']') == std::string::npos) {
    u.host = hostport.substr(0, colon);
    u.port = hostport.substr(colon + 1);
  } else {
    u.host = hostport;
  }
  u.ok = !u.host.empty();
  return u;
}

namespace {

// Runs one asynchronous operation to completion on ioc and returns its error. The stream's
// expiry (set once per request) cancels it with beast::error::timeout: Beast's tcp_stream
// timeouts apply to asynchronous operations only, so the synchronous forms would wait forever
// on a server that accepts and never answers (that hung a test for minutes).
template <class Start>
beast::error_code run_to_completion(net::io_context& ioc, Start&& start) {
  beast::error_code result = net::error::would_block;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

std::string describe(const beast::error_code& ec) {
  return ec == beast::error::timeout ? std::string("timed out") : ec.message();
}

}  // namespace

HttpResult http_request(const std::string& method, const std::string& url,
                        const std::map<std::string, std::string>& headers, const std::string& body,
                        std::chrono::milliseconds timeout) {
  HttpResult out;
  auto u = parse_url(url);
  if (!u.ok) {
    out.error = "bad URL " + url;
    return out;
  }
  if (u.tls) {
    out.error = "https is not supported by this client";
    return out;
  }
  try {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    beast::error_code ec;
    auto results = resolver.resolve(u.host, u.port, ec);
    if (ec) {
      out.error = "cannot resolve " + u.host + ": " + ec.message();
      return out;
    }
    stream.expires_after(timeout);  // one deadline for connect, write and read together
    ec = run_to_completion(ioc, [&](auto handler) { stream.async_connect(results, std::move(handler)); });
    if (ec) {
      out.error = "cannot connect to " + u.host + ":" + u.port + ": " + describe(ec);
      return out;
    }
    http::request<http::string_body> req{http::string_to_verb(method), u.target, 11};
    req.set(http::field::host, u.host);
    req.set(http::field::user_agent, "aduan-client");
    for (auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.keep_alive(false);
    req.prepare_payload();
    ec = run_to_completion(ioc, [&](auto handler) { http::async_write(stream, req, std::move(handler)); });
    if (ec) {
      out.error = "write failed: " + describe(ec);
      return out;
    }
    beast::flat_buffer buf;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBody);
    ec = run_to_completion(ioc, [&](auto handler) { http::async_read(stream, buf, parser, std::move(handler)); });
    if (ec) {
      out.error = "read failed: " + describe(ec);
      return out;
    }
    auto res = parser.release();
    out.status = static_cast<int>(res.result_int());
    out.body = std::move(res.body());
    out.content_type = std::string(res[http::field::content_type]);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace aduan::transport
