// The OTP SMS sender against the local fake gateway: the request it makes, how gateway
// answers are read (2xx accepted, 408/429/5xx/no answer retried, other 4xx permanent),
// and, through the real dispatcher, a refused SMS reported back to the conversation.
#include <catch2/catch.hpp>

#include "tests/support/dispatch_rig.hpp"
#include "transport/sms_channel.hpp"

using namespace aduan;
using namespace aduan::test;
using namespace aduan::transport;
using namespace std::chrono_literals;
using nlohmann::json;

TEST_CASE("gateway answers are read as accepted, retried or permanent") {
  struct Case {
    int status;
    SendResult::Outcome outcome;
  };
  const Case cases[] = {
      {200, SendResult::Outcome::accepted},  {201, SendResult::Outcome::accepted},
      {202, SendResult::Outcome::accepted},  {0, SendResult::Outcome::retry},
      {408, SendResult::Outcome::retry},     {429, SendResult::Outcome::retry},
      {500, SendResult::Outcome::retry},     {503, SendResult::Outcome::retry},
      {400, SendResult::Outcome::permanent}, {401, SendResult::Outcome::permanent},
      {403, SendResult::Outcome::permanent}, {404, SendResult::Outcome::permanent},
      {422, SendResult::Outcome::permanent}, {301, SendResult::Outcome::permanent},
  };
  for (const auto& c : cases) {
    INFO("status " << c.status);
    auto r = read_sms_answer(c.status, R"({"id":"gw-1","echo":"+6281234567890 123456"})", "connection refused");
    CHECK(r.outcome == c.outcome);
    CHECK(r.http_status == c.status);
    if (c.outcome == SendResult::Outcome::accepted) {
      CHECK(r.message_id == "gw-1");
    } else {
      CHECK(r.message_id.empty());
      CHECK_FALSE(r.error_title.empty());
      // The gateway's body may quote the phone and the code: it is never copied.
      CHECK(r.error_title.find("6281234567890") == std::string::npos);
      CHECK(r.error_title.find("123456") == std::string::npos);
    }
  }
  CHECK(read_sms_answer(200, "not json", "").outcome == SendResult::Outcome::accepted);
  CHECK(read_sms_answer(200, R"({"message_id":"m-9"})", "").message_id == "m-9");
}

TEST_CASE("an OTP SMS is posted with the bearer token as {to: +62..., text}") {
  DispatchRig rig;
  auto seq = rig.add({DispatchRig::sms_row("6281234567890", "Kode aduan Anda: 493817")}).at(0);
  REQUIRE(DispatchRig::wait_for([&] { return rig.row(seq).status == "accepted"; }));
  auto reqs = rig.fake.requests("/sms/send");
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == "POST");
  CHECK(reqs[0].headers["authorization"] == "Bearer sms-token");
  CHECK(reqs[0].headers["content-type"] == "application/json");
  CHECK(json::parse(reqs[0].body) == json{{"to", "+6281234567890"}, {"text", "Kode aduan Anda: 493817"}});
  CHECK(rig.row(seq).wamid == "sms-1");  // the gateway's id is kept
}

TEST_CASE("an SMS that meets a 503 is retried after its backoff and then accepted") {
  DispatchRig rig;
  rig.fake.script("/sms/send", {{503, "down"}});
  auto seq = rig.add({DispatchRig::sms_row("6281234567890", "Kode: 111222")}).at(0);
  REQUIRE(rig.settled(seq, 1));
  CHECK(rig.row(seq).status == "pending");
  rig.clock->advance(60 * 60 * 1000);
  REQUIRE(DispatchRig::wait_for([&] { return rig.row(seq).status == "accepted"; }));
  CHECK(rig.fake.count("/sms/send") == 2);
  std::lock_guard<std::mutex> lock(rig.routed_mu);
  CHECK(rig.routed.empty());  // nothing to tell the citizen
}

TEST_CASE("an SMS the gateway refuses fails at once and the conversation is told") {
  DispatchRig rig;
  rig.fake.script("/sms/send", {{400, R"({"error":"invalid number"})"}});
  auto seq = rig.add({DispatchRig::sms_row("6281234567890", "Kode: 111222")}).at(0);
  REQUIRE(DispatchRig::wait_for([&] { return rig.row(seq).status == "failed"; }));
  CHECK(rig.row(seq).error_code == 400);
  REQUIRE(DispatchRig::wait_for([&] {
    std::lock_guard<std::mutex> lock(rig.routed_mu);
    return !rig.routed.empty();
  }));
  std::uint64_t inbox_seq;
  {
    std::lock_guard<std::mutex> lock(rig.routed_mu);
    inbox_seq = rig.routed.at(0);
  }
  auto ev = rig.inbox(inbox_seq);
  REQUIRE(ev);
  CHECK(ev->event["kind"] == "sms_outcome");
  CHECK(ev->event["delivered"] == false);
  CHECK(ev->event["purpose"] == "login");
  rig.clock->advance(60 * 60 * 1000);
  std::this_thread::sleep_for(800ms);
  CHECK(rig.fake.count("/sms/send") == 1);  // never retried
}
