#include "storage/chat_store.hpp"

#include "storage/codec.hpp"

namespace aduan::storage {
namespace {

using json = nlohmann::json;

std::string timer_key(TimeMs due, const std::string& chat, const std::string& kind) {
  return u64_key(static_cast<std::uint64_t>(due)) + chat + '\0' + kind;
}

ChatRecord from_json(const std::string& key, const json& j) {
  ChatRecord r;
  r.key = key;
  r.wa_id = j.value("wa", "");
  r.user_id = j.value("uid", "");
  r.state = j.value("s", json::object());
  r.last_inbound = j.value("li", TimeMs{0});
  r.updated_at = j.value("u", TimeMs{0});
  r.processed = j.value("n", std::uint64_t{0});
  r.last_seq = j.value("ls", std::uint64_t{0});
  if (auto it = j.find("t"); it != j.end() && it->is_object())
    for (auto& [k, v] : it->items()) r.timers[k] = v.get<TimeMs>();
  if (auto it = j.find("tr"); it != j.end() && it->is_array())
    for (auto& e : *it) r.transcript.push_back(e);
  return r;
}

}  // namespace

std::optional<ChatRecord> get_chat(const Txn& t, const std::string& key) {
  auto v = t.get(t.dbs().chats, key);
  if (!v) return std::nullopt;
  return from_json(key, decode(*v));
}

void put_chat(Txn& w, const ChatRecord& rec) {
  if (auto old = get_chat(w, rec.key))
    for (auto& [kind, due] : old->timers) w.del(w.dbs().timers, timer_key(due, rec.key, kind));
  json timers = json::object();
  for (auto& [kind, due] : rec.timers) {
    if (due <= 0) continue;
    timers[kind] = due;
    w.put(w.dbs().timers, timer_key(due, rec.key, kind), "");
  }
  json j{{"wa", rec.wa_id}, {"uid", rec.user_id}, {"s", rec.state}, {"li", rec.last_inbound},
         {"u", rec.updated_at}, {"n", rec.processed}, {"ls", rec.last_seq}, {"t", timers},
         {"tr", rec.transcript}};
  w.put(w.dbs().chats, rec.key, encode(j));
}

void append_transcript(ChatRecord& rec, TimeMs at, const std::string& dir, const std::string& masked_text) {
  rec.transcript.push_back(json{{"at", at}, {"dir", dir}, {"text", masked_text}});
  if (rec.transcript.size() > kTranscriptKeep)
    rec.transcript.erase(rec.transcript.begin(), rec.transcript.end() - kTranscriptKeep);
}

std::vector<DueTimer> due_timers(const Txn& t, TimeMs now, std::size_t limit) {
  std::vector<DueTimer> out;
  t.scan(t.dbs().timers, "", [&](std::string_view k, std::string_view) {
    if (k.size() < 9) return true;
    TimeMs due = static_cast<TimeMs>(u64_from_key(k.substr(0, 8)));
    if (due > now) return false;
    std::string_view rest = k.substr(8);
    auto nul = rest.find('\0');
    if (nul == std::string_view::npos) return true;
    out.push_back(DueTimer{due, std::string(rest.substr(0, nul)), std::string(rest.substr(nul + 1))});
    return out.size() < limit;
  });
  return out;
}

void clear_timer(Txn& w, const DueTimer& timer) {
  w.del(w.dbs().timers, timer_key(timer.due, timer.chat, timer.kind));
  if (auto rec = get_chat(w, timer.chat)) {
    auto it = rec->timers.find(timer.kind);
    if (it != rec->timers.end() && it->second == timer.due) {
      rec->timers.erase(it);
      put_chat(w, *rec);
    }
  }
}

std::vector<ChatRecord> list_chats(const Txn& t, const std::string& after, std::size_t limit) {
  std::vector<ChatRecord> out;
  std::string from = after.empty() ? std::string() : after + '\0';
  t.scan(t.dbs().chats, from, [&](std::string_view k, std::string_view v) {
    out.push_back(from_json(std::string(k), decode(v)));
    return out.size() < limit;
  });
  return out;
}

}  // namespace aduan::storage
