// A blocking client of the admin API (CONTRACTS.md "HTTP — admin listener") for the
// command-line tools. It finds the listener and the token the way the server does
// (configuration, then DATA_DIR/admin.token in sandbox), sends the token only as a Bearer
// header, and turns every failure into a sentence a person can act on plus the exit code
// of CONTRACTS.md (1). Never throws; one request per call, on the caller's thread.
#pragma once
#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/config.hpp"

namespace aduan::app {

constexpr auto kAdminClientTimeout = std::chrono::seconds(5);

struct AdminTarget {
  std::string base_url;  // "http://127.0.0.1:8081", no trailing slash
  std::string token;
};

// --url and --token win; otherwise the configured admin listener (a wildcard host is
// reached through loopback) and ADUAN_ADMIN_TOKEN, then DATA_DIR/admin.token. Returns
// nullopt with *error set when no token can be found. `cfg` may be null when both
// flags are given.
std::optional<AdminTarget> resolve_admin_target(const Config* cfg, const std::string& url_flag,
                                                const std::string& token_flag, std::string* error);

struct AdminResponse {
  bool ok = false;        // 2xx with a body that parsed (JSON calls) or any 2xx (text calls)
  int status = 0;         // 0: no answer
  nlohmann::json body;    // parsed JSON, or null
  std::string raw;        // the body as received
  std::string message;    // when !ok: what went wrong, for stderr
};

class AdminClient {
 public:
  explicit AdminClient(AdminTarget target, std::chrono::milliseconds timeout = kAdminClientTimeout)
      : t_(std::move(target)), timeout_(timeout) {}

  // path_and_query starts with '/'. body is sent as JSON when not null.
  AdminResponse call(const std::string& method, const std::string& path_and_query,
                     const nlohmann::json& body = nullptr) const;
  AdminResponse get(const std::string& path_and_query) const { return call("GET", path_and_query); }

  const AdminTarget& target() const { return t_; }

 private:
  AdminTarget t_;
  std::chrono::milliseconds timeout_;
};

// Percent-encodes one path segment or query value.
std::string url_encode(const std::string& s);

}  // namespace aduan::app
