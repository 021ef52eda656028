// The real outbox dispatcher delivering through the real Graph sender to the local fake
// Graph server with injected faults (issue 4): retries with growing backoff, bounded
// attempts without a request storm, the pair rate limit slowing only its recipient,
// permanent codes never retried, and a rejected token pausing everything until reload.
// Time moves through the rig's test clock; the dispatcher's own tick is real (250 ms).
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/dispatch_rig.hpp"

using namespace aduan;
using namespace aduan::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr TimeMs kLongAfter = 60 * 60 * 1000;  // past any backoff or pair-limit pause
// Long enough for several dispatcher ticks: anything due would have been sent by then.
constexpr auto kQuiet = 800ms;

std::string text_of(const RecordedRequest& r) { return json::parse(r.body)["text"]["body"].get<std::string>(); }

std::vector<RecordedRequest> messages_to(const FakeGraphServer& fake, const std::string& to) {
  std::vector<RecordedRequest> out;
  for (auto& r : fake.requests("/messages"))
    if (r.to == to) out.push_back(r);
  return out;
}

}  // namespace

TEST_CASE("a row answered 429, then 503, then 200 is delivered once, and its backoff grows") {
  RigOptions o;
  o.dispatcher.max_attempts = 5;
  DispatchRig rig(o);
  rig.fake.script_recipient("62811", {graph_error(429, 130429, "Rate limit hit"), {503, "busy"}});
  auto seq = rig.add({DispatchRig::text_row("62811", "halo")}).at(0);

  REQUIRE(rig.settled(seq, 1));
  auto r1 = rig.row(seq);
  CHECK(r1.status == "pending");
  CHECK(r1.error_code == 130429);
  const TimeMs d1 = r1.next_attempt_at - r1.updated_at;
  CHECK(d1 > 0);
  std::this_thread::sleep_for(kQuiet);
  CHECK(rig.fake.count() == 1);  // not before its time

  rig.clock->advance(d1);
  REQUIRE(rig.settled(seq, 2));
  auto r2 = rig.row(seq);
  CHECK(r2.status == "pending");
  const TimeMs d2 = r2.next_attempt_at - r2.updated_at;
  CHECK(d2 > d1);

  rig.clock->advance(d2);
  REQUIRE(rig.settled(seq, 3));
  auto r3 = rig.row(seq);
  CHECK(r3.status == "accepted");
  CHECK(r3.wamid.rfind("wamid.FAKE", 0) == 0);
  auto sent = rig.fake.requests("/messages");
  REQUIRE(sent.size() == 3);
  CHECK(std::count_if(sent.begin(), sent.end(), [](auto& r) { return r.answered_status == 200; }) == 1);
  std::this_thread::sleep_for(kQuiet);
  CHECK(rig.fake.count() == 3);  // accepted rows are never sent again
}

TEST_CASE("a recipient that is always throttled stops after the attempt limit, failed, without a request storm") {
  RigOptions o;
  o.dispatcher.max_attempts = 4;
  DispatchRig rig(o);
  rig.fake.rule([](const RecordedRequest&) { return std::optional<FakeAnswer>(graph_error(429, 130429, "throttled")); });
  auto seq = rig.add({DispatchRig::text_row("62811", "halo")}).at(0);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    REQUIRE(rig.settled(seq, attempt));
    std::this_thread::sleep_for(kQuiet);
    CHECK(rig.fake.count() == static_cast<std::size_t>(attempt));  // one request per due attempt, no more
    rig.clock->advance(kLongAfter);
  }
  auto row = rig.row(seq);
  CHECK(row.status == "failed");
  CHECK(row.error_code == 130429);
  CHECK(row.attempts == 4);
  std::this_thread::sleep_for(kQuiet);
  rig.clock->advance(kLongAfter);
  std::this_thread::sleep_for(kQuiet);
  CHECK(rig.fake.count() == 4);
}

TEST_CASE("131056 for one recipient pauses only that recipient, and its messages keep their order") {
  DispatchRig rig;
  rig.fake.script_recipient("62811", {graph_error(400, 131056, "pair rate limit")});
  auto seqs = rig.add({DispatchRig::text_row("62811", "A1"), DispatchRig::text_row("62822", "B1"),
                       DispatchRig::text_row("62811", "A2"), DispatchRig::text_row("62822", "B2"),
                       DispatchRig::text_row("62811", "A3")});
  // The other recipient is not held up: both of theirs go without any clock movement.
  REQUIRE(DispatchRig::wait_for([&] { return rig.row(seqs[1]).status == "accepted" && rig.row(seqs[3]).status == "accepted"; }));
  REQUIRE(rig.settled(seqs[0], 1));
  auto a1 = rig.row(seqs[0]);
  CHECK(a1.status == "pending");
  CHECK(a1.error_code == 131056);
  CHECK(a1.next_attempt_at - a1.updated_at == 4000);  // 4^1 s
  std::this_thread::sleep_for(kQuiet);
  CHECK(rig.row(seqs[2]).attempts == 0);  // A2 waits behind A1
  CHECK(rig.row(seqs[4]).attempts == 0);
  CHECK(messages_to(rig.fake, "62811").size() == 1);

  rig.clock->advance(4000);
  REQUIRE(DispatchRig::wait_for([&] { return rig.row(seqs[4]).status == "accepted"; }));
  CHECK(rig.row(seqs[0]).status == "accepted");
  CHECK(rig.row(seqs[2]).status == "accepted");
  std::vector<std::string> order;
  for (auto& r : messages_to(rig.fake, "62811")) order.push_back(text_of(r));
  CHECK(order == std::vector<std::string>{"A1", "A1", "A2", "A3"});
  std::vector<std::string> other;
  for (auto& r : messages_to(rig.fake, "62822")) other.push_back(text_of(r));
  CHECK(other == std::vector<std::string>{"B1", "B2"});
}

