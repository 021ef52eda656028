#include "core/config.hpp"

#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

extern char** environ;

namespace aduan {
namespace {

using json = nlohmann::json;

struct ConfigError {
  std::string message;
};

// One row per JSON key: how to read it into Config and how to write its default.
struct KeySpec {
  const char* key;
  const char* doc;
  std::function<void(Config&, const json&)> set;  // throws ConfigError with the reason
  std::function<json(const Config&)> get;
};

int as_int(const json& v, long long lo, long long hi) {
  if (!v.is_number_integer()) throw ConfigError{"must be an integer"};
  long long x = v.get<long long>();
  if (x < lo || x > hi)
    throw ConfigError{"must be between " + std::to_string(lo) + " and " + std::to_string(hi)};
  return static_cast<int>(x);
}

std::string as_string(const json& v) {
  if (!v.is_string()) throw ConfigError{"must be a string"};
  return v.get<std::string>();
}

std::string as_choice(const json& v, std::initializer_list<const char*> choices) {
  std::string s = as_string(v);
  std::string list;
  for (auto c : choices) {
    if (s == c) return s;
    list += list.empty() ? c : std::string(", ") + c;
  }
  throw ConfigError{"must be one of " + list};
}

HostPort as_host_port(const json& v) {
  auto hp = parse_host_port(as_string(v));
  if (!hp) throw ConfigError{"must be host:port with a port 1-65535"};
  return *hp;
}

#define INT_KEY(k, field, lo, hi, doc)                                    \
  KeySpec { k, doc, [](Config& c, const json& v) { c.field = as_int(v, lo, hi); }, \
            [](const Config& c) { return json(c.field); } }
#define STR_KEY(k, field, doc)                                            \
  KeySpec { k, doc, [](Config& c, const json& v) { c.field = as_string(v); }, \
            [](const Config& c) { return json(c.field); } }

const std::vector<KeySpec>& key_specs() {
  static const std::vector<KeySpec> specs = {
      {"mode", "sandbox or production (env ADUAN_MODE)",
       [](Config& c, const json& v) { c.mode = as_choice(v, {"sandbox", "production"}); },
       [](const Config& c) { return json(c.mode); }},
      STR_KEY("data_dir", data_dir, "LMDB environment folder (env ADUAN_DATA_DIR)"),
      {"listen", "webhook listener host:port (env ADUAN_LISTEN)",
       [](Config& c, const json& v) { c.listen = as_host_port(v); },
       [](const Config& c) { return json(c.listen.str()); }},
      {"admin_listen", "admin/ops listener host:port (env ADUAN_ADMIN_LISTEN)",
       [](Config& c, const json& v) { c.admin_listen = as_host_port(v); },
       [](const Config& c) { return json(c.admin_listen.str()); }},
      {"clock", "system, or test (sandbox only; env ADUAN_CLOCK)",
       [](Config& c, const json& v) { c.clock = as_choice(v, {"system", "test"}); },
       [](const Config& c) { return json(c.clock); }},
      {"demo", "load the demo registry into a new data dir (env ADUAN_DEMO; refused in production)",
       [](Config& c, const json& v) {
         if (!v.is_boolean()) throw ConfigError{"must be true or false"};
         c.demo = v.get<bool>();
       },
       [](const Config& c) { return json(c.demo); }},
      INT_KEY("shutdown_grace_s", shutdown_grace_s, 0, 600, "seconds to finish acknowledged work on SIGTERM"),
      {"log_level", "trace, debug, info, warn or error",
       [](Config& c, const json& v) { c.log_level = as_choice(v, {"trace", "debug", "info", "warn", "error"}); },
       [](const Config& c) { return json(c.log_level); }},
      INT_KEY("webhook_body_limit", webhook_body_limit, 1024, 64ll * 1024 * 1024, "largest webhook body in bytes (413 above)"),
      INT_KEY("admin_body_limit", admin_body_limit, 1024, 16ll * 1024 * 1024, "largest admin request body in bytes"),
      INT_KEY("http.io_threads", http_io_threads, 1, 64, "threads serving both listeners"),
      INT_KEY("http.read_timeout_s", http_read_timeout_s, 1, 3600, "a request must arrive whole within this"),
      INT_KEY("http.idle_timeout_s", http_idle_timeout_s, 1, 3600, "idle keep-alive connections close after this"),
      INT_KEY("http.max_connections", http_max_connections, 16, 1000000, "open connections per listener; more wait in the backlog"),
      INT_KEY("storage.map_size_mb", lmdb_map_size_mb, 16, 1048576, "LMDB map size (address space, not disk)"),
      INT_KEY("storage.max_readers", lmdb_max_readers, 16, 4096, "LMDB reader slots"),
      INT_KEY("storage.group_commit_max", group_commit_max, 1, 100000, "most requests the writer puts in one transaction"),
      INT_KEY("actors.threads", actor_threads, 1, 64, "CAF scheduler threads (policy: sharing)"),
      INT_KEY("actors.passivate_after_s", passivate_after_s, 1, 86400, "idle conversations stop after this"),
      INT_KEY("actors.max_attempts", max_attempts, 1, 100, "tries of one event before it is parked as a dead letter"),
      INT_KEY("actors.restart_intensity", restart_intensity, 1, 10000, "restarts allowed per window before restarts pause"),
      INT_KEY("actors.restart_window_s", restart_window_s, 1, 86400, "window of restart_intensity"),
      INT_KEY("graph.rate_per_s", graph_rate_per_s, 0, 1000, "messages per second to Graph (0 = no limit, benchmarks only)"),
      INT_KEY("graph.max_attempts", graph_max_attempts, 1, 100, "tries of one message before it is failed"),
      INT_KEY("graph.connect_timeout_s", graph_connect_timeout_s, 1, 120, "outbound connect timeout"),
      INT_KEY("graph.request_timeout_s", graph_request_timeout_s, 1, 600, "outbound request timeout"),
      INT_KEY("graph.pool_size", graph_pool_size, 1, 1024, "keep-alive connections to Graph"),
      STR_KEY("graph.template_name", template_name, "template for answers outside the 24-hour window"),
      STR_KEY("graph.template_language", template_language, "language code of that template"),
      INT_KEY("sms.max_attempts", sms_max_attempts, 1, 20, "tries of one SMS on transient failures"),
      INT_KEY("sms.timeout_s", sms_timeout_s, 1, 120, "SMS gateway request timeout"),
      STR_KEY("certificate_key_file", certificate_key_file, "Ed25519 signing key (PEM); empty: DATA_DIR/certificate.key"),
      STR_KEY("catalogue_file", catalogue_file, "message catalogue; empty: config/messages.json"),
      {"flow", "conversation policy overrides (OTP, session, SLA, correction policy); see docs",
       [](Config& c, const json& v) {
         if (!v.is_object()) throw ConfigError{"must be an object"};
         c.flow = v;
       },
       [](const Config& c) { return c.flow; }},
  };
  return specs;
}

const KeySpec* find_spec(const std::string& key) {
  for (auto& s : key_specs())
    if (key == s.key) return &s;
  return nullptr;
}

bool is_section(const std::string& prefix) {
  for (auto& s : key_specs())
    if (std::string(s.key).rfind(prefix + ".", 0) == 0) return true;
  return false;
}

// Applies a JSON object; keys starting with "//" are documentation and skipped.
void apply_json(Config& c, const json& obj, const std::string& prefix) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& k = it.key();
    if (k.rfind("//", 0) == 0) continue;
    std::string full = prefix.empty() ? k : prefix + "." + k;
    if (auto* spec = find_spec(full)) {
      try {
        spec->set(c, it.value());
      } catch (const ConfigError& e) {
        throw ConfigError{"key '" + full + "': " + e.message};
      }
    } else if (it.value().is_object() && is_section(full)) {
      apply_json(c, it.value(), full);
    } else {
      throw ConfigError{"key '" + full + "': unknown key"};
    }
  }
}

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::string read_secret_file(const std::string& var, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError{var + ": cannot read file " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::optional<HostPort> parse_host_port(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= s.size()) return std::nullopt;
  std::string host = s.substr(0, colon), port = s.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port.size() > 5) return std::nullopt;
  for (char ch : port)
    if (ch < '0' || ch > '9') return std::nullopt;
  long p = std::stol(port);
  if (p < 1 || p > 65535) return std::nullopt;
  return HostPort{host, static_cast<std::uint16_t>(p)};
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

nlohmann::json default_config_json() {
  Config defaults;
  json out = json::object();
  for (auto& s : key_specs()) {
    std::string key = s.key;
    json* node = &out;
    std::size_t dot;
    while ((dot = key.find('.')) != std::string::npos) {
      node = &(*node)[key.substr(0, dot)];
      key = key.substr(dot + 1);
    }
    (*node)["// " + key] = s.doc;
    (*node)[key] = s.get(defaults);
  }
  return out;
}

ConfigResult load_config(const ConfigFlags& flags, const std::map<std::string, std::string>& env) {
  Config c;
  auto getenv = [&](const char* k) -> std::optional<std::string> {
    auto it = env.find(k);
    if (it == env.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  try {
    // 1. JSON file: --config FILE, else config/aduan.json when present.
    std::string path = flags.config_file.value_or("config/aduan.json");
    std::ifstream in(path);
    if (!in && flags.config_file) throw ConfigError{"cannot read config file " + path};
    if (in) {
      std::stringstream ss;
      ss << in.rdbuf();
      json j = json::parse(ss.str(), nullptr, false);
      if (j.is_discarded() || !j.is_object()) throw ConfigError{path + ": not a JSON object"};
      for (const char* secret : {"app_secret", "admin_token", "access_token", "verify_token", "sms_token"})
        if (j.contains(secret))
          throw ConfigError{std::string("key '") + secret + "': secrets come from the environment, not the JSON file"};
      apply_json(c, j, "");
    }
    // 2. Environment (the contract's variables).
    auto set_env = [&](const char* var, const char* key) {
      if (auto v = getenv(var)) {
        try {
          find_spec(key)->set(c, json(*v));
        } catch (const ConfigError& e) {
          throw ConfigError{std::string(var) + ": " + e.message};
        }
      }
    };
    set_env("ADUAN_MODE", "mode");
    set_env("ADUAN_DATA_DIR", "data_dir");
    set_env("ADUAN_LISTEN", "listen");
    set_env("ADUAN_ADMIN_LISTEN", "admin_listen");
    set_env("ADUAN_CLOCK", "clock");
    std::optional<bool> demo_env;
    if (auto v = getenv("ADUAN_DEMO")) {
      if (*v != "0" && *v != "1") throw ConfigError{"ADUAN_DEMO: must be 0 or 1"};
      demo_env = (*v == "1");
    }
    // 3. Flags.
    auto set_flag = [&](const std::optional<std::string>& v, const char* flag, const char* key) {
      if (!v) return;
      try {
        find_spec(key)->set(c, json(*v));
      } catch (const ConfigError& e) {
        throw ConfigError{std::string("--") + flag + ": " + e.message};
      }
    };
    set_flag(flags.mode, "mode", "mode");
    set_flag(flags.data_dir, "data-dir", "data_dir");
    set_flag(flags.listen, "listen", "listen");
    set_flag(flags.admin_listen, "admin-listen", "admin_listen");

    // Secrets and URLs: environment only.
    auto secret = [&](const char* var) { return getenv(var).value_or(""); };
    c.admin_token = secret("ADUAN_ADMIN_TOKEN");
    c.app_secret = secret("WHATSAPP_APP_SECRET");
    c.verify_token = secret("WHATSAPP_VERIFY_TOKEN");
    c.access_token = secret("WHATSAPP_ACCESS_TOKEN");
    c.access_token_file = secret("WHATSAPP_ACCESS_TOKEN_FILE");
    c.phone_number_id = secret("WHATSAPP_PHONE_NUMBER_ID");
    c.graph_url = secret("WHATSAPP_GRAPH_URL");
    c.sms_url = secret("SMS_GATEWAY_URL");
    c.sms_token = secret("SMS_GATEWAY_TOKEN");
    c.ca_file = secret("ADUAN_CA_FILE");
    if (!c.access_token_file.empty() && c.access_token.empty())
      c.access_token = read_secret_file("WHATSAPP_ACCESS_TOKEN_FILE", c.access_token_file);
    while (!c.graph_url.empty() && c.graph_url.back() == '/') c.graph_url.pop_back();

    if (c.sandbox()) {
      if (demo_env) c.demo = *demo_env;
      if (c.app_secret.empty()) c.app_secret = sandbox_defaults::kAppSecret;
      if (c.verify_token.empty()) c.verify_token = sandbox_defaults::kVerifyToken;
      if (c.phone_number_id.empty()) c.phone_number_id = sandbox_defaults::kPhoneNumberId;
      if (!is_loopback(c.listen.host)) throw ConfigError{"ADUAN_LISTEN: sandbox mode listens on loopback only"};
      if (!is_loopback(c.admin_listen.host))
        throw ConfigError{"ADUAN_ADMIN_LISTEN: sandbox mode listens on loopback only"};
    } else {
      if (demo_env && *demo_env) throw ConfigError{"ADUAN_DEMO: demo data is refused in production"};
      c.demo = false;
      if (c.test_clock()) throw ConfigError{"ADUAN_CLOCK: the test clock is sandbox only"};
      const std::pair<const char*, const std::string*> required[] = {
          {"ADUAN_ADMIN_TOKEN", &c.admin_token},
          {"WHATSAPP_APP_SECRET", &c.app_secret},
          {"WHATSAPP_VERIFY_TOKEN", &c.verify_token},
          {"WHATSAPP_ACCESS_TOKEN or WHATSAPP_ACCESS_TOKEN_FILE", &c.access_token},
          {"WHATSAPP_PHONE_NUMBER_ID", &c.phone_number_id},
          {"WHATSAPP_GRAPH_URL", &c.graph_url},
          {"SMS_GATEWAY_URL", &c.sms_url},
          {"SMS_GATEWAY_TOKEN", &c.sms_token},
      };
      for (auto& [var, value] : required)
        if (value->empty()) throw ConfigError{std::string(var) + ": required in production mode"};
    }
    for (auto [var, url] : {std::pair<const char*, const std::string*>{"WHATSAPP_GRAPH_URL", &c.graph_url},
                            {"SMS_GATEWAY_URL", &c.sms_url}}) {
      if (!url->empty() && url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0)
        throw ConfigError{std::string(var) + ": must start with http:// or https://"};
    }
    if (c.admin_token.size() > 0 && c.admin_token.size() < 16)
      throw ConfigError{"ADUAN_ADMIN_TOKEN: must be at least 16 characters"};
    if (c.demo && !c.sandbox()) throw ConfigError{"demo: demo data is refused in production"};
  } catch (const ConfigError& e) {
    return {std::nullopt, "config: " + e.message};
  }
  return {std::move(c), {}};
}

}  // namespace aduan
