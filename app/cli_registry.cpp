// Registry subcommands (import, export-corrections, demo-registry, verify-cert, officer):
// parsed here, bodies in app/cmd_registry.cpp.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cmd_registry.hpp"
#include "app/commands.hpp"
#include "core/demo_registry.hpp"

namespace aduan::app {

void register_registry_commands(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config) {
  // Option storage lives as long as the parse (static: one parse per process).
  static std::string file, since, input, name, verify_data_dir;
  static std::size_t count = 1000;
  static std::uint64_t seed = kDefaultDemoSeed;

  auto* imp = app.add_subcommand("import", "Load or update citizens from a registry JSONL file");
  imp->add_option("FILE", file, "registry file (JSON Lines)")->required();
  add_flags(imp, false);
  imp->callback([config] {
    set_command([config] {
      auto cfg = config();
      return cfg ? run_import(*cfg, file, std::cout, std::cerr) : 1;
    });
  });

  auto* exp = app.add_subcommand("export-corrections", "Write every change made through aduan as JSONL");
  exp->add_option("--since", since, "only changes at or after this RFC 3339 time");
  add_flags(exp, false);
  exp->callback([config] {
    set_command([config] {
      auto cfg = config();
      return cfg ? run_export_corrections(*cfg, since, std::cout, std::cerr) : 1;
    });
  });

  auto* demo = app.add_subcommand("demo-registry", "Write a synthetic registry (JSONL) to stdout");
  demo->add_option("--count", count, "number of citizens, personas included (default 1000)");
  demo->add_option("--seed", seed, "generator seed (the default always yields the README personas)");
  demo->callback([] { set_command([] { return run_demo_registry(count, seed, std::cout, std::cerr); }); });

  auto* verify = app.add_subcommand("verify-cert", "Check a certificate PDF or QR payload offline");
  verify->add_option("INPUT", input, "certificate PDF file, or the QR payload text")->required();
  add_flags(verify, false);
  verify->callback([config] {
    set_command([config] {
      auto cfg = config();
      return cfg ? run_verify_cert(*cfg, input, std::cout, std::cerr) : 1;
    });
  });

  auto* officer = app.add_subcommand("officer", "Manage officer tokens");
  officer->require_subcommand(1);
  auto* add = officer->add_subcommand("add", "Create an officer; prints the new token once");
  add->add_option("NAME", name, "officer name")->required();
  add_flags(add, false);
  add->callback([config] {
    set_command([config] {
      auto cfg = config();
      return cfg ? run_officer_add(*cfg, name, std::cout, std::cerr) : 1;
    });
  });
  auto* list = officer->add_subcommand("list", "List officers (never their tokens)");
  add_flags(list, false);
  list->callback([config] {
    set_command([config] {
      auto cfg = config();
      return cfg ? run_officer_list(*cfg, std::cout, std::cerr) : 1;
    });
  });
  auto* revoke = officer->add_subcommand("revoke", "Revoke an officer's token");
  revoke->add_option("NAME", name, "officer name")->required();
  add_flags(revoke, false);
  revoke->callback([config] {
    set_command([config] {
      auto cfg = config();
      return cfg ? run_officer_revoke(*cfg, name, std::cout, std::cerr) : 1;
    });
  });
}

}  // namespace aduan::app
