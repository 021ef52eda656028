#include <catch2/catch.hpp>

#include "storage/chat_store.hpp"
#include "storage/codec.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::storage;
using json = nlohmann::json;

namespace {
std::size_t timer_index_rows(const Txn& t) {
  std::size_t n = 0;
  t.scan(t.dbs().timers, "", [&](std::string_view, std::string_view) { return ++n, true; });
  return n;
}
}  // namespace

TEST_CASE("a chat record keeps the state bytes it was given and reads them back unchanged") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  ChatRecord rec;
  rec.key = "wa:6281";
  rec.wa_id = "6281";
  json state{{"step", "otp_wait"}, {"lang", "id"}, {"guard", {{"6281", {{"f", 2}}}}}};
  set_chat_state(rec, state);
  rec.last_inbound = 42;
  put_chat(w, rec);
  auto back = get_chat(w, "wa:6281");
  REQUIRE(back);
  CHECK(back->state_blob == encode(state));
  CHECK(chat_state(*back) == state);
  CHECK(back->last_inbound == 42);
  CHECK(chat_state(ChatRecord{}) == json::object());
}

TEST_CASE("a chat record written with the state as an object (before bytes) still reads") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  json legacy{{"wa", "6282"},
              {"s", {{"step", "menu"}}},
              {"n", 3},
              {"tr", json::array({{{"at", 1}, {"dir", "in"}, {"text", "halo"}},
                                  {{"at", 2}, {"dir", "out"}, {"text", "[text] Selamat datang"}}})}};
  w.put(w.dbs().chats, "wa:6282", encode(legacy));
  auto rec = get_chat(w, "wa:6282");
  REQUIRE(rec);
  CHECK(chat_state(*rec)["step"] == "menu");
  CHECK(rec->processed == 3);
  // transcript_lost_on_upgrade: the old lines are shown, then moved into the table on the next step.
  auto shown = get_transcript(w, "wa:6282");
  REQUIRE(shown.size() == 2);
  CHECK(shown[0].text == "halo");
  append_transcript(w, *rec, 3, "in", "menu");
  put_chat(w, *rec);
  auto moved = get_transcript(w, "wa:6282");
  REQUIRE(moved.size() == 3);
  CHECK(moved[0].text == "halo");
  CHECK(moved[1].dir == "out");
  CHECK(moved[2].text == "menu");
  CHECK(get_chat(w, "wa:6282")->legacy_transcript.empty());
  CHECK(get_chat(w, "wa:6282")->transcript_count == 3);
}

TEST_CASE("timers are re-indexed when a record changes, without stale index rows") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  ChatRecord rec;
  rec.key = "wa:6283";
  rec.timers = {{"otp_expiry", 1000}, {"session_expiry", 5000}};
  put_chat(w, rec);
  CHECK(timer_index_rows(w) == 2);
  auto again = *get_chat(w, "wa:6283");
  again.timers.erase("otp_expiry");
  again.timers["session_expiry"] = 9000;
  put_chat(w, again);
  auto due = due_timers(w, 10'000, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].kind == "session_expiry");
  CHECK(due[0].due == 9000);
  // A record built without reading the stored one re-indexes correctly too, and keeps the
  // transcript numbering.
  append_transcript(w, again, 1, "in", "a");
  put_chat(w, again);
  ChatRecord fresh;
  fresh.key = "wa:6283";
  put_chat(w, fresh);
  CHECK(timer_index_rows(w) == 0);
  CHECK(get_chat(w, "wa:6283")->transcript_count == 1);
}

TEST_CASE("the transcript keeps the last lines in order and drops older ones one by one") {
  testing::TempEnv temp;
  auto& env = temp.env;
  Txn w(*env, true);
  ChatRecord a;
  a.key = "wa:6284";
  ChatRecord b;  // a key that extends a's must not leak into a's transcript
  b.key = "wa:62840";
  for (int i = 0; i < 25; ++i) append_transcript(w, a, i, i % 2 ? "out" : "in", "line " + std::to_string(i));
  append_transcript(w, b, 99, "in", "other chat");
  put_chat(w, a);
  put_chat(w, b);
  auto lines = get_transcript(w, "wa:6284");
  REQUIRE(lines.size() == kTranscriptKeep);
  CHECK(lines.front().text == "line 5");
  CHECK(lines.front().at == 5);
  CHECK(lines.back().text == "line 24");
  CHECK(lines.back().dir == "in");
  CHECK(get_chat(w, "wa:6284")->transcript_count == 25);
  auto other = get_transcript(w, "wa:62840");
  REQUIRE(other.size() == 1);
  CHECK(other[0].text == "other chat");
  CHECK(get_transcript(w, "wa:6285").empty());
}
