// Black-box tests of `aduan inspect`: the real binary against a real `aduan serve` child
// (tests/support/server_process.hpp), checking what a person or a script sees on stdout,
// stderr and in the exit code (CONTRACTS.md: 0 ok, 1 a failure to act on, 2 usage).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/webhook_client.hpp"

using namespace aduan;
using namespace aduan::test;
using json = nlohmann::json;

namespace {

// Demo personas (core/demo_registry.cpp): Rina's record holds a mistyped NIK; her real one
// belongs to Yuliana's record, so asking to change it opens a nik_conflict ticket.
constexpr const char* kRinaPhone = "6281110000005";
constexpr const char* kRinaNik = "3273104503950002";
constexpr const char* kRealNik = "3273014503950002";

struct Run {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Runs `aduan ARGS…` with stdout and stderr captured; the environment is the test's
// plus `env`, without any admin token the test did not give on purpose.
Run run_aduan(const TempDir& dir, const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
              std::chrono::seconds limit = std::chrono::seconds(60)) {
  static int counter = 0;
  std::string out = dir.file("out" + std::to_string(++counter)), err = out + ".err";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::unsetenv("ADUAN_ADMIN_TOKEN");
    for (auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    std::vector<char*> argv;
    std::string bin = aduan_bin();
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    std::_Exit(127);
  }
  Run r;
  auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) != pid) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      FAIL("aduan " << args.at(0) << " did not finish in time");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}


json admin_json(const ServerProcess& s, const std::string& path) {
  auto r = s.admin("GET", path);
  auto j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json() : j;
}

// A citizen typing into WhatsApp: each message is a signed webhook, and the call returns
// once the server has processed it (the inbox is drained).
class Citizen {
 public:
  Citizen(const ServerProcess& s, std::string wa_id) : s_(s), wa_(std::move(wa_id)) {}

  void say(const std::string& text) {
    std::string id = "wamid.T" + wa_ + "_" + std::to_string(++sent_);
    auto r = post_webhook(s_, text_webhook(id, wa_, text));
    REQUIRE(r.status == 200);
    REQUIRE(wait_until([&] { return admin_json(s_, "/admin/stats").value("inbox_pending", 1) == 0; }));
  }

  // The six-digit code of the last SMS sent to this number.
  std::string last_code() const {
    auto items = admin_json(s_, "/sandbox/sms?to=" + wa_)["items"];
    REQUIRE(items.is_array());
    REQUIRE_FALSE(items.empty());
    std::smatch m;
    std::string text = items.back().value("text", "");
    REQUIRE(std::regex_search(text, m, std::regex("\\b[0-9]{6}\\b")));
    return m.str();
  }

  // Everything the bot sent to this chat, as one lower-case string.
  std::string replies() const {
    std::string all;
    json page = admin_json(s_, "/sandbox/outbox?to=" + wa_);  // kept alive for the loop
    for (auto& it : page["items"]) all += it["message"].dump() + "\n";
    return all;
  }

 private:
  const ServerProcess& s_;
  std::string wa_;
  int sent_ = 0;
};

// Rina asks to change her NIK to the one held by another record: a nik_conflict ticket.
std::string open_nik_conflict(const ServerProcess& s) {
  Citizen rina(s, kRinaPhone);
  rina.say("halo");
  rina.say("1");  // use this WhatsApp number
  rina.say(rina.last_code());
  rina.say("3");  // personal data change
  rina.say("6");  // NIK
  rina.say(kRealNik);
  rina.say("YA");
  std::string id;
  wait_until([&] {
    json page = admin_json(s, "/admin/tickets?status=open");  // kept alive for the loop
    for (auto& t : page["items"])
      if (t.value("kind", "") == "nik_conflict") id = t.value("id", "");
    return !id.empty();
  }, std::chrono::seconds(10));
  INFO("what the bot said: " << rina.replies());
  REQUIRE_FALSE(id.empty());
  return id;
}

std::vector<std::string> with_target(const ServerProcess& s, std::vector<std::string> args) {
  args.push_back("--url");
  args.push_back(s.admin_url(""));
  args.push_back("--token");
  args.push_back(s.token());
  return args;
}

}  // namespace

