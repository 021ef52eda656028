#include <catch2/catch.hpp>

#include "core/outbound.hpp"
#include "storage/outbox_store.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::storage;

namespace {
std::uint64_t accepted_row(Txn& w, const std::string& wamid, const std::string& body = "hello") {
  OutboxRow r;
  r.chat = "wa:6281";
  r.to = "6281";
  r.channel = "graph";
  r.message = outbound_to_json(make_text(body));
  auto seq = add_outbox(w, r);
  auto row = *get_outbox(w, seq);
  row.status = "accepted";
  row.wamid = wamid;
  put_outbox(w, row, "pending");
  return seq;
}
StatusEvent status(const std::string& id, const std::string& s, int code = 0) {
  StatusEvent e;
  e.id = id;
  e.status = s;
  if (code) e.error_codes.push_back(code);
  return e;
}
}  // namespace

TEST_CASE("statuses move a row forward only: a late sent never downgrades read") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  auto seq = accepted_row(w, "wamid.A");
  CHECK(apply_status(w, status("wamid.A", "read"), 10, std::nullopt));
  CHECK_FALSE(apply_status(w, status("wamid.A", "sent"), 11, std::nullopt));
  CHECK_FALSE(apply_status(w, status("wamid.A", "delivered"), 12, std::nullopt));
  CHECK_FALSE(apply_status(w, status("wamid.A", "read"), 13, std::nullopt));
  CHECK(get_outbox(w, seq)->status == "read");
  auto counts = outbox_counts(w);
  CHECK(counts["read"] == 1);
  CHECK(counts["accepted"] == 0);
}

TEST_CASE("failed is terminal and keeps its code") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  auto seq = accepted_row(w, "wamid.F");
  CHECK(apply_status(w, status("wamid.F", "failed", 131026), 1, std::nullopt));
  CHECK_FALSE(apply_status(w, status("wamid.F", "delivered"), 2, std::nullopt));
  auto row = get_outbox(w, seq);
  CHECK(row->status == "failed");
  CHECK(row->error_code == 131026);
}

TEST_CASE("a 131047 failure schedules one template fallback however often it is redelivered") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  accepted_row(w, "wamid.W", "Jawaban petugas:\nsudah diperbaiki");
  TemplateFallback fb{"aduan_ticket_answer", "id"};
  apply_status(w, status("wamid.W", "failed", 131047), 1, fb);
  apply_status(w, status("wamid.W", "failed", 131047), 2, fb);
  auto open = open_rows(w, 0, 10);
  REQUIRE(open.size() == 1);
  auto m = outbound_from_json(open[0].message);
  auto* t = std::get_if<OutTemplate>(&m);
  REQUIRE(t);
  CHECK(t->name == "aduan_ticket_answer");
  REQUIRE(t->body_params.size() == 1);
  CHECK(t->body_params[0].find('\n') == std::string::npos);
}

TEST_CASE("a status for an unknown message id changes nothing") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  CHECK_FALSE(apply_status(w, status("wamid.nope", "read"), 1, std::nullopt));
}

TEST_CASE("open rows are listed in order and leave the list once accepted") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  for (int i = 0; i < 3; ++i) {
    OutboxRow r;
    r.to = "6281";
    r.channel = "graph";
    r.message = outbound_to_json(make_text("m" + std::to_string(i)));
    add_outbox(w, r);
  }
  auto rows = open_rows(w, 0, 10);
  REQUIRE(rows.size() == 3);
  auto first = rows[0];
  first.status = "accepted";
  first.wamid = "wamid.1";
  put_outbox(w, first, "pending");
  rows = open_rows(w, 0, 10);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].seq == 2);
  CHECK(rows_to(w, "graph", "6281", 0, 10).size() == 3);
}

TEST_CASE("the open index tells status, next attempt and recipient without decoding rows") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  OutboxRow a;
  a.to = "6281";
  a.channel = "graph";
  a.message = outbound_to_json(make_text("a"));
  auto sa = add_outbox(w, a);
  OutboxRow b;
  b.user_id = "ID.user-7";
  b.channel = "graph";
  b.message = outbound_to_json(make_text("b"));
  auto sb = add_outbox(w, b);
  OutboxRow c;
  c.to = "+6281";
  c.channel = "sms";
  c.message = nlohmann::json{{"text", "kode 123456"}, {"purpose", "otp"}};
  auto sc = add_outbox(w, c);

  auto row = *get_outbox(w, sa);
  row.status = "in_flight";
  put_outbox(w, row, "pending");
  row = *get_outbox(w, sb);
  row.next_attempt_at = 1'765'000'000'123;  // a retry scheduled for later
  put_outbox(w, row, "pending");

  auto refs = open_refs(w, 10);
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].seq == sa);
  CHECK(refs[0].in_flight);
  CHECK(refs[0].recipient == "graph:6281");
  CHECK(refs[1].seq == sb);
  CHECK_FALSE(refs[1].in_flight);
  CHECK(refs[1].recipient == "graph:ID.user-7");
  CHECK(refs[1].next_attempt_at == 1'765'000'000'123);
  CHECK(refs[2].seq == sc);
  CHECK(refs[2].recipient == "sms:+6281");
  CHECK(refs[2].next_attempt_at == 0);

  // The index value itself carries the facts (the scan reads no row): tag, status, time, key.
  auto raw = w.get(w.dbs().outbox_open, u64_key(sb));
  REQUIRE(raw);
  CHECK((*raw)[0] == '\x01');
  CHECK((*raw)[1] == 'p');
  CHECK(raw->substr(10) == "graph:ID.user-7");
  CHECK(open_refs(w, 2).size() == 2);  // the limit holds
  // An index entry from before the tag (the recipient only) is still understood via its row.
  w.put(w.dbs().outbox_open, u64_key(sc), "+6281");
  auto legacy = open_refs(w, 10);
  REQUIRE(legacy.size() == 3);
  CHECK(legacy[2].recipient == "sms:+6281");
  CHECK_FALSE(legacy[2].in_flight);
  row = *get_outbox(w, sa);
  row.status = "accepted";
  put_outbox(w, row, "in_flight");
  refs = open_refs(w, 10);
  REQUIRE(refs.size() == 2);
  CHECK(refs[0].seq == sb);
}
