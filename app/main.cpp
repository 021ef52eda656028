// The aduan binary: every subcommand in one place (CONTRACTS.md "Commands").
// Exit codes: 0 ok; 1 a failure the user can act on (the message says what); 2 wrong usage.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  return aduan::app::run_cli(argc, argv);
}
