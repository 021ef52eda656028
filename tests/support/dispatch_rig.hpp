// The real outbox dispatcher driving the real HTTP senders against a FakeGraphServer, for
// sender tests and the benchmark: LMDB in a temp dir, a small CAF system (sharing), the
// storage writer, one io_context thread for the HTTP client, and a test clock so retry
// and pair-limit delays pass by advance() instead of by waiting. Rows are inserted with
// storage::add_outbox in a writer job, then a kick_atom is sent, exactly like a step.
// A stand-in "manager" actor records what the dispatcher routes back (SMS failures).
#pragma once
#include <caf/all.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "actors/messages.hpp"
#include "actors/outbox_dispatcher.hpp"
#include "actors/services.hpp"
#include "actors/storage_writer.hpp"
#include "core/outbound.hpp"
#include "storage/inbox_store.hpp"
#include "storage/outbox_store.hpp"
#include "tests/support/fake_graph_server.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/wait.hpp"
#include "transport/graph_channel.hpp"
#include "transport/https_client.hpp"
#include "transport/sms_channel.hpp"

namespace aduan::test {

inline caf::actor_system_config& dispatch_caf_config() {
  static caf::actor_system_config cfg = [] {
    caf::actor_system_config c;
    c.set("scheduler.policy", caf::atom("sharing"));
    c.set("scheduler.max-threads", std::size_t{2});
    return c;
  }();
  return cfg;
}

struct RigOptions {
  actors::DispatcherConfig dispatcher;
  transport::HttpsClientOptions http;
  std::string token = "token-1";
  std::string token_file;  // when set, the Graph channel reads its token from it
  std::string phone_number_id = "1234567890";
  transport::DocumentRenderer renderer;
  int fake_threads = 1;
  RigOptions() { dispatcher.rate_per_s = 0; }
};

class DispatchRig {
 public:
  static constexpr TimeMs kStart = 1'800'000'000'000;

  // First, so that it outlives every socket the clients and channels below own.
  boost::asio::io_context ioc_;
  std::unique_ptr<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_ =
      std::make_unique<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(ioc_.get_executor());
  TempDir dir;
  FakeGraphServer fake;
  std::shared_ptr<storage::Env> env;
  std::shared_ptr<TestClock> clock = std::make_shared<TestClock>(kStart);
  caf::actor_system sys{dispatch_caf_config()};
  caf::actor writer, dispatcher, manager;
  std::shared_ptr<actors::ChannelStatus> status = std::make_shared<actors::ChannelStatus>();
  std::shared_ptr<transport::HttpsClient> graph_client, sms_client;
  std::shared_ptr<transport::GraphChannel> graph;
  std::shared_ptr<transport::SmsChannel> sms;
  std::mutex routed_mu;
  std::vector<std::uint64_t> routed;  // inbox seqs the dispatcher sent to the manager

  explicit DispatchRig(RigOptions o = {}) : fake(o.fake_threads) {
    storage::EnvOptions eo;
    eo.dir = dir.path();
    eo.map_size_bytes = 1ull << 30;
    env = storage::Env::open(eo);
    writer = actors::spawn_storage_writer(sys, env, 1000, std::make_shared<actors::WriterCounters>());
    auto svc = std::make_shared<actors::Services>();
    svc->env = env;
    svc->writer = writer;
    svc->clock = clock;
    // The unused int works around CAF 0.17 dereferencing a null argument tuple when a
    // spawned function takes no arguments besides self (UBSan reports it).
    manager = sys.spawn(
        [this](caf::event_based_actor*, int) -> caf::behavior {
          return {[this](actors::inbound_atom, std::uint64_t seq, const std::string&, const std::string&,
                         const std::string&) {
            std::lock_guard<std::mutex> lock(routed_mu);
            routed.push_back(seq);
          }};
        },
        0);
    std::string error;
    graph_client = transport::HttpsClient::create(ioc_, o.http, &error);
    sms_client = transport::HttpsClient::create(ioc_, o.http, &error);
    if (!graph_client || !sms_client) throw std::runtime_error(error);
    transport::GraphChannelOptions g;
    g.graph_url = fake.graph_url();
    g.phone_number_id = o.phone_number_id;
    g.access_token = o.token;
    g.access_token_file = o.token_file;
    graph = std::make_shared<transport::GraphChannel>(graph_client, g, o.renderer);
    sms = std::make_shared<transport::SmsChannel>(sms_client, transport::SmsChannelOptions{fake.sms_url(), "sms-token"});
    io_thread_ = std::thread([this] { ioc_.run(); });
    dispatcher = actors::spawn_outbox_dispatcher(sys, svc, graph, sms, o.dispatcher, status, manager);
  }

