// Runs one scenario (scenario_model.hpp) against a real `aduan serve`: by default a fresh
// server of its own (the given binary, free ports, a temp data dir, ADUAN_CLOCK=test, a
// fixed ops token) whose Graph and SMS senders post to the runner's fakes (fake_meta.hpp);
// or, with a target, an already running sandbox server read through /sandbox/*
// (scenarios that restart the server, load a fixture or need Graph message ids are then
// skipped). Every step is a real signed webhook or admin call; after it the runner waits
// until the server has answered (server_api.hpp settle), adds what arrived to the
// transcript, then checks the step's expectations (polling until expect_timeout).
// Blocking; call from any thread, one scenario per call (scenarios share nothing).
// Never throws: every problem is a failed result naming the step and expectation.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/scenario/scenario_model.hpp"
#include "app/scenario/target.hpp"

namespace aduan::app {

constexpr auto kDefaultExpectTimeout = std::chrono::milliseconds(5000);
constexpr const char* kScenarioOpsToken = "scenario-ops-token-0123456789";
constexpr const char* kScenarioGraphToken = "scenario-graph-token";
constexpr const char* kScenarioSmsToken = "scenario-sms-token";

struct RunOptions {
  std::string binary;                  // the aduan executable (own-server mode)
  std::optional<ServerTarget> target;  // set: use this running sandbox server instead
  std::string temp_root;               // parent of the temp data dirs; "" = $TMPDIR or /tmp
  std::chrono::milliseconds expect_timeout = kDefaultExpectTimeout;
  bool keep_data = false;              // keep the data dir even when the scenario passes
};

enum class Outcome { passed, failed, skipped };

struct ScenarioResult {
  std::string file, name;
  Outcome outcome = Outcome::failed;
  std::string message;                  // failed: the step, the expectation and why; skipped: why
  std::vector<std::string> transcript;  // citizen, bot, SMS, officer and runner lines
  std::string data_dir;                 // own-server mode: kept on failure
  double seconds = 0;
};

ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options);

// The report of a failed (or skipped) scenario: what failed, then the whole transcript.
std::string format_report(const ScenarioResult& r);

}  // namespace aduan::app
