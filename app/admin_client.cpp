#include "app/admin_client.hpp"

#include <cctype>

#include "app/data_dir.hpp"
#include "transport/http_client.hpp"

namespace aduan::app {

using json = nlohmann::json;

namespace {

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// A listener bound to every interface is still reached through loopback.
std::string reachable_host(const std::string& host) {
  if (host.empty() || host == "0.0.0.0") return "127.0.0.1";
  if (host == "::" || host == "[::]") return "[::1]";
  return host;
}

}  // namespace

std::optional<AdminTarget> resolve_admin_target(const Config* cfg, const std::string& url_flag,
                                                const std::string& token_flag, std::string* error) {
  AdminTarget t;
  if (!url_flag.empty()) {
    t.base_url = url_flag;
    while (!t.base_url.empty() && t.base_url.back() == '/') t.base_url.pop_back();
    if (!transport::parse_url(t.base_url).ok) {
      if (error) *error = "--url: not an http:// URL: " + url_flag;
      return std::nullopt;
    }
  } else if (cfg) {
    t.base_url = "http://" + reachable_host(cfg->admin_listen.host) + ":" + std::to_string(cfg->admin_listen.port);
  } else {
    if (error) *error = "no admin listener: pass --url or a valid configuration";
    return std::nullopt;
  }
  if (!token_flag.empty()) {
    t.token = token_flag;
  } else if (cfg && !cfg->admin_token.empty()) {
    t.token = cfg->admin_token;
  } else if (cfg) {
    if (auto f = read_file(cfg->data_dir + "/admin.token")) t.token = trim(*f);
  }
  if (t.token.empty()) {
    if (error)
      *error = "no admin token: pass --token, set ADUAN_ADMIN_TOKEN, or run where " +
               (cfg ? cfg->data_dir : std::string("DATA_DIR")) + "/admin.token is readable";
    return std::nullopt;
  }
  return t;
}

std::string url_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

AdminResponse AdminClient::call(const std::string& method, const std::string& path_and_query,
                                const json& body) const {
  std::map<std::string, std::string> headers{{"Authorization", "Bearer " + t_.token}};
  std::string payload;
  if (!body.is_null()) {
    headers["Content-Type"] = "application/json";
    payload = body.dump();
  }
  auto r = transport::http_request(method, t_.base_url + path_and_query, headers, payload, timeout_);
  AdminResponse out;
  out.status = r.status;
  out.raw = r.body;
  if (r.status == 0) {
    out.message = "cannot reach the admin API at " + t_.base_url + ": " + r.error;
    return out;
  }
  out.body = json::parse(r.body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  if (r.status == 401) {
    out.message = "the admin token was refused (401)";
    return out;
  }
  if (r.status < 200 || r.status >= 300) {
    std::string reason = out.body.is_object() ? out.body.value("error", std::string()) : std::string();
    if (reason.empty()) reason = "HTTP " + std::to_string(r.status);
    if (r.status == 404) out.message = "not found: " + reason;
    else if (r.status == 403) out.message = "refused: " + reason;
    else out.message = "the admin API answered " + std::to_string(r.status) + ": " + reason;
    return out;
  }
  bool json_reply = r.content_type.find("json") != std::string::npos;
  if (json_reply && out.body.is_null()) {
    out.message = "the admin API sent a body that is not JSON";
    return out;
  }
  out.ok = true;
  return out;
}

}  // namespace aduan::app
