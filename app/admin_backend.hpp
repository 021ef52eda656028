// The admin API's data side: reads storage (short read transactions on the listener
// thread), asks the session manager through short-lived requester actors (never blocking a
// listener thread), and sends changes (resolve, reveal audit, clock) as writer jobs.
// Personal data is masked unless the caller asked ?reveal=1, and every reveal is audited.
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/outbox_dispatcher.hpp"
#include "actors/services.hpp"
#include "actors/storage_writer.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "transport/admin_handler.hpp"
#include "transport/sandbox_channel.hpp"
#include "transport/webhook_handler.hpp"

namespace aduan::app {

struct AdminDeps {
  const Config* config = nullptr;
  caf::actor_system* system = nullptr;
  std::shared_ptr<storage::Env> env;
  caf::actor writer, manager, dispatcher;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<TestClock> test_clock;  // set when ADUAN_CLOCK=test
  std::string admin_token;
  std::shared_ptr<actors::Services> services;
  std::shared_ptr<actors::ChannelStatus> channel;
  std::shared_ptr<actors::WriterCounters> writer_counters;
  transport::WebhookCounters* webhook = nullptr;
  std::shared_ptr<transport::SandboxMedia> media;
  std::string static_dir;  // the /ops/ page files
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // Webhook acknowledgement latency histogram (seconds), filled by the webhook listener.
  struct AckHistogram {
    static constexpr double kBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    std::atomic<std::uint64_t> bucket[sizeof(kBuckets) / sizeof(double) + 1]{};
    std::atomic<std::uint64_t> count{0}, sum_us{0};
    void observe(double s);
  };
  std::shared_ptr<AckHistogram> ack = std::make_shared<AckHistogram>();
};

class ServerAdminBackend final : public transport::AdminBackend {
 public:
  explicit ServerAdminBackend(AdminDeps deps) : d_(std::move(deps)) {}
  std::optional<transport::Caller> authenticate(const std::string& token) override;
  bool sandbox() const override { return d_.config->sandbox(); }
  void stats(const transport::AdminCall&, transport::AdminDone) override;
  void metrics(const transport::AdminCall&, transport::AdminDone) override;
  void actors(const transport::AdminCall&, transport::AdminDone) override;
  void actor(const transport::AdminCall&, transport::AdminDone) override;
  void stop_actor(const transport::AdminCall&, transport::AdminDone) override;
  void tickets(const transport::AdminCall&, transport::AdminDone) override;
  void ticket(const transport::AdminCall&, transport::AdminDone) override;
  void resolve_ticket(const transport::AdminCall&, transport::AdminDone) override;
  void reopen_ticket(const transport::AdminCall&, transport::AdminDone) override;
  void citizen(const transport::AdminCall&, transport::AdminDone) override;
  void audit(const transport::AdminCall&, transport::AdminDone) override;
  void sandbox_outbox(const transport::AdminCall&, transport::AdminDone) override;
  void sandbox_sms(const transport::AdminCall&, transport::AdminDone) override;
  void sandbox_media(const transport::AdminCall&, transport::AdminDone) override;
  void sandbox_clock(const transport::AdminCall&, transport::AdminDone) override;
  std::optional<transport::AdminReply> static_file(const std::string& path) override;

  AdminDeps& deps() { return d_; }

 private:
  AdminDeps d_;
};

}  // namespace aduan::app
