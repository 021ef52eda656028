// Where a running aduan server listens and how a client tool talks to it: the webhook and
// admin base URLs, the ops token, the app secret that signs webhooks and the phone-number
// id the webhooks are addressed to. Used by `aduan chat` and `aduan scenario --url`, which
// read the same configuration as the server (CONTRACTS.md "Commands"). Pure apart from
// reading DATA_DIR/admin.token; never throws.
#pragma once
#include <optional>
#include <string>

#include "core/config.hpp"

namespace aduan::app {

struct ServerTarget {
  std::string webhook_url;  // "http://127.0.0.1:8080", no trailing slash
  std::string admin_url;    // "http://127.0.0.1:8081", no trailing slash
  std::string token;        // ops token (the /sandbox paths are ops-only)
  std::string app_secret;
  std::string phone_number_id;
};

// Values given on the command line win over the configuration.
struct TargetFlags {
  std::string webhook_url, admin_url, token;
};

// A listener address as a base URL; a wildcard host is reached through loopback.
std::string base_url_of(const HostPort& hp);

// The target from flags, then the configuration; the token from --token, then
// ADUAN_ADMIN_TOKEN, then DATA_DIR/admin.token. nullopt with *error when no token is found.
std::optional<ServerTarget> resolve_target(const Config& cfg, const TargetFlags& flags, std::string* error);

}  // namespace aduan::app