  ~DispatchRig() {
    caf::anon_send_exit(dispatcher, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(manager, caf::exit_reason::user_shutdown);
    caf::anon_send(writer, actors::stop_atom::value, std::string("*"));
    sys.await_all_actors_done();
    work_.reset();
    ioc_.stop();
    io_thread_.join();
  }

  static bool wait_for(const std::function<bool()>& cond, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return wait_until(cond, limit, std::chrono::milliseconds(2));
  }

  // Commits rows (one writer job, like one conversation step) and kicks the dispatcher.
  std::vector<std::uint64_t> add(std::vector<storage::OutboxRow> rows) {
    auto shared = std::make_shared<std::vector<storage::OutboxRow>>(std::move(rows));
    std::promise<std::vector<std::uint64_t>> seqs;
    auto now = clock->now();
    actors::submit(writer, storage::WriteJob{[shared, now](storage::Txn& w) {
                                               nlohmann::json out = nlohmann::json::array();
                                               for (auto r : *shared) {
                                                 r.created_at = r.updated_at = now;
                                                 out.push_back(storage::add_outbox(w, r));
                                               }
                                               return out;
                                             },
                                             [&seqs](const storage::JobResult& r) {
                                               std::vector<std::uint64_t> v;
                                               if (r.ok)
                                                 for (auto& x : r.value) v.push_back(x.get<std::uint64_t>());
                                               seqs.set_value(v);
                                             }});
    auto v = seqs.get_future().get();
    kick();
    return v;
  }

  static storage::OutboxRow text_row(const std::string& to, const std::string& text) {
    storage::OutboxRow r;
    r.chat = "wa:" + to;
    r.to = to;
    r.channel = "graph";
    r.message = outbound_to_json(make_text(text));
    return r;
  }
  static storage::OutboxRow sms_row(const std::string& phone, const std::string& text) {
    storage::OutboxRow r;
    r.chat = "wa:" + phone;
    r.to = phone;
    r.channel = "sms";
    r.message = {{"text", text}, {"purpose", "login"}};
    return r;
  }

  void kick() { caf::anon_send(dispatcher, actors::kick_atom::value); }
  void reload() { caf::anon_send(dispatcher, actors::reload_atom::value); }

  storage::OutboxRow row(std::uint64_t seq) {
    storage::Txn t(*env, false);
    return storage::get_outbox(t, seq).value_or(storage::OutboxRow{});
  }
  std::optional<storage::InboxRow> inbox(std::uint64_t seq) {
    storage::Txn t(*env, false);
    return storage::get_inbox(t, seq);
  }
  std::map<std::string, std::uint64_t> counts() {
    storage::Txn t(*env, false);
    return storage::outbox_counts(t);
  }
  std::string channel_state() {
    std::lock_guard<std::mutex> lock(status->mu);
    return status->state;
  }
  // Waits until the row has settled after `attempts` tries (not in flight, attempts reached).
  bool settled(std::uint64_t seq, int attempts) {
    return wait_for([&] {
      auto r = row(seq);
      return r.attempts >= attempts && r.status != "in_flight";
    });
  }

 private:
  std::thread io_thread_;
};

}  // namespace aduan::test
