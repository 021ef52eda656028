#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <set>

#include "tests/actors/pipeline_fixture.hpp"

using namespace aduan;
using namespace aduan::test;

TEST_CASE("messages of one chat are processed one at a time in arrival order") {
  TempDir dir;
  std::mutex mu;
  std::map<std::string, std::vector<std::uint64_t>> seen;
  std::map<std::string, int> inside;
  bool overlap = false;
  Pipeline p(dir, 600, 3, [&](const std::string& chat, std::uint64_t seq, const std::string&) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (++inside[chat] > 1) overlap = true;
      seen[chat].push_back(seq);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    std::lock_guard<std::mutex> lock(mu);
    --inside[chat];
  });
  for (int batch = 0; batch < 20; ++batch)
    p.deliver({{"6281111", "menu"}, {"6282222", "menu"}, {"6281111", "bantuan"}, {"6283333", "halo"}});
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  std::lock_guard<std::mutex> lock(mu);
  CHECK_FALSE(overlap);
  REQUIRE(seen["wa:6281111"].size() == 40);
  CHECK(std::is_sorted(seen["wa:6281111"].begin(), seen["wa:6281111"].end()));
  CHECK(std::set<std::uint64_t>(seen["wa:6281111"].begin(), seen["wa:6281111"].end()).size() == 40);
  CHECK(seen["wa:6282222"].size() == 20);
}

TEST_CASE("different chats are processed in parallel") {
  TempDir dir;
  std::promise<void> b_started;
  auto b_future = b_started.get_future().share();
  std::atomic<bool> a_saw_b{false};
  Pipeline p(dir, 600, 3, [&](const std::string& chat, std::uint64_t, const std::string&) {
    if (chat == "wa:62800B") b_started.set_value();
    if (chat == "wa:62800A")  // A waits inside its step until B has started its own
      a_saw_b = b_future.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  });
  p.deliver({{"62800A", "halo"}});
  p.deliver({{"62800B", "halo"}});
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  CHECK(a_saw_b);
}

TEST_CASE("a conversation is spawned on its first message and at most one lives per chat") {
  TempDir dir;
  Pipeline p(dir);
  p.deliver({{"62811", "halo"}, {"62811", "menu"}, {"62822", "halo"}});
  p.deliver({{"62811", "bantuan"}});
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  auto s = p.stats();
  CHECK(s.spawned == 2);
  CHECK(s.live == 2);
}

TEST_CASE("an idle conversation is passivated and respawned from storage with its state") {
  TempDir dir;
  Pipeline p(dir, 1);
  p.deliver({{"62833", "halo"}});
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  nlohmann::json state_before;
  {
    storage::Txn t(*p.env, false);
    state_before = storage::chat_state(*storage::get_chat(t, "wa:62833"));
  }
  REQUIRE(Pipeline::wait_for([&] { return p.stats().passivated == 1; }, std::chrono::seconds(20)));
  CHECK(p.stats().live == 0);
  p.deliver({{"62833", "menu"}});
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  auto s = p.stats();
  CHECK(s.spawned == 2);
  storage::Txn t(*p.env, false);
  auto rec = storage::get_chat(t, "wa:62833");
  CHECK(rec->processed == 2);
  CHECK(!state_before.empty());
}

TEST_CASE("a step that throws is restarted and retried, and then succeeds") {
  TempDir dir;
  std::atomic<int> throws{0};
  Pipeline p(dir, 600, 3, [&](const std::string&, std::uint64_t, const std::string& text) {
    if (text == "flaky" && throws.fetch_add(1) == 0) throw std::runtime_error("transient bug");
  });
  p.deliver({{"62844", "flaky"}});
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  CHECK(throws == 2);
  auto row = p.row(1);
  REQUIRE(row);
  CHECK(row->status == "done");
  CHECK(row->attempts == 2);
  CHECK(p.stats().restarted == 1);
}

TEST_CASE("a poison event becomes a dead letter after N tries with exactly one apology") {
  TempDir dir;
  std::atomic<int> tries{0};
  Pipeline p(dir, 600, 3, [&](const std::string&, std::uint64_t, const std::string& text) {
    if (text == "poison") {
      ++tries;
      throw std::runtime_error("poison pill");
    }
  });
  auto before = p.outbox_to("62855").size();
  p.deliver({{"62855", "poison"}, {"62855", "menu"}});
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  CHECK(tries == 3);
  auto dead = p.row(1);
  REQUIRE(dead);
  CHECK(dead->status == "dead");
  CHECK_THAT(dead->reason, Catch::Contains("poison pill"));
  CHECK(p.row(2)->status == "done");  // the conversation went on with the next event
  auto rows = p.outbox_to("62855");
  int apologies = 0;
  for (auto& r : rows)
    if (r.message.value("body", "").find("Maaf") != std::string::npos && r.seq > before) ++apologies;
  CHECK(apologies >= 1);
  CHECK(p.stats().dead_letters == 1);
}

TEST_CASE("many steps share few write transactions (group commit)") {
  TempDir dir;
  Pipeline p(dir);
  std::vector<std::pair<std::string, std::string>> batch;
  for (int i = 0; i < 400; ++i) batch.push_back({"6286" + std::to_string(i), "halo"});
  auto tx_before = p.writer_counters->transactions.load();
  p.deliver(batch);
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  auto tx = p.writer_counters->transactions.load() - tx_before;
  INFO("transactions for 400 steps + 1 intake: " << tx);
  CHECK(tx < 200);
}

TEST_CASE("durable timers fire after a restart under the test clock") {
  TempDir dir;
  TimeMs start = 1'800'000'000'000;
  {
    Pipeline p(dir, 600, 3, {}, start);
    p.deliver({{"62877", "halo"}});
    REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
    // A timer stored with the chat, due in ten minutes.
    std::promise<void> done;
    actors::submit(p.writer, storage::WriteJob{[start](storage::Txn& w) {
                                                 auto rec = *storage::get_chat(w, "wa:62877");
                                                 rec.timers["session_expiry"] = start + 600'000;
                                                 storage::put_chat(w, rec);
                                                 return nlohmann::json();
                                               },
                                               [&](const storage::JobResult&) { done.set_value(); }});
    done.get_future().wait();
  }
  // A new process: the clock moved past the due time while it was down.
  Pipeline p(dir, 600, 3, {}, start + 601'000);
  REQUIRE(Pipeline::wait_for([&] { return p.svc->counters->timers_fired.load() == 1; }));
  REQUIRE(Pipeline::wait_for([&] { return p.pending() == 0; }));
  storage::Txn t(*p.env, false);
  auto rec = storage::get_chat(t, "wa:62877");
  CHECK(rec->timers.count("session_expiry") == 0);
  CHECK(rec->processed == 2);
}
