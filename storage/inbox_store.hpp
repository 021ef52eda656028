// The durable inbox: every inbound message, status and internal event, deduplicated by
// id through the seen table, with per-row status (pending/done/dead) and attempt count.
// Functions take the caller's Txn; writes only inside the storage writer's jobs.
// Errors: StorageError from LMDB; a corrupt row throws StorageError(kCorrupt).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/inbound.hpp"
#include "core/types.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr TimeMs kSeenRetentionMs = 15ll * 24 * 3600 * 1000;  // Meta retries for up to 7 days; keep ≥ 14

struct InboxRow {
  std::uint64_t seq = 0;
  std::string chat;        // chat key
  std::string wa_id, user_id;
  nlohmann::json event;    // {"kind": "message"|"status"|"timer"|"officer_answer"|"sms_outcome", ...}
  std::string status;      // pending | done | dead
  int attempts = 0;        // tries started (the first is counted at intake)
  TimeMs received_at = 0;
  std::string reason;      // why dead
};

struct IntakeOutcome {
  bool duplicate = false;
  std::uint64_t seq = 0;   // inbox seq of a new message row (0 for statuses and duplicates)
  std::string chat;
};

// Claims the event's dedupe key in seen; a new message becomes a pending inbox row (attempt
// 1 counted), a new status is stored as a done row (the outbox applies it separately).
IntakeOutcome record_inbound(Txn& w, const InboundEvent& e, TimeMs now);
// Appends an internal event (timer, officer answer, SMS outcome) for a chat.
std::uint64_t enqueue_internal(Txn& w, const std::string& chat, const std::string& wa_id,
                               const std::string& user_id, const nlohmann::json& event, TimeMs now);

std::optional<InboxRow> get_inbox(const Txn& t, std::uint64_t seq);
void put_inbox(Txn& w, const InboxRow& row);
// Counts one more try of a pending row before it runs; returns the new count.
int count_attempt(Txn& w, std::uint64_t seq);
void mark_done(Txn& w, std::uint64_t seq);
bool is_pending(const Txn& t, std::uint64_t seq);  // cheap: no row decode
void mark_dead(Txn& w, std::uint64_t seq, const std::string& reason);
// Pending rows in sequence order (recovery), at most `limit`.
std::vector<InboxRow> pending_rows(const Txn& t, std::uint64_t after_seq, std::size_t limit);
std::uint64_t pending_count(const Txn& t);
std::uint64_t dead_count(const Txn& t);
// Deletes seen entries older than the retention; returns how many (bounded per call).
std::size_t prune_seen(Txn& w, TimeMs now, std::size_t max_rows);

}  // namespace aduan::storage
