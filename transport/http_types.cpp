#include "transport/http_types.hpp"

#include <nlohmann/json.hpp>

namespace aduan::transport {

HttpResponse json_response(int status, const std::string& json_body) {
  HttpResponse r;
  r.status = status;
  r.body = json_body;
  return r;
}

HttpResponse error_response(int status, const std::string& message) {
  return json_response(status, nlohmann::json{{"error", message}}.dump());
}

HttpResponse text_response(int status, const std::string& text) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = text;
  return r;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(const std::string& q) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos <= q.size()) {
    auto amp = q.find('&', pos);
    std::string part = q.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (!part.empty()) {
      auto eq = part.find('=');
      std::string k = percent_decode(part.substr(0, eq));
      std::string v = eq == std::string::npos ? std::string() : percent_decode(part.substr(eq + 1));
      out.emplace(std::move(k), std::move(v));
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

}  // namespace aduan::transport
