#include "app/scenario/target.hpp"

#include "app/data_dir.hpp"

namespace aduan::app {

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '/' || s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string base_url_of(const HostPort& hp) {
  std::string host = hp.host;
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "[::1]";
  return "http://" + host + ":" + std::to_string(hp.port);
}

std::optional<ServerTarget> resolve_target(const Config& cfg, const TargetFlags& flags, std::string* error) {
  ServerTarget t;
  t.webhook_url = trimmed(flags.webhook_url.empty() ? base_url_of(cfg.listen) : flags.webhook_url);
  t.admin_url = trimmed(flags.admin_url.empty() ? base_url_of(cfg.admin_listen) : flags.admin_url);
  t.app_secret = cfg.app_secret.empty() ? sandbox_defaults::kAppSecret : cfg.app_secret;
  t.phone_number_id = cfg.phone_number_id.empty() ? sandbox_defaults::kPhoneNumberId : cfg.phone_number_id;
  t.token = flags.token.empty() ? cfg.admin_token : flags.token;
  if (t.token.empty()) {
    const std::string path = cfg.data_dir + "/admin.token";
    if (auto token = read_file(path)) t.token = trimmed(*token);
    if (t.token.empty()) {
      *error = "no admin token: set ADUAN_ADMIN_TOKEN, pass --token, or point ADUAN_DATA_DIR at the server's data dir (" +
               path + " not readable)";
      return std::nullopt;
    }
  }
  return t;
}

}  // namespace aduan::app
