// OTP policy for chat verification (issue 7 §2), as pure functions over small records kept
// in the chat state. Nothing here knows the chat's steps or the catalogue.
//  - codes: 6 digits from the injected RandomSource, uniform (rejection sampling, no modulo
//    bias); only HMAC-SHA256(key, chat | phone | code) is ever stored, compared in
//    constant time (CRYPTO_memcmp);
//  - a Guard per (chat, phone) holds the wrong-attempt count, the lock and the send times, so
//    a stranger's chat can only lock itself; resends never reset the failure count;
//  - the per-phone hourly cap across chats is the caller's count from storage.
// Pure; any thread; never throws except what the RandomSource throws.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/flow/flow_config.hpp"
#include "core/types.hpp"

namespace aduan::flow::otp {

constexpr int kCodeDigits = 6;
constexpr TimeMs kCapWindowMs = 60LL * 60 * 1000;  // "per hour" caps
constexpr std::size_t kMaxCodeInputBytes = 32;     // longer text is never read as a code

// A uniformly drawn code of kCodeDigits digits (leading zeros kept).
std::string generate_code(const RandomSource& random);
// Lowercase hex of HMAC-SHA256(key, chat + "|" + phone + "|" + code).
std::string code_hash(const std::string& key, const std::string& chat, const std::string& phone,
                      const std::string& code);
// The code in a message: exactly six digits once spaces and dashes are removed ("123 456").
std::optional<std::string> extract_code(std::string_view text);

struct Guard {
  int failures = 0;
  TimeMs locked_until = 0;
  std::vector<TimeMs> sends;  // within the last hour
};
nlohmann::json guard_to_json(const Guard& g);
Guard guard_from_json(const nlohmann::json& j);
// Ends an expired lock (its count starts again at zero) and forgets sends older than an hour.
void refresh(Guard& g, TimeMs now);
bool locked(const Guard& g, TimeMs now);

enum class SendVerdict { ok, locked, cooldown, cap_chat_phone, cap_phone };
struct SendCheck {
  SendVerdict verdict = SendVerdict::ok;
  TimeMs retry_at = 0;  // when the refusal ends (lock end, cool-down end, oldest send + 1 h)
};
// phone_sends_last_hour: codes sent to this phone by any chat in the last hour.
SendCheck check_send(const Guard& g, int phone_sends_last_hour, TimeMs now, const FlowConfig& cfg);

struct Pending {
  std::string phone, purpose, hash;
  TimeMs expires = 0, sent_at = 0;
  bool deliverable = true;  // false: no SMS was sent (unregistered phone) — never matches
};
nlohmann::json pending_to_json(const Pending& p);
std::optional<Pending> pending_from_json(const nlohmann::json& j);  // nullopt for null/absent

enum class Verdict { ok, wrong, locked_now, locked, expired, none };
struct VerifyResult {
  Verdict verdict = Verdict::none;
  int attempts_left = 0;
  TimeMs locked_until = 0;
};
// Checks a typed code against the pending one and updates the guard: ok clears the failures
// and the pending code; wrong counts one failure; the failure that reaches the limit locks the
// pair and drops the pending code. An expired or absent code is not an attempt.
VerifyResult verify(std::optional<Pending>& pending, Guard& guard, const std::string& chat,
                    const std::string& code, TimeMs now, const FlowConfig& cfg);

}  // namespace aduan::flow::otp
