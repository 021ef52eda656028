#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "storage/lmdb_env.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aduan::storage;

TEST_CASE("map_resized_by_another_process: a transaction adopts the larger map and reads its data") {
  aduan::test::TempDir dir;
  EnvOptions small;
  small.dir = dir.path();
  small.map_size_bytes = 1ull << 20;
  auto env = Env::open(small);
  {
    Txn w(*env, true);
    w.put(env->dbs().meta, "before", "1");
    w.commit();
  }
  // Another process (an import, say) opens the same data with a larger map and fills it.
  pid_t pid = ::fork();
  if (pid == 0) {
    try {
      EnvOptions big = small;
      big.map_size_bytes = 64ull << 20;
      auto other = Env::open(big);
      Txn w(*other, true);
      const std::string value(4096, 'x');
      for (int i = 0; i < 2000; ++i) w.put(other->dbs().meta, "k" + std::to_string(i), value);  // ~8 MiB
      w.commit();
      ::_exit(0);
    } catch (...) {
      ::_exit(1);
    }
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  Txn r(*env, false);  // LMDB answers MDB_MAP_RESIZED here; the Txn adopts the new size
  CHECK(r.get(env->dbs().meta, "k1999").value_or("").size() == 4096);
  CHECK(r.get(env->dbs().meta, "before") == std::optional<std::string>("1"));
  r.abort();
  CHECK(env->usage().map_size >= (64ull << 20));
  Txn w(*env, true);  // and this process can write again
  w.put(env->dbs().meta, "after", "1");
  w.commit();
}
