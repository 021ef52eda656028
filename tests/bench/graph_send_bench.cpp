// Throughput of the real outbound path: outbox rows in LMDB → the dispatcher (per-recipient
// ordering on: one row in flight per recipient; limiter off) → the Graph channel → the
// HTTPS client's keep-alive pool → a local fake Graph server → the accepted row committed.
// A tool, not part of ctest (issue 4's number: ≥ 5,000 messages/s).
//   cmake --build B --target graph_send_bench
//   B/tests/graph_send_bench [MESSAGES=50000] [RECIPIENTS=2000] [POOL=16]
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "tests/support/dispatch_rig.hpp"

using namespace aduan;

int main(int argc, char** argv) {
  const std::size_t messages = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 50'000;
  const std::size_t recipients = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2'000;
  const std::size_t pool = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 16;
  constexpr std::size_t kRowsPerStep = 1000;  // rows committed per writer job

  test::RigOptions o;
  o.dispatcher.rate_per_s = 0;  // limiter off
  o.http.pool_size = pool;
  test::DispatchRig rig(o);
  rig.fake.record(false);

  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t done = 0; done < messages;) {
    std::vector<storage::OutboxRow> rows;
    for (; rows.size() < kRowsPerStep && done < messages; ++done)
      rows.push_back(test::DispatchRig::text_row("6281" + std::to_string(100000000 + done % recipients),
                                                 "pesan nomor " + std::to_string(done)));
    rig.add(std::move(rows));
  }
  const auto t_inserted = std::chrono::steady_clock::now();
  bool ok = test::DispatchRig::wait_for([&] { return rig.counts()["accepted"] >= messages; }, std::chrono::minutes(10));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double insert_s = std::chrono::duration<double>(t_inserted - t0).count();
  auto st = rig.graph_client->stats();
  std::cout << messages << " messages to " << recipients << " recipients in " << s << " s (rows inserted in "
            << insert_s << " s) = " << static_cast<long>(messages / s) << " messages/s; requests "
            << rig.fake.count() << ", connections " << st.connections_opened << ", pool " << pool
            << (ok ? "" : "  [INCOMPLETE]") << "\n";
  return ok ? 0 : 1;
}
