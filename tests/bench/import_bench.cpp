// Throughput of `aduan import` on the demo registry: writes COUNT demo lines to a temp file,
// imports them into a fresh LMDB environment in a temp dir, then imports the same file again
// (every line unchanged). A tool, not part of ctest. Build against a configured tree (dir B):
//   cmake --build B --target aduan_storage
//   g++ -std=c++17 -O2 -I. tests/bench/import_bench.cpp B/storage/libaduan_storage.a \
//       B/certs/libaduan_certs.a B/core/libaduan_core.a -llmdb -lhpdf -lqrencode -lcrypto \
//       -o B/import_bench
//   B/import_bench [COUNT] [BATCH_LINES] [PASSES]   (PASSES 1: first import only)
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/demo_registry.hpp"
#include "storage/importer.hpp"

namespace fs = std::filesystem;

// CPU seconds (user + system, all threads) used by this process so far: on a shared machine the
// wall-clock rate depends on the neighbours, the CPU cost per citizen does not.
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const std::size_t batch = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : aduan::storage::kImportBatchLines;
  std::string tmpl = (fs::temp_directory_path() / "aduan-import-bench-XXXXXX").string();
  const fs::path dir = ::mkdtemp(tmpl.data());
  const fs::path file = dir / "registry.jsonl";
  {
    std::ofstream out(file, std::ios::binary);
    aduan::write_demo_registry(out, count);
  }
  std::cerr << "registry: " << count << " lines, " << fs::file_size(file) / (1 << 20) << " MiB\n";
  aduan::storage::EnvOptions o;
  o.dir = (dir / "env").string();
  auto env = aduan::storage::Env::open(o);
  const int passes = argc > 3 ? std::atoi(argv[3]) : 2;
  int rc = 0;
  for (int p = 0; p < passes; ++p) {
    const char* pass = p == 0 ? "first import" : "re-import";
    std::ifstream in(file, std::ios::binary);
    const double cpu_before = cpu_seconds();
    aduan::storage::ImportOptions opts;
    opts.now = 1'700'000'000'000;
    opts.batch_lines = batch;
    const auto rep = aduan::storage::import_registry(*env, in, opts);
    std::cerr << pass << ": added " << rep.added << ", updated " << rep.updated << ", unchanged " << rep.unchanged
              << ", rejected " << rep.rejected << " in " << rep.seconds << " s = " << static_cast<long>(rep.rate())
              << " citizens/s; CPU " << (cpu_seconds() - cpu_before) << " s = "
              << (cpu_seconds() - cpu_before) * 1e6 / static_cast<double>(count) << " us per line\n";
    if (rep.rejected) rc = 1;
  }
  std::cerr << "environment: " << env->usage().used_bytes / (1 << 20) << " MiB used\n";
  env.reset();
  fs::remove_all(dir);
  return rc;
}
