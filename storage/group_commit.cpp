#include "storage/group_commit.hpp"

#include <cerrno>

namespace aduan::storage {

void GroupCommitter::run_batch(std::vector<WriteJob>& jobs) {
  if (jobs.empty()) return;
  std::vector<JobResult> results(jobs.size());
  std::string commit_error;
  for (int attempt = 0; attempt < 2; ++attempt) {
    commit_error.clear();
    bool map_full = false;
    try {
      Txn outer(*env_, true);
      for (std::size_t i = 0; i < jobs.size(); ++i) {
        JobResult r;
        try {
          Txn inner(*env_, true, &outer);
          r.value = jobs[i].run(inner);
          inner.commit();
          r.ok = true;
        } catch (const StorageError& e) {
          if (e.code == MDB_MAP_FULL || e.code == MDB_TXN_FULL) {
            map_full = true;
            break;
          }
          r.error = e.what();
        } catch (const std::exception& e) {
          r.error = e.what();
        }
        results[i] = std::move(r);
      }
      if (map_full) {
        outer.abort();
      } else {
        if (fail_next_) {
          fail_next_ = false;
          throw StorageError(ENOSPC, "commit: No space left on device (injected)");
        }
        outer.commit();
        ++stats_.transactions;
        break;
      }
    } catch (const StorageError& e) {
      if (e.code == MDB_MAP_FULL) {
        map_full = true;
      } else {
        commit_error = e.what();
        break;
      }
    }
    if (map_full) {
      if (attempt == 0) {
        try {
          env_->grow();
          ++stats_.grows;
          continue;
        } catch (const StorageError& e) {
          commit_error = e.what();
          break;
        }
      }
      commit_error = "storage full: map size exhausted";
    }
  }
  stats_.jobs += jobs.size();
  if (!commit_error.empty()) {
    ++stats_.failed_commits;
    for (auto& r : results) r = JobResult{false, commit_error, nullptr};
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (!results[i].ok) ++stats_.failed_jobs;
    if (!jobs[i].done) continue;
    try {
      jobs[i].done(results[i]);
    } catch (const std::exception&) {
      ++stats_.failed_callbacks;  // the caller's bug must not stop every later commit
    }
  }
}

}  // namespace aduan::storage
