// The transactional outbox: every reply and OTP SMS a committed step produced, with its
// delivery status. Rows are written in the step's transaction; the dispatcher moves them
// pending → in_flight → accepted (Graph answered with an id) → delivered → read, or failed.
// Status updates from webhooks are monotonic (a late "sent" never downgrades "read").
// Writes only inside storage writer jobs; readers from any thread.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/inbound.hpp"
#include "core/types.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

struct OutboxRow {
  std::uint64_t seq = 0;
  std::string chat;
  std::string to;          // wa_id (graph) or E.164 phone (sms)
  std::string user_id;     // username users (graph only)
  std::string channel;     // graph | sms
  nlohmann::json message;  // graph: outbound_to_json(); sms: {"text","purpose"}
  std::string status;      // pending | in_flight | accepted | delivered | read | failed
  int attempts = 0;
  std::string wamid;
  int error_code = 0;
  std::string error_title;
  TimeMs created_at = 0, updated_at = 0, next_attempt_at = 0;
  bool fallback_done = false;  // the 131047 template fallback was scheduled
  std::uint64_t fallback_of = 0;
};

// Ranking for monotonic updates: pending/in_flight < accepted(sent) < delivered < read; failed terminal.
int status_rank(const std::string& status);

std::uint64_t add_outbox(Txn& w, OutboxRow row);  // assigns seq, status pending; returns seq
std::optional<OutboxRow> get_outbox(const Txn& t, std::uint64_t seq);
void put_outbox(Txn& w, const OutboxRow& row, const std::string& previous_status);
// Open rows (pending or in_flight) in sequence order after `after`.
std::vector<OutboxRow> open_rows(const Txn& t, std::uint64_t after, std::size_t limit);
// What the dispatcher needs to choose open rows without decoding them: the open index holds it
// (status, next attempt time, recipient), so a scan costs a cursor walk, not a decode per row.
struct OpenRef {
  std::uint64_t seq = 0;
  std::string recipient;  // recipient_key() of the row
  bool in_flight = false;
  TimeMs next_attempt_at = 0;
};
std::vector<OpenRef> open_refs(const Txn& t, std::size_t limit);
// "channel:wa_id" (or "channel:user_id" for username users): the per-recipient order key.
std::string recipient_key(const OutboxRow& r);
// Applies a webhook status to the row it names; returns the row seq if one changed.
// A failed 131047 with a template configured schedules ONE template row (fallback).
struct TemplateFallback {
  std::string name, language;
};
std::optional<std::uint64_t> apply_status(Txn& w, const StatusEvent& s, TimeMs now,
                                          const std::optional<TemplateFallback>& fallback);
std::map<std::string, std::uint64_t> outbox_counts(const Txn& t);  // status → rows
// Sandbox listings: rows of a channel addressed to `to` (all when empty) after a seq.
std::vector<OutboxRow> rows_to(const Txn& t, const std::string& channel, const std::string& to,
                               std::uint64_t after, std::size_t limit);

}  // namespace aduan::storage
