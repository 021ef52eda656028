// One conversation actor per chat (DESIGN.md §1). Thin: it owns the chat's state and
// sequencing, runs the pure flow step on each inbox row, and hands the result to the
// storage writer as ONE transaction; the next row waits for that commit (per-chat order,
// "confirmation means committed"). It never sees HTTP or LMDB write transactions.
//
// Messages: (event_atom, seq) from the manager; (commit_atom, seq, CommitOutcome, blob)
// from the writer's callback; (retry_atom, seq) after a storage failure.
// Failure: an exception in the flow kills the actor; the session manager restarts it from
// the last committed state and retries the same event (supervision lives there).
#pragma once
#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "actors/services.hpp"

namespace aduan::actors {

caf::actor spawn_conversation(caf::actor_system& sys, std::shared_ptr<const Services> svc, caf::actor manager,
                              std::string chat, std::string wa_id, std::string user_id);

}  // namespace aduan::actors
