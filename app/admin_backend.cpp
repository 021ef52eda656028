#include "app/admin_backend.hpp"

#include <filesystem>
#include <sstream>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/session_manager.hpp"
#include "app/data_dir.hpp"
#include "core/catalogue.hpp"
#include "core/civil_date.hpp"
#include "core/flow/flow.hpp"
#include "core/inbound.hpp"
#include "core/flow/flow_config.hpp"
#include "core/mask.hpp"
#include "core/outbound.hpp"
#include "core/secure_random.hpp"
#include "storage/audit_store.hpp"
#include "storage/chat_store.hpp"
#include "storage/citizen_store.hpp"
#include "storage/codec.hpp"
#include "storage/inbox_store.hpp"
#include "storage/officer_store.hpp"
#include "storage/outbox_store.hpp"
#include "storage/ticket_store.hpp"
#include "transport/graph_payload.hpp"

namespace aduan::app {

using json = nlohmann::json;
using transport::AdminCall;
using transport::AdminDone;
using transport::AdminReply;

namespace {

constexpr auto kAskTimeout = std::chrono::seconds(5);
constexpr std::size_t kSandboxPage = 200;

AdminReply ok(json body) { return AdminReply{200, std::move(body), std::nullopt, "application/json"}; }
AdminReply err(int status, const std::string& msg) { return AdminReply{status, json{{"error", msg}}, std::nullopt, "application/json"}; }

std::string rfc(TimeMs t) { return t > 0 ? format_rfc3339(t) : std::string(); }

// Asks an actor without blocking the calling thread: a short-lived requester actor.
// The unused int is on purpose: CAF 0.17 dereferences a null argument tuple when a spawned
// function takes no arguments besides self, which the sanitizer build traps as UB.
template <class T, class... Ts>
void ask(caf::actor_system& sys, caf::actor dst, std::function<void(std::optional<T>)> cb, Ts... xs) {
  sys.spawn([=](caf::event_based_actor* self, int) {
    self->request(dst, kAskTimeout, xs...).then([=](T& v) { cb(std::move(v)); },
                                                [=](caf::error&) { cb(std::nullopt); });
  }, 0);
}

std::string mask_value(const std::string& field, const std::string& v) {
  if (v.empty()) return v;
  if (field == "nik") return mask_nik(v);
  if (field == "name") return mask_name(v);
  if (field == "phone") return mask_phone(v);
  if (field == "email") {
    auto at = v.find('@');
    return at == std::string::npos ? std::string("***") : v.substr(0, 1) + "***" + v.substr(at);
  }
  if (field == "birth_date") return v.size() >= 4 ? v.substr(0, 4) + "-**-**" : "****";
  return v;
}

json citizen_json(const CitizenProfile& c, bool reveal) {
  json vacc = json::array();
  for (auto& v : c.vaccinations)
    vacc.push_back(json{{"dose", v.dose}, {"vaccine", v.vaccine}, {"date", v.date}, {"facility", v.facility},
                        {"batch", v.batch}, {"certificate", v.certificate},
                        {"certificate_number", v.certificate_number}});
  auto f = [&](const std::string& field, const std::string& v) { return reveal ? v : mask_value(field, v); };
  return json{{"id", c.id.value},
              {"nik", f("nik", c.nik)},
              {"name", f("name", c.name)},
              {"birth_date", f("birth_date", c.birth_date)},
              {"sex", c.sex},
              {"phone", f("phone", c.phone)},
              {"email", f("email", c.email)},
              {"version", c.version},
              {"flags", c.flags},
              {"vaccinations", vacc}};
}

json ticket_json(const storage::Txn& txn, const Ticket& t, TimeMs now, bool reveal) {
  std::string nik;
  if (!t.citizens.empty())
    if (auto c = storage::get_citizen(txn, t.citizens.front())) nik = reveal ? c->nik : mask_nik(c->nik);
  json att = json::array();
  for (auto& a : t.attachments) att.push_back(json{{"media_id", a.media_id}, {"mime_type", a.mime_type}, {"kind", a.kind}});
  return json{{"id", t.id},
              {"kind", t.kind},
              {"status", t.status},
              {"opened_at", rfc(t.opened_at)},
              {"sla_due", rfc(t.sla_due)},
              {"breached", t.status == "open" && t.sla_due > 0 && now > t.sla_due},
              {"citizen", nik},
              {"summary", t.summary},
              {"field", t.field},
              {"attachments", att},
              {"resolution", t.resolution},
              {"resolved_by", t.resolved_by},
              {"resolved_at", rfc(t.resolved_at)}};
}

// The chat's WhatsApp number (or username user id), unmasked, for ?reveal=1.
std::string revealed_chat(const std::string& chat_key) {
  auto wa = wa_id_of_chat_key(chat_key);
  return wa.empty() ? user_id_of_chat_key(chat_key) : wa;
}

json transcript_json(const storage::Txn& txn, const std::string& chat_key) {
  json out = json::array();
  for (auto& e : storage::get_transcript(txn, chat_key))
    out.push_back(json{{"at", rfc(e.at)}, {"dir", e.dir}, {"text", e.text}});
  return out;
}

json page(json items, const std::optional<std::string>& next) {
  return json{{"items", std::move(items)}, {"next", next ? json(*next) : json(nullptr)}};
}

// Records officers' and ops' reads of full records (invariant 9 / CONTRACTS.md ?reveal=1),
// all of one answer in one write job.
struct Reveal {
  std::string citizen_id, nik, what;
};
void audit_reveals(const caf::actor& writer, std::shared_ptr<const Clock> clock, const std::string& who,
                   std::vector<Reveal> reveals) {
  if (reveals.empty()) return;
  actors::submit(writer, storage::WriteJob{[=](storage::Txn& w) {
                                             for (const auto& r : reveals) {
                                               AuditRecord a;
                                               a.at = clock->now();
                                               a.who = who;
                                               a.citizen = r.citizen_id;
                                               a.nik = r.nik;
                                               a.field = "reveal";
                                               a.new_value = r.what;
                                               storage::append_audit(w, a);
                                             }
                                             return json();
                                           },
                                           {}});
}
void audit_reveal(const AdminDeps& d, const std::string& who, const std::string& citizen_id, const std::string& nik,
                  const std::string& what) {
  audit_reveals(d.writer, d.clock, who, {Reveal{citizen_id, nik, what}});
}

}  // namespace

void AdminDeps::AckHistogram::observe(double s) {
  std::size_t i = 0;
  constexpr std::size_t n = sizeof(kBuckets) / sizeof(double);
  while (i < n && s > kBuckets[i]) ++i;
  bucket[i]++;
  count++;
  sum_us += static_cast<std::uint64_t>(s * 1e6);
}

std::optional<transport::Caller> ServerAdminBackend::authenticate(const std::string& token) {
  if (token.empty()) return std::nullopt;
  if (!d_.admin_token.empty() && constant_time_equal(sha256_hex(token), sha256_hex(d_.admin_token)))
    return transport::Caller{true, {}};
  storage::Txn txn(*d_.env, false);
  if (auto name = storage::officer_for_token(txn, token)) return transport::Caller{false, *name};
  return std::nullopt;
}

void ServerAdminBackend::stats(const AdminCall&, AdminDone done) {
  json base;
  {
    storage::Txn txn(*d_.env, false);
    auto counts = storage::outbox_counts(txn);
    auto tk = storage::count_tickets(txn, d_.clock->now());
    base = json{{"inbox_pending", storage::pending_count(txn)},
                {"outbox",
                 {{"pending", counts["pending"] + counts["in_flight"]},
                  {"sent", counts["accepted"] + counts["delivered"] + counts["read"]},
                  {"delivered", counts["delivered"] + counts["read"]},
                  {"read", counts["read"]},
                  {"failed", counts["failed"]}}},
                {"tickets_open", tk.open},
                {"tickets_breached", tk.breached},
                {"dead_letters", storage::dead_count(txn)}};
  }
  {
    std::lock_guard<std::mutex> lock(d_.channel->mu);
    base["channel"] = json{{"state", d_.channel->state},
                           {"reason", d_.channel->reason.empty() ? json(nullptr) : json(d_.channel->reason)}};
  }
  base["uptime_s"] =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - d_.started).count();
  base["now"] = rfc(d_.clock->now());  // the server's clock (the test clock in tests): SLA countdowns use it
  base["webhook"] = json{{"requests", d_.webhook->requests.load()}, {"events", d_.webhook->events.load()},
                         {"duplicates", d_.webhook->duplicates.load()}};
  base["writer"] = json{{"transactions", d_.writer_counters->transactions.load()},
                        {"jobs", d_.writer_counters->jobs.load()}};
  ask<actors::ManagerStats>(*d_.system, d_.manager, [base, done](std::optional<actors::ManagerStats> s) mutable {
    if (!s) return done(err(503, "session manager did not answer"));
    base["actors_live"] = s->live;
    base["actors_spawned"] = s->spawned;
    base["actors_passivated"] = s->passivated;
    base["actors_restarted"] = s->restarted;
    base["recovered"] = s->recovered;
    done(ok(base));
  }, actors::stats_atom::value);
}

