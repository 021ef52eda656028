#include "core/flow/otp.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace aduan;
using namespace aduan::flow;
using namespace aduan::flow::otp;

namespace {

// Feeds the given 32-bit values big-endian, four bytes per call.
RandomSource fixed_source(std::vector<std::uint32_t> values) {
  auto shared = std::make_shared<std::vector<std::uint32_t>>(std::move(values));
  auto index = std::make_shared<std::size_t>(0);
  return [shared, index](std::size_t n) {
    REQUIRE(n == 4);
    std::uint32_t v = (*shared)[(*index)++ % shared->size()];
    std::string b(4, '\0');
    for (int i = 3; i >= 0; --i, v >>= 8) b[i] = static_cast<char>(v & 0xff);
    return b;
  };
}

FlowConfig config() {
  FlowConfig c;
  c.otp_hash_key = "test-key";
  return c;
}

constexpr TimeMs kT0 = 1'800'000'000'000;

Pending pending_for(const std::string& chat, const std::string& phone, const std::string& code, TimeMs now,
                    const FlowConfig& c) {
  Pending p;
  p.phone = phone;
  p.purpose = "otp_login";
  p.hash = code_hash(c.otp_hash_key, chat, phone, code);
  p.expires = now + c.otp_validity_ms();
  p.sent_at = now;
  return p;
}

}  // namespace

TEST_CASE("codes are six digits with leading zeros kept", "[otp]") {
  CHECK(generate_code(fixed_source({42})) == "000042");
  CHECK(generate_code(fixed_source({999999})) == "999999");
  CHECK(generate_code(fixed_source({1000000})) == "000000");
}

TEST_CASE("draws in the biased tail are rejected, not folded", "[otp]") {
  // 4294000000 is >= the largest multiple of 10^6 below 2^32 (4294000000): rejected.
  CHECK(generate_code(fixed_source({4294000000u, 7})) == "000007");
  CHECK(generate_code(fixed_source({4293999999u})) == "999999");
}

TEST_CASE("the default random source gives varied codes", "[otp]") {
  auto src = default_random_source();
  std::map<std::string, int> seen;
  for (int i = 0; i < 50; ++i) {
    auto c = generate_code(src);
    REQUIRE(c.size() == 6);
    ++seen[c];
  }
  CHECK(seen.size() > 40);
}

TEST_CASE("the hash binds the code to the chat and the phone", "[otp]") {
  auto h = code_hash("k", "wa:1", "62811", "123456");
  CHECK(h.size() == 64);
  CHECK(h != code_hash("k", "wa:2", "62811", "123456"));
  CHECK(h != code_hash("k", "wa:1", "62812", "123456"));
  CHECK(h != code_hash("k2", "wa:1", "62811", "123456"));
  CHECK(h.find("123456") == std::string::npos);
}

TEST_CASE("only six digits, spaces and dashes allowed, read as a code", "[otp]") {
  CHECK(extract_code("123456") == std::string("123456"));
  CHECK(extract_code(" 123 456 ") == std::string("123456"));
  CHECK(extract_code("123-456") == std::string("123456"));
  CHECK_FALSE(extract_code("12345"));
  CHECK_FALSE(extract_code("1234567"));
  CHECK_FALSE(extract_code("menu"));
  CHECK_FALSE(extract_code("2"));
  CHECK_FALSE(extract_code("kode 123456"));
}

TEST_CASE("the right code verifies once and clears the failures", "[otp]") {
  auto c = config();
  Guard g;
  g.failures = 2;
  std::optional<Pending> p = pending_for("wa:1", "62811", "111111", kT0, c);
  auto r = verify(p, g, "wa:1", "111111", kT0 + 1000, c);
  CHECK(r.verdict == Verdict::ok);
  CHECK(g.failures == 0);
  CHECK_FALSE(p);
  CHECK(verify(p, g, "wa:1", "111111", kT0 + 2000, c).verdict == Verdict::none);
}

TEST_CASE("the code of another chat does not verify here", "[otp]") {
  auto c = config();
  Guard g;
  std::optional<Pending> p = pending_for("wa:other", "62811", "111111", kT0, c);
  CHECK(verify(p, g, "wa:1", "111111", kT0, c).verdict == Verdict::wrong);
}

