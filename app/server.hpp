// `aduan serve`: wires storage, actors and listeners together and runs until SIGINT or
// SIGTERM; then stops accepting, finishes what was acknowledged within shutdown_grace_s,
// stops the actors, closes LMDB and returns 0. SIGHUP re-reads the Graph token file.
// Returns 1 with a message on start-up failures (bad data dir, port in use, bad key file).
#pragma once
#include <iosfwd>

#include "core/config.hpp"

namespace aduan::app {

int run_server(const Config& cfg);

// Where config/ files are found: next to the working directory, else the source tree.
std::string resolve_config_path(const std::string& configured, const std::string& relative);

}  // namespace aduan::app