void ServerAdminBackend::metrics(const AdminCall&, AdminDone done) {
  std::ostringstream m;
  auto metric = [&](const char* name, const char* type, const char* help) {
    m << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
  };
  auto& c = *d_.services->counters;
  auto& w = *d_.webhook;
  metric("aduan_webhook_requests_total", "counter", "Webhook POST requests by outcome.");
  m << "aduan_webhook_requests_total{outcome=\"accepted\"} " << w.accepted << '\n'
    << "aduan_webhook_requests_total{outcome=\"unauthorized\"} " << w.unauthorized << '\n'
    << "aduan_webhook_requests_total{outcome=\"bad_request\"} " << w.bad_request << '\n'
    << "aduan_webhook_requests_total{outcome=\"unavailable\"} " << w.unavailable << '\n';
  metric("aduan_messages_in_total", "counter", "Inbound events made durable (messages and statuses).");
  m << "aduan_messages_in_total " << w.events << '\n';
  metric("aduan_messages_in_by_type_total", "counter", "Inbound webhook events by Meta message type (statuses as status).");
  {
    std::lock_guard<std::mutex> lock(w.mu);
    for (auto& [type, n] : w.by_type) m << "aduan_messages_in_by_type_total{type=\"" << type << "\"} " << n << '\n';
  }
  metric("aduan_messages_out_total", "counter", "Outbound messages accepted by Graph or the SMS gateway, by kind.");
  metric("aduan_messages_out_failed_total", "counter", "Outbound messages failed for good, by kind.");
  {
    std::lock_guard<std::mutex> lock(d_.channel->mu);
    for (auto& [kind, n] : d_.channel->accepted_by_kind) m << "aduan_messages_out_total{kind=\"" << kind << "\"} " << n << '\n';
    for (auto& [kind, n] : d_.channel->failed_by_kind) m << "aduan_messages_out_failed_total{kind=\"" << kind << "\"} " << n << '\n';
    metric("aduan_otp_sms_total", "counter", "OTP SMS by outcome (sent = accepted by the gateway).");
    auto sent = d_.channel->accepted_by_kind.count("sms") ? d_.channel->accepted_by_kind.at("sms") : 0;
    auto failed = d_.channel->failed_by_kind.count("sms") ? d_.channel->failed_by_kind.at("sms") : 0;
    m << "aduan_otp_sms_total{outcome=\"sent\"} " << sent << '\n' << "aduan_otp_sms_total{outcome=\"failed\"} " << failed << '\n';
  }
  metric("aduan_otp_locked_total", "counter", "OTP verification lock-outs after too many wrong codes.");
  m << "aduan_otp_locked_total " << c.otp_locked << '\n';
  metric("aduan_messages_duplicate_total", "counter", "Inbound events already seen (Meta retries).");
  m << "aduan_messages_duplicate_total " << w.duplicates << '\n';
  metric("aduan_steps_total", "counter", "Conversation steps committed.");
  m << "aduan_steps_total " << c.steps << '\n';
  metric("aduan_step_stale_retries_total", "counter", "Steps re-run after a concurrent change.");
  m << "aduan_step_stale_retries_total " << c.stale_retries << '\n';
  // Prometheus histogram lines from fixed buckets (the last slot counts values above them).
  auto histogram = [&](const char* name, const double* bounds, std::size_t n, const std::atomic<std::uint64_t>* counts,
                       std::uint64_t sum_us, std::uint64_t count) {
    std::uint64_t cum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      cum += counts[i];
      m << name << "_bucket{le=\"" << bounds[i] << "\"} " << cum << '\n';
    }
    cum += counts[n];
    m << name << "_bucket{le=\"+Inf\"} " << cum << '\n'
      << name << "_sum " << (sum_us / 1e6) << '\n'
      << name << "_count " << count << '\n';
  };
  metric("aduan_step_duration_seconds", "histogram", "From reading an inbox row to its committed step.");
  histogram("aduan_step_duration_seconds", actors::PipelineCounters::kStepBuckets,
            sizeof(actors::PipelineCounters::kStepBuckets) / sizeof(double), c.step_bucket, c.step_sum_us, c.step_count);
  metric("aduan_webhook_ack_seconds", "histogram", "From a verified webhook to its durable acknowledgement.");
  histogram("aduan_webhook_ack_seconds", AdminDeps::AckHistogram::kBuckets,
            sizeof(AdminDeps::AckHistogram::kBuckets) / sizeof(double), d_.ack->bucket, d_.ack->sum_us, d_.ack->count);
  metric("aduan_actors_live", "gauge", "Live conversation actors.");
  m << "aduan_actors_live " << c.live << '\n';
  metric("aduan_actors_spawned_total", "counter", "Conversation actors spawned.");
  m << "aduan_actors_spawned_total " << c.spawned << '\n';
  metric("aduan_actors_passivated_total", "counter", "Idle conversation actors stopped.");
  m << "aduan_actors_passivated_total " << c.passivated << '\n';
  metric("aduan_actors_restarted_total", "counter", "Conversation actors restarted after a failure.");
  m << "aduan_actors_restarted_total " << c.restarted << '\n';
  metric("aduan_dead_letters_total", "counter", "Events parked after too many failed tries.");
  m << "aduan_dead_letters_total " << c.dead_letters << '\n';
  metric("aduan_timers_fired_total", "counter", "Durable timers fired.");
  m << "aduan_timers_fired_total " << c.timers_fired << '\n';
  {
    storage::Txn txn(*d_.env, false);
    metric("aduan_outbox_rows", "gauge", "Outbox rows by delivery state.");
    for (auto& [k, v] : storage::outbox_counts(txn)) m << "aduan_outbox_rows{state=\"" << k << "\"} " << v << '\n';
    auto tk = storage::count_tickets(txn, d_.clock->now());
    metric("aduan_tickets_open", "gauge", "Open tickets.");
    m << "aduan_tickets_open " << tk.open << '\n';
    metric("aduan_tickets_breached", "gauge", "Open tickets past their SLA.");
    m << "aduan_tickets_breached " << tk.breached << '\n';
    metric("aduan_inbox_pending", "gauge", "Inbox rows not yet processed.");
    m << "aduan_inbox_pending " << storage::pending_count(txn) << '\n';
  }
  metric("aduan_graph_sends_total", "counter", "Outbound sends by result.");
  m << "aduan_graph_sends_total{result=\"accepted\"} " << d_.channel->accepted << '\n'
    << "aduan_graph_sends_total{result=\"retried\"} " << d_.channel->retried << '\n'
    << "aduan_graph_sends_total{result=\"failed\"} " << d_.channel->failed << '\n';
  metric("aduan_outbox_resent_after_crash_total", "counter",
         "Rows found in flight at start-up and sent again: the at-least-once duplicate window.");
  m << "aduan_outbox_resent_after_crash_total " << d_.channel->resent_after_crash << '\n';
  metric("aduan_graph_errors_total", "counter", "Graph API errors by error code.");
  {
    std::lock_guard<std::mutex> lock(d_.channel->mu);
    for (auto& [code, n] : d_.channel->graph_errors) m << "aduan_graph_errors_total{code=\"" << code << "\"} " << n << '\n';
    metric("aduan_channel_degraded", "gauge", "1 while Graph sending is stopped (token invalid).");
    m << "aduan_channel_degraded " << (d_.channel->state == "ok" ? 0 : 1) << '\n';
  }
  metric("aduan_storage_transactions_total", "counter", "LMDB write transactions (group commits).");
  m << "aduan_storage_transactions_total " << d_.writer_counters->transactions << '\n';
  metric("aduan_storage_jobs_total", "counter", "Write jobs committed by the storage writer.");
  m << "aduan_storage_jobs_total " << d_.writer_counters->jobs << '\n';
  auto u = d_.env->usage();
  metric("aduan_lmdb_map_bytes", "gauge", "LMDB map size in bytes.");
  m << "aduan_lmdb_map_bytes " << u.map_size << '\n';
  metric("aduan_lmdb_used_bytes", "gauge", "LMDB bytes in use.");
  m << "aduan_lmdb_used_bytes " << u.used_bytes << '\n';
  metric("aduan_lmdb_readers", "gauge", "LMDB reader slots in use.");
  m << "aduan_lmdb_readers " << u.readers_used << '\n';
  done(AdminReply{200, nullptr, m.str(), "text/plain; version=0.0.4; charset=utf-8"});
}