TEST_CASE("inspect stats prints the server's counters as a table and, with --json, as the API's JSON") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  Citizen(s, "6281299990001").say("halo");

  auto js = run_aduan(dir, with_target(s, {"inspect", "stats", "--json"}));
  INFO(js.err);
  REQUIRE(js.code == 0);
  auto stats = json::parse(js.out);
  CHECK(stats["actors_live"] == 1);
  CHECK(stats["webhook"]["events"] == 1);
  CHECK(stats["channel"]["state"] == "ok");

  auto table = run_aduan(dir, with_target(s, {"inspect", "stats"}));
  REQUIRE(table.code == 0);
  CHECK(table.out.find("live 1") != std::string::npos);
  CHECK(table.out.find("inbox pending") != std::string::npos);
  CHECK(table.out.find("channel") != std::string::npos);
}

TEST_CASE("inspect finds the listener and the sandbox token from the configuration alone") {
  TempDir dir;
  // No ADUAN_ADMIN_TOKEN: the sandbox server writes DATA_DIR/admin.token and the client reads it.
  ServerProcess s(dir.file("data"), {{"ADUAN_ADMIN_TOKEN", ""}});
  s.start();
  REQUIRE(s.wait_ready());
  std::string admin = s.admin_url("").substr(std::string("http://").size());
  auto r = run_aduan(dir, {"inspect", "stats", "--json"}, {{"ADUAN_ADMIN_LISTEN", admin}, {"ADUAN_DATA_DIR", s.data_dir()}});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(json::parse(r.out, nullptr, false).contains("actors_live"));
}

TEST_CASE("a wrong token exits 1 and says the token was refused") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  for (const char* cmd : {"stats", "tickets", "actors", "top"}) {
    auto r = run_aduan(dir, {"inspect", cmd, "--url", s.admin_url(""), "--token", "not-the-right-token-at-all"});
    INFO(cmd);
    CHECK(r.code == 1);
    CHECK(r.err.find("the admin token was refused (401)") != std::string::npos);
    CHECK(r.err.find("not-the-right-token") == std::string::npos);  // never echo a token
  }
}

TEST_CASE("with the server down every inspect command exits 1 and names the URL it tried") {
  TempDir dir;
  std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  for (const char* cmd : {"stats", "tickets", "top"}) {
    auto r = run_aduan(dir, {"inspect", cmd, "--url", url, "--token", "some-token-0123456789"});
    INFO(cmd << ": " << r.err);
    CHECK(r.code == 1);
    CHECK(r.err.find("cannot reach the admin API at " + url) != std::string::npos);
  }
}

TEST_CASE("wrong usage exits 2 without contacting anything") {
  TempDir dir;
  std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  CHECK(run_aduan(dir, {"inspect"}).code == 2);
  CHECK(run_aduan(dir, {"inspect", "actors", "--sort", "bogus", "--url", url, "--token", "t0123456789abcdef"}).code == 2);
  CHECK(run_aduan(dir, {"inspect", "resolve", "TK-1", "--url", url, "--token", "t0123456789abcdef"}).code == 2);
  auto bad_apply = run_aduan(dir, {"inspect", "resolve", "TK-1", "--reply", "ok", "--apply", "nonsense", "--url", url,
                                   "--token", "t0123456789abcdef"});
  CHECK(bad_apply.code == 2);
  CHECK(bad_apply.err.find("--apply") != std::string::npos);
}

TEST_CASE("inspect actors, actor and stop show and stop a live conversation without full phone numbers") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  Citizen(s, "6281299990002").say("halo");

  auto list = run_aduan(dir, with_target(s, {"inspect", "actors", "--sort", "processed", "--json"}));
  REQUIRE(list.code == 0);
  auto items = json::parse(list.out)["items"];
  REQUIRE(items.size() == 1);
  std::string id = items[0]["id"];

  auto table = run_aduan(dir, with_target(s, {"inspect", "actors"}));
  CHECK(table.code == 0);
  CHECK(table.out.find(id) != std::string::npos);
  CHECK(table.out.find("6281299990002") == std::string::npos);  // masked
  CHECK(table.out.find("1 actor") != std::string::npos);
  auto filtered = run_aduan(dir, with_target(s, {"inspect", "actors", "--filter", "no-such-step"}));
  CHECK(filtered.out.find("0 actors") != std::string::npos);

  auto one = run_aduan(dir, with_target(s, {"inspect", "actor", id}));
  REQUIRE(one.code == 0);
  CHECK(one.out.find("TIMERS") != std::string::npos);
  CHECK(one.out.find("TRANSCRIPT") != std::string::npos);
  CHECK(one.out.find("6281299990002") == std::string::npos);

  auto stop = run_aduan(dir, with_target(s, {"inspect", "stop", id}));
  CHECK(stop.code == 0);
  CHECK(stop.out.find("stopped actor " + id) != std::string::npos);
  CHECK(wait_until([&] { return admin_json(s, "/admin/stats").value("actors_live", -1) == 0; }));
  auto again = run_aduan(dir, with_target(s, {"inspect", "stop", id}));
  CHECK(again.code == 1);
  CHECK(again.err.find("not found") != std::string::npos);
  CHECK(run_aduan(dir, with_target(s, {"inspect", "actor", "no-such-actor"})).code == 1);
}

