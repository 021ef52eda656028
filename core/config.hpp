// aduan's configuration: built-in defaults < JSON file < environment < command-line flags
// (CONTRACTS.md "Configuration"). load_config() never throws: a bad key or value comes back
// as an error naming the key, and the caller exits 1. Secrets come only from the
// environment (or files it names), never from the JSON file.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace aduan {

// Documented sandbox demo secrets (README): safe only because sandbox listens on loopback.
namespace sandbox_defaults {
constexpr const char* kAppSecret = "aduan-sandbox-app-secret";
constexpr const char* kVerifyToken = "aduan-sandbox-verify-token";
constexpr const char* kPhoneNumberId = "100000000000001";
}  // namespace sandbox_defaults

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  std::string str() const { return host + ":" + std::to_string(port); }
};
std::optional<HostPort> parse_host_port(const std::string& s);

struct Config {
  // ---- from JSON (and flags / env where CONTRACTS.md names a variable) ----
  std::string mode = "sandbox";  // sandbox | production
  std::string data_dir = "var/aduan";
  HostPort listen{"127.0.0.1", 8080};
  HostPort admin_listen{"127.0.0.1", 8081};
  std::string clock = "system";  // system | test
  bool demo = true;
  int shutdown_grace_s = 10;
  std::string log_level = "info";
  std::size_t webhook_body_limit = 3u * 1024 * 1024;
  std::size_t admin_body_limit = 64u * 1024;
  int http_io_threads = 1;
  int http_read_timeout_s = 30;
  int http_idle_timeout_s = 75;
  int http_max_connections = 20000;
  std::uint64_t lmdb_map_size_mb = 16384;
  int lmdb_max_readers = 256;
  int group_commit_max = 1000;
  int actor_threads = 2;
  int passivate_after_s = 600;
  int max_attempts = 3;
  int restart_intensity = 10;       // restarts allowed per window before a chat is parked
  int restart_window_s = 60;
  int graph_rate_per_s = 80;        // 0 = unlimited (benchmarks)
  int graph_max_attempts = 8;
  int graph_connect_timeout_s = 5;
  int graph_request_timeout_s = 15;
  int graph_pool_size = 16;
  int sms_max_attempts = 3;
  int sms_timeout_s = 10;
  std::string template_name = "aduan_ticket_answer";
  std::string template_language = "id";
  std::string certificate_key_file;  // empty: DATA_DIR/certificate.key
  std::string catalogue_file;        // empty: config/messages.json beside the binary's source
  nlohmann::json flow = nlohmann::json::object();  // FlowConfig overrides (checked by the flow)

  // ---- secrets and URLs: environment only ----
  std::string admin_token;  // empty in sandbox: generated into DATA_DIR/admin.token
  std::string app_secret;
  std::string verify_token;
  std::string access_token;
  std::string access_token_file;
  std::string phone_number_id;
  std::string graph_url;  // empty in sandbox: in-process
  std::string sms_url;
  std::string sms_token;
  std::string ca_file;

  bool sandbox() const { return mode == "sandbox"; }
  bool test_clock() const { return clock == "test"; }
};

struct ConfigFlags {
  std::optional<std::string> config_file;
  std::optional<std::string> mode, data_dir, listen, admin_listen;
};

struct ConfigResult {
  std::optional<Config> config;
  std::string error;  // "config: key 'x': reason" — names the key or variable
};

// env: the process environment (tests pass their own map).
ConfigResult load_config(const ConfigFlags& flags, const std::map<std::string, std::string>& env);
std::map<std::string, std::string> process_environment();

// The sample file's content with every key and its default (kept in sync by a test).
nlohmann::json default_config_json();

}  // namespace aduan
