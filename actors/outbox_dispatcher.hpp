// The outbox dispatcher (one): delivers committed outbox rows through the channels,
// at-least-once with a minimal duplicate window. For each row: mark in_flight (durable),
// then send; the answer moves it to accepted / pending-with-backoff / failed (durable).
// Per recipient at most one row is in flight and rows go in sequence order; a global token
// bucket caps messages per second per phone number (0 = off). A token error (190/0) stops
// Graph sending (channel degraded, rows stay pending) until credentials are reloaded.
// Messages: (kick_atom) new rows may exist; (tick_atom) retry timer; (sent_atom, SentMsg);
// (stats_atom) → json text of channel state; (reload_atom) re-read credentials.
#pragma once
#include <atomic>
#include <memory>
#include <map>
#include <mutex>
#include <string>

#include <caf/fwd.hpp>

#include "actors/services.hpp"
#include "core/delivery.hpp"

namespace aduan::actors {

struct ChannelStatus {
  std::mutex mu;
  std::string state = "ok";  // ok | degraded
  std::string reason;        // why degraded
  std::atomic<std::uint64_t> sent{0}, accepted{0}, retried{0}, failed{0}, resent_after_crash{0};
  std::map<int, std::uint64_t> graph_errors;  // error code → count (under mu)
  // Accepted messages by kind (text, list, buttons, document, template, read, sms) and
  // failed ones likewise: bounded label sets for /metrics (under mu).
  std::map<std::string, std::uint64_t> accepted_by_kind, failed_by_kind;
};

struct DispatcherConfig {
  int rate_per_s = 80;  // 0 = unlimited
  int max_attempts = 8;
  int sms_max_attempts = 3;
};

caf::actor spawn_outbox_dispatcher(caf::actor_system& sys, std::shared_ptr<const Services> svc,
                                   std::shared_ptr<OutboundChannel> graph, std::shared_ptr<OutboundChannel> sms,
                                   DispatcherConfig cfg, std::shared_ptr<ChannelStatus> status,
                                   caf::actor manager);

}  // namespace aduan::actors
