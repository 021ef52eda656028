#include "actors/services.hpp"

namespace aduan::actors {

void PipelineCounters::observe_step(double seconds) {
  std::size_t i = 0;
  constexpr std::size_t n = sizeof(kStepBuckets) / sizeof(double);
  while (i < n && seconds > kStepBuckets[i]) ++i;
  step_bucket[i]++;
  step_count++;
  step_sum_us += static_cast<std::uint64_t>(seconds * 1e6);
}

}  // namespace aduan::actors
