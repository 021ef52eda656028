// Throughput of the demo registry generator; a tool, not part of ctest.
// Build against a configured tree (e.g. build dir B):
//   cmake --build B --target aduan_core
//   g++ -std=c++17 -O2 -I. tests/bench/demo_registry_bench.cpp B/core/libaduan_core.a -lcrypto \
//       -o B/demo_registry_bench
//   B/demo_registry_bench [COUNT] [SEED] > /dev/null
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "core/demo_registry.hpp"

int main(int argc, char** argv) {
  std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : aduan::kDefaultDemoSeed;
  std::ios::sync_with_stdio(false);
  auto t0 = std::chrono::steady_clock::now();
  aduan::write_demo_registry(std::cout, count, seed);
  std::cout.flush();
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << count << " lines in " << s << " s = " << static_cast<long>(count / s) << " lines/s\n";
  return std::cout ? 0 : 1;
}