void ServerAdminBackend::actors(const AdminCall& call, AdminDone done) {
  std::string sort = call.request->param("sort");
  std::size_t limit = call.limit;
  std::size_t offset = 0;
  if (!call.cursor.empty()) {
    try {
      offset = std::stoul(call.cursor);
    } catch (const std::exception&) {
      return done(err(400, "bad cursor"));
    }
  }
  if (!sort.empty() && sort != "mailbox" && sort != "idle" && sort != "restarts" && sort != "processed")
    return done(err(400, "sort must be mailbox, idle, restarts or processed"));
  const bool reveal = call.reveal;
  const std::string who = call.caller.who();
  auto writer = d_.writer;
  auto clock = d_.clock;
  ask<actors::ActorList>(*d_.system, d_.manager, [=](std::optional<actors::ActorList> list) {
    if (!list) return done(err(503, "session manager did not answer"));
    auto& v = *list;
    std::sort(v.begin(), v.end(), [&](const actors::ActorInfo& a, const actors::ActorInfo& b) {
      if (sort == "mailbox") return a.mailbox + a.queued > b.mailbox + b.queued;
      if (sort == "idle") return a.idle_ms > b.idle_ms;
      if (sort == "restarts") return a.restarts > b.restarts;
      if (sort == "processed") return a.processed > b.processed;
      return a.id < b.id;
    });
    json items = json::array();
    for (std::size_t i = offset; i < v.size() && items.size() < limit; ++i) {
      auto& a = v[i];
      items.push_back(json{{"id", a.id}, {"citizen", reveal ? revealed_chat(a.chat) : a.citizen}, {"step", a.step}, {"verified", a.verified},
                           {"mailbox", a.mailbox + a.queued}, {"idle_s", a.idle_ms / 1000},
                           {"processed", a.processed}, {"restarts", a.restarts}});
    }
    std::optional<std::string> next;
    if (offset + items.size() < v.size()) next = std::to_string(offset + items.size());
    if (reveal) audit_reveals(writer, clock, who, {Reveal{"", "", "actor list"}});
    done(ok(page(items, next)));
  }, actors::list_atom::value);
}

