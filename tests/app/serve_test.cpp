// Black-box tests of `aduan serve`: a real child process, signed webhooks over HTTP, the
// admin API, SIGTERM and SIGKILL, and the LMDB data read back after the process stopped.
#include <catch2/catch.hpp>

#include <filesystem>

#include <fstream>
#include <future>
#include <sstream>
#include <set>

#include <nlohmann/json.hpp>

#include "app/data_dir.hpp"
#include "storage/chat_store.hpp"
#include "storage/codec.hpp"
#include "storage/inbox_store.hpp"
#include "storage/lmdb_env.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/webhook_client.hpp"

using namespace aduan;
using namespace aduan::test;
using json = nlohmann::json;

namespace {

std::shared_ptr<storage::Env> open_data(const std::string& dir) {
  storage::EnvOptions o;
  o.dir = dir;
  o.map_size_bytes = 1ull << 30;
  return storage::Env::open(o);
}

}  // namespace

TEST_CASE("a signed webhook posted to the running server is durable and visible in stats") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  auto r = post_webhook(s, text_webhook("wamid.S1", "6281200000001", "halo"));
  CHECK(r.status == 200);
  REQUIRE(wait_until([&] {
    auto st = json::parse(s.admin("GET", "/admin/stats").body);
    return st["actors_spawned"].get<int>() >= 1 && st["inbox_pending"].get<int>() == 0;
  }));
  auto stats = json::parse(s.admin("GET", "/admin/stats").body);
  CHECK(stats["webhook"]["events"] == 1);
  CHECK(stats.contains("outbox"));
  CHECK(stats["channel"]["state"] == "ok");
  s.kill(SIGTERM);
  CHECK(s.wait_exit() == 0);
}

TEST_CASE("ten identical webhooks posted at once leave exactly one inbox row") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  std::string body = text_webhook("wamid.DUP", "6281200000002", "halo");
  std::vector<std::future<int>> posts;
  for (int i = 0; i < 10; ++i)
    posts.push_back(std::async(std::launch::async, [&] { return post_webhook(s, body).status; }));
  for (auto& p : posts) CHECK(p.get() == 200);
  s.kill(SIGTERM);
  REQUIRE(s.wait_exit() == 0);
  auto env = open_data(s.data_dir());
  storage::Txn t(*env, false);
  int rows = 0;
  t.scan(t.dbs().inbox, "", [&](std::string_view, std::string_view v) {
    auto row = storage::decode(v);
    if (row["ev"].value("id", "") == "wamid.DUP") ++rows;
    return true;
  });
  CHECK(rows == 1);
}

TEST_CASE("a SIGKILL after acknowledgements loses none of them and a restart applies each once") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  std::set<std::string> acked;
  const int kChats = 20, kPerChat = 10;
  std::vector<std::future<std::vector<std::string>>> senders;
  for (int c = 0; c < kChats; ++c)
    senders.push_back(std::async(std::launch::async, [&, c] {
      std::vector<std::string> ok;
      for (int i = 0; i < kPerChat; ++i) {
        std::string id = "wamid.K" + std::to_string(c) + "_" + std::to_string(i);
        if (post_webhook(s, text_webhook(id, "62813" + std::to_string(100000 + c), i % 2 ? "menu" : "bantuan")).status == 200)
          ok.push_back(id);
      }
      return ok;
    }));
  for (auto& f : senders)
    for (auto& id : f.get()) acked.insert(id);
  s.kill(SIGKILL);
  REQUIRE(acked.size() == kChats * kPerChat);
  {
    auto env = open_data(s.data_dir());
    storage::Txn t(*env, false);
    std::set<std::string> stored;
    t.scan(t.dbs().inbox, "", [&](std::string_view, std::string_view v) {
      stored.insert(storage::decode(v)["ev"].value("id", ""));
      return true;
    });
    for (auto& id : acked) CHECK(stored.count(id) == 1);
  }
  ServerProcess again(dir.file("data"));
  again.start();
  REQUIRE(again.wait_ready());  // ready only after the pending rows were replayed
  REQUIRE(wait_until([&] { return json::parse(again.admin("GET", "/admin/stats").body)["inbox_pending"] == 0; }));
  again.kill(SIGTERM);
  REQUIRE(again.wait_exit() == 0);
  auto env = open_data(s.data_dir());
  storage::Txn t(*env, false);
  std::uint64_t processed = 0;
  for (int c = 0; c < kChats; ++c) {
    auto rec = storage::get_chat(t, "wa:62813" + std::to_string(100000 + c));
    REQUIRE(rec);
    processed += rec->processed;
  }
  // Each message was applied exactly once: one committed step per inbox row.
  CHECK(processed == static_cast<std::uint64_t>(kChats * kPerChat));
  CHECK(storage::pending_count(t) == 0);
}

TEST_CASE("SIGTERM stops the server cleanly with exit 0") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  s.kill(SIGTERM);
  CHECK(s.wait_exit(std::chrono::seconds(20)) == 0);
}

