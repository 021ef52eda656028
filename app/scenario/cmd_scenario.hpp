// `aduan scenario FILE... [--url WEBHOOK_URL [ADMIN_URL] | --running] [--jobs N]`: loads
// every scenario first (a malformed file stops everything with its file:line, exit 1),
// then runs them, `jobs` at a time, each against its own fresh server (or one after the
// other against a running sandbox server). Prints PASS/FAIL/SKIP per scenario as it
// finishes, and for a failure the step, the expectation and the whole transcript; then a
// summary. Exit 0 when none failed, 1 otherwise, 2 for wrong usage (CLI11).
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/scenario/runner.hpp"

namespace aduan::app {

constexpr int kDefaultScenarioJobs = 2;
constexpr int kMaxScenarioJobs = 32;

struct ScenarioBatch {
  std::vector<std::string> files;
  RunOptions run;
  int jobs = kDefaultScenarioJobs;
  bool verbose = false;  // print the transcript of passing scenarios too
};

int run_scenarios(const ScenarioBatch& batch, std::ostream& out, std::ostream& err);

// The running binary (/proc/self/exe), for the servers the runner starts.
std::string self_executable();

void register_scenario_command(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config);

}  // namespace aduan::app
