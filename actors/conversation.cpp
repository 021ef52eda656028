#include "actors/conversation.hpp"

#include <chrono>
#include <deque>
#include <memory>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/storage_writer.hpp"
#include "core/catalogue.hpp"
#include "core/flow/flow.hpp"
#include "core/flow/flow_config.hpp"
#include "core/mask.hpp"
#include "core/outbound.hpp"
#include "storage/codec.hpp"
#include "storage/chat_store.hpp"
#include "storage/flow_directory.hpp"
#include "storage/inbox_store.hpp"
#include "storage/step_commit.hpp"

namespace aduan::actors {
namespace {

using json = nlohmann::json;

constexpr int kMaxStaleRetries = 5;                       // optimistic re-steps before failing
constexpr auto kStorageRetryDelay = std::chrono::seconds(1);

struct ConversationState {
  std::shared_ptr<const Services> svc;
  caf::actor manager;
  std::string chat, wa_id, user_id;
  std::string state_blob;  // msgpack of flow::ChatState::data: compact while idle
  bool loaded = false;
  std::vector<std::uint64_t> queue;  // tiny; a deque would cost ~600 B per idle actor
  std::uint64_t current = 0;
  int stale_retries = 0;
  std::string pending_blob;  // state of the step being committed
  std::unique_ptr<ConversationReport> pending_report;  // its summary for the manager; null while idle
  std::chrono::steady_clock::time_point step_started;
  static inline const char* name = "conversation";
};

using Self = caf::stateful_actor<ConversationState>;

flow::Input input_from(const json& ev) {
  std::string kind = ev.value("kind", "message");
  if (kind == "timer") return flow::TimerFired{ev.value("timer", ""), ev.value("due", TimeMs{0})};
  if (kind == "officer_answer") return flow::OfficerAnswer{ev.value("ticket", ""), ev.value("text", "")};
  if (kind == "sms_outcome")
    return flow::SmsOutcome{ev.value("purpose", ""), ev.value("delivered", false), ev.value("reason", "")};
  auto e = event_from_json(ev);
  if (auto* m = std::get_if<InboundMessage>(&e)) return *m;
  throw std::runtime_error("inbox row holds a status event");
}

// A masked one-line summary of what the citizen sent, for the transcript. Clamped on a
// character boundary: a cut inside a UTF-8 sequence once made every admin view of the
// chat fail (the JSON writer refuses invalid UTF-8).
std::string masked_input(const flow::Input& in, const FreeTextMask& mask) {
  if (auto* m = std::get_if<InboundMessage>(&in)) {
    std::string t;
    if (!m->reply_id.empty()) {
      t = "[tap] " + m->reply_id;
      for (auto& ch : t)
        if (ch >= '0' && ch <= '9') ch = '#';
    } else if (m->text.empty()) {
      t = "[" + m->type + "]";
    } else {
      t = mask(m->text);
    }
    return clamp_utf8(t, kTranscriptLineChars);
  }
  if (auto* tf = std::get_if<flow::TimerFired>(&in)) return "[timer] " + tf->kind;
  if (std::holds_alternative<flow::OfficerAnswer>(in)) return "[officer answer]";
  return "[sms outcome]";
}

// Summarises a state the step already decoded, so a committed step is not decoded twice.
// The mailbox figure is this actor's own queue: CAF 0.17's mailbox().size() downcasts the
// queue's sentinel node (UBSan reports it) and would add a lock per step.
ConversationReport report_of(const flow::ChatState& s, const Services& svc, const std::string& wa_id) {
  ConversationReport r;
  try {
    r.step = flow::step_name(s);
    r.verified = flow::is_verified(s, svc.clock->now());
    auto phone = flow::verified_phone(s);
    r.masked_citizen = phone.empty() ? mask_phone(wa_id) : mask_phone(phone);
  } catch (const std::exception&) {
    r.step = "?";
  }
  return r;
}

void start_next(Self* self);

void process(Self* self, std::uint64_t seq) {
  auto& st = self->state;
  auto& svc = *st.svc;
  st.step_started = std::chrono::steady_clock::now();
  storage::StepCommit commit;
  {
    storage::Txn txn(*svc.env, false);
    auto row = storage::get_inbox(txn, seq);
    if (!row || row->status != "pending") {
      // Already committed (a replay) or parked: nothing to do.
      txn.abort();
      caf::anon_send(st.manager, done_atom::value, st.chat, seq, ConversationReport{});
      st.current = 0;
      return start_next(self);
    }
    if (!st.loaded) {
      auto rec = storage::get_chat(txn, st.chat);
      st.state_blob = rec && !rec->state_blob.empty() ? std::move(rec->state_blob) : storage::encode(json::object());
      st.loaded = true;
    }
    flow::ChatState state;
    state.data = storage::decode(st.state_blob);
    flow::Input input = input_from(row->event);
    flow::StepContext ctx;
    ctx.event_seq = seq;
    ctx.chat_key = st.chat;
    ctx.wa_id = st.wa_id;
    ctx.now = svc.clock->now();
    if (svc.before_step) {
      auto* m = std::get_if<InboundMessage>(&input);
      svc.before_step(st.chat, seq, m ? m->text : std::string());
    }
    storage::TxnDirectory dir(txn);
    auto result = flow::step(state, input, ctx, dir, *svc.flow_config, *svc.catalogue);
    commit.inbox_seq = seq;
    commit.chat = st.chat;
    commit.wa_id = st.wa_id;
    commit.user_id = st.user_id;
    commit.now = ctx.now;
    commit.inbound_from_citizen = std::holds_alternative<InboundMessage>(input);
    commit.transcript_in = masked_input(input, svc.text_mask ? *svc.text_mask : FreeTextMask::every_word());
    commit.text_mask = svc.text_mask;
    for (auto& e : result.effects.events)
      if (e == "otp_locked") svc.counters->otp_locked++;
    commit.effects = std::move(result.effects);
    st.pending_report = std::make_unique<ConversationReport>(report_of(result.state, svc, st.wa_id));
    st.pending_blob = storage::encode(result.state.data);
    commit.state_blob = st.pending_blob;
  }
  auto me = caf::actor_cast<caf::actor>(self);
  if (svc.stub_commits) {
    self->send(self, commit_atom::value, seq, CommitOutcome::committed, std::size_t{0});
    return;
  }
  auto job_commit = std::make_shared<storage::StepCommit>(std::move(commit));
  submit(svc.writer,
         storage::WriteJob{[job_commit](storage::Txn& w) {
                             try {
                               auto r = storage::commit_step(w, *job_commit);
                               return json{{"rows", r.outbox_rows}, {"replay", r.already_done}};
                             } catch (const storage::StaleStep& e) {
                               return json{{"stale", e.what()}};
                             }
                           },
                           [me, seq](const storage::JobResult& r) {
                             CommitOutcome o = !r.ok                   ? CommitOutcome::failed
                                               : r.value.contains("stale") ? CommitOutcome::stale
                                                                           : CommitOutcome::committed;
                             std::size_t rows = r.ok ? r.value.value("rows", std::size_t{0}) : 0;
                             caf::anon_send(me, commit_atom::value, seq, o, rows);
                           }});
}

void start_next(Self* self) {
  auto& st = self->state;
  if (st.current != 0 || st.queue.empty()) return;
  st.current = st.queue.front();
  st.queue.erase(st.queue.begin());
  if (st.queue.empty()) std::vector<std::uint64_t>().swap(st.queue);  // idle actors hold no queue heap
  st.stale_retries = 0;
  process(self, st.current);
}

caf::behavior conversation(Self* self, std::shared_ptr<const Services> svc, caf::actor manager, std::string chat,
                           std::string wa_id, std::string user_id) {
  auto& st = self->state;
  st.svc = std::move(svc);
  st.manager = std::move(manager);
  st.chat = std::move(chat);
  st.wa_id = std::move(wa_id);
  st.user_id = std::move(user_id);
  // Keep the failure's text as the exit reason: it becomes the dead letter's reason.
  self->set_exception_handler([](caf::scheduled_actor*, std::exception_ptr& x) -> caf::error {
    try {
      std::rethrow_exception(x);
    } catch (const std::exception& e) {
      return caf::make_error(caf::sec::runtime_error, std::string(e.what()));
    } catch (...) {
      return caf::make_error(caf::sec::runtime_error, std::string("unknown exception"));
    }
  });
  return {
      [=](event_atom, std::uint64_t seq) {
        self->state.queue.push_back(seq);
        start_next(self);
      },
      [=](commit_atom, std::uint64_t seq, CommitOutcome outcome, std::size_t rows) {
        auto& st = self->state;
        if (seq != st.current) return;
        switch (outcome) {
          case CommitOutcome::committed: {
            st.state_blob = std::move(st.pending_blob);
            std::string().swap(st.pending_blob);  // swap: a move-assign would keep the buffer
            st.svc->counters->steps++;
            st.svc->counters->observe_step(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - st.step_started).count());
            if (rows && st.svc->dispatcher) caf::anon_send(st.svc->dispatcher, kick_atom::value);
            ConversationReport report = st.pending_report ? std::move(*st.pending_report) : ConversationReport{};
            st.pending_report.reset();
            report.mailbox = st.queue.size();
            caf::anon_send(st.manager, done_atom::value, st.chat, seq, std::move(report));
            st.current = 0;
            if (st.queue.empty() && !st.svc->stub_commits) {  // stubbed: LMDB never got the state
              // Idle: the committed state is in LMDB; holding a copy would cost every live
              // conversation its size (memory budget ≤ 2 KiB each). The next step reads it back.
              std::string().swap(st.state_blob);
              st.loaded = false;
            }
            start_next(self);
            return;
          }
          case CommitOutcome::stale:
            st.svc->counters->stale_retries++;
            if (++st.stale_retries > kMaxStaleRetries)
              throw std::runtime_error("step kept conflicting with concurrent changes");
            st.loaded = false;  // re-read state and data, then step again
            process(self, seq);
            return;
          case CommitOutcome::failed:
            self->delayed_send(self, kStorageRetryDelay, retry_atom::value, seq);
            return;
        }
      },
      [=](retry_atom, std::uint64_t seq) {
        if (seq == self->state.current) process(self, seq);
      },
  };
}

}  // namespace

caf::actor spawn_conversation(caf::actor_system& sys, std::shared_ptr<const Services> svc, caf::actor manager,
                              std::string chat, std::string wa_id, std::string user_id) {
  return sys.spawn(conversation, std::move(svc), std::move(manager), std::move(chat), std::move(wa_id),
                   std::move(user_id));
}

}  // namespace aduan::actors
