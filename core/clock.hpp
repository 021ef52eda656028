// The one time source. `system` reads the wall clock; `test` (sandbox only) holds a stored
// instant that moves only through advance() and never backwards (CONTRACTS.md ADUAN_CLOCK).
// Thread-safe: now() may be called from any thread.
#pragma once
#include <atomic>
#include <cstdint>

#include "core/types.hpp"

namespace aduan {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now() const = 0;
  virtual bool is_test() const { return false; }
};

class SystemClock final : public Clock {
 public:
  TimeMs now() const override;
};

class TestClock final : public Clock {
 public:
  explicit TestClock(TimeMs start) : now_(start) {}
  TimeMs now() const override { return now_.load(); }
  bool is_test() const override { return true; }
  // Moves forward by delta_ms (negative deltas are ignored) and returns the new instant.
  TimeMs advance(TimeMs delta_ms);

 private:
  std::atomic<TimeMs> now_;
};

TimeMs system_now_ms();

}  // namespace aduan
