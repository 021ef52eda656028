// A small blocking HTTP/1.1 client for the command-line tools (chat, inspect, scenario)
// and tests: plain http:// only, one request per connection, connect and whole-request
// timeouts. Never throws: failures come back as HttpResult{status=0, error}.
#pragma once
#include <chrono>
#include <map>
#include <string>

namespace aduan::transport {

struct HttpResult {
  int status = 0;          // 0 when no answer (error says why)
  std::string body;
  std::string content_type;
  std::string error;
};

struct ParsedUrl {
  bool ok = false;
  bool tls = false;
  std::string host, port, target;
};
ParsedUrl parse_url(const std::string& url);

constexpr auto kClientTimeout = std::chrono::seconds(10);

HttpResult http_request(const std::string& method, const std::string& url,
                        const std::map<std::string, std::string>& headers = {}, const std::string& body = {},
                        std::chrono::milliseconds timeout = kClientTimeout);

}  // namespace aduan::transport
