// Conversation policy: OTP rules, session expiry, ticket SLA and the correction policy, with
// the defaults of issues 7/8. Built once at start (defaults, then the "flow" object of the
// configuration through apply_flow_overrides) and shared read-only by every conversation;
// the random source must therefore be thread-safe (the default, OpenSSL RAND_bytes, is).
//
// Override keys (JSON object, all optional; unknown keys and bad values are rejected with
// the key named): otp_validity_s, otp_max_attempts, otp_lock_s, otp_resend_cooldown_s,
// otp_cap_per_chat_phone_hour, otp_cap_per_phone_hour, session_idle_s, sla_minutes,
// name_max_edit_distance, nik_conflict_ticket, mismatch_review, large_name_change_review,
// answer_window_s, template_name, template_language.
// The OTP hash key and the random source are not JSON: the lead sets them in code.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/types.hpp"

namespace aduan::flow {

// n bytes of cryptographically strong randomness; may throw on RNG failure (never returns
// short). Tests inject a fixed source so step() stays deterministic.
using RandomSource = std::function<std::string(std::size_t n)>;
RandomSource default_random_source();  // OpenSSL RAND_bytes

struct FlowConfig {
  // OTP (issue 7 §2)
  int otp_validity_s = 5 * 60;
  int otp_max_attempts = 5;        // wrong codes per (chat, phone) before the lock
  int otp_lock_s = 30 * 60;
  int otp_resend_cooldown_s = 60;
  int otp_cap_per_chat_phone_hour = 5;
  int otp_cap_per_phone_hour = 10;  // across all chats (Directory::otp_sends_since)
  // Session
  int session_idle_s = 30 * 60;
  // Tickets
  int sla_minutes = 60;
  // Correction policy (issue 8 §3): each toggle turns that case into a ticket.
  int name_max_edit_distance = 3;   // larger name changes go to review
  bool nik_conflict_ticket = true;  // NIK held by another citizen → nik_conflict
  bool mismatch_review = true;      // NIK vs birth date / sex contradiction → correction_review
  bool large_name_change_review = true;
  // Officer answers outside WhatsApp's customer-service window go as a template.
  int answer_window_s = 24 * 60 * 60;
  std::string template_name = "aduan_ticket_answer";
  std::string template_language = "id";
  // Secrets and sources (not JSON)
  std::string otp_hash_key;  // HMAC key (bytes); the lead fills it from the data dir
  RandomSource random = default_random_source();

  TimeMs otp_validity_ms() const { return TimeMs{otp_validity_s} * 1000; }
  TimeMs otp_lock_ms() const { return TimeMs{otp_lock_s} * 1000; }
  TimeMs otp_cooldown_ms() const { return TimeMs{otp_resend_cooldown_s} * 1000; }
  TimeMs session_idle_ms() const { return TimeMs{session_idle_s} * 1000; }
  TimeMs sla_ms() const { return TimeMs{sla_minutes} * 60 * 1000; }
  TimeMs answer_window_ms() const { return TimeMs{answer_window_s} * 1000; }
};

// Applies overrides from a JSON object onto cfg. Returns "" on success, else an error naming
// the key ("flow.otp_max_attempts: must be an integer 1..100"); cfg is unchanged on error.
std::string apply_flow_overrides(FlowConfig& cfg, const nlohmann::json& overrides);

// The JSON keys with their defaults (for the sample configuration file).
nlohmann::json flow_config_defaults_json();

}  // namespace aduan::flow
