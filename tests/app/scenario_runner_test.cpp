// The scenario runner itself: the loader names the file and line of a malformed scenario,
// the phone view reads Graph payloads, the fake Graph/SMS servers answer like Meta, and a
// run against a real `aduan serve` ($ADUAN_BIN) passes when the bot behaves and fails
// loudly — the expectation, what was found instead, and the whole transcript — when not.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/scenario/fake_meta.hpp"
#include "app/scenario/phone_view.hpp"
#include "app/scenario/runner.hpp"
#include "app/scenario/runner_internal.hpp"
#include "app/scenario/scenario_model.hpp"
#include "transport/graph_payload.hpp"
#include "transport/http_client.hpp"

using namespace aduan;
using namespace aduan::app;
using nlohmann::json;

namespace {

std::string aduan_binary() {
  const char* b = std::getenv("ADUAN_BIN");
  return b ? b : "";
}

Scenario parsed(const std::string& yaml) {
  auto r = parse_scenario(yaml, "inline.yaml");
  INFO(r.error);
  REQUIRE(r.scenario);
  return *r.scenario;
}

}  // namespace

TEST_CASE("A malformed scenario is refused with its file, line and what is wrong") {
  auto unknown = parse_scenario("name: x\ncitizen: '62811'\nsteps:\n  - say: halo\n  - sya: oops\n", "f.yaml");
  CHECK_FALSE(unknown.scenario);
  CHECK(unknown.error.rfind("f.yaml:5: unknown step 'sya'", 0) == 0);

  auto two = parse_scenario("name: x\ncitizen: '1'\nsteps:\n  - {say: a, tap: b}\n", "f.yaml");
  CHECK(two.error.find("f.yaml:4: one action per step") == 0);

  auto bad_expect = parse_scenario("name: x\ncitizen: '1'\nsteps:\n  - say: a\n    expect:\n      - contain: x\n", "f.yaml");
  CHECK(bad_expect.error.find("f.yaml:6: unknown expectation 'contain'") == 0);

  auto no_citizen = parse_scenario("name: x\nsteps:\n  - say: a\n", "f.yaml");
  CHECK(no_citizen.error.find("name, citizen and steps are required") != std::string::npos);

  auto restart = parse_scenario("name: x\ncitizen: '1'\nsteps:\n  - restart: reboot\n", "f.yaml");
  CHECK(restart.error == "f.yaml:4: restart: kill or term");
}

TEST_CASE("A scenario's steps keep their kind, options, expectations and line") {
  Scenario s = parsed(
      "name: demo\ncitizen: '6281110000001'\nrequires: fakes\nsteps:\n"
      "  - tap: Sertifikat vaksin\n    remember: old\n    expect:\n      - Ini sertifikat\n      - list: [dose.1]\n"
      "  - say: YA\n    settle: false\n    label: yes\n  - expect:\n      - replies: 0\n"
      "  - wait: {until: [{contains: x}], timeout: 2}\n");
  CHECK(s.needs_fakes);
  CHECK(s.registry == "demo");
  REQUIRE(s.steps.size() == 4);
  CHECK(s.steps[0].kind == "tap");
  CHECK(s.steps[0].line == 5);
  REQUIRE(s.steps[0].expect.size() == 2);
  CHECK(s.steps[0].expect[0].kind == "contains");  // a bare string is "contains"
  CHECK(s.steps[0].expect[1].kind == "list");
  CHECK(s.steps[1].label == "yes");
  CHECK_FALSE(s.steps[1].settle);
  CHECK(s.steps[2].kind == "expect");
  CHECK(s.steps[2].expect.at(0).describe() == "line 14: replies: 0");
  CHECK(s.steps[3].expect.size() == 1);
}