void ServerAdminBackend::actor(const AdminCall& call, AdminDone done) {
  std::string id = call.params.at(0);
  auto env = d_.env;
  auto salt = d_.services->id_salt;
  auto clock = d_.clock;
  const bool reveal = call.reveal;
  const std::string who = call.caller.who();
  auto writer = d_.writer;
  ask<actors::ActorList>(*d_.system, d_.manager, [=](std::optional<actors::ActorList> list) {
    if (!list) return done(err(503, "session manager did not answer"));
    std::optional<actors::ActorInfo> live;
    for (auto& a : *list)
      if (a.id == id) live = a;
    storage::Txn txn(*env, false);
    std::optional<storage::ChatRecord> rec;
    if (live) {
      rec = storage::get_chat(txn, live->chat);
    } else {
      // A passivated conversation: find its stored record by the keyed id.
      std::string after;
      for (;;) {
        auto batch = storage::list_chats(txn, after, 1000);
        for (auto& c : batch)
          if (actors::actor_id_of(salt, c.key) == id) rec = c;
        if (rec || batch.size() < 1000) break;
        after = batch.back().key;
      }
    }
    if (!live && !rec) return done(err(404, "no such actor"));
    json out{{"id", id}, {"live", static_cast<bool>(live)}};
    if (live) {
      out["citizen"] = reveal ? revealed_chat(live->chat) : live->citizen;
      out["step"] = live->step;
      out["verified"] = live->verified;
      out["mailbox"] = live->mailbox + live->queued;
      out["idle_s"] = live->idle_ms / 1000;
      out["processed"] = live->processed;
      out["restarts"] = live->restarts;
    }
    if (rec) {
      if (!live) {
        out["citizen"] = reveal ? rec->wa_id : mask_phone(rec->wa_id);
        flow::ChatState stored;
        stored.data = storage::chat_state(*rec);
        out["step"] = stored.data.value("step", "");
        out["verified"] = flow::is_verified(stored, clock->now());  // its stored state, as CONTRACTS.md says
        out["mailbox"] = 0;
        out["idle_s"] = (clock->now() - rec->updated_at) / 1000;
        out["processed"] = rec->processed;
        out["restarts"] = 0;
      }
      json timers = json::object();
      for (auto& [k, v] : rec->timers) timers[k] = rfc(v);
      out["timers"] = timers;
      out["transcript"] = transcript_json(txn, rec->key);
      out["last_inbound"] = rfc(rec->last_inbound);
    } else {
      out["timers"] = json::object();
      out["transcript"] = json::array();
    }
    if (reveal) audit_reveals(writer, clock, who, {Reveal{"", "", "actor " + id}});
    done(ok(out));
  }, actors::list_atom::value);
}

