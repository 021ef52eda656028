// Pipeline benchmarks (issue 3), run by hand: `build/tests/pipeline_bench [N] [stubbed|committed|memory]`.
//  1. steps/s through manager → conversation → pure flow step, commits stubbed (LMDB reads real);
//  2. committed steps/s with real LMDB and fsync (state + outbox rows + inbox mark per step);
//  3. heap and RSS per live conversation holding a mid-flow state (OTP sent), at N chats.
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "tests/actors/pipeline_fixture.hpp"

using namespace aduan;
using namespace aduan::test;
using BenchClock = std::chrono::steady_clock;

namespace {

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}
std::size_t heap_bytes() { return mallinfo2().uordblks; }

// Inserts n pending inbox rows (text from distinct chats) in one transaction, then routes them.
std::vector<std::tuple<std::uint64_t, std::string, std::string>> insert_rows(Pipeline& p, int chats, int per_chat,
                                                                             const std::string& text) {
  std::vector<std::tuple<std::uint64_t, std::string, std::string>> rows;
  storage::Txn w(*p.env, true);
  static int next = 0;
  for (int i = 0; i < per_chat; ++i)
    for (int c = 0; c < chats; ++c) {
      InboundMessage m;
      m.id = "wamid.B" + std::to_string(++next);
      m.from = "629" + std::to_string(100000000 + c);
      m.type = "text";
      m.text = text;
      auto r = storage::record_inbound(w, m, p.clock->now());
      rows.emplace_back(r.seq, r.chat, m.from);
    }
  w.commit();
  return rows;
}

void route(Pipeline& p, const std::vector<std::tuple<std::uint64_t, std::string, std::string>>& rows) {
  for (auto& [seq, chat, from] : rows)
    caf::anon_send(p.manager, actors::inbound_atom::value, seq, chat, from, std::string());
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const std::string only = argc > 2 ? argv[2] : "all";  // stubbed | committed | memory | all
  auto runs = [&](const char* part) { return only == "all" || only == part; };
  if (runs("stubbed")) {  // 1. stubbed commits
    TempDir dir;
    Pipeline p(dir);
    p.svc->stub_commits = true;
    int chats = 1000, per_chat = n / chats;
    auto rows = insert_rows(p, chats, per_chat, "menu");
    auto start = BenchClock::now();
    route(p, rows);
    Pipeline::wait_for([&] { return p.svc->counters->steps.load() >= rows.size(); }, std::chrono::seconds(600));
    double s = std::chrono::duration<double>(BenchClock::now() - start).count();
    std::printf("stubbed commits: %zu steps in %.3f s = %.0f steps/s (%d chats)\n", rows.size(), s, rows.size() / s, chats);
  }
  if (runs("committed")) {  // 2. real LMDB + fsync
    TempDir dir;
    Pipeline p(dir);
    int chats = 2000, per_chat = std::max(1, n / 5 / chats);
    auto rows = insert_rows(p, chats, per_chat, "menu");
    auto tx0 = p.writer_counters->transactions.load();
    auto start = BenchClock::now();
    route(p, rows);
    Pipeline::wait_for([&] { return p.pending() == 0; }, std::chrono::seconds(600));
    double s = std::chrono::duration<double>(BenchClock::now() - start).count();
    auto tx = p.writer_counters->transactions.load() - tx0;
    std::printf("committed steps: %zu in %.3f s = %.0f steps/s, %lu write transactions (%.1f steps/txn)\n",
                rows.size(), s, rows.size() / s, static_cast<unsigned long>(tx), double(rows.size()) / tx);
  }
  if (runs("memory")) {  // 3. memory per live conversation
    TempDir dir;
    Pipeline p(dir);
    int chats = n;
    // Warm up allocator pools, then measure.
    auto heap0 = heap_bytes();
    long rss0 = rss_kib();
    auto rows = insert_rows(p, chats, 1, "halo");
    auto rows2 = insert_rows(p, chats, 1, "1");  // "use this WhatsApp number" → OTP pending
    route(p, rows);
    route(p, rows2);
    Pipeline::wait_for([&] { return p.pending() == 0; }, std::chrono::seconds(1200));
    auto live = p.stats().live;
    auto heap1 = heap_bytes();
    long rss1 = rss_kib();
    std::printf("live conversations: %lu; heap +%.0f B/conversation; RSS +%.0f B/conversation (RSS includes LMDB pages touched)\n",
                static_cast<unsigned long>(live), double(heap1 - heap0) / live, double(rss1 - rss0) * 1024 / live);
  }
  return 0;
}
