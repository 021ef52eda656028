#include "core/flow/otp.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "core/secure_random.hpp"

namespace aduan::flow::otp {
namespace {

constexpr std::uint32_t kCodeSpace = 1000000;  // 10^kCodeDigits
// Largest multiple of kCodeSpace that fits in 32 bits: draws at or above it are rejected so
// every code is equally likely.
constexpr std::uint64_t kAcceptBelow = (std::uint64_t{1} << 32) / kCodeSpace * kCodeSpace;
constexpr int kMaxDraws = 64;  // P(64 rejections) < 1e-150; a source that keeps failing is broken

}  // namespace

std::string generate_code(const RandomSource& random) {
  for (int i = 0; i < kMaxDraws; ++i) {
    std::string b = random(4);
    if (b.size() != 4) throw std::runtime_error("random source returned short");
    std::uint32_t v = 0;
    for (unsigned char c : b) v = (v << 8) | c;
    if (v >= kAcceptBelow) continue;
    std::string code = std::to_string(v % kCodeSpace);
    return std::string(kCodeDigits - code.size(), '0') + code;
  }
  throw std::runtime_error("random source keeps returning rejected values");
}

std::string code_hash(const std::string& key, const std::string& chat, const std::string& phone,
                      const std::string& code) {
  return to_hex(hmac_sha256(key, chat + "|" + phone + "|" + code));
}

std::optional<std::string> extract_code(std::string_view text) {
  if (text.size() > kMaxCodeInputBytes) return std::nullopt;
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '\t' && c != '\n' && c != '\r') {
      return std::nullopt;
    }
  }
  if (digits.size() != static_cast<std::size_t>(kCodeDigits)) return std::nullopt;
  return digits;
}

nlohmann::json guard_to_json(const Guard& g) {
  return {{"f", g.failures}, {"lock", g.locked_until}, {"sends", g.sends}};
}

Guard guard_from_json(const nlohmann::json& j) {
  Guard g;
  if (!j.is_object()) return g;
  g.failures = j.value("f", 0);
  g.locked_until = j.value("lock", TimeMs{0});
  if (j.contains("sends") && j["sends"].is_array())
    for (auto& s : j["sends"])
      if (s.is_number_integer()) g.sends.push_back(s.get<TimeMs>());
  return g;
}

void refresh(Guard& g, TimeMs now) {
  if (g.locked_until != 0 && now >= g.locked_until) {
    g.locked_until = 0;
    g.failures = 0;
  }
  g.sends.erase(std::remove_if(g.sends.begin(), g.sends.end(),
                               [&](TimeMs t) { return t <= now - kCapWindowMs; }),
                g.sends.end());
}

bool locked(const Guard& g, TimeMs now) { return g.locked_until != 0 && now < g.locked_until; }

SendCheck check_send(const Guard& g, int phone_sends_last_hour, TimeMs now, const FlowConfig& cfg) {
  if (locked(g, now)) return {SendVerdict::locked, g.locked_until};
  TimeMs last = g.sends.empty() ? 0 : *std::max_element(g.sends.begin(), g.sends.end());
  if (!g.sends.empty() && now < last + cfg.otp_cooldown_ms())
    return {SendVerdict::cooldown, last + cfg.otp_cooldown_ms()};
  int recent = 0;
  TimeMs oldest = now;
  for (TimeMs t : g.sends)
    if (t > now - kCapWindowMs) {
      ++recent;
      oldest = std::min(oldest, t);
    }
  if (recent >= cfg.otp_cap_per_chat_phone_hour) return {SendVerdict::cap_chat_phone, oldest + kCapWindowMs};
  if (phone_sends_last_hour >= cfg.otp_cap_per_phone_hour) return {SendVerdict::cap_phone, now + kCapWindowMs};
  return {};
}

nlohmann::json pending_to_json(const Pending& p) {
  return {{"phone", p.phone}, {"purpose", p.purpose}, {"hash", p.hash},
          {"exp", p.expires}, {"sent", p.sent_at},    {"ok", p.deliverable}};
}

std::optional<Pending> pending_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  Pending p;
  p.phone = j.value("phone", "");
  p.purpose = j.value("purpose", "");
  p.hash = j.value("hash", "");
  p.expires = j.value("exp", TimeMs{0});
  p.sent_at = j.value("sent", TimeMs{0});
  p.deliverable = j.value("ok", false);
  return p;
}

VerifyResult verify(std::optional<Pending>& pending, Guard& guard, const std::string& chat,
                    const std::string& code, TimeMs now, const FlowConfig& cfg) {
  refresh(guard, now);
  if (locked(guard, now)) return {Verdict::locked, 0, guard.locked_until};
  if (!pending || pending->hash.empty()) return {Verdict::none, cfg.otp_max_attempts - guard.failures, 0};
  if (now >= pending->expires) return {Verdict::expired, cfg.otp_max_attempts - guard.failures, 0};
  // Always hash and compare, so an undeliverable code costs the same time as a real one.
  bool same = constant_time_equal(code_hash(cfg.otp_hash_key, chat, pending->phone, code), pending->hash);
  if (same && pending->deliverable) {
    guard.failures = 0;
    pending.reset();
    return {Verdict::ok, cfg.otp_max_attempts, 0};
  }
  ++guard.failures;
  if (guard.failures >= cfg.otp_max_attempts) {
    guard.locked_until = now + cfg.otp_lock_ms();
    pending.reset();
    return {Verdict::locked_now, 0, guard.locked_until};
  }
  return {Verdict::wrong, cfg.otp_max_attempts - guard.failures, 0};
}

}  // namespace aduan::flow::otp