TEST_CASE("a bad configuration stops start-up with exit 1 naming the key") {
  TempDir dir;
  ServerProcess s(dir.file("data"), {{"ADUAN_MODE", "production"}});
  s.start();
  CHECK(s.wait_exit() == 1);
  auto log = std::ifstream(dir.file("data") + ".log");
  std::stringstream ss;
  ss << log.rdbuf();
  CHECK_THAT(ss.str(), Catch::Contains("required in production"));
}

TEST_CASE("the admin API refuses requests without the ops token") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  auto r = transport::http_request("GET", s.admin_url("/admin/stats"));
  CHECK(r.status == 401);
  CHECK(s.admin("GET", "/admin/stats").status == 200);
  auto m = s.admin("GET", "/metrics");
  CHECK(m.status == 200);
  CHECK_THAT(m.body, Catch::Contains("# TYPE aduan_steps_total counter"));
}

TEST_CASE("backup makes a consistent copy while the server runs") {
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  REQUIRE(post_webhook(s, text_webhook("wamid.BK1", "6281200000077", "halo")).status == 200);
  std::string cmd = "ADUAN_DATA_DIR=" + dir.file("data") + " " + aduan_bin() + " backup " + dir.file("copy") +
                    " > " + dir.file("backup.out") + " 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  // Health data and keys: owner-only, whatever the umask (named after what broke: 0644).
  namespace fs = std::filesystem;
  CHECK((fs::status(dir.file("copy")).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
  for (const char* f : {"data.mdb", "otp.key", "id.salt"}) {
    INFO(f);
    REQUIRE(fs::exists(fs::path(dir.file("copy")) / f));
    CHECK((fs::status(fs::path(dir.file("copy")) / f).permissions() & (fs::perms::group_all | fs::perms::others_all)) ==
          fs::perms::none);
  }
  // A second backup into a folder that is not empty is refused.
  std::string again = "ADUAN_DATA_DIR=" + dir.file("data") + " " + aduan_bin() + " backup " + dir.file("copy") +
                      " > /dev/null 2>&1";
  CHECK(WEXITSTATUS(std::system(again.c_str())) == 1);
  s.kill(SIGTERM);
  REQUIRE(s.wait_exit() == 0);
  auto env = open_data(dir.file("copy"));
  storage::Txn t(*env, false);
  bool found = false;
  t.scan(t.dbs().inbox, "", [&](std::string_view, std::string_view v) {
    found = found || storage::decode(v)["ev"].value("id", "") == "wamid.BK1";
    return true;
  });
  CHECK(found);
  CHECK(t.count(t.dbs().citizens) > 0);  // the demo registry came along
}

TEST_CASE("chat input that is not UTF-8 is refused politely and the chat goes on") {
  // Named after what broke: `printf 'halo\n\xff\xfe\n' | aduan chat` aborted (exit 134)
  // when the JSON writer met the bytes.
  TempDir dir;
  ServerProcess s(dir.file("data"));
  s.start();
  REQUIRE(s.wait_ready());
  std::ofstream(dir.file("input")) << "halo\n\xff\xfe\n/quit\n";
  const std::string cmd = "ADUAN_DATA_DIR=" + dir.file("data") + " ADUAN_ADMIN_TOKEN=" + s.token() + " " + aduan_bin() +
                          " chat --as 6281299990042 --url " + s.url("") + " --admin-url " + s.admin_url("") +
                          " --save-dir " + dir.file("files") + " < " + dir.file("input") + " > " + dir.file("chat.out") +
                          " 2>&1";
  const int rc = std::system(cmd.c_str());
  const std::string out = app::read_file(dir.file("chat.out")).value_or("");
  INFO(out);
  CHECK(WIFEXITED(rc));
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(out.find("not UTF-8 text; nothing was sent") != std::string::npos);
  s.kill(SIGTERM);
  CHECK(s.wait_exit() == 0);
}

TEST_CASE("a second aduan serve on a data dir in use refuses to start, naming it") {
  // Two servers on one LMDB would run every conversation and send every reply twice.
  TempDir dir;
  ServerProcess first(dir.file("data"));
  first.start();
  REQUIRE(first.wait_ready());
  const std::string cmd = "ADUAN_DATA_DIR=" + dir.file("data") + " ADUAN_ADMIN_TOKEN=" + first.token() +
                          " ADUAN_LISTEN=127.0.0.1:" + std::to_string(free_port()) +
                          " ADUAN_ADMIN_LISTEN=127.0.0.1:" + std::to_string(free_port()) + " timeout 60 " + aduan_bin() +
                          " serve > " + dir.file("second.out") + " 2>&1";
  const int rc = std::system(cmd.c_str());
  const std::string out = app::read_file(dir.file("second.out")).value_or("");
  INFO(out);
  CHECK(WEXITSTATUS(rc) == 1);
  CHECK(out.find("another aduan serve is running on " + dir.file("data")) != std::string::npos);
  CHECK(first.admin("GET", "/admin/stats").status == 200);  // the first one is untouched
  first.kill(SIGTERM);
  CHECK(first.wait_exit() == 0);
}
