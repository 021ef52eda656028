// Throughput of the real outbound path: outbox rows in LMDB → the dispatcher (per-recipient
// ordering on: one row in flight per recipient; limiter off) → the Graph channel → the
// HTTPS client's keep-alive pool → a local fake Graph server → the accepted row committed.
// With --channel-only the same traffic goes straight into the Graph channel (per-recipient
// order kept by the bench itself: the next message to a recipient leaves when the previous
// one is answered), which isolates the HTTP sender from LMDB and the dispatcher.
// A tool, not part of ctest (issue 4's number: ≥ 5,000 messages/s).
//   cmake --build B --target graph_send_bench
//   B/tests/graph_send_bench [MESSAGES=50000] [RECIPIENTS=2000] [POOL=16] [--channel-only]
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "tests/support/dispatch_rig.hpp"

using namespace aduan;

namespace {

std::string recipient(std::size_t i, std::size_t recipients) { return "6281" + std::to_string(100000000 + i % recipients); }

// Each recipient's messages go one after another; all recipients run at once.
int channel_only(test::DispatchRig& rig, std::size_t messages, std::size_t recipients, std::size_t pool) {
  std::atomic<std::size_t> accepted{0}, answered{0};
  std::vector<std::size_t> next(recipients, 0);  // per recipient: messages sent so far (touched by its own chain only)
  const std::size_t per = messages / recipients;
  std::function<void(std::size_t)> send_next = [&](std::size_t r) {
    if (next[r] == per) return;
    OutboundItem it;
    it.channel = "graph";
    it.to = recipient(r, recipients);
    it.message = outbound_to_json(make_text("pesan nomor " + std::to_string(next[r]++)));
    rig.graph->send(it, [&, r](SendResult res) {
      if (res.outcome == SendResult::Outcome::accepted) ++accepted;
      ++answered;
      send_next(r);
    });
  };
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t r = 0; r < recipients; ++r) send_next(r);
  const std::size_t total = per * recipients;
  bool ok = test::DispatchRig::wait_for([&] { return answered.load() >= total; }, std::chrono::minutes(10));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "channel only: " << total << " messages to " << recipients << " recipients in " << s << " s = "
            << static_cast<long>(total / s) << " messages/s; accepted " << accepted << ", connections "
            << rig.graph_client->stats().connections_opened << ", pool " << pool << (ok ? "" : "  [INCOMPLETE]") << "\n";
  return ok && accepted == total ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool only_channel = false;
  std::vector<const char*> args;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--channel-only") == 0)
      only_channel = true;
    else
      args.push_back(argv[i]);
  }
  const std::size_t messages = args.size() > 0 ? std::strtoull(args[0], nullptr, 10) : 50'000;
  const std::size_t recipients = args.size() > 1 ? std::strtoull(args[1], nullptr, 10) : 2'000;
  const std::size_t pool = args.size() > 2 ? std::strtoull(args[2], nullptr, 10) : 16;
  constexpr std::size_t kRowsPerStep = 1000;  // rows committed per writer job

  test::RigOptions o;
  o.dispatcher.rate_per_s = 0;  // limiter off
  o.http.pool_size = pool;
  test::DispatchRig rig(o);
  rig.fake.record(false);
  if (only_channel) return channel_only(rig, messages, recipients, pool);

  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t done = 0; done < messages;) {
    std::vector<storage::OutboxRow> rows;
    for (; rows.size() < kRowsPerStep && done < messages; ++done)
      rows.push_back(test::DispatchRig::text_row(recipient(done, recipients), "pesan nomor " + std::to_string(done)));
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
