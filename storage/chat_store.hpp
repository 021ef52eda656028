// Per-chat records: the flow's state, the chat's addresses, last inbound time (24-hour
// window), durable timers (indexed by due time), a short masked transcript and counters.
// Writes only inside storage writer jobs; readers from any thread.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/types.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr std::size_t kTranscriptKeep = 20;

struct ChatRecord {
  std::string key;                 // "wa:…" / "bu:…"
  std::string wa_id, user_id;
  nlohmann::json state = nlohmann::json::object();  // flow::ChatState::data
  TimeMs last_inbound = 0;         // for the 24-hour customer-service window
  TimeMs updated_at = 0;
  std::uint64_t processed = 0;     // steps committed
  std::uint64_t last_seq = 0;      // inbox seq of the last committed step
  std::map<std::string, TimeMs> timers;     // kind → due
  std::vector<nlohmann::json> transcript;   // {"at","dir":"in"|"out","text"} masked
};

std::optional<ChatRecord> get_chat(const Txn& t, const std::string& key);
// Writes the record and re-indexes its timers (old index entries removed).
void put_chat(Txn& w, const ChatRecord& rec);
void append_transcript(ChatRecord& rec, TimeMs at, const std::string& dir, const std::string& masked_text);

struct DueTimer {
  TimeMs due = 0;
  std::string chat, kind;
};
std::vector<DueTimer> due_timers(const Txn& t, TimeMs now, std::size_t limit);
// Removes a timer index entry (after it was turned into an inbox event).
void clear_timer(Txn& w, const DueTimer& timer);
// Chats in key order after `after` (admin listing of passivated conversations).
std::vector<ChatRecord> list_chats(const Txn& t, const std::string& after, std::size_t limit);

}  // namespace aduan::storage
