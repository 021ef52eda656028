// Client subcommands (chat, scenario, inspect): registered here, bodies in their own files.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.hpp"

namespace aduan::app {

void register_client_commands(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config) {
  (void)app;
  (void)add_flags;
  (void)config;
}

}  // namespace aduan::app
