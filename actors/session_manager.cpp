#include "actors/session_manager.hpp"

#include <algorithm>

#include <chrono>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include <caf/all.hpp>

#include "actors/conversation.hpp"
#include "actors/messages.hpp"
#include "actors/storage_writer.hpp"
#include "core/inbound.hpp"
#include "core/mask.hpp"
#include "core/secure_random.hpp"
#include "storage/chat_store.hpp"
#include "storage/inbox_store.hpp"
#include "storage/step_commit.hpp"
#include "storage/ticket_store.hpp"

#include <spdlog/spdlog.h>

namespace aduan::actors {

using respawn_atom = caf::atom_constant<caf::atom("respawn")>;
using recovered_atom = caf::atom_constant<caf::atom("recovered")>;
using routed_atom = caf::atom_constant<caf::atom("routed")>;

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kTickInterval = std::chrono::seconds(1);
constexpr std::size_t kTimerBatch = 500;
constexpr std::size_t kRecoveryBatch = 100000;
constexpr int kSweepEveryTicks = 5;
constexpr auto kRestartBackoff = std::chrono::seconds(2);
constexpr std::size_t kSeenPruneBatch = 2000;

struct Entry {
  caf::actor handle;
  std::string id;  // 12 hex characters, kept inline (no heap)
  std::vector<std::uint64_t> outstanding;  // sent, not yet committed (tiny: no deque, ~600 B each)
  Clock::time_point last_active = Clock::now();
  std::uint64_t processed = 0, restarts = 0;
  ConversationReport report;
  bool stopping = false, restarting = false;
};

struct ManagerState {
  std::shared_ptr<Services> svc;
  std::unordered_map<std::string, Entry> chats;
  // Live handle → chat key, for down messages. Memory per live conversation is a budget
  // (≤ 2 KiB): an id → chat index is left out, stopping by id scans (an ops action, rare).
  std::unordered_map<caf::actor_addr, std::string> by_addr;
  std::deque<Clock::time_point> restart_times;
  std::uint64_t spawned = 0, passivated = 0, restarted = 0, dead = 0, events = 0;
  bool recovering = true;
  std::vector<std::tuple<std::uint64_t, std::string, std::string, std::string>> held;  // during recovery
  std::unordered_set<std::uint64_t> recovery_left;
  int ticks = 0;
  bool timer_job_running = false;
  static inline const char* name = "session_manager";
};

using Self = caf::stateful_actor<ManagerState>;

Entry& ensure_actor(Self* self, const std::string& chat, const std::string& wa, const std::string& uid) {
  auto& st = self->state;
  auto& e = st.chats[chat];
  if (!e.handle) {
    // A respawn has no event at hand: the addresses follow from the chat key (core/inbound).
    std::string w = wa.empty() ? wa_id_of_chat_key(chat) : wa;
    std::string u = uid.empty() ? user_id_of_chat_key(chat) : uid;
    e.handle = spawn_conversation(self->system(), st.svc, caf::actor_cast<caf::actor>(self), chat, w, u);
    self->monitor(e.handle);
    st.by_addr[e.handle.address()] = chat;
    if (e.id.empty()) e.id = actor_id_of(st.svc->id_salt, chat);
    e.stopping = false;
    ++st.spawned;
    st.svc->counters->spawned++;
    st.svc->counters->live = st.chats.size();
  }
  return e;
}

void route(Self* self, std::uint64_t seq, const std::string& chat, const std::string& wa, const std::string& uid) {
  auto& st = self->state;
  ++st.events;
  auto& e = ensure_actor(self, chat, wa, uid);
  e.outstanding.push_back(seq);
  e.last_active = Clock::now();
  if (!e.restarting) self->send(e.handle, event_atom::value, seq);
}

void respawn(Self* self, const std::string& chat) {
  auto& st = self->state;
  auto it = st.chats.find(chat);
  if (it == st.chats.end()) return;
  auto& e = it->second;
  e.restarting = false;
  if (e.outstanding.empty()) {
    st.chats.erase(it);
    st.svc->counters->live = st.chats.size();
    return;
  }
  ensure_actor(self, chat, {}, {});
  for (auto seq : e.outstanding) self->send(e.handle, event_atom::value, seq);
}

// A conversation died with an error: count the try durably, park or retry.
void on_failure(Self* self, const std::string& chat, const std::string& reason) {
  auto& st = self->state;
  auto& e = st.chats[chat];
  e.restarting = true;
  ++e.restarts;
  ++st.restarted;
  st.svc->counters->restarted++;
  if (e.outstanding.empty()) return respawn(self, chat);
  std::uint64_t head = e.outstanding.front();
  int max_attempts = st.svc->max_attempts;
  std::string apology = st.svc->apology_text;
  auto clock = st.svc->clock;
  auto me = caf::actor_cast<caf::actor>(self);
  // Bounded restart intensity: beyond it, wait before the next try.
  auto now = Clock::now();
  while (!st.restart_times.empty() &&
         now - st.restart_times.front() > std::chrono::seconds(st.svc->restart_window_s))
    st.restart_times.pop_front();
  st.restart_times.push_back(now);
  bool throttle = st.restart_times.size() > static_cast<std::size_t>(st.svc->restart_intensity);
  submit(st.svc->writer,
         storage::WriteJob{[head, max_attempts, reason, apology, clock](storage::Txn& w) {
                             auto row = storage::get_inbox(w, head);
                             if (!row || row->status != "pending") return json{{"gone", true}};
                             if (row->attempts >= max_attempts) {
                               storage::park_dead_letter(w, head, reason, apology, clock->now());
                               return json{{"dead", true}};
                             }
                             storage::count_attempt(w, head);
                             return json{{"dead", false}};
                           },
                           [me, chat, head, throttle](const storage::JobResult& r) {
                             bool dead = r.ok && (r.value.value("dead", false) || r.value.value("gone", false));
                             caf::anon_send(me, respawn_atom::value, chat, head, dead, throttle);
                           }});
}

ActorList list_actors(Self* self) {
  auto& st = self->state;
  ActorList out;
  auto now = Clock::now();
  for (auto& [chat, e] : st.chats) {
    ActorInfo a;
    a.id = e.id;
    a.citizen = e.report.masked_citizen.empty() ? mask_phone(wa_id_of_chat_key(chat)) : e.report.masked_citizen;
    a.step = e.report.step;
    a.verified = e.report.verified;
    a.mailbox = e.report.mailbox;
    a.queued = e.outstanding.size();
    a.idle_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - e.last_active).count();
    a.processed = e.processed;
    a.restarts = e.restarts;
    a.live = static_cast<bool>(e.handle);
    a.chat = chat;
    out.push_back(std::move(a));
  }
  return out;
}

