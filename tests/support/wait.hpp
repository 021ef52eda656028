// Polls a condition until it holds or a time limit passes, for tests that watch another thread
// or process. Returns the condition's last value (so a REQUIRE shows the failure).
#pragma once
#include <chrono>
#include <functional>
#include <thread>

namespace aduan::test {

template <class Rep, class Period>
bool wait_until(const std::function<bool()>& cond, std::chrono::duration<Rep, Period> limit,
                std::chrono::milliseconds poll = std::chrono::milliseconds(50)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(poll);
  }
  return cond();
}

inline bool wait_until(const std::function<bool()>& cond) { return wait_until(cond, std::chrono::seconds(60)); }

}  // namespace aduan::test
