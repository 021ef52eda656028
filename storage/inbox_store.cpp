#include "storage/inbox_store.hpp"

#include "storage/codec.hpp"

namespace aduan::storage {
namespace {

using json = nlohmann::json;

json row_json(const InboxRow& r) {
  json j{{"chat", r.chat}, {"wa", r.wa_id}, {"uid", r.user_id}, {"ev", r.event},
         {"st", r.status}, {"att", r.attempts}, {"at", r.received_at}};
  if (!r.reason.empty()) j["why"] = r.reason;
  return j;
}

// Takes the decoded row by value: the event subtree is moved out, not copied.
InboxRow row_from(std::uint64_t seq, json j) {
  InboxRow r;
  r.seq = seq;
  // Status: a row is pending while its key is in the pending table (mark_done only deletes
  // that key, so the hot path never rewrites the row); "dead" is written into the row.
  r.chat = j.value("chat", "");
  r.wa_id = j.value("wa", "");
  r.user_id = j.value("uid", "");
  if (auto it = j.find("ev"); it != j.end())
    r.event = std::move(*it);
  else
    r.event = json::object();
  r.status = j.value("st", "pending");
  r.attempts = j.value("att", 0);
  r.received_at = j.value("at", TimeMs{0});
  r.reason = j.value("why", "");
  return r;
}

std::string seen_value(TimeMs now) { return u64_key(static_cast<std::uint64_t>(now)); }

}  // namespace

IntakeOutcome record_inbound(Txn& w, const InboundEvent& e, TimeMs now) {
  IntakeOutcome out;
  const std::string key = dedupe_key_of(e);
  if (!w.put_new(w.dbs().seen, key, seen_value(now))) {
    out.duplicate = true;
    return out;
  }
  if (auto* m = std::get_if<InboundMessage>(&e)) {
    InboxRow r;
    r.seq = next_sequence(w, "inbox");
    r.chat = chat_key_of(*m);
    r.wa_id = m->from;
    r.user_id = m->from_user_id;
    r.event = event_to_json(e);
    r.status = "pending";
    r.attempts = 1;
    r.received_at = now;
    put_inbox(w, r);
    w.put(w.dbs().pending, u64_key(r.seq), r.chat);
    out.seq = r.seq;
    out.chat = r.chat;
  }
  return out;
}

std::uint64_t enqueue_internal(Txn& w, const std::string& chat, const std::string& wa_id,
                               const std::string& user_id, const json& event, TimeMs now) {
  InboxRow r;
  r.seq = next_sequence(w, "inbox");
  r.chat = chat;
  r.wa_id = wa_id;
  r.user_id = user_id;
  r.event = event;
  r.status = "pending";
  r.attempts = 1;
  r.received_at = now;
  put_inbox(w, r);
  w.put(w.dbs().pending, u64_key(r.seq), r.chat);
  return r.seq;
}

std::optional<InboxRow> get_inbox(const Txn& t, std::uint64_t seq) {
  auto v = t.get(t.dbs().inbox, u64_key(seq));
  if (!v) return std::nullopt;
  auto row = row_from(seq, decode(*v));
  if (row.status != "dead") row.status = t.exists(t.dbs().pending, u64_key(seq)) ? "pending" : "done";
  return row;
}

bool is_pending(const Txn& t, std::uint64_t seq) { return t.exists(t.dbs().pending, u64_key(seq)); }

void put_inbox(Txn& w, const InboxRow& row) { w.put(w.dbs().inbox, u64_key(row.seq), encode(row_json(row))); }

int count_attempt(Txn& w, std::uint64_t seq) {
  auto r = get_inbox(w, seq);
  if (!r) return 0;
  r->attempts += 1;
  put_inbox(w, *r);
  return r->attempts;
}

void mark_done(Txn& w, std::uint64_t seq) { w.del(w.dbs().pending, u64_key(seq)); }

void mark_dead(Txn& w, std::uint64_t seq, const std::string& reason) {
  auto r = get_inbox(w, seq);
  if (!r) return;
  r->status = "dead";
  r->reason = reason;
  put_inbox(w, *r);
  w.del(w.dbs().pending, u64_key(seq));
  next_sequence(w, "dead_letters");
}

std::vector<InboxRow> pending_rows(const Txn& t, std::uint64_t after_seq, std::size_t limit) {
  std::vector<InboxRow> out;
  t.scan(t.dbs().pending, u64_key(after_seq + 1), [&](std::string_view k, std::string_view) {
    if (auto r = get_inbox(t, u64_from_key(k))) out.push_back(std::move(*r));
    return out.size() < limit;
  });
  return out;
}

std::uint64_t pending_count(const Txn& t) { return t.count(t.dbs().pending); }
std::uint64_t dead_count(const Txn& t) { return current_sequence(t, "dead_letters"); }

std::size_t prune_seen(Txn& w, TimeMs now, std::size_t max_rows) {
  // The seen table is keyed by id, not time: a bounded sweep from a stored cursor.
  std::vector<std::string> old;
  std::string cursor = w.get(w.dbs().meta, "seen_sweep").value_or("");
  std::string last;
  std::size_t visited = 0;
  w.scan(w.dbs().seen, cursor, [&](std::string_view k, std::string_view v) {
    last = std::string(k);
    if (static_cast<TimeMs>(u64_from_key(v)) + kSeenRetentionMs < now) old.emplace_back(k);
    return ++visited < max_rows;
  });
  for (auto& k : old) w.del(w.dbs().seen, k);
  w.put(w.dbs().meta, "seen_sweep", visited < max_rows ? std::string() : last + '\0');
  return old.size();
}

}  // namespace aduan::storage
