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
  // flow::ChatState::data as the codec's bytes (encode()): the conversation keeps and commits
  // exactly these, so a step neither decodes nor re-encodes the state here. Empty = {}.
  std::string state_blob;
  TimeMs last_inbound = 0;         // for the 24-hour customer-service window
  TimeMs updated_at = 0;
  std::uint64_t processed = 0;     // steps committed
  std::uint64_t last_seq = 0;      // inbox seq of the last committed step
  std::map<std::string, TimeMs> timers;     // kind → due
  std::uint64_t transcript_count = 0;       // transcript lines ever appended (their next number)
  // Lines of a record written before the transcript had its own table ("tr"): moved into the
  // table by the first append_transcript, shown by get_transcript until then.
  std::vector<nlohmann::json> legacy_transcript;
  // The timers as stored, so put_chat re-indexes without reading the record again.
  std::map<std::string, TimeMs> stored_timers;
  bool stored = false;             // read by get_chat (stored_timers are valid)
};

nlohmann::json chat_state(const ChatRecord& rec);           // decoded state ({} when none)
void set_chat_state(ChatRecord& rec, const nlohmann::json& state);

std::optional<ChatRecord> get_chat(const Txn& t, const std::string& key);
// Writes the record and re-indexes its timers (old index entries removed).
void put_chat(Txn& w, const ChatRecord& rec);

// The transcript: the last kTranscriptKeep masked lines of a chat, in their own table so a
// step appends one row (and drops the oldest) instead of rewriting the list. The record's
// transcript_count numbers the lines: put_chat the record after appending.
struct TranscriptLine {
  TimeMs at = 0;
  std::string dir;   // in | out | note | officer
  std::string text;  // masked
};
void append_transcript(Txn& w, ChatRecord& rec, TimeMs at, const std::string& dir, const std::string& masked_text);
std::vector<TranscriptLine> get_transcript(const Txn& t, const std::string& chat_key);

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
