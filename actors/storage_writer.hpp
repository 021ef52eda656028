// The storage writer: ONE detached actor (its own OS thread, so fsync never blocks the
// scheduler) that owns every LMDB write. Jobs (WriteJobMsg) queue in its mailbox; the
// first one schedules a flush, and the flush runs everything queued by then in one
// transaction (group commit, storage/group_commit.hpp). Each job's done() runs on this
// thread after the commit: keep it short (post to an executor or send a message).
#pragma once
#include <atomic>
#include <memory>

#include <caf/fwd.hpp>

#include "storage/group_commit.hpp"

namespace aduan::actors {

struct WriterCounters {
  std::atomic<std::uint64_t> transactions{0}, jobs{0}, failed_commits{0};
};

caf::actor spawn_storage_writer(caf::actor_system& sys, std::shared_ptr<storage::Env> env,
                                std::size_t max_batch, std::shared_ptr<WriterCounters> counters);

// Sends a job to the writer from any thread (an actor or an HTTP thread).
void submit(const caf::actor& writer, storage::WriteJob job);

}  // namespace aduan::actors
