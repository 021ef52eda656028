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
    stream.expires_after(timeout);
    beast::error_code ec;
    auto results = resolver.resolve(u.host, u.port, ec);
    if (ec) {
      out.error = "cannot resolve " + u.host + ": " + ec.message();
      return out;
    }
    stream.connect(results, ec);
    if (ec) {
      out.error = "cannot connect to " + u.host + ":" + u.port + ": " + ec.message();
      return out;
    }
    http::request<http::string_body> req{http::string_to_verb(method), u.target, 11};
    req.set(http::field::host, u.host);
    req.set(http::field::user_agent, "aduan-client");
    for (auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.keep_alive(false);
    req.prepare_payload();
    http::write(stream, req, ec);
    if (ec) {
      out.error = "write failed: " + ec.message();
      return out;
    }
    beast::flat_buffer buf;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBody);
    http::read(stream, buf, parser, ec);
    if (ec) {
      out.error = "read failed: " + ec.message();
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
