#include "actors/storage_writer.hpp"

#include <deque>

#include "actors/messages.hpp"

namespace aduan::actors {
namespace {

struct WriterState {
  std::unique_ptr<storage::GroupCommitter> committer;
  std::vector<storage::WriteJob> queue;
  bool flush_scheduled = false;
  std::size_t max_batch = 1000;
  std::shared_ptr<WriterCounters> counters;
  static inline const char* name = "storage_writer";
};

void flush(caf::stateful_actor<WriterState>* self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.queue.empty()) return;
  std::vector<storage::WriteJob> batch;
  batch.swap(st.queue);
  st.committer->run_batch(batch);
  auto& s = st.committer->stats();
  st.counters->transactions = s.transactions;
  st.counters->jobs = s.jobs;
  st.counters->failed_commits = s.failed_commits;
}

caf::behavior writer(caf::stateful_actor<WriterState>* self, std::shared_ptr<storage::Env> env,
                     std::size_t max_batch, std::shared_ptr<WriterCounters> counters) {
  self->state.committer = std::make_unique<storage::GroupCommitter>(std::move(env));
  self->state.max_batch = max_batch;
  self->state.counters = std::move(counters);
  return {
      [=](WriteJobMsg& msg) {
        auto& st = self->state;
        st.queue.push_back(std::move(msg.job));
        if (st.queue.size() >= st.max_batch) {
          flush(self);
        } else if (!st.flush_scheduled) {
          st.flush_scheduled = true;
          // Lands behind every job already in the mailbox: they share the transaction.
          self->send(self, flush_atom::value);
        }
      },
      [=](flush_atom) { flush(self); },
      [=](stop_atom, const std::string&) {
        flush(self);  // every job queued before the stop lands first
        self->quit();
      },
  };
}

}  // namespace

caf::actor spawn_storage_writer(caf::actor_system& sys, std::shared_ptr<storage::Env> env,
                                std::size_t max_batch, std::shared_ptr<WriterCounters> counters) {
  return sys.spawn<caf::detached>(writer, std::move(env), max_batch, std::move(counters));
}

void submit(const caf::actor& writer, storage::WriteJob job) {
  caf::anon_send(writer, WriteJobMsg{std::move(job)});
}

}  // namespace aduan::actors