TEST_CASE("five wrong codes lock the pair for thirty minutes", "[otp]") {
  auto c = config();
  Guard g;
  std::optional<Pending> p = pending_for("wa:1", "62811", "111111", kT0, c);
  for (int i = 1; i <= 4; ++i) {
    auto r = verify(p, g, "wa:1", "222222", kT0 + i, c);
    CHECK(r.verdict == Verdict::wrong);
    CHECK(r.attempts_left == 5 - i);
  }
  auto r = verify(p, g, "wa:1", "222222", kT0 + 5, c);
  CHECK(r.verdict == Verdict::locked_now);
  CHECK(r.locked_until == kT0 + 5 + 30 * 60 * 1000);
  CHECK_FALSE(p);
  // Even the right code is refused while locked, and sending is refused too.
  p = pending_for("wa:1", "62811", "111111", kT0 + 10, c);
  CHECK(verify(p, g, "wa:1", "111111", kT0 + 10, c).verdict == Verdict::locked);
  CHECK(check_send(g, 0, kT0 + 10, c).verdict == SendVerdict::locked);
  // After the lock the count starts again.
  TimeMs after = kT0 + 5 + 30 * 60 * 1000;
  refresh(g, after);
  CHECK(g.failures == 0);
  p = pending_for("wa:1", "62811", "111111", after, c);
  CHECK(verify(p, g, "wa:1", "111111", after + 1, c).verdict == Verdict::ok);
}

TEST_CASE("an expired code is not an attempt", "[otp]") {
  auto c = config();
  Guard g;
  std::optional<Pending> p = pending_for("wa:1", "62811", "111111", kT0, c);
  auto r = verify(p, g, "wa:1", "111111", kT0 + c.otp_validity_ms(), c);
  CHECK(r.verdict == Verdict::expired);
  CHECK(g.failures == 0);
}

TEST_CASE("an undeliverable code never verifies but counts like a wrong one", "[otp]") {
  auto c = config();
  Guard g;
  std::optional<Pending> p = pending_for("wa:1", "62811", "111111", kT0, c);
  p->deliverable = false;
  CHECK(verify(p, g, "wa:1", "111111", kT0 + 1, c).verdict == Verdict::wrong);
  CHECK(g.failures == 1);
}

TEST_CASE("resend has a cool-down and an hourly cap per chat and phone", "[otp]") {
  auto c = config();
  Guard g;
  CHECK(check_send(g, 0, kT0, c).verdict == SendVerdict::ok);
  g.sends.push_back(kT0);
  auto s = check_send(g, 1, kT0 + 59'000, c);
  CHECK(s.verdict == SendVerdict::cooldown);
  CHECK(s.retry_at == kT0 + 60'000);
  CHECK(check_send(g, 1, kT0 + 60'000, c).verdict == SendVerdict::ok);
  for (int i = 1; i < 5; ++i) g.sends.push_back(kT0 + i * 60'000);
  auto cap = check_send(g, 5, kT0 + 10 * 60'000, c);
  CHECK(cap.verdict == SendVerdict::cap_chat_phone);
  CHECK(cap.retry_at == kT0 + 60 * 60'000);
  refresh(g, kT0 + 60 * 60'000 + 1);
  CHECK(g.sends.size() == 4);
  CHECK(check_send(g, 4, kT0 + 60 * 60'000 + 1, c).verdict == SendVerdict::ok);
}

TEST_CASE("the per-phone cap counts every chat's codes", "[otp]") {
  auto c = config();
  Guard fresh;
  CHECK(check_send(fresh, 9, kT0, c).verdict == SendVerdict::ok);
  CHECK(check_send(fresh, 10, kT0, c).verdict == SendVerdict::cap_phone);
}

TEST_CASE("guard and pending survive their JSON form", "[otp]") {
  Guard g{3, kT0, {kT0 - 5, kT0 - 1}};
  auto back = guard_from_json(guard_to_json(g));
  CHECK(back.failures == 3);
  CHECK(back.locked_until == kT0);
  CHECK(back.sends == g.sends);
  Pending p;
  p.phone = "62811";
  p.hash = "ab";
  p.expires = 9;
  p.deliverable = false;
  auto pb = pending_from_json(pending_to_json(p));
  REQUIRE(pb);
  CHECK(pb->phone == "62811");
  CHECK(pb->expires == 9);
  CHECK_FALSE(pb->deliverable);
  CHECK_FALSE(pending_from_json(nlohmann::json()));
}

TEST_CASE("flow overrides are applied and unknown keys are named", "[otp][config]") {
  FlowConfig c;
  CHECK(apply_flow_overrides(c, {{"otp_max_attempts", 3}, {"mismatch_review", false}}) == "");
  CHECK(c.otp_max_attempts == 3);
  CHECK_FALSE(c.mismatch_review);
  CHECK(apply_flow_overrides(c, {{"otp_max_attempt", 3}}) == "flow.otp_max_attempt: unknown key");
  auto err = apply_flow_overrides(c, {{"sla_minutes", "sixty"}});
  CHECK(err.find("flow.sla_minutes") == 0);
  CHECK(c.sla_minutes == 60);
  CHECK(apply_flow_overrides(c, {{"otp_lock_s", 0}, {"bogus", 1}}) != "");
  CHECK(c.otp_lock_s == 30 * 60);  // unchanged on error
  CHECK(flow_config_defaults_json()["session_idle_s"] == 1800);
}
