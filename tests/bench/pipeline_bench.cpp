// Pipeline benchmarks (issue 3), run by hand: `build/tests/pipeline_bench [N] [stubbed|committed|memory]`.
//  1. steps/s through manager → conversation → pure flow step, commits stubbed (LMDB reads real);
//  2. committed steps/s with real LMDB and fsync (state + outbox rows + inbox mark per step);
//  3. heap and RSS per live conversation holding a verified mid-flow state, at N chats.
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "storage/chat_store.hpp"
#include "tests/actors/pipeline_fixture.hpp"

using namespace aduan;
using namespace aduan::test;
using BenchClock = std::chrono::steady_clock;
using json = nlohmann::json;

namespace {

// A /proc/self/status figure in KiB: VmRSS (all resident pages, LMDB's file pages included)
// or RssAnon (this process's own memory: heap, stacks — what a live conversation costs).
long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return std::stol(line.substr(prefix.size()));
  return 0;
}
std::size_t heap_bytes() { return mallinfo2().uordblks; }
// CPU seconds of all threads so far: on a shared machine the wall rate depends on the
// neighbours; the CPU cost per step does not.
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

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
    double cpu0 = cpu_seconds();
    route(p, rows);
    Pipeline::wait_for([&] { return p.svc->counters->steps.load() >= rows.size(); }, std::chrono::seconds(600));
    double s = std::chrono::duration<double>(BenchClock::now() - start).count();
    double cpu = cpu_seconds() - cpu0;
    std::printf("stubbed commits: %zu steps in %.3f s = %.0f steps/s (%d chats); CPU %.2f us/step\n", rows.size(), s,
                rows.size() / s, chats, cpu * 1e6 / rows.size());
  }
  if (runs("committed")) {  // 2. real LMDB + fsync
    TempDir dir;
    Pipeline p(dir);
    int chats = 2000, per_chat = std::max(1, n / 5 / chats);
    auto rows = insert_rows(p, chats, per_chat, "menu");
    auto tx0 = p.writer_counters->transactions.load();
    auto start = BenchClock::now();
    double cpu0 = cpu_seconds();
    route(p, rows);
    Pipeline::wait_for([&] { return p.pending() == 0; }, std::chrono::seconds(600));
    double s = std::chrono::duration<double>(BenchClock::now() - start).count();
    auto tx = p.writer_counters->transactions.load() - tx0;
    double cpu = cpu_seconds() - cpu0;
    std::printf("committed steps: %zu in %.3f s = %.0f steps/s, %lu write transactions (%.1f steps/txn); CPU %.2f us/step\n",
                rows.size(), s, rows.size() / s, static_cast<unsigned long>(tx), double(rows.size()) / tx,
                cpu * 1e6 / rows.size());
  }
  if (runs("memory")) {  // 3. memory per live conversation holding a verified mid-flow state
    TempDir dir;
    Pipeline p(dir);
    int chats = n;
    const TimeMs now = p.clock->now();
    // The state a real journey reaches (tests/core: login, "data", "name", a new name typed):
    // verified, a correction preview waiting for YA/BATAL. Seeded as stored records, so each
    // event below respawns a conversation from storage the way a returning citizen does.
    const json verified_confirm = {
        {"draft", {{"citizen", "C-AGUS"}, {"field", "name"}, {"kind", ""}, {"mode", "apply"}, {"new", "Agus Saleem"},
                   {"old", "Agus Salim"}, {"other", ""}, {"reason", ""}, {"ver", 5}}},
        {"guard", {{"6281311112222", {{"f", 0}, {"lock", 0}, {"sends", {now}}}}}},
        {"lang", "id"}, {"last_in", now}, {"n", 5}, {"nag", false}, {"opts", {"yes", "no"}},
        {"otp_phone", "6281311112222"},
        {"sess", {{"citizen", "C-AGUS"}, {"exp", now + 1'800'000}, {"family", {"C-AGUS"}}, {"phone", "6281311112222"}}},
        {"step", "correction_confirm"}, {"v", 1}};
    {
      storage::Txn w(*p.env, true);
      for (int c = 0; c < chats; ++c) {
        storage::ChatRecord rec;
        rec.wa_id = "629" + std::to_string(100000000 + c);
        rec.key = "wa:" + rec.wa_id;
        storage::set_chat_state(rec, verified_confirm);
        rec.last_inbound = now;
        storage::put_chat(w, rec);
      }
      w.commit();
    }
    auto rows = insert_rows(p, chats, 1, "hmm");  // unclear answer: the preview is asked again
    malloc_trim(0);
    auto heap0 = heap_bytes();
    long rss0 = status_kib("VmRSS"), anon0 = status_kib("RssAnon");
    // Citizens arrive over time, not all in one instant: waves of kWave events, each drained
    // before the next, so the figure is what live conversations hold, not a burst's queues.
    constexpr std::size_t kWave = 5000;
    for (std::size_t from = 0; from < rows.size(); from += kWave) {
      std::vector<std::tuple<std::uint64_t, std::string, std::string>> wave(
          rows.begin() + from, rows.begin() + std::min(rows.size(), from + kWave));
      route(p, wave);
      const std::uint64_t done = from + wave.size();
      Pipeline::wait_for([&] { return p.svc->counters->steps.load() >= done; }, std::chrono::seconds(1200));
    }
    // Every conversation has taken its commit answer (and dropped what it holds while idle).
    Pipeline::wait_for([&] { return p.svc->counters->steps.load() >= static_cast<std::uint64_t>(chats); },
                       std::chrono::seconds(600));
    auto live = p.stats().live;
    malloc_trim(0);  // free pages the transient work left in malloc's arenas, as before heap0
    auto heap1 = heap_bytes();
    long rss1 = status_kib("VmRSS"), anon1 = status_kib("RssAnon");
    {
      storage::Txn t(*p.env, false);
      auto rec = storage::get_chat(t, std::get<1>(rows.front()));
      auto state = rec ? storage::chat_state(*rec) : json::object();
      bool verified = state.contains("sess") && state["sess"].value("exp", TimeMs{0}) > now;
      std::printf("one conversation after its step: step %s, %s, state %zu bytes encoded\n",
                  state.value("step", "?").c_str(), verified ? "verified" : "NOT VERIFIED",
                  rec ? rec->state_blob.size() : std::size_t{0});
    }
    std::printf("live conversations: %lu; per conversation: heap +%.0f B, anonymous RSS +%.0f B, "
                "RSS +%.0f B (RSS includes the LMDB file pages this process wrote and read)\n",
                static_cast<unsigned long>(live), double(heap1 - heap0) / live, double(anon1 - anon0) * 1024 / live,
                double(rss1 - rss0) * 1024 / live);
  }
  return 0;
}