TEST_CASE("The phone view reads lists, buttons, documents and templates as a phone shows them") {
  auto list = read_payload(json::parse(R"({"type":"interactive","interactive":{"type":"list","body":{"text":"Menu?"},
      "action":{"button":"Menu","sections":[{"title":"S","rows":[{"id":"menu.cert:3","title":"Sertifikat","description":"Unduh"},
      {"id":"menu.status:3","title":"Status"}]}]}}})"));
  CHECK(list.kind == "list");
  REQUIRE(list.choices.size() == 2);
  CHECK(action_of(list.choices[0].id) == "menu.cert");
  CHECK(phone_lines(list, true).back() == "  [2] Status");
  CHECK(phone_lines(list, false)[1] == "(list: Menu)");
  CHECK(phone_lines(list, false)[2] == "  [menu.cert] Sertifikat — Unduh");

  auto buttons = read_payload(json::parse(R"({"type":"interactive","interactive":{"type":"button","body":{"text":"Yakin?"},
      "action":{"buttons":[{"type":"reply","reply":{"id":"yes:9","title":"YA"}}]}}})"));
  CHECK(buttons.kind == "buttons");
  CHECK(buttons.choices.at(0).title == "YA");

  auto doc = read_payload(json::parse(R"({"type":"document","document":{"id":"77","filename":"a.pdf","caption":"Cap"}})"));
  CHECK(doc.kind == "document");
  CHECK(doc.media_id == "77");
  CHECK(doc.readable().find("a.pdf") != std::string::npos);

  auto tpl = read_payload(json::parse(R"({"type":"template","template":{"name":"aduan_ticket_answer","language":{"code":"id"},
      "components":[{"type":"body","parameters":[{"type":"text","text":"TK-000001: ok"}]}]}})"));
  CHECK(tpl.template_params == std::vector<std::string>{"TK-000001: ok"});
  CHECK(phone_lines(tpl, false)[0] == "[template aduan_ticket_answer/id] TK-000001: ok");
  CHECK(action_of("plain") == "plain");
}

TEST_CASE("The OTP code is the SMS's only run of six digits; durations read like a person writes them") {
  using scenario_detail::otp_code_in;
  using scenario_detail::parse_duration_s;
  CHECK(otp_code_in("Kode verifikasi: 123456. Berlaku 5 menit.") == "123456");
  CHECK(otp_code_in("kode 1234567") == "");
  CHECK(otp_code_in("123456 atau 654321") == "");
  CHECK(parse_duration_s("301") == 301);
  CHECK(parse_duration_s("5m") == 300);
  CHECK(parse_duration_s("24h") == 86400);
  CHECK(parse_duration_s("1.5h") == 5400);
  CHECK(parse_duration_s("soon") < 0);
  CHECK(parse_duration_s("3 weeks") < 0);
}

TEST_CASE("The fake Graph and SMS gateway answer like Meta, keep what they got and refuse a missing token") {
  FakeMeta fake("100000000000001", "graph-token", "sms-token");
  const std::string body = R"({"messaging_product":"whatsapp","to":"6281110000001","type":"text","text":{"body":"halo"}})";
  auto r = transport::http_request("POST", fake.graph_url() + "/100000000000001/messages",
                                   {{"Authorization", "Bearer graph-token"}, {"Content-Type", "application/json"}}, body);
  REQUIRE(r.status == 200);
  auto answer = json::parse(r.body);
  const std::string wamid = answer["messages"][0]["id"];
  CHECK(wamid.rfind("wamid.", 0) == 0);
  auto got = fake.messages_to("6281110000001");
  REQUIRE(got.size() == 1);
  CHECK(got[0].wamid == wamid);
  CHECK(got[0].payload["text"]["body"] == "halo");

  auto upload = graph::media_upload_body("%PDF-1.4 body %%EOF", "application/pdf", "c.pdf");
  auto m = transport::http_request("POST", fake.graph_url() + "/100000000000001/media",
                                   {{"Authorization", "Bearer graph-token"}, {"Content-Type", upload.content_type}},
                                   upload.body);
  REQUIRE(m.status == 200);
  auto media = fake.media(json::parse(m.body)["id"]);
  REQUIRE(media);
  CHECK(media->bytes == "%PDF-1.4 body %%EOF");
  CHECK(media->mime_type == "application/pdf");

  auto sms = transport::http_request("POST", fake.sms_url(), {{"Authorization", "Bearer sms-token"}},
                                     R"({"to":"+6281110000001","text":"Kode: 123456"})");
  CHECK(sms.status == 200);
  REQUIRE(fake.sms_to("6281110000001").size() == 1);
  CHECK(fake.sms_to("").size() == 1);
  auto refused = transport::http_request("POST", fake.sms_url(), {{"Authorization", "Bearer sms-token"}},
                                         R"({"to":"+6281220009999","text":"Kode: 123456"})");
  CHECK(refused.status == 400);

  auto anonymous = transport::http_request("POST", fake.graph_url() + "/100000000000001/messages", {}, body);
  CHECK(anonymous.status == 401);
  CHECK(json::parse(anonymous.body)["error"]["code"] == 190);
  CHECK(fake.problems().find("without the expected bearer token") != std::string::npos);
  CHECK(fake.messages_to("6281110000001").size() == 1);
}

