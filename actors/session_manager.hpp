// The session manager (one): routes every durable inbox row to its chat's conversation
// actor (spawned on first use, at most one per chat), holds every handle (CAF 0.17 kills
// unreferenced actors), supervises them, passivates idle ones, fires durable timers and
// replays pending inbox rows on start-up (recovery) before the server reports ready.
//
// Supervision: a conversation that dies with an error is restarted from its last committed
// state and gets its outstanding rows again; the head row's durable attempt count is
// raised first, and after max_attempts tries the row is parked as a dead letter with one
// apology. Restarts beyond restart_intensity per window are delayed (no spinning).
// Routing stays behind route_key() so it can become shard-aware later (DESIGN.md §7).
#pragma once
#include <memory>

#include <caf/fwd.hpp>

#include "actors/services.hpp"

namespace aduan::actors {

caf::actor spawn_session_manager(caf::actor_system& sys, std::shared_ptr<Services> svc);

// The opaque id of a chat in /admin/actors (keyed hash: never reveals a phone number).
std::string actor_id_of(const std::string& id_salt, const std::string& chat);

}  // namespace aduan::actors
