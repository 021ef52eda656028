// Every message type the actors exchange, in one place (STYLE.md habit 1). CAF 0.17:
// atoms are atom_constant<atom("…")> (≤ 10 chars); local-only custom types are whitelisted
// with CAF_ALLOW_UNSAFE_MESSAGE_TYPE (they never cross nodes in this version).
//
// Protocols:
//  storage_writer : (WriteJobMsg)                      → runs in the next group commit
//                   (flush_atom)                        internal
//  session_manager: (inbound_atom, seq, chat, wa, uid)  route one durable inbox row
//                   (done_atom, chat, seq, ConversationReport)  from a conversation
//                   (tick_atom)                          passivation sweep
//                   (list_atom)        → ActorList       introspection
//                   (stop_atom, id)    → bool            stop one conversation
//                   (stats_atom)       → ManagerStats
//                   (recover_atom)     → bool            replay pending rows (start-up)
//  conversation   : (event_atom, seq)                    process one inbox row
//                   (commit_atom, seq, CommitOutcome)    the writer's answer
//  dispatcher     : (kick_atom)                          new outbox rows may exist
//                   (sent_atom, SentMsg)                 a sender's answer
//                   (tick_atom)                          retry timers
//                   (reload_atom)                        re-read credentials
//  shutdown       : (stop_atom, "*") to the manager or the writer: finish and quit
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "core/delivery.hpp"
#include "storage/group_commit.hpp"

namespace aduan::actors {

using flush_atom = caf::atom_constant<caf::atom("flush")>;
using inbound_atom = caf::atom_constant<caf::atom("inbound")>;
using done_atom = caf::atom_constant<caf::atom("done")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using recover_atom = caf::atom_constant<caf::atom("recover")>;
using event_atom = caf::atom_constant<caf::atom("event")>;
using commit_atom = caf::atom_constant<caf::atom("commit")>;
using kick_atom = caf::atom_constant<caf::atom("kick")>;
using sent_atom = caf::atom_constant<caf::atom("sent")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using reload_atom = caf::atom_constant<caf::atom("reload")>;

struct WriteJobMsg {
  storage::WriteJob job;
};

// What a conversation tells the manager after each event (introspection, order).
struct ConversationReport {
  std::string step;
  bool verified = false;
  std::string masked_citizen;
  std::size_t mailbox = 0;
};

enum class CommitOutcome { committed, stale, failed };

struct ActorInfo {
  std::string id, chat, citizen, step;
  bool verified = false, live = true;
  std::size_t mailbox = 0, queued = 0;
  std::int64_t idle_ms = 0;
  std::uint64_t processed = 0, restarts = 0;
};
using ActorList = std::vector<ActorInfo>;

struct ManagerStats {
  std::uint64_t live = 0, spawned = 0, passivated = 0, restarted = 0, dead_letters = 0, events = 0;
  bool recovered = false;
};

struct SentMsg {
  OutboundItem item;
  SendResult result;
};

}  // namespace aduan::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(aduan::actors::WriteJobMsg)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(aduan::actors::ConversationReport)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(aduan::actors::CommitOutcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(aduan::actors::ActorList)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(aduan::actors::ManagerStats)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(aduan::actors::SentMsg)

namespace aduan::actors {
using OutboundItems = std::shared_ptr<std::vector<OutboundItem>>;
}
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(aduan::actors::OutboundItems)