void sweep_idle(Self* self) {
  auto& st = self->state;
  auto limit = std::chrono::seconds(st.svc->passivate_after_s);
  auto now = Clock::now();
  for (auto& [chat, e] : st.chats) {
    if (e.handle && !e.stopping && !e.restarting && e.outstanding.empty() && now - e.last_active > limit) {
      e.stopping = true;
      self->send_exit(e.handle, caf::exit_reason::user_shutdown);
    }
  }
}

void fire_timers(Self* self) {
  auto& st = self->state;
  if (st.timer_job_running) return;
  st.timer_job_running = true;
  auto clock = st.svc->clock;
  auto me = caf::actor_cast<caf::actor>(self);
  bool prune = st.ticks % 60 == 0;
  submit(st.svc->writer,
         storage::WriteJob{[clock, prune](storage::Txn& w) {
                             TimeMs now = clock->now();
                             json routed = json::array();
                             for (auto& t : storage::due_timers(w, now, kTimerBatch)) {
                               auto chat = storage::get_chat(w, t.chat);
                               std::string wa = chat ? chat->wa_id : "", uid = chat ? chat->user_id : "";
                               auto seq = storage::enqueue_internal(
                                   w, t.chat, wa, uid, json{{"kind", "timer"}, {"timer", t.kind}, {"due", t.due}}, now);
                               storage::clear_timer(w, t);
                               routed.push_back(json{seq, t.chat, wa, uid});
                             }
                             if (prune) storage::prune_seen(w, now, kSeenPruneBatch);
                             // SLA breaches are logged once each (ids and kinds only: no PII).
                             for (auto& t : storage::unlogged_breaches(w, now)) {
                               spdlog::warn("ticket {} ({}) passed its SLA due time", t.id, t.kind);
                               storage::mark_breach_logged(w, t.id);
                             }
                             return routed;
                           },
                           [me](const storage::JobResult& r) {
                             caf::anon_send(me, routed_atom::value, r.ok ? r.value.dump() : std::string("[]"));
                           }});
}