void ServerAdminBackend::stop_actor(const AdminCall& call, AdminDone done) {
  ask<bool>(*d_.system, d_.manager, [done](std::optional<bool> r) {
    if (!r) return done(err(503, "session manager did not answer"));
    if (!*r) return done(err(404, "no such live actor"));
    done(ok(json{{"stopped", true}}));
  }, actors::stop_atom::value, call.params.at(0));
}

void ServerAdminBackend::tickets(const AdminCall& call, AdminDone done) {
  std::string status = call.request->param("status");
  auto filter = storage::parse_ticket_filter(status.empty() ? "open" : status);
  if (!filter) return done(err(400, "status must be open, resolved or all"));
  storage::Txn txn(*d_.env, false);
  auto p = storage::list_tickets(txn, *filter, call.cursor, call.limit);
  json items = json::array();
  TimeMs now = d_.clock->now();
  std::vector<Reveal> reveals;
  for (auto& t : p.items) {
    items.push_back(ticket_json(txn, t, now, call.reveal));
    if (!call.reveal || t.citizens.empty()) continue;
    if (auto c = storage::get_citizen(txn, t.citizens.front()))
      reveals.push_back(Reveal{c->id.str(), c->nik, "ticket list " + t.id});
  }
  audit_reveals(d_.writer, d_.clock, call.caller.who(), std::move(reveals));
  done(ok(page(items, p.next)));
}

