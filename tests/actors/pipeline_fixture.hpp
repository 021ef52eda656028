// A real, small pipeline for actor tests: LMDB in a temp dir, a CAF system (sharing, 2
// threads), the storage writer and the session manager with the real flow. Events are
// made durable through the writer exactly like the webhook does, then routed.
#pragma once
#include <caf/all.hpp>

#include <chrono>
#include <future>
#include <thread>

#include "actors/messages.hpp"
#include "actors/session_manager.hpp"
#include "actors/storage_writer.hpp"
#include "core/catalogue.hpp"
#include "core/flow/flow_config.hpp"
#include "storage/chat_store.hpp"
#include "storage/inbox_store.hpp"
#include "storage/outbox_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/wait.hpp"

namespace aduan::test {

inline caf::actor_system_config& small_config() {
  static caf::actor_system_config cfg = [] {
    caf::actor_system_config c;
    c.set("scheduler.policy", caf::atom("sharing"));
    c.set("scheduler.max-threads", std::size_t{2});
    return c;
  }();
  return cfg;
}

struct Pipeline {
  TempDir& dir;
  std::shared_ptr<storage::Env> env;
  std::shared_ptr<TestClock> clock;
  caf::actor_system sys{small_config()};
  std::shared_ptr<actors::WriterCounters> writer_counters = std::make_shared<actors::WriterCounters>();
  caf::actor writer, manager;
  std::shared_ptr<actors::Services> svc = std::make_shared<actors::Services>();

  explicit Pipeline(TempDir& d, int passivate_s = 600, int max_attempts = 3,
                    std::function<void(const std::string&, std::uint64_t, const std::string&)> hook = {},
                    TimeMs start = 1'800'000'000'000)
      : dir(d) {
    storage::EnvOptions o;
    o.dir = dir.path();
    o.map_size_bytes = 256ull << 20;
    env = storage::Env::open(o);
    clock = std::make_shared<TestClock>(start);
    writer = actors::spawn_storage_writer(sys, env, 1000, writer_counters);
    svc->env = env;
    svc->writer = writer;
    std::string error;
    auto cat = Catalogue::load(std::string(ADUAN_SOURCE_DIR) + "/config/messages.json", &error);
    if (!cat) throw std::runtime_error(error);
    svc->catalogue = std::make_shared<const Catalogue>(std::move(*cat));
    svc->text_mask = std::make_shared<const FreeTextMask>(*svc->catalogue);
    auto fc = flow::FlowConfig{};
    fc.otp_hash_key = "test-otp-key";
    svc->flow_config = std::make_shared<const flow::FlowConfig>(fc);
    svc->clock = clock;
    svc->max_attempts = max_attempts;
    svc->passivate_after_s = passivate_s;
    svc->id_salt = "salt";
    svc->before_step = std::move(hook);
    manager = actors::spawn_session_manager(sys, svc);
    caf::anon_send(manager, actors::recover_atom::value);
    wait_for([&] { return svc->recovered->load(); });
  }

  ~Pipeline() {
    caf::anon_send(manager, actors::stop_atom::value, std::string("*"));
    caf::anon_send(writer, actors::stop_atom::value, std::string("*"));
    sys.await_all_actors_done();
  }

  static bool wait_for(const std::function<bool()>& cond, std::chrono::seconds limit = std::chrono::seconds(30)) {
    return wait_until(cond, limit, std::chrono::milliseconds(5));
  }

  // Makes a batch of text messages durable (one writer job, like one webhook POST) and routes them.
  void deliver(const std::vector<std::pair<std::string, std::string>>& from_and_text) {
    static std::atomic<int> next_id{0};
    auto events = std::make_shared<std::vector<InboundMessage>>();
    for (auto& [from, text] : from_and_text) {
      InboundMessage m;
      m.id = "wamid.T" + std::to_string(++next_id);
      m.from = from;
      m.type = "text";
      m.text = text;
      events->push_back(m);
    }
    auto mgr = manager;
    auto clk = clock;
    std::promise<void> done;
    actors::submit(writer, storage::WriteJob{[events, clk](storage::Txn& w) {
                                               nlohmann::json out = nlohmann::json::array();
                                               for (auto& m : *events) {
                                                 auto r = storage::record_inbound(w, m, clk->now());
                                                 if (r.seq) out.push_back(nlohmann::json{r.seq, r.chat, m.from});
                                               }
                                               return out;
                                             },
                                             [mgr, &done](const storage::JobResult& r) {
                                               for (auto& x : r.value)
                                                 caf::anon_send(mgr, actors::inbound_atom::value,
                                                                x[0].get<std::uint64_t>(), x[1].get<std::string>(),
                                                                x[2].get<std::string>(), std::string());
                                               done.set_value();
                                             }});
    done.get_future().wait();
  }

  std::uint64_t pending() {
    storage::Txn t(*env, false);
    return storage::pending_count(t);
  }
  std::optional<storage::InboxRow> row(std::uint64_t seq) {
    storage::Txn t(*env, false);
    return storage::get_inbox(t, seq);
  }
  std::vector<storage::OutboxRow> outbox_to(const std::string& to) {
    storage::Txn t(*env, false);
    return storage::rows_to(t, "graph", to, 0, 100000);
  }
  actors::ManagerStats stats() {
    caf::scoped_actor self{sys};
    actors::ManagerStats out;
    self->request(manager, std::chrono::seconds(5), actors::stats_atom::value)
        .receive([&](const actors::ManagerStats& s) { out = s; }, [](caf::error&) {});
    return out;
  }
};

}  // namespace aduan::test
