// Group commit: runs many write jobs in ONE LMDB write transaction (one fsync), each job in
// its own nested transaction so a failing job rolls back alone. Completion callbacks run
// only after the outer commit is durable. Used by exactly one thread (the storage writer
// actor's); CLI tools use it directly. Knows nothing of CAF.
//
// Errors: a job that throws gets JobResult{ok=false, error}; its nested txn is aborted.
// If the outer commit fails (disk full, I/O error) every job of the batch gets ok=false
// with the reason; with MDB_MAP_FULL the map is grown once and the batch retried.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/lmdb_env.hpp"

namespace aduan::storage {

struct JobResult {
  bool ok = false;
  std::string error;        // set when !ok
  nlohmann::json value;     // what the job returned
};

struct WriteJob {
  std::function<nlohmann::json(Txn&)> run;     // runs inside a nested write txn
  std::function<void(const JobResult&)> done;  // after the outer commit (or failure)
};

struct GroupCommitStats {
  std::uint64_t transactions = 0, jobs = 0, failed_jobs = 0, failed_commits = 0, grows = 0;
  std::uint64_t failed_callbacks = 0;  // a done() that threw: caught, so the writer lives on
};

class GroupCommitter {
 public:
  explicit GroupCommitter(std::shared_ptr<Env> env) : env_(std::move(env)) {}
  // Runs the jobs in one transaction and then calls every done() in order.
  void run_batch(std::vector<WriteJob>& jobs);
  const GroupCommitStats& stats() const { return stats_; }
  Env& env() { return *env_; }
  // Test hook: makes the next outer commit fail as a full disk would.
  void fail_next_commit_for_test() { fail_next_ = true; }

 private:
  std::shared_ptr<Env> env_;
  GroupCommitStats stats_;
  bool fail_next_ = false;
};

}  // namespace aduan::storage
