// The text views of `aduan inspect`: tables, durations, SLA countdowns, the top frame and
// the --apply syntax. Pure functions on JSON, so these run without a server.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "app/cmd_inspect.hpp"
#include "app/inspect_format.hpp"
#include "core/civil_date.hpp"

using namespace aduan;
using namespace aduan::app;
using json = nlohmann::json;

namespace {
const TimeMs kNow = *parse_rfc3339("2026-03-01T10:00:00Z");
json open_ticket(const std::string& id, const std::string& due, bool breached = false) {
  return json{{"id", id}, {"kind", "nik_conflict"}, {"status", "open"}, {"citizen", "3273********0002"},
              {"opened_at", "2026-03-01T09:00:00Z"}, {"sla_due", due}, {"breached", breached}, {"summary", "nik_conflict: nik"}};
}
}  // namespace

TEST_CASE("durations read the way a person says them") {
  CHECK(inspect::format_duration(0) == "0s");
  CHECK(inspect::format_duration(59) == "59s");
  CHECK(inspect::format_duration(61) == "1m 01s");
  CHECK(inspect::format_duration(3600 + 120) == "1h 02m");
  CHECK(inspect::format_duration(2 * 86400 + 3 * 3600) == "2d 03h");
}

TEST_CASE("the SLA countdown counts down to the server's now and says when it has passed") {
  CHECK(inspect::sla_text(open_ticket("TK-1", "2026-03-01T10:42:00Z"), kNow) == "in 42m 00s");
  CHECK(inspect::sla_text(open_ticket("TK-1", "2026-03-01T09:55:00Z", true), kNow) == "past SLA by 5m 00s");
  json resolved = open_ticket("TK-1", "2026-03-01T09:55:00Z");
  resolved["status"] = "resolved";
  CHECK(inspect::sla_text(resolved, kNow) == "-");
}

TEST_CASE("the server's clock from /admin/stats wins over the local one") {
  CHECK(inspect::server_now(json{{"now", "2026-03-01T10:00:00Z"}}) == kNow);
  CHECK(inspect::server_now(json::object()) > kNow - 365LL * 86400 * 1000 * 100);  // falls back, never throws
}

TEST_CASE("tables align columns by characters, not bytes") {
  inspect::Table t{{"A", "B"}, {{"Ñandú", "x"}, {"ab", "y"}}};
  CHECK(inspect::render_table(t) == "A      B\nÑandú  x\nab     y\n");
}

TEST_CASE("missing or mistyped fields print as a dash instead of failing") {
  json weird{{"items", json::array({json{{"id", 7}, {"citizen", nullptr}, {"idle_s", "x"}}})}, {"next", nullptr}};
  std::string out = inspect::render_actor_list(weird);
  CHECK(out.find("7") != std::string::npos);
  CHECK(out.find("1 actor") != std::string::npos);
  CHECK_NOTHROW(inspect::render_stats(json("not an object")));
  CHECK_NOTHROW(inspect::render_ticket(json::array(), kNow));
}

TEST_CASE("a NIK conflict ticket shows both records side by side") {
  json t = open_ticket("TK-9", "2026-03-01T10:30:00Z");
  t["records"] = json::array({json{{"id", "C1"}, {"nik", "3273********0002"}, {"name", "R*** M******"}},
                              json{{"id", "C2"}, {"nik", "3273********0002"}, {"name", "Y****** P****"}}});
  t["conversation"] = json::array({json{{"at", "2026-03-01T09:00:00Z"}, {"dir", "in"}, {"text", "ya"}}});
  std::string out = inspect::render_ticket(t, kNow);
  CHECK(out.find("RECORD 1") != std::string::npos);
  CHECK(out.find("RECORD 2") != std::string::npos);
  auto name_line = out.substr(out.find("\nname"));
  name_line = name_line.substr(1, name_line.find('\n', 1));
  CHECK(name_line.find("R*** M******") != std::string::npos);
  CHECK(name_line.find("Y****** P****") != std::string::npos);
  CHECK(out.find("in 30m 00s") != std::string::npos);
}

TEST_CASE("the top frame shows rates only once two samples exist") {
  inspect::TopFrame f;
  f.url = "http://127.0.0.1:8081";
  f.stats = json{{"now", "2026-03-01T10:00:00Z"}, {"actors_live", 3}, {"webhook", {{"events", 100}}},
                 {"outbox", {{"sent", 40}}}, {"channel", {{"state", "ok"}, {"reason", nullptr}}}};
  auto joined = [](const std::vector<inspect::TopLine>& lines) {
    std::string s;
    for (auto& l : lines) s += l.text + "\n";
    return s;
  };
  CHECK(joined(inspect::render_top(f)).find("in …") != std::string::npos);
  f.previous = json{{"webhook", {{"events", 80}}}, {"outbox", {{"sent", 30}}}};
  f.interval_s = 2;
  std::string screen = joined(inspect::render_top(f));
  CHECK(screen.find("in 10.0/s") != std::string::npos);
  CHECK(screen.find("out 5.0/s") != std::string::npos);
  CHECK(screen.find("live 3") != std::string::npos);
}

TEST_CASE("the top frame lists only tickets near or past their SLA, soonest first") {
  inspect::TopFrame f;
  f.stats = json{{"now", "2026-03-01T10:00:00Z"}};
  f.tickets = json::array({open_ticket("TK-LATER", "2026-03-01T11:00:00Z"),
                           open_ticket("TK-SOON", "2026-03-01T10:10:00Z"),
                           open_ticket("TK-LATE", "2026-03-01T09:50:00Z", true)});
  std::string s;
  for (auto& l : inspect::render_top(f)) s += l.text + "\n";
  CHECK(s.find("TK-LATER") == std::string::npos);
  REQUIRE(s.find("TK-LATE ") != std::string::npos);
  REQUIRE(s.find("TK-SOON") != std::string::npos);
  CHECK(s.find("TK-LATE ") < s.find("TK-SOON"));
  CHECK(s.find("past SLA by 10m 00s") != std::string::npos);
}

TEST_CASE("top lines never exceed the terminal width") {
  inspect::TopFrame f;
  f.width = 30;
  f.url = std::string(80, 'u');
  for (auto& l : inspect::render_top(f)) CHECK(inspect::fit(l.text, 30) == l.text);
}

TEST_CASE("--apply takes CITIZEN-ID:FIELD=VALUE or FIELD=VALUE") {
  ApplySpec s;
  std::string err;
  REQUIRE(parse_apply("C123:name=Rina Marlina", &s, &err));
  CHECK(s.citizen == "C123");
  CHECK(s.field == "name");
  CHECK(s.value == "Rina Marlina");
  REQUIRE(parse_apply("email=a=b@example.id", &s, &err));
  CHECK(s.citizen.empty());
  CHECK(s.field == "email");
  CHECK(s.value == "a=b@example.id");
  CHECK_FALSE(parse_apply("name", &s, &err));
  CHECK_FALSE(parse_apply(":name=x", &s, &err));
  CHECK_FALSE(parse_apply("C1:name=", &s, &err));
}
