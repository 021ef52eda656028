#include "app/scenario/cmd_scenario.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <atomic>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <thread>

namespace aduan::app {

std::string self_executable() {
  std::vector<char> buf(4096);
  ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : std::string("aduan");
}

int run_scenarios(const ScenarioBatch& batch, std::ostream& out, std::ostream& err) {
  std::vector<Scenario> scenarios;
  bool bad = false;
  for (const auto& f : batch.files) {
    auto r = load_scenario(f);
    if (!r.scenario) {
      err << r.error << "\n";
      bad = true;
    } else {
      scenarios.push_back(std::move(*r.scenario));
    }
  }
  if (bad) return 1;
  if (scenarios.empty()) {
    err << "aduan scenario: no scenario files given\n";
    return 1;
  }
  // A shared running server cannot tell two scenarios' traffic apart when it settles.
  const int jobs = batch.run.target ? 1 : std::max(1, std::min(batch.jobs, kMaxScenarioJobs));
  std::atomic<std::size_t> next{0};
  std::mutex mu;
  std::size_t passed = 0, failed = 0, skipped = 0;
  std::vector<std::string> failures;
  const auto t0 = std::chrono::steady_clock::now();
  auto worker = [&] {
    for (;;) {
      const std::size_t i = next++;
      if (i >= scenarios.size()) return;
      ScenarioResult r = run_scenario(scenarios[i], batch.run);
      std::lock_guard<std::mutex> lock(mu);
      if (r.outcome == Outcome::passed) {
        ++passed;
        out << "PASS  " << r.name << "  (" << r.file << ", " << std::fixed << std::setprecision(1) << r.seconds
            << " s)\n";
        if (batch.verbose)
          for (const auto& l : r.transcript) out << "    " << l << "\n";
      } else if (r.outcome == Outcome::skipped) {
        ++skipped;
        out << format_report(r);
      } else {
        ++failed;
        failures.push_back(r.file);
        out << format_report(r);
      }
      out.flush();
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out << "\n" << passed << " passed, " << failed << " failed, " << skipped << " skipped in " << std::fixed
      << std::setprecision(1) << secs << " s (" << jobs << " at a time)\n";
  for (const auto& f : failures) out << "  failed: " << f << "\n";
  return failed == 0 ? 0 : 1;
}

void register_scenario_command(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config) {
  struct Args {
    ScenarioBatch batch;
    std::vector<std::string> urls;
    bool running = false;
    std::string token, temp;
    double timeout_s = std::chrono::duration<double>(kDefaultExpectTimeout).count();
  };
  static Args a;  // one parse per process
  auto* sub = app.add_subcommand("scenario", "Run scenario files (tests/scenarios/*.yaml) against real servers");
  sub->add_option("FILE", a.batch.files, "scenario files (YAML)")->required()->check(CLI::ExistingFile);
  sub->add_option("--url", a.urls,
                  "use a running sandbox server: its webhook base URL, then optionally its admin base URL "
                  "(the other comes from the configuration)")
      ->expected(1, 2);
  sub->add_flag("--running", a.running, "use the running sandbox server named by the configuration");
  sub->add_option("--token", a.token, "ops token of the running server (default: ADUAN_ADMIN_TOKEN or DATA_DIR/admin.token)");
  sub->add_option("--jobs,-j", a.batch.jobs, "scenarios run at the same time, each with its own server (default 2)")
      ->check(CLI::Range(1, kMaxScenarioJobs));
  sub->add_option("--timeout", a.timeout_s, "seconds an expectation may take to hold (default 5)")
      ->check(CLI::Range(0.1, 600.0));
  sub->add_option("--temp", a.temp, "folder for the temporary data dirs (default $TMPDIR or /tmp)");
  sub->add_flag("--keep", a.batch.run.keep_data, "keep every data dir, not only those of failed scenarios");
  sub->add_flag("--verbose,-v", a.batch.verbose, "print the transcript of passing scenarios too");
  add_flags(sub, true);
  sub->callback([config] {
    set_command([config]() -> int {
      auto& b = a.batch;
      b.run.binary = self_executable();
      b.run.temp_root = a.temp;
      b.run.expect_timeout = std::chrono::milliseconds(static_cast<long>(a.timeout_s * 1000));
      if (!a.urls.empty() || a.running) {
        auto cfg = config();
        if (!cfg) return 1;
        TargetFlags f;
        if (!a.urls.empty()) f.webhook_url = a.urls[0];
        if (a.urls.size() > 1) f.admin_url = a.urls[1];
        f.token = a.token;
        std::string error;
        auto t = resolve_target(*cfg, f, &error);
        if (!t) {
          std::cerr << "aduan scenario: " << error << "\n";
          return 1;
        }
        b.run.target = *t;
      }
      return run_scenarios(b, std::cout, std::cerr);
    });
  });
}

}  // namespace aduan::app