caf::behavior manager(Self* self, std::shared_ptr<Services> svc) {
  self->state.svc = std::move(svc);
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& st = self->state;
    auto it = st.by_addr.find(dm.source);
    if (it == st.by_addr.end()) return;
    std::string chat = it->second;
    st.by_addr.erase(it);
    auto ce = st.chats.find(chat);
    if (ce == st.chats.end()) return;
    auto& e = ce->second;
    e.handle = nullptr;
    bool clean = !dm.reason || dm.reason == caf::exit_reason::user_shutdown ||
                 dm.reason == caf::exit_reason::normal;
    if (clean) {
      if (e.outstanding.empty()) {
        ++st.passivated;
        st.svc->counters->passivated++;
        st.chats.erase(ce);
        st.svc->counters->live = st.chats.size();
      } else {
        respawn(self, chat);  // stopped while work arrived: the next message respawns it
      }
      return;
    }
    on_failure(self, chat, self->system().render(dm.reason));
  });
  self->send(self, tick_atom::value);
  return {
      [=](inbound_atom, std::uint64_t seq, const std::string& chat, const std::string& wa, const std::string& uid) {
        auto& st = self->state;
        if (st.recovering) {
          st.held.emplace_back(seq, chat, wa, uid);
          return;
        }
        route(self, seq, chat, wa, uid);
      },
      [=](done_atom, const std::string& chat, std::uint64_t seq, const ConversationReport& report) {
        auto& st = self->state;
        auto it = st.chats.find(chat);
        if (it == st.chats.end()) return;
        auto& e = it->second;
        if (!e.outstanding.empty() && e.outstanding.front() == seq) e.outstanding.erase(e.outstanding.begin());
        if (e.outstanding.empty()) std::vector<std::uint64_t>().swap(e.outstanding);  // idle: hold no heap
        ++e.processed;
        e.last_active = Clock::now();
        if (!report.step.empty()) {
          e.report = report;
          // The wa_id's mask is derived when listed; only a different (verified) phone is kept.
          if (e.report.masked_citizen == mask_phone(wa_id_of_chat_key(chat))) e.report.masked_citizen.clear();
          e.report.masked_citizen.shrink_to_fit();
        }
        if (st.recovery_left.erase(seq) && st.recovery_left.empty() && !st.recovering) *st.svc->recovered = true;
      },
      [=](respawn_atom, const std::string& chat, std::uint64_t head, bool dead, bool throttle) {
        auto& st = self->state;
        auto it = st.chats.find(chat);
        if (it == st.chats.end()) return;
        if (dead) {
          auto& e = it->second;
          if (!e.outstanding.empty() && e.outstanding.front() == head) e.outstanding.erase(e.outstanding.begin());
          ++st.dead;
          st.svc->counters->dead_letters++;
          if (st.recovery_left.erase(head) && st.recovery_left.empty() && !st.recovering) *st.svc->recovered = true;
        }
        if (throttle)
          self->delayed_send(self, kRestartBackoff, respawn_atom::value, chat, std::uint64_t{0}, false, false);
        else
          respawn(self, chat);
      },
      [=](recover_atom) {
        auto& st = self->state;
        int max_attempts = st.svc->max_attempts;
        std::string apology = st.svc->apology_text;
        auto clock = st.svc->clock;
        auto me = caf::actor_cast<caf::actor>(self);
        // Rows pending at start-up were maybe being tried when the process died: count that
        // try now (durably), park those out of tries, replay the rest in order.
        submit(st.svc->writer,
               storage::WriteJob{[max_attempts, apology, clock](storage::Txn& w) {
                                   json out = json::array();
                                   for (auto& row : storage::pending_rows(w, 0, kRecoveryBatch)) {
                                     if (row.attempts >= max_attempts) {
                                       storage::park_dead_letter(w, row.seq, "failed before a crash", apology,
                                                                 clock->now());
                                       continue;
                                     }
                                     storage::count_attempt(w, row.seq);
                                     out.push_back(json{row.seq, row.chat, row.wa_id, row.user_id});
                                   }
                                   return out;
                                 },
                                 [me](const storage::JobResult& r) {
                                   caf::anon_send(me, recovered_atom::value, r.ok, r.ok ? r.value.dump() : r.error);
                                 }});
      },
      [=](recovered_atom, bool ok, const std::string& payload) {
        auto& st = self->state;
        if (!ok) {  // storage failed: try again shortly
          self->delayed_send(self, kRestartBackoff, recover_atom::value);
          return;
        }
        for (auto& r : json::parse(payload)) {
          auto seq = r[0].get<std::uint64_t>();
          st.recovery_left.insert(seq);
          route(self, seq, r[1].get<std::string>(), r[2].get<std::string>(), r[3].get<std::string>());
        }
        st.recovering = false;
        for (auto& [seq, chat, wa, uid] : st.held)
          if (!st.recovery_left.count(seq)) route(self, seq, chat, wa, uid);
        st.held.clear();
        if (st.recovery_left.empty()) *st.svc->recovered = true;
      },
      [=](routed_atom, const std::string& payload) {
        auto& st = self->state;
        st.timer_job_running = false;
        auto rows = json::parse(payload, nullptr, false);
        if (!rows.is_array()) return;
        for (auto& r : rows) {
          st.svc->counters->timers_fired++;
          if (st.recovering)
            st.held.emplace_back(r[0].get<std::uint64_t>(), r[1].get<std::string>(), r[2].get<std::string>(),
                                 r[3].get<std::string>());
          else
            route(self, r[0].get<std::uint64_t>(), r[1].get<std::string>(), r[2].get<std::string>(),
                  r[3].get<std::string>());
        }
      },
      [=](tick_atom) {
        auto& st = self->state;
        ++st.ticks;
        if (!st.recovering) fire_timers(self);
        if (st.ticks % kSweepEveryTicks == 0) sweep_idle(self);
        self->delayed_send(self, kTickInterval, tick_atom::value);
      },
      [=](list_atom) -> ActorList { return list_actors(self); },
      [=](stop_atom, const std::string& id) -> bool {
        auto& st = self->state;
        if (id == "*") {  // shutdown: stop every conversation, then the manager itself
          for (auto& [chat, e] : st.chats)
            if (e.handle) self->send_exit(e.handle, caf::exit_reason::user_shutdown);
          self->quit();
          return true;
        }
        auto ce = std::find_if(st.chats.begin(), st.chats.end(), [&](const auto& kv) { return kv.second.id == id; });
        if (ce == st.chats.end() || !ce->second.handle) return false;
        ce->second.stopping = true;
        self->send_exit(ce->second.handle, caf::exit_reason::user_shutdown);
        return true;
      },
      [=](stats_atom) -> ManagerStats {
        auto& st = self->state;
        ManagerStats s;
        s.live = st.chats.size();
        s.spawned = st.spawned;
        s.passivated = st.passivated;
        s.restarted = st.restarted;
        s.dead_letters = st.dead;
        s.events = st.events;
        s.recovered = *st.svc->recovered;
        return s;
      },
  };
}

}  // namespace

std::string actor_id_of(const std::string& id_salt, const std::string& chat) {
  return to_hex(hmac_sha256(id_salt, chat)).substr(0, 12);
}

caf::actor spawn_session_manager(caf::actor_system& sys, std::shared_ptr<Services> svc) {
  return sys.spawn(manager, std::move(svc));
}

}  // namespace aduan::actors