TEST_CASE("A scenario that needs its own server is skipped against a running one") {
  Scenario s = parsed("name: k\ncitizen: '6281110000001'\nsteps:\n  - say: halo\n  - restart: kill\n");
  RunOptions o;
  o.target = ServerTarget{"http://127.0.0.1:1", "http://127.0.0.1:1", "t", "s", "1"};
  auto r = run_scenario(s, o);
  CHECK(r.outcome == Outcome::skipped);
  CHECK(r.message == "restart needs a server the runner started");
}

TEST_CASE("Against a real server a true scenario passes and a false expectation fails loudly with the transcript") {
  const std::string bin = aduan_binary();
  if (bin.empty()) {
    WARN("ADUAN_BIN is not set: the run against a real server is skipped (ctest sets it)");
    return;
  }
  RunOptions o;
  o.binary = bin;

  Scenario good = parsed(
      "name: good\ncitizen: '6281110000001'\nsteps:\n"
      "  - say: halo\n    expect:\n      - contains: Halo! Ini layanan\n      - buttons: [phone.wa]\n"
      "  - tap: phone.wa\n    expect:\n      - sms: '6281110000001'\n"
      "  - say: ${otp}\n    expect:\n      - list: [menu.cert, menu.status, menu.data, menu.officer, menu.tickets]\n");
  auto pass = run_scenario(good, o);
  INFO(format_report(pass));
  CHECK(pass.outcome == Outcome::passed);
  CHECK(pass.data_dir.empty());  // a passing run cleans up

  Scenario bad = parsed(
      "name: bad\ncitizen: '6281110000001'\nsteps:\n"
      "  - say: halo\n    expect:\n      - contains: Selamat malam\n");
  o.expect_timeout = std::chrono::milliseconds(300);
  auto fail = run_scenario(bad, o);
  const std::string report = format_report(fail);
  INFO(report);
  CHECK(fail.outcome == Outcome::failed);
  CHECK(report.find("FAIL  bad") == 0);
  CHECK(report.find("step 1, line 4: say: halo") != std::string::npos);
  CHECK(report.find("expected (line 6: contains: Selamat malam)") != std::string::npos);
  CHECK(report.find("but 1 bot message(s) since the step began and none contains it") != std::string::npos);
  CHECK(report.find("citizen › halo") != std::string::npos);
  CHECK(report.find("bot › Halo! Ini layanan pengaduan vaksinasi") != std::string::npos);
  CHECK(report.find("data dir kept: ") != std::string::npos);
  REQUIRE_FALSE(fail.data_dir.empty());
  std::filesystem::remove_all(std::filesystem::path(fail.data_dir).parent_path());

  Scenario wrong_tap = parsed("name: t\ncitizen: '6281110000001'\nsteps:\n  - say: halo\n  - tap: Sertifikat\n");
  auto tap = run_scenario(wrong_tap, o);
  CHECK(tap.outcome == Outcome::failed);
  CHECK(tap.message.find("tap \"Sertifikat\": the last buttons offers no such action or title; it offers:\n"
                         "    [phone.wa] Pakai nomor WA ini") != std::string::npos);
  if (!tap.data_dir.empty()) std::filesystem::remove_all(std::filesystem::path(tap.data_dir).parent_path());
}