void ServerAdminBackend::ticket(const AdminCall& call, AdminDone done) {
  storage::Txn txn(*d_.env, false);
  auto t = storage::get_ticket(txn, call.params.at(0));
  if (!t) return done(err(404, "no such ticket"));
  json out = ticket_json(txn, *t, d_.clock->now(), call.reveal);
  auto rec = storage::get_chat(txn, t->chat);
  out["conversation"] = rec ? transcript_json(txn, rec->key) : json::array();
  json records = json::array();
  std::vector<Reveal> reveals;
  for (auto& id : t->citizens) {
    auto c = storage::get_citizen(txn, id);
    if (!c) continue;
    records.push_back(citizen_json(*c, call.reveal));
    if (call.reveal) reveals.push_back(Reveal{id, c->nik, "ticket " + t->id});
  }
  out["records"] = records;
  out["proposed_value"] = call.reveal ? t->proposed_value : mask_value(t->field, t->proposed_value);
  if (call.reveal) out["details"] = t->details;
  audit_reveals(d_.writer, d_.clock, call.caller.who(), std::move(reveals));
  done(ok(out));
}

void ServerAdminBackend::resolve_ticket(const AdminCall& call, AdminDone done) {
  std::string id = call.params.at(0);
  const json& b = call.body;
  if (!b.contains("reply") || !b["reply"].is_string() || b["reply"].get<std::string>().empty())
    return done(err(400, "reply: a non-empty string is required"));
  std::string reply = b["reply"];
  if (meta_length(reply) > limits::kTextBody) return done(err(400, "reply: longer than 4096 characters"));
  std::optional<storage::ChangeRequest> change;
  if (b.contains("apply") && !b["apply"].is_null()) {
    auto& a = b["apply"];
    if (!a.is_object() || !a.contains("citizen") || !a.contains("field") || !a.contains("value") ||
        !a["citizen"].is_string() || !a["field"].is_string() || !a["value"].is_string())
      return done(err(400, "apply: {\"citizen\", \"field\", \"value\"} strings are required"));
    storage::ChangeRequest r;
    r.citizen_id = a["citizen"];
    r.field = a["field"];
    r.value = a["value"];
    r.who = call.caller.who();
    r.ticket = id;
    auto& fields = correctable_fields();
    if (std::find(fields.begin(), fields.end(), r.field) == fields.end())
      return done(err(400, "apply.field: must be one of name, birth_date, sex, phone, email, nik"));
    change = r;
  }
  auto clock = d_.clock;
  std::string who = call.caller.who();
  std::string tname = d_.config->template_name, tlang = d_.config->template_language;
  auto dispatcher = d_.dispatcher;
  auto catalogue = d_.services->catalogue;
  TimeMs window_ms = d_.services->flow_config->answer_window_ms();
  actors::submit(d_.writer, storage::WriteJob{[=](storage::Txn& w) -> json {
    TimeMs now = clock->now();
    auto t = storage::get_ticket(w, id);
    if (!t) return json{{"status", 404}, {"error", "no such ticket"}};
    if (t->status != "open") return json{{"status", 409}, {"error", "ticket is not open"}};
    auto chat = storage::get_chat(w, t->chat);
    const bool in_window = chat && chat->last_inbound > 0 && now - chat->last_inbound < window_ms;
    // Outside the window the answer is one template parameter: refused whole when too long,
    // before anything changes, rather than cut silently (it once lost all past 1023 characters).
    std::string param = id + ": " + reply;
    for (auto& ch : param)
      if (ch == '\n' || ch == '\t') ch = ' ';
    if (!in_window && meta_length(param) > limits::kTemplateParam)
      return json{{"status", 400},
                  {"error", "reply: the 24-hour window has closed, so the answer goes as a template, which carries at most " +
                                std::to_string(limits::kTemplateParam - id.size() - 2) + " characters; shorten the reply"}};
    json applied = nullptr;
    if (change) {
      auto r = storage::apply_change(w, *change, now);
      if (r.outcome == storage::ChangeOutcome::conflict)
        return json{{"status", 409}, {"error", "apply: NIK is held by another citizen"}};
      if (r.outcome == storage::ChangeOutcome::invalid) return json{{"status", 400}, {"error", "apply: " + r.reason}};
      if (r.outcome == storage::ChangeOutcome::not_found)
        return json{{"status", 404}, {"error", "apply: no such citizen"}};
      if (r.outcome == storage::ChangeOutcome::stale) return json{{"status", 409}, {"error", "apply: stale"}};
      applied = json{{"outcome", storage::outcome_name(r.outcome)}, {"version", r.version}, {"reissued", r.reissued}};
    }
    storage::resolve_ticket(w, id, reply, who, now);
    storage::OutboxRow row;
    row.chat = t->chat;
    row.to = chat ? chat->wa_id : t->wa_id;
    row.user_id = chat ? chat->user_id : t->user_id;
    row.channel = "graph";
    row.created_at = now;
    // In the citizen's own language, from the catalogue (the same text the flow uses).
    std::string lang = "id";
    if (chat) {
      flow::ChatState cs;
      cs.data = storage::chat_state(*chat);
      lang = flow::language_of(cs);
    }
    std::string text = catalogue->text("officer.answer", lang, {{"ticket", id}, {"text", reply}});
    std::string delivered_as = in_window ? "text" : "template";
    std::size_t rows = 0;
    if (in_window) {
      for (auto& part : split_text(text)) {
        row.message = outbound_to_json(make_text(part));
        storage::add_outbox(w, row);
        ++rows;
      }
    } else {
      row.message = outbound_to_json(make_template(tname, tlang, {param}));
      storage::add_outbox(w, row);
      ++rows;
    }
    if (chat) {
      auto rec = *chat;
      storage::append_transcript(w, rec, now, "officer", "[answer " + delivered_as + "]");
      storage::put_chat(w, rec);
    }
    return json{{"status", 200}, {"delivered_as", delivered_as}, {"applied", applied}};
  },
  [done, dispatcher](const storage::JobResult& r) {
    if (!r.ok) return done(err(503, "storage unavailable: " + r.error));
    int status = r.value.value("status", 500);
    if (status != 200) return done(err(status, r.value.value("error", "failed")));
    if (dispatcher) caf::anon_send(dispatcher, actors::kick_atom::value);
    json out{{"status", "resolved"}, {"delivered_as", r.value["delivered_as"]}};
    if (!r.value["applied"].is_null()) out["applied"] = r.value["applied"];
    done(ok(out));
  }});
}

