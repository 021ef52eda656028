// What every actor of the conversation pipeline shares, built once by the server and
// immutable afterwards (read from any thread). Counters are atomics for /metrics.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <caf/actor.hpp>

#include "core/clock.hpp"
#include "core/free_text_mask.hpp"

namespace aduan {
class Catalogue;
namespace flow {
struct FlowConfig;
}
namespace storage {
class Env;
}
}  // namespace aduan

namespace aduan::actors {

struct PipelineCounters {
  std::atomic<std::uint64_t> steps{0}, stale_retries{0}, spawned{0}, passivated{0}, restarted{0},
      dead_letters{0}, live{0}, timers_fired{0}, otp_locked{0};
  // Step latency histogram (seconds): bucket upper bounds in kStepBuckets.
  static constexpr double kStepBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  std::atomic<std::uint64_t> step_bucket[sizeof(kStepBuckets) / sizeof(double) + 1]{};
  std::atomic<std::uint64_t> step_count{0};
  std::atomic<std::uint64_t> step_sum_us{0};
  void observe_step(double seconds);
};

struct Services {
  std::shared_ptr<storage::Env> env;
  caf::actor writer;
  caf::actor dispatcher;  // may be invalid (tests): then no kicks
  std::shared_ptr<const flow::FlowConfig> flow_config;
  std::shared_ptr<const Catalogue> catalogue;
  // Masks free text in transcripts (built from the catalogue); null: every word is masked.
  std::shared_ptr<const FreeTextMask> text_mask;
  std::shared_ptr<const Clock> clock;
  int max_attempts = 3;
  int passivate_after_s = 600;
  int restart_intensity = 10;
  int restart_window_s = 60;
  std::string id_salt;  // keys opaque actor ids (never reveal a phone)
  std::string apology_text = "Maaf, pesan Anda tidak dapat kami proses. Silakan coba lagi atau ketik menu.";
  std::shared_ptr<std::atomic<bool>> recovered = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<PipelineCounters> counters = std::make_shared<PipelineCounters>();
  // Test hook: called before each flow step with the chat key, inbox seq and the text of
  // the input (may throw to simulate a bug, or block to observe concurrency).
  std::function<void(const std::string& chat, std::uint64_t seq, const std::string& text)> before_step;
  // Benchmark seam: when set, a step's commit is handed here instead of the storage writer
  // and counts as committed at once (measures manager → actor → pure step alone).
  bool stub_commits = false;
};

}  // namespace aduan::actors
