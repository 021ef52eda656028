// Issue 4's kill test: `aduan serve` is SIGKILLed while Graph requests are open (the fake Graph
// server answers slowly), restarted, and must deliver every reply; the only duplicates are rows
// that were in flight at the kill — at most one per recipient, adjacent, and bounded by the count
// of in-flight rows found at start-up (/metrics).
#include <catch2/catch.hpp>

#include <map>
#include <regex>

#include "tests/support/fake_graph_server.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/webhook_client.hpp"

using namespace aduan;
using namespace aduan::test;
using json = nlohmann::json;

namespace {

constexpr const char* kGraphToken = "crash-test-graph-token";

std::map<std::string, std::string> graph_env(const FakeGraphServer& fake) {
  return {{"ADUAN_MODE", "sandbox"},
          {"ADUAN_DEMO", "0"},
          {"WHATSAPP_GRAPH_URL", fake.graph_url()},
          {"WHATSAPP_ACCESS_TOKEN", kGraphToken},
          {"WHATSAPP_ACCESS_TOKEN_FILE", ""},
          {"SMS_GATEWAY_URL", fake.sms_url()},
          {"SMS_GATEWAY_TOKEN", "crash-test-sms-token"}};
}

std::uint64_t metric_value(const std::string& text, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex("\n" + name + " ([0-9]+)"))) return ~0ull;
  return std::stoull(m[1]);
}

}  // namespace

TEST_CASE("SIGKILL with rows in flight: every reply delivered, duplicates only from the counted in-flight window") {
  TempDir dir;
  FakeGraphServer fake(2);
  fake.latency(std::chrono::milliseconds(500));  // keeps requests open when the kill comes
  const int kChats = 12;
  const char* kTexts[] = {"halo", "bantuan", "menu"};

  ServerProcess first(dir.file("data"), graph_env(fake));
  first.start();
  REQUIRE(first.wait_ready());
  for (int c = 0; c < kChats; ++c)
    for (int i = 0; i < 3; ++i)
      REQUIRE(post_webhook(first, text_webhook("wamid.X" + std::to_string(c) + "_" + std::to_string(i),
                                               "62815" + std::to_string(1000000 + c), kTexts[i]))
                  .status == 200);
  // Kill once several requests are open at the fake (each waits 500 ms for its answer).
  REQUIRE(wait_until([&] { return fake.count("/messages") >= 6; }, std::chrono::seconds(30)));
  first.kill(SIGKILL);  // also reaps the child
  const auto before_restart = fake.count("/messages");
  fake.latency(std::chrono::milliseconds(0));

  ServerProcess second(dir.file("data"), graph_env(fake));
  second.start();
  REQUIRE(second.wait_ready());
  REQUIRE(wait_until([&] {
    auto st = json::parse(second.admin("GET", "/admin/stats").body);
    return st["inbox_pending"] == 0 && st["outbox"]["pending"] == 0;
  }));
  auto stats = json::parse(second.admin("GET", "/admin/stats").body);
  CHECK(stats["outbox"]["failed"] == 0);
  const std::uint64_t rows_sent = stats["outbox"]["sent"].get<std::uint64_t>();
  const auto metrics = second.admin("GET", "/metrics").body;
  const std::uint64_t resent = metric_value(metrics, "aduan_outbox_resent_after_crash_total");

  // Every reply went out; each extra request is a row resent after the crash.
  auto requests = fake.requests("/messages");
  REQUIRE(requests.size() >= rows_sent);
  const std::uint64_t duplicates = requests.size() - rows_sent;
  CHECK(rows_sent >= static_cast<std::uint64_t>(kChats * 3));  // at least one reply per message
  CHECK(resent >= 1);                 // the kill did catch requests in flight
  // A row counted in flight may not have reached Graph before the kill, so the count bounds
  // the duplicates from above; one row in flight per recipient bounds the count.
  CHECK(duplicates <= resent);
  CHECK(resent <= static_cast<std::uint64_t>(kChats));
  CHECK(before_restart >= duplicates);

  // Per recipient: at most one duplicate, and it directly repeats the request open at the kill.
  std::map<std::string, std::vector<std::string>> by_recipient;
  for (auto& r : requests) by_recipient[r.to].push_back(r.body);
  CHECK(by_recipient.size() == static_cast<std::size_t>(kChats));
  std::uint64_t adjacent_repeats = 0;
  for (auto& [to, bodies] : by_recipient) {
    int repeats = 0;
    for (std::size_t i = 1; i < bodies.size(); ++i)
      if (bodies[i] == bodies[i - 1]) ++repeats;
    CHECK(repeats <= 1);
    adjacent_repeats += repeats;
  }
  CHECK(adjacent_repeats == duplicates);
  second.kill(SIGTERM);
  CHECK(second.wait_exit() == 0);
}
