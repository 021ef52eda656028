// Client subcommands (chat, scenario, inspect): registered here, bodies in their own files.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cmd_chat.hpp"
#include "app/cmd_inspect.hpp"
#include "app/scenario/cmd_scenario.hpp"
#include "app/commands.hpp"

namespace aduan::app {

void register_client_commands(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config) {
  register_inspect_command(app, add_flags, config);
  register_chat_command(app, add_flags, config);
  register_scenario_command(app, add_flags, config);
}

}  // namespace aduan::app
