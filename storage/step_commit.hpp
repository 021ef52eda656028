// Commits one conversation step (DESIGN.md invariant 2): the chat's new state, every
// citizen change and ticket, the replies and OTP SMS as outbox rows, timers, transcript and
// the inbox row marked done — inside the caller's (nested) write transaction, so all or
// nothing lands. Preconditions are checked first; if any fails the function throws
// StaleStep and the caller's nested txn rolls back (the actor re-steps on fresh data).
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/flow/flow.hpp"
#include "core/free_text_mask.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

struct StaleStep : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct StepCommit {
  std::uint64_t inbox_seq = 0;   // 0 for steps without an inbox row
  std::string chat, wa_id, user_id;
  std::string state_blob;  // the new flow::ChatState::data, encoded (storage/codec)
  flow::Effects effects;
  TimeMs now = 0;
  bool inbound_from_citizen = false;  // refreshes the 24-hour window
  std::string transcript_in;          // masked text of the input
  // Masks the replies' transcript summaries; null: every word is masked.
  std::shared_ptr<const FreeTextMask> text_mask;
};

struct StepCommitResult {
  std::size_t outbox_rows = 0;
  bool already_done = false;  // the inbox row was done before (replay): nothing applied
};

StepCommitResult commit_step(Txn& w, const StepCommit& c);

// Parks an event as a dead letter and queues one apology reply (text) to the chat.
void park_dead_letter(Txn& w, std::uint64_t inbox_seq, const std::string& reason, const std::string& apology,
                      TimeMs now);

}  // namespace aduan::storage
