#include <catch2/catch.hpp>

#include "storage/group_commit.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aduan;
using namespace aduan::storage;
using json = nlohmann::json;

namespace {
std::shared_ptr<Env> open_env(const test::TempDir& dir, std::uint64_t map = 64ull << 20) {
  EnvOptions o;
  o.dir = dir.path();
  o.map_size_bytes = map;
  return Env::open(o);
}
WriteJob put_job(std::string key, std::vector<JobResult>* out) {
  return WriteJob{[key](Txn& w) {
                    w.put(w.dbs().meta, key, "v");
                    return json(key);
                  },
                  [out](const JobResult& r) { out->push_back(r); }};
}
}  // namespace

TEST_CASE("many jobs share one transaction and each is answered after the commit") {
  test::TempDir dir;
  auto env = open_env(dir);
  GroupCommitter gc(env);
  std::vector<JobResult> results;
  std::vector<WriteJob> jobs;
  for (int i = 0; i < 100; ++i) jobs.push_back(put_job("k" + std::to_string(i), &results));
  gc.run_batch(jobs);
  CHECK(gc.stats().transactions == 1);
  CHECK(gc.stats().jobs == 100);
  REQUIRE(results.size() == 100);
  for (auto& r : results) CHECK(r.ok);
  Txn t(*env, false);
  CHECK(t.get(t.dbs().meta, "k99") == std::string("v"));
}

TEST_CASE("a failing job rolls back alone and the others commit") {
  test::TempDir dir;
  auto env = open_env(dir);
  GroupCommitter gc(env);
  std::vector<JobResult> results;
  std::vector<WriteJob> jobs;
  jobs.push_back(put_job("a", &results));
  jobs.push_back(WriteJob{[](Txn& w) -> json {
                            w.put(w.dbs().meta, "half", "written");
                            throw std::runtime_error("boom");
                          },
                          [&](const JobResult& r) { results.push_back(r); }});
  jobs.push_back(put_job("b", &results));
  gc.run_batch(jobs);
  REQUIRE(results.size() == 3);
  CHECK(results[0].ok);
  CHECK_FALSE(results[1].ok);
  CHECK(results[1].error == "boom");
  CHECK(results[2].ok);
  Txn t(*env, false);
  CHECK(t.exists(t.dbs().meta, "a"));
  CHECK(t.exists(t.dbs().meta, "b"));
  CHECK_FALSE(t.exists(t.dbs().meta, "half"));
}

TEST_CASE("a failed commit answers every job with the error and writes nothing") {
  test::TempDir dir;
  auto env = open_env(dir);
  GroupCommitter gc(env);
  gc.fail_next_commit_for_test();
  std::vector<JobResult> results;
  std::vector<WriteJob> jobs;
  jobs.push_back(put_job("x", &results));
  jobs.push_back(put_job("y", &results));
  gc.run_batch(jobs);
  REQUIRE(results.size() == 2);
  CHECK_FALSE(results[0].ok);
  CHECK_THAT(results[0].error, Catch::Contains("No space"));
  Txn t(*env, false);
  CHECK_FALSE(t.exists(t.dbs().meta, "x"));
}

TEST_CASE("a full map is grown and the batch retried") {
  test::TempDir dir;
  auto env = open_env(dir, 1ull << 20);  // 1 MiB
  GroupCommitter gc(env);
  std::vector<JobResult> results;
  std::vector<WriteJob> jobs;
  std::string big(4000, 'x');
  for (int i = 0; i < 400; ++i)
    jobs.push_back(WriteJob{[i, big](Txn& w) {
                              w.put(w.dbs().meta, "big" + std::to_string(i), big);
                              return json();
                            },
                            [&](const JobResult& r) { results.push_back(r); }});
  gc.run_batch(jobs);
  CHECK(gc.stats().grows >= 1);
  REQUIRE(results.size() == 400);
  for (auto& r : results) CHECK(r.ok);
  CHECK(env->usage().map_size > (1ull << 20));
}

TEST_CASE("a done callback that throws is counted; the other callbacks and the next batch still run") {
  // Named after what broke: an answer callback threw (a JSON writer meeting bad bytes) inside
  // the writer actor, which died and took every later commit with it.
  test::TempDir dir;
  auto env = open_env(dir);
  GroupCommitter gc(env);
  std::vector<JobResult> results;
  std::vector<WriteJob> jobs;
  jobs.push_back(WriteJob{[](Txn& w) {
                            w.put(w.dbs().meta, "first", "v");
                            return json();
                          },
                          [](const JobResult&) { throw std::runtime_error("callback bug"); }});
  jobs.push_back(put_job("second", &results));
  REQUIRE_NOTHROW(gc.run_batch(jobs));
  CHECK(gc.stats().failed_callbacks == 1);
  REQUIRE(results.size() == 1);
  CHECK(results[0].ok);
  std::vector<WriteJob> next;
  next.push_back(put_job("third", &results));
  gc.run_batch(next);
  REQUIRE(results.size() == 2);
  CHECK(results[1].ok);
  Txn t(*env, false);
  CHECK(t.exists(t.dbs().meta, "first"));
  CHECK(t.exists(t.dbs().meta, "third"));
}
