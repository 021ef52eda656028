// Plain HTTP request/response values shared by the listeners and their handlers, so that
// handlers (webhook, admin) never see Beast. Header names are stored lowercase.
#pragma once
#include <functional>
#include <map>
#include <string>

namespace aduan::transport {

struct HttpRequest {
  std::string method;   // "GET", "POST", ...
  std::string target;   // path + query as sent
  std::string path;     // target without the query, percent-decoding NOT applied
  std::map<std::string, std::string> query;  // decoded
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;     // raw bytes
  std::string remote;   // peer address
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;
};

// Called exactly once per request, from any thread.
using Responder = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(HttpRequest&&, Responder)>;

HttpResponse json_response(int status, const std::string& json_body);
HttpResponse error_response(int status, const std::string& message);  // {"error": message}
HttpResponse text_response(int status, const std::string& text);

std::string percent_decode(const std::string& s);
std::map<std::string, std::string> parse_query(const std::string& q);

}  // namespace aduan::transport
