#include "actors/outbox_dispatcher.hpp"

#include <chrono>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/storage_writer.hpp"
#include "storage/inbox_store.hpp"
#include "storage/outbox_store.hpp"

namespace aduan::actors {

using marked_atom = caf::atom_constant<caf::atom("marked")>;

namespace {

using json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kScanLimit = 2000;
constexpr auto kTick = std::chrono::milliseconds(250);
constexpr TimeMs kBackoffBaseMs = 1000, kBackoffCapMs = 5 * 60 * 1000;
constexpr TimeMs kPairLimitCapMs = 4 * 60 * 1000;

struct DispatcherState {
  std::shared_ptr<const Services> svc;
  std::shared_ptr<OutboundChannel> graph, sms;
  DispatcherConfig cfg;
  std::shared_ptr<ChannelStatus> status;
  caf::actor manager;
  std::unordered_set<std::string> busy;                    // recipients with a row in flight
  std::unordered_map<std::string, TimeMs> pair_blocked;    // recipient → not before (131056)
  std::unordered_map<std::string, int> pair_strikes;
  bool scan_scheduled = false;
  bool degraded = false;
  double tokens = 0;
  SteadyClock::time_point last_refill = SteadyClock::now();
  std::mt19937_64 rng{std::random_device{}()};
  bool first_scan = true;
  static inline const char* name = "outbox_dispatcher";
};

using Self = caf::stateful_actor<DispatcherState>;


TimeMs backoff_ms(int attempt, std::mt19937_64& rng) {
  TimeMs cap = kBackoffBaseMs << std::min(attempt, 20);
  if (cap > kBackoffCapMs) cap = kBackoffCapMs;
  std::uniform_int_distribution<TimeMs> d(cap / 2, cap);  // jitter, never below half
  return d(rng);
}

bool take_token(DispatcherState& st) {
  if (st.cfg.rate_per_s <= 0) return true;
  auto now = SteadyClock::now();
  double dt = std::chrono::duration<double>(now - st.last_refill).count();
  st.last_refill = now;
  st.tokens = std::min<double>(st.cfg.rate_per_s, st.tokens + dt * st.cfg.rate_per_s);
  if (st.tokens < 1) return false;
  st.tokens -= 1;
  return true;
}

void schedule_scan(Self* self) {
  if (self->state.scan_scheduled) return;
  self->state.scan_scheduled = true;
  self->send(self, kick_atom::value);
}

void scan(Self* self) {
  auto& st = self->state;
  st.scan_scheduled = false;
  TimeMs now = st.svc->clock->now();
  std::unordered_set<std::string> blocked;  // keeps per-recipient order within this scan
  std::vector<OutboundItem> to_send;
  storage::Txn txn(*st.svc->env, false);
  if (st.first_scan) {
    // Rows a crashed process left in flight are resent: the only duplicate window.
    auto counts = storage::outbox_counts(txn);
    st.status->resent_after_crash += counts["in_flight"];
  }
  for (auto& ref : storage::open_refs(txn, kScanLimit)) {
    if (!blocked.insert(ref.recipient).second) continue;
    if (st.busy.count(ref.recipient)) continue;
    if (ref.next_attempt_at > now) continue;
    if (auto it = st.pair_blocked.find(ref.recipient); it != st.pair_blocked.end() && it->second > now) continue;
    bool graph = ref.recipient.rfind("graph:", 0) == 0;
    if (graph && st.degraded) continue;
    auto r = storage::get_outbox(txn, ref.seq);
    if (!r) continue;
    if (graph && !take_token(st)) continue;
    st.busy.insert(ref.recipient);
    OutboundItem item;
    item.seq = r->seq;
    item.channel = std::move(r->channel);
    item.to = std::move(r->to);
    item.user_id = std::move(r->user_id);
    item.message = std::move(r->message);
    item.attempt = r->attempts + 1;
    to_send.push_back(std::move(item));
  }
  txn.abort();
  st.first_scan = false;
  if (to_send.empty()) return;
  // Mark every chosen row in_flight durably, then send (the at-least-once window).
  auto me = caf::actor_cast<caf::actor>(self);
  auto items = std::make_shared<std::vector<OutboundItem>>(std::move(to_send));
  submit(st.svc->writer,
         storage::WriteJob{[items, now](storage::Txn& w) {
                             for (auto& it : *items) {
                               auto row = storage::get_outbox(w, it.seq);
                               if (!row) continue;
                               std::string prev = row->status;
                               row->status = "in_flight";
                               row->attempts += 1;
                               row->updated_at = now;
                               storage::put_outbox(w, *row, prev);
                             }
                             return json();
                           },
                           [me, items](const storage::JobResult& r) {
                             caf::anon_send(me, marked_atom::value, r.ok, std::make_shared<std::vector<OutboundItem>>(*items));
                           }});
}

void apply_result(Self* self, const SentMsg& msg) {
  auto& st = self->state;
  const auto& item = msg.item;
  const auto& res = msg.result;
  std::string key = item.channel + ":" + (item.to.empty() ? item.user_id : item.to);
  TimeMs now = st.svc->clock->now();
  st.status->sent++;
  if (res.error_code) {
    std::lock_guard<std::mutex> lock(st.status->mu);
    st.status->graph_errors[res.error_code]++;
  }
  int max_attempts = item.channel == "sms" ? st.cfg.sms_max_attempts : st.cfg.max_attempts;
  TimeMs next_at = 0;
  std::string new_status;
  switch (res.outcome) {
    case SendResult::Outcome::accepted:
      new_status = "accepted";
      st.status->accepted++;
      st.pair_strikes.erase(key);
      break;
    case SendResult::Outcome::retry:
      new_status = item.attempt >= max_attempts ? "failed" : "pending";
      next_at = now + backoff_ms(item.attempt, st.rng);
      st.status->retried++;
      break;
    case SendResult::Outcome::retry_pair_limited: {
      int n = ++st.pair_strikes[key];
      TimeMs delay = 1000;
      for (int i = 0; i < n && delay < kPairLimitCapMs; ++i) delay *= 4;
      st.pair_blocked[key] = now + std::min(delay, kPairLimitCapMs);
      new_status = item.attempt >= max_attempts ? "failed" : "pending";
      next_at = st.pair_blocked[key];
      break;
    }
    case SendResult::Outcome::permanent:
      new_status = "failed";
      break;
    case SendResult::Outcome::token_invalid: {
      new_status = "pending";
      // The token file is re-read on a 190: a rotated token is used at once; only when the
      // token now loaded was itself rejected does the channel wait for SIGHUP.
      if (item.channel == "graph" && st.graph && st.graph->reload_credentials()) {
        next_at = now;
        break;
      }
      st.degraded = true;
      std::lock_guard<std::mutex> lock(st.status->mu);
      st.status->state = "degraded";
      st.status->reason = "Graph rejected the access token (code " + std::to_string(res.error_code) + ")";
      break;
    }
  }
  if (new_status == "failed") st.status->failed++;
  if (new_status == "failed" || new_status == "accepted") {
    std::string kind = item.channel == "sms" ? std::string("sms") : item.message.value("kind", std::string("other"));
    std::lock_guard<std::mutex> lock(st.status->mu);
    (new_status == "failed" ? st.status->failed_by_kind : st.status->accepted_by_kind)[kind]++;
  }
  auto me = caf::actor_cast<caf::actor>(self);
  auto manager = st.manager;
  bool report_sms_failure = item.channel == "sms" && new_status == "failed";
  submit(st.svc->writer,
         storage::WriteJob{[item, res, new_status, next_at, now, report_sms_failure](storage::Txn& w) {
                             json routed = json::array();
                             auto row = storage::get_outbox(w, item.seq);
                             if (!row) return routed;
                             std::string prev = row->status;
                             row->status = new_status;
                             row->next_attempt_at = next_at;
                             row->updated_at = now;
                             if (!res.message_id.empty()) row->wamid = res.message_id;
                             if (!res.media_id.empty()) row->message["media_id"] = res.media_id;
                             if (res.error_code) row->error_code = res.error_code;
                             if (!res.error_title.empty()) row->error_title = res.error_title;
                             if (new_status == "failed" && !res.error_code && res.http_status)
                               row->error_code = res.http_status;
                             storage::put_outbox(w, *row, prev);
                             if (report_sms_failure) {
                               json ev{{"kind", "sms_outcome"},
                                       {"purpose", row->message.value("purpose", "")},
                                       {"delivered", false},
                                       {"reason", res.error_title.empty() ? "gateway error" : res.error_title}};
                               auto seq = storage::enqueue_internal(w, row->chat, "", "", ev, now);
                               routed.push_back(json{seq, row->chat});
                             }
                             return routed;
                           },
                           [me, manager, key](const storage::JobResult& r) {
                             if (r.ok)
                               for (auto& x : r.value)
                                 caf::anon_send(manager, inbound_atom::value, x[0].get<std::uint64_t>(),
                                                x[1].get<std::string>(), std::string(), std::string());
                             caf::anon_send(me, done_atom::value, key);
                           }});
}

caf::behavior dispatcher(Self* self, std::shared_ptr<const Services> svc, std::shared_ptr<OutboundChannel> graph,
                         std::shared_ptr<OutboundChannel> sms, DispatcherConfig cfg,
                         std::shared_ptr<ChannelStatus> status, caf::actor manager) {
  auto& st = self->state;
  st.svc = std::move(svc);
  st.graph = std::move(graph);
  st.sms = std::move(sms);
  st.cfg = cfg;
  st.tokens = cfg.rate_per_s;
  st.status = std::move(status);
  st.manager = std::move(manager);
  self->send(self, tick_atom::value);
  return {
      [=](kick_atom) {
        if (self->state.scan_scheduled)
          scan(self);
        else
          schedule_scan(self);
      },
      [=](tick_atom) {
        schedule_scan(self);
        self->delayed_send(self, kTick, tick_atom::value);
      },
      [=](marked_atom, bool ok, std::shared_ptr<std::vector<OutboundItem>> items) {
        auto& st = self->state;
        auto me = caf::actor_cast<caf::actor>(self);
        for (auto& it : *items) {
          std::string key = it.channel + ":" + (it.to.empty() ? it.user_id : it.to);
          if (!ok) {
            st.busy.erase(key);
            continue;
          }
          auto& ch = it.channel == "sms" ? st.sms : st.graph;
          if (!ch) {
            st.busy.erase(key);
            continue;
          }
          ch->send(it, [me, it](SendResult r) { caf::anon_send(me, sent_atom::value, SentMsg{it, std::move(r)}); });
        }
      },
      [=](sent_atom, const SentMsg& msg) { apply_result(self, msg); },
      [=](done_atom, const std::string& key) {
        self->state.busy.erase(key);
        schedule_scan(self);
      },
      [=](reload_atom) {
        auto& st = self->state;
        if (st.graph) st.graph->reload_credentials();
        st.degraded = false;
        {
          std::lock_guard<std::mutex> lock(st.status->mu);
          st.status->state = "ok";
          st.status->reason.clear();
        }
        schedule_scan(self);
      },
  };
}

}  // namespace

caf::actor spawn_outbox_dispatcher(caf::actor_system& sys, std::shared_ptr<const Services> svc,
                                   std::shared_ptr<OutboundChannel> graph, std::shared_ptr<OutboundChannel> sms,
                                   DispatcherConfig cfg, std::shared_ptr<ChannelStatus> status, caf::actor manager) {
  return sys.spawn(dispatcher, std::move(svc), std::move(graph), std::move(sms), cfg, std::move(status),
                   std::move(manager));
}

}  // namespace aduan::actors