TEST_CASE("inspect tickets, ticket and resolve work a NIK-conflict ticket end to end") {
  TempDir dir;
  ServerProcess s(dir.file("data"), {{"ADUAN_CLOCK", "test"}});
  s.start();
  REQUIRE(s.wait_ready());
  std::string id = open_nik_conflict(s);

  auto list = run_aduan(dir, with_target(s, {"inspect", "tickets"}));
  REQUIRE(list.code == 0);
  CHECK(list.out.find(id) != std::string::npos);
  CHECK(list.out.find("nik_conflict") != std::string::npos);
  INFO(list.out);
  CHECK(std::regex_search(list.out, std::regex("in ([0-9]+h [0-9]{2}m|[0-9]+m [0-9]{2}s)")));  // SLA countdown
  CHECK(list.out.find(kRinaNik) == std::string::npos);                      // masked

  auto one = run_aduan(dir, with_target(s, {"inspect", "ticket", id}));
  REQUIRE(one.code == 0);
  CHECK(one.out.find("RECORD 1") != std::string::npos);
  CHECK(one.out.find("RECORD 2") != std::string::npos);
  CHECK(one.out.find("CONVERSATION") != std::string::npos);
  CHECK(one.out.find(kRealNik) == std::string::npos);
  auto revealed = run_aduan(dir, with_target(s, {"inspect", "ticket", id, "--reveal", "--json"}));
  REQUIRE(revealed.code == 0);
  auto t = json::parse(revealed.out);
  REQUIRE(t["records"].size() == 2);
  CHECK(t["records"][1]["nik"] == kRealNik);

  // Past the SLA the countdown turns into "past SLA".
  REQUIRE(s.admin("POST", "/sandbox/clock", R"({"advance_s": 7200})").status == 200);
  auto late = run_aduan(dir, with_target(s, {"inspect", "tickets"}));
  CHECK(late.out.find("past SLA by") != std::string::npos);

  // The officer found the other record's NIK mistyped: correct it and answer Rina.
  std::string holder = t["records"][1]["id"];
  auto resolved = run_aduan(dir, with_target(s, {"inspect", "resolve", id, "--reply", "NIK sudah kami periksa.",
                                                 "--apply", holder + ":nik=3273014503950003"}));
  INFO(resolved.err);
  REQUIRE(resolved.code == 0);
  CHECK(resolved.out.find("ticket " + id + " resolved") != std::string::npos);
  CHECK(resolved.out.find("record version") != std::string::npos);
  CHECK(s.admin("GET", "/admin/citizens/3273014503950003").status == 200);
  CHECK(s.admin("GET", std::string("/admin/citizens/") + kRealNik).status == 404);
  CHECK(wait_until([&] { return Citizen(s, kRinaPhone).replies().find("NIK sudah kami periksa.") != std::string::npos; }));

  auto twice = run_aduan(dir, with_target(s, {"inspect", "resolve", id, "--reply", "again"}));
  CHECK(twice.code == 1);
  CHECK(twice.err.find("not open") != std::string::npos);
  auto open_now = run_aduan(dir, with_target(s, {"inspect", "tickets", "--json"}));
  CHECK(json::parse(open_now.out)["items"].empty());
}

TEST_CASE("inspect top without a terminal prints its screens one after another and stops after --frames") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  Citizen(s, "6281299990003").say("halo");
  auto r = run_aduan(dir, with_target(s, {"inspect", "top", "--frames", "2", "--interval", "0.3"}));
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("\x1b[") == std::string::npos);  // no escape codes into a pipe
  for (const char* heading : {"MESSAGES", "ACTORS", "BACKLOG", "CHANNEL", "BUSIEST MAILBOXES", "TICKETS"})
    CHECK(r.out.find(heading) != std::string::npos);
  CHECK(r.out.find("live 1") != std::string::npos);
  CHECK(std::regex_search(r.out, std::regex("in [0-9]+\\.[0-9]/s")));  // the second screen has rates
  CHECK(r.out.find("6281299990003") == std::string::npos);
}
