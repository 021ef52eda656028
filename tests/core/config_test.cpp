#include <catch2/catch.hpp>

#include <fstream>

#include "core/config.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aduan;

namespace {
ConfigResult load_with(const std::string& json, std::map<std::string, std::string> env, ConfigFlags flags = {}) {
  static int n = 0;
  test::TempDir dir;
  std::string path = dir.file("c" + std::to_string(++n) + ".json");
  std::ofstream(path) << json;
  flags.config_file = path;
  return load_config(flags, env);
}
}  // namespace

TEST_CASE("defaults are sandbox on loopback with the documented demo secrets") {
  auto r = load_with("{}", {});
  REQUIRE(r.config);
  CHECK(r.config->mode == "sandbox");
  CHECK(r.config->data_dir == "var/aduan");
  CHECK(r.config->listen.str() == "127.0.0.1:8080");
  CHECK(r.config->admin_listen.str() == "127.0.0.1:8081");
  CHECK(r.config->app_secret == sandbox_defaults::kAppSecret);
  CHECK(r.config->demo);
  CHECK(r.config->shutdown_grace_s == 10);
  CHECK(r.config->webhook_body_limit == 3u * 1024 * 1024);
}

TEST_CASE("precedence is defaults < file < environment < flags") {
  std::string file = R"({"data_dir": "from-file", "listen": "127.0.0.1:9000", "admin_listen": "127.0.0.1:9001"})";
  auto only_file = load_with(file, {});
  REQUIRE(only_file.config);
  CHECK(only_file.config->data_dir == "from-file");
  CHECK(only_file.config->listen.port == 9000);

  auto env = load_with(file, {{"ADUAN_DATA_DIR", "from-env"}, {"ADUAN_LISTEN", "127.0.0.1:9100"}});
  REQUIRE(env.config);
  CHECK(env.config->data_dir == "from-env");
  CHECK(env.config->listen.port == 9100);
  CHECK(env.config->admin_listen.port == 9001);

  ConfigFlags flags;
  flags.data_dir = "from-flag";
  auto flag = load_with(file, {{"ADUAN_DATA_DIR", "from-env"}}, flags);
  REQUIRE(flag.config);
  CHECK(flag.config->data_dir == "from-flag");
}

TEST_CASE("nested sections are read and documentation keys are skipped") {
  auto r = load_with(R"({"// mode": "doc", "http": {"io_threads": 3, "// io_threads": "doc"}, "actors": {"max_attempts": 5}})", {});
  REQUIRE(r.config);
  CHECK(r.config->http_io_threads == 3);
  CHECK(r.config->max_attempts == 5);
}

TEST_CASE("an unknown key stops start-up naming the key") {
  auto r = load_with(R"({"http": {"io_thread": 3}})", {});
  CHECK_FALSE(r.config);
  CHECK_THAT(r.error, Catch::Contains("http.io_thread") && Catch::Contains("unknown"));
}

TEST_CASE("a bad value stops start-up naming the key and the reason") {
  auto r = load_with(R"({"shutdown_grace_s": "ten"})", {});
  CHECK_FALSE(r.config);
  CHECK_THAT(r.error, Catch::Contains("shutdown_grace_s") && Catch::Contains("integer"));
  auto range = load_with(R"({"actors": {"threads": 0}})", {});
  CHECK_THAT(range.error, Catch::Contains("actors.threads"));
  auto env = load_with("{}", {{"ADUAN_LISTEN", "nonsense"}});
  CHECK_THAT(env.error, Catch::Contains("ADUAN_LISTEN"));
  auto mode = load_with("{}", {{"ADUAN_MODE", "staging"}});
  CHECK_THAT(mode.error, Catch::Contains("ADUAN_MODE"));
}

TEST_CASE("a file that is not JSON is refused with its path") {
  auto r = load_with("{not json", {});
  CHECK_FALSE(r.config);
  CHECK_THAT(r.error, Catch::Contains("not a JSON object"));
}

TEST_CASE("secrets are never read from the JSON file") {
  auto r = load_with(R"({"app_secret": "x"})", {});
  CHECK_FALSE(r.config);
  CHECK_THAT(r.error, Catch::Contains("environment"));
}

TEST_CASE("production refuses to start without each of its secrets") {
  std::map<std::string, std::string> env{{"ADUAN_MODE", "production"},
                                         {"ADUAN_ADMIN_TOKEN", "0123456789abcdef0123"},
                                         {"WHATSAPP_APP_SECRET", "s"},
                                         {"WHATSAPP_VERIFY_TOKEN", "v"},
                                         {"WHATSAPP_ACCESS_TOKEN", "a"},
                                         {"WHATSAPP_PHONE_NUMBER_ID", "1"},
                                         {"WHATSAPP_GRAPH_URL", "https://graph.example/v21.0"},
                                         {"SMS_GATEWAY_URL", "https://sms.example/send"},
                                         {"SMS_GATEWAY_TOKEN", "t"}};
  auto full = load_with("{}", env);
  REQUIRE(full.config);
  CHECK_FALSE(full.config->demo);
  for (const char* var : {"ADUAN_ADMIN_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_ACCESS_TOKEN",
                          "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_GRAPH_URL", "SMS_GATEWAY_URL", "SMS_GATEWAY_TOKEN"}) {
    auto missing = env;
    missing.erase(var);
    auto r = load_with("{}", missing);
    INFO(var);
    CHECK_FALSE(r.config);
    CHECK_THAT(r.error, Catch::Contains(std::string(var).substr(0, 12)));
  }
}

TEST_CASE("production refuses demo data and the test clock") {
  std::map<std::string, std::string> env{{"ADUAN_MODE", "production"}, {"ADUAN_DEMO", "1"}};
  CHECK_THAT(load_with("{}", env).error, Catch::Contains("ADUAN_DEMO"));
  env = {{"ADUAN_MODE", "production"}, {"ADUAN_CLOCK", "test"}};
  CHECK_THAT(load_with("{}", env).error, Catch::Contains("ADUAN_CLOCK"));
}

TEST_CASE("sandbox listens on loopback only") {
  CHECK_THAT(load_with("{}", {{"ADUAN_LISTEN", "0.0.0.0:8080"}}).error, Catch::Contains("loopback"));
}

TEST_CASE("the test clock is accepted in sandbox") {
  auto r = load_with("{}", {{"ADUAN_CLOCK", "test"}});
  REQUIRE(r.config);
  CHECK(r.config->test_clock());
}

TEST_CASE("the access token is read from the file the environment names") {
  test::TempDir dir;
  std::ofstream(dir.file("token")) << "abc123\n";
  auto r = load_with("{}", {{"WHATSAPP_ACCESS_TOKEN_FILE", dir.file("token")}});
  REQUIRE(r.config);
  CHECK(r.config->access_token == "abc123");
  auto missing = load_with("{}", {{"WHATSAPP_ACCESS_TOKEN_FILE", dir.file("nope")}});
  CHECK_THAT(missing.error, Catch::Contains("WHATSAPP_ACCESS_TOKEN_FILE"));
}

TEST_CASE("the sample config file documents every key with its default and loads") {
  auto sample = std::string(ADUAN_SOURCE_DIR) + "/config/aduan.json";
  std::ifstream in(sample);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str());
  CHECK(j == default_config_json());
  ConfigFlags flags;
  flags.config_file = sample;
  CHECK(load_config(flags, {}).config);
}