void ServerAdminBackend::reopen_ticket(const AdminCall& call, AdminDone done) {
  std::string id = call.params.at(0);
  auto clock = d_.clock;
  int sla_min = d_.config->flow.value("sla_minutes", 60);
  actors::submit(d_.writer, storage::WriteJob{[=](storage::Txn& w) -> json {
    TimeMs now = clock->now();
    auto t = storage::get_ticket(w, id);
    if (!t) return json{{"status", 404}};
    if (t->status == "open") return json{{"status", 409}};
    storage::reopen_ticket(w, id, now + sla_min * 60 * 1000LL);
    return json{{"status", 200}};
  },
  [done](const storage::JobResult& r) {
    if (!r.ok) return done(err(503, "storage unavailable: " + r.error));
    int s = r.value.value("status", 500);
    if (s == 404) return done(err(404, "no such ticket"));
    if (s == 409) return done(err(409, "ticket is already open"));
    done(ok(json{{"status", "open"}}));
  }});
}

void ServerAdminBackend::citizen(const AdminCall& call, AdminDone done) {
  storage::Txn txn(*d_.env, false);
  auto c = storage::citizen_by_nik(txn, call.params.at(0));
  if (!c) return done(err(404, "no such citizen"));
  if (call.reveal) audit_reveal(d_, call.caller.who(), c->id.value, c->nik, "citizen record");
  done(ok(citizen_json(*c, call.reveal)));
}

void ServerAdminBackend::audit(const AdminCall& call, AdminDone done) {
  std::string nik = call.request->param("nik");
  if (nik.empty()) return done(err(400, "nik is required"));
  storage::Txn txn(*d_.env, false);
  auto c = storage::citizen_by_nik(txn, nik);
  if (!c) return done(err(404, "no such citizen"));
  auto p = storage::audit_of_citizen(txn, c->id.value, call.cursor, call.limit);
  json items = json::array();
  for (auto& a : p.items) {
    std::string who = a.who;
    if (!call.reveal && who.rfind("citizen:", 0) == 0) who = "citizen:" + mask_phone(who.substr(8));
    items.push_back(json{{"at", rfc(a.at)},
                         {"who", who},
                         {"field", a.field},
                         {"old", call.reveal ? a.old_value : mask_value(a.field, a.old_value)},
                         {"new", call.reveal ? a.new_value : mask_value(a.field, a.new_value)},
                         {"ticket", a.ticket.empty() ? json(nullptr) : json(a.ticket)}});
  }
  if (call.reveal) audit_reveal(d_, call.caller.who(), c->id.value, c->nik, "audit log");
  done(ok(page(items, p.next)));
}

