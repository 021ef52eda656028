#include <catch2/catch.hpp>

#include "storage/inbox_store.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::storage;

namespace {
InboundMessage text(const std::string& id, const std::string& from, const std::string& body) {
  InboundMessage m;
  m.id = id;
  m.from = from;
  m.type = "text";
  m.text = body;
  return m;
}
}  // namespace

TEST_CASE("a message id seen twice is stored once") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  auto a = record_inbound(w, text("wamid.1", "6281", "hai"), 1000);
  auto b = record_inbound(w, text("wamid.1", "6281", "hai"), 2000);
  CHECK_FALSE(a.duplicate);
  CHECK(a.seq == 1);
  CHECK(a.chat == "wa:6281");
  CHECK(b.duplicate);
  CHECK(pending_count(w) == 1);
  w.commit();
}

TEST_CASE("a new message is pending with its first try counted; done and dead leave the pending set") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  auto a = record_inbound(w, text("m1", "6281", "x"), 1);
  auto b = record_inbound(w, text("m2", "6282", "y"), 1);
  auto row = get_inbox(w, a.seq);
  REQUIRE(row);
  CHECK(row->status == "pending");
  CHECK(row->attempts == 1);
  CHECK(count_attempt(w, a.seq) == 2);
  mark_done(w, a.seq);
  mark_dead(w, b.seq, "poison");
  CHECK(pending_count(w) == 0);
  CHECK(dead_count(w) == 1);
  CHECK(get_inbox(w, b.seq)->reason == "poison");
}

TEST_CASE("pending rows come back in sequence order") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  for (int i = 0; i < 5; ++i) record_inbound(w, text("id" + std::to_string(i), "62" + std::to_string(i), "t"), 1);
  mark_done(w, 2);
  auto rows = pending_rows(w, 0, 100);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].seq == 1);
  CHECK(rows[1].seq == 3);
  CHECK(rows[3].seq == 5);
  CHECK(pending_rows(w, 3, 100).size() == 2);
}

TEST_CASE("a status is deduplicated by id and status, not stored as a pending row") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  StatusEvent s;
  s.id = "wamid.out";
  s.status = "delivered";
  CHECK_FALSE(record_inbound(w, s, 1).duplicate);
  CHECK(record_inbound(w, s, 1).duplicate);
  s.status = "read";
  CHECK_FALSE(record_inbound(w, s, 1).duplicate);
  CHECK(pending_count(w) == 0);
}

TEST_CASE("seen entries are kept 14 days and pruned after the retention") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  record_inbound(w, text("old", "6281", "x"), 0);
  TimeMs day = 24ll * 3600 * 1000;
  CHECK(prune_seen(w, 14 * day, 100) == 0);
  CHECK(record_inbound(w, text("old", "6281", "x"), 14 * day).duplicate);
  CHECK(prune_seen(w, 16 * day, 100) == 1);
}