TEST_CASE("permanent Graph codes are not retried: the row fails with Meta's code") {
  DispatchRig rig;
  const std::vector<std::pair<std::string, int>> cases = {
      {"62801", 131026}, {"62802", 100}, {"62803", 132001}, {"62804", 368}, {"62805", 131051}};
  std::vector<storage::OutboxRow> rows;
  for (auto& [to, code] : cases) {
    rig.fake.script_recipient(to, {graph_error(400, code, "permanent")});
    rows.push_back(DispatchRig::text_row(to, "x"));
  }
  auto seqs = rig.add(rows);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    REQUIRE(DispatchRig::wait_for([&] { return rig.row(seqs[i]).status == "failed"; }));
    CHECK(rig.row(seqs[i]).error_code == cases[i].second);
  }
  rig.clock->advance(kLongAfter);
  std::this_thread::sleep_for(kQuiet);
  for (auto& [to, code] : cases) CHECK(messages_to(rig.fake, to).size() == 1);
}

TEST_CASE("a 190 degrades the channel with nothing accepted; a new token file and a reload resume sending") {
  TempDir secrets;
  const std::string token_file = secrets.file("token");
  std::ofstream(token_file) << "expired-token\n";
  RigOptions o;
  o.token = "";
  o.token_file = token_file;
  DispatchRig rig(o);
  rig.fake.require_token("fresh-token");
  auto seqs = rig.add({DispatchRig::text_row("62811", "A1"), DispatchRig::text_row("62811", "A2"),
                       DispatchRig::text_row("62822", "B1")});

  REQUIRE(DispatchRig::wait_for([&] { return rig.channel_state() == "degraded"; }));
  REQUIRE(DispatchRig::wait_for([&] {
    for (auto s : seqs)
      if (rig.row(s).status == "in_flight") return false;
    return true;
  }));
  std::this_thread::sleep_for(kQuiet);
  rig.clock->advance(kLongAfter);
  std::this_thread::sleep_for(kQuiet);
  const auto refused = rig.fake.count();
  CHECK(refused >= 1);
  CHECK(refused <= 2);  // at most the first row of each recipient was tried; then nothing
  for (auto s : seqs) CHECK(rig.row(s).status == "pending");
  CHECK(rig.counts()["accepted"] == 0);
  {
    std::lock_guard<std::mutex> lock(rig.status->mu);
    CHECK_THAT(rig.status->reason, Catch::Contains("190"));
  }

  std::ofstream(token_file) << "fresh-token\n";
  rig.reload();  // what SIGHUP does
  REQUIRE(DispatchRig::wait_for([&] {
    for (auto s : seqs)
      if (rig.row(s).status != "accepted") return false;
    return true;
  }));
  CHECK(rig.channel_state() == "ok");
  auto reqs = rig.fake.requests();
  CHECK(reqs.size() == refused + 3);
  for (std::size_t i = refused; i < reqs.size(); ++i) CHECK(reqs[i].headers["authorization"] == "Bearer fresh-token");
  std::vector<std::string> order;
  for (auto& r : messages_to(rig.fake, "62811"))
    if (r.answered_status == 200) order.push_back(text_of(r));
  CHECK(order == std::vector<std::string>{"A1", "A2"});
}

TEST_CASE("token rotated on disk before a 190: the new token is used at once, without SIGHUP") {
  // Named after what broke: the 190 made the channel re-read the file, but the dispatcher
  // still degraded and waited for SIGHUP, so a rotated token delivered nothing until then.
  TempDir secrets;
  const std::string token_file = secrets.file("token");
  std::ofstream(token_file) << "old-token\n";
  RigOptions o;
  o.token = "";
  o.token_file = token_file;
  DispatchRig rig(o);
  rig.fake.require_token("fresh-token");
  std::ofstream(token_file) << "fresh-token\n";  // rotated; the channel still holds old-token
  auto seq = rig.add({DispatchRig::text_row("62811", "halo")}).at(0);
  REQUIRE(DispatchRig::wait_for([&] { return rig.row(seq).status == "accepted"; }));
  CHECK(rig.channel_state() == "ok");
  auto reqs = rig.fake.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].headers["authorization"] == "Bearer old-token");
  CHECK(reqs[1].headers["authorization"] == "Bearer fresh-token");
}

TEST_CASE("a certificate row is uploaded, sent by media id, and the row keeps both ids") {
  RigOptions o;
  o.renderer = [](const std::string& ref) -> std::optional<transport::RenderedDocument> {
    transport::RenderedDocument d;
    d.bytes = "%PDF-1.4 certificate for " + ref;
    d.filename = "sertifikat.pdf";
    return d;
  };
  DispatchRig rig(o);
  storage::OutboxRow row;
  row.chat = "wa:62811";
  row.to = "62811";
  row.channel = "graph";
  row.message = outbound_to_json(make_certificate_document("CIT-9:1", "sertifikat.pdf", "Sertifikat"));
  auto seq = rig.add({row}).at(0);
  REQUIRE(DispatchRig::wait_for([&] { return rig.row(seq).status == "accepted"; }));
  auto done = rig.row(seq);
  auto upload = rig.fake.requests("/media");
  REQUIRE(upload.size() == 1);
  CHECK(upload[0].body.find("%PDF-1.4 certificate for CIT-9:1") != std::string::npos);
  auto sent = rig.fake.requests("/messages");
  REQUIRE(sent.size() == 1);
  CHECK(done.message["media_id"] == json::parse(sent[0].body)["document"]["id"]);
  CHECK_FALSE(done.wamid.empty());
}