namespace {
// ?after= of the sandbox pages: digits only (a sequence number); nullopt when malformed.
std::optional<std::uint64_t> parse_after(const std::string& s) {
  if (s.empty()) return 0;
  if (s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoull(s);
}
}  // namespace

namespace {

// One page of a sandbox channel's rows (to one recipient, or all), each shown by `shown`.
AdminReply sandbox_page(const AdminDeps& d, const AdminCall& call, const std::string& channel,
                        const std::function<json(const storage::OutboxRow&)>& shown) {
  const auto parsed_after = parse_after(call.request->param("after"));
  if (!parsed_after) return err(400, "after: a sequence number (digits) is required");
  const std::uint64_t after = *parsed_after;
  storage::Txn txn(*d.env, false);
  json items = json::array();
  std::uint64_t next = after;
  for (auto& r : storage::rows_to(txn, channel, call.request->param("to"), after, kSandboxPage)) {
    json item{{"seq", r.seq}, {"to", r.to}, {"status", r.status}};
    item.update(shown(r));
    items.push_back(std::move(item));
    next = r.seq;
  }
  return ok(json{{"items", items}, {"next", next}});
}

}  // namespace

void ServerAdminBackend::sandbox_outbox(const AdminCall& call, AdminDone done) {
  done(sandbox_page(d_, call, "graph", [](const storage::OutboxRow& r) {
    json payload;
    try {  // what Graph would have received
      payload = graph::message_payload(outbound_from_json(r.message), graph::Recipient{r.to, r.user_id},
                                       r.message.value("media_id", ""));
    } catch (const std::exception&) {
      payload = r.message;
    }
    return json{{"message", payload}};
  }));
}

void ServerAdminBackend::sandbox_sms(const AdminCall& call, AdminDone done) {
  done(sandbox_page(d_, call, "sms",
                    [](const storage::OutboxRow& r) { return json{{"text", r.message.value("text", "")}}; }));
}

void ServerAdminBackend::sandbox_media(const AdminCall& call, AdminDone done) {
  auto doc = d_.media ? d_.media->get(call.params.at(0)) : std::nullopt;
  if (!doc) return done(err(404, "no such media"));
  done(AdminReply{200, nullptr, doc->bytes, doc->mime_type});
}

void ServerAdminBackend::sandbox_clock(const AdminCall& call, AdminDone done) {
  if (!d_.test_clock) return done(err(409, "the test clock is off (set ADUAN_CLOCK=test)"));
  const json& b = call.body;
  // One step at most this far: enough for any SLA, session or OTP drill, and far from the
  // years an RFC 3339 time can show (a huge step once made every later time unprintable).
  constexpr double kMaxAdvanceS = 400.0 * 24 * 3600;
  const double seconds = b.contains("advance_s") && b["advance_s"].is_number() ? b["advance_s"].get<double>() : -1;
  if (!(seconds >= 0 && seconds <= kMaxAdvanceS))  // also refuses NaN
    return done(err(400, "advance_s: a number of seconds from 0 to " + std::to_string(static_cast<long>(kMaxAdvanceS)) +
                             " (400 days) is required"));
  TimeMs delta = static_cast<TimeMs>(seconds * 1000);
  TimeMs now = d_.test_clock->advance(delta);
  actors::submit(d_.writer, storage::WriteJob{[now](storage::Txn& w) {
                                                w.put(w.dbs().meta, "test_clock_ms", storage::u64_key(now));
                                                return json();
                                              },
                                              [done, now](const storage::JobResult& r) {
                                                if (!r.ok) return done(err(503, "storage unavailable"));
                                                done(ok(json{{"now", format_rfc3339(now)}}));
                                              }});
}

std::optional<AdminReply> ServerAdminBackend::static_file(const std::string& path) {
  if (path.find("..") != std::string::npos || d_.static_dir.empty()) return std::nullopt;
  auto bytes = read_file(d_.static_dir + "/" + path);
  if (!bytes) return std::nullopt;
  std::string type = "application/octet-stream";
  auto ends = [&](const char* s) {
    std::string x(s);
    return path.size() >= x.size() && path.compare(path.size() - x.size(), x.size(), x) == 0;
  };
  if (ends(".html")) type = "text/html; charset=utf-8";
  else if (ends(".js")) type = "text/javascript; charset=utf-8";
  else if (ends(".css")) type = "text/css; charset=utf-8";
  else if (ends(".svg")) type = "image/svg+xml";
  return AdminReply{200, nullptr, *bytes, type};
}

}  // namespace aduan::app
