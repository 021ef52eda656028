#include "storage/chat_store.hpp"

#include <algorithm>

#include "storage/codec.hpp"

namespace aduan::storage {
namespace {

using json = nlohmann::json;

std::string timer_key(TimeMs due, const std::string& chat, const std::string& kind) {
  return u64_key(static_cast<std::uint64_t>(due)) + chat + '\0' + kind;
}

std::string transcript_key(const std::string& chat, std::uint64_t n) { return chat + '\0' + u64_key(n); }

ChatRecord from_json(const std::string& key, const json& j) {
  ChatRecord r;
  r.key = key;
  r.wa_id = j.value("wa", "");
  r.user_id = j.value("uid", "");
  if (auto it = j.find("s"); it != j.end()) {
    if (it->is_binary())
      r.state_blob.assign(it->get_binary().begin(), it->get_binary().end());
    else if (it->is_object())  // records written before the state was kept as bytes
      r.state_blob = encode(*it);
  }
  r.last_inbound = j.value("li", TimeMs{0});
  r.updated_at = j.value("u", TimeMs{0});
  r.processed = j.value("n", std::uint64_t{0});
  r.last_seq = j.value("ls", std::uint64_t{0});
  r.transcript_count = j.value("tn", std::uint64_t{0});
  if (!j.contains("tn"))
    if (auto it = j.find("tr"); it != j.end() && it->is_array())
      for (auto& line : *it)
        if (line.is_object()) r.legacy_transcript.push_back(line);
  if (auto it = j.find("t"); it != j.end() && it->is_object())
    for (auto& [k, v] : it->items()) r.timers[k] = v.get<TimeMs>();
  r.stored_timers = r.timers;
  r.stored = true;
  return r;
}

}  // namespace

json chat_state(const ChatRecord& rec) { return rec.state_blob.empty() ? json::object() : decode(rec.state_blob); }

void set_chat_state(ChatRecord& rec, const json& state) { rec.state_blob = encode(state); }

std::optional<ChatRecord> get_chat(const Txn& t, const std::string& key) {
  auto v = t.get(t.dbs().chats, key);
  if (!v) return std::nullopt;
  return from_json(key, decode(*v));
}

void put_chat(Txn& w, const ChatRecord& rec) {
  std::map<std::string, TimeMs> old_timers;
  std::uint64_t transcript_count = rec.transcript_count;
  if (rec.stored) {
    old_timers = rec.stored_timers;
  } else if (auto old = get_chat(w, rec.key)) {
    old_timers = old->timers;
    // A record built without reading the stored one must not renumber existing lines.
    transcript_count = std::max(transcript_count, old->transcript_count);
  }
  for (auto& [kind, due] : old_timers) {
    auto now = rec.timers.find(kind);
    if (now == rec.timers.end() || now->second != due) w.del(w.dbs().timers, timer_key(due, rec.key, kind));
  }
  json timers = json::object();
  for (auto& [kind, due] : rec.timers) {
    if (due <= 0) continue;
    timers[kind] = due;
    auto was = old_timers.find(kind);
    if (was == old_timers.end() || was->second != due) w.put(w.dbs().timers, timer_key(due, rec.key, kind), "");
  }
  json::binary_t state(std::vector<std::uint8_t>(rec.state_blob.begin(), rec.state_blob.end()));
  json j{{"wa", rec.wa_id}, {"uid", rec.user_id}, {"s", std::move(state)}, {"li", rec.last_inbound},
         {"u", rec.updated_at}, {"n", rec.processed}, {"ls", rec.last_seq}, {"t", timers},
         {"tn", transcript_count}};
  w.put(w.dbs().chats, rec.key, encode(j));
}

void append_transcript(Txn& w, ChatRecord& rec, TimeMs at, const std::string& dir, const std::string& masked_text) {
  if (!rec.legacy_transcript.empty()) {  // first append since the upgrade: move the old lines over
    std::vector<nlohmann::json> legacy;
    legacy.swap(rec.legacy_transcript);
    for (auto& line : legacy)
      append_transcript(w, rec, line.value("at", TimeMs{0}), line.value("dir", ""), line.value("text", ""));
  }
  const std::uint64_t n = rec.transcript_count++;
  w.put(w.dbs().transcripts, transcript_key(rec.key, n), encode(json{{"at", at}, {"dir", dir}, {"text", masked_text}}));
  if (n >= kTranscriptKeep) w.del(w.dbs().transcripts, transcript_key(rec.key, n - kTranscriptKeep));
}

std::vector<TranscriptLine> get_transcript(const Txn& t, const std::string& chat_key) {
  std::vector<TranscriptLine> out;
  const std::string prefix = chat_key + '\0';
  t.scan(t.dbs().transcripts, prefix, [&](std::string_view k, std::string_view v) {
    if (k.size() != prefix.size() + 8 || k.substr(0, prefix.size()) != prefix) return false;
    auto j = decode(v);
    out.push_back(TranscriptLine{j.value("at", TimeMs{0}), j.value("dir", ""), j.value("text", "")});
    return true;
  });
  if (out.empty())
    if (auto rec = get_chat(t, chat_key))
      for (auto& line : rec->legacy_transcript)
        out.push_back(TranscriptLine{line.value("at", TimeMs{0}), line.value("dir", ""), line.value("text", "")});
  return out;
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
