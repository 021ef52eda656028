#include "core/clock.hpp"

#include <chrono>

namespace aduan {

TimeMs system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

TimeMs SystemClock::now() const { return system_now_ms(); }

TimeMs TestClock::advance(TimeMs delta_ms) {
  if (delta_ms < 0) delta_ms = 0;
  return now_.fetch_add(delta_ms) + delta_ms;
}

}  // namespace aduan
