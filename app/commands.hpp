// Command-line parsing (CLI11) and dispatch to each subcommand's body. Subcommands that
// live in other files register themselves through the register_* functions and set the
// command to run from their CLI11 callback.
#pragma once
#include <functional>
#include <optional>

#include "core/config.hpp"

namespace CLI {
class App;
}

namespace aduan::app {

using ConfigFlagAdder = std::function<void(CLI::App*, bool with_listeners)>;
using ConfigLoader = std::function<std::optional<Config>()>;

// The chosen subcommand's body; returns the exit code.
void set_command(std::function<int()> body);

void register_registry_commands(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config);
void register_client_commands(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config);

int run_cli(int argc, char** argv);

}  // namespace aduan::app
