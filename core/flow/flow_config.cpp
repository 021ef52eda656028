#include "core/flow/flow_config.hpp"

#include <vector>

#include "core/secure_random.hpp"

namespace aduan::flow {
namespace {

struct IntKey {
  const char* name;
  int FlowConfig::*field;
  int min, max;
};
struct BoolKey {
  const char* name;
  bool FlowConfig::*field;
};
struct StrKey {
  const char* name;
  std::string FlowConfig::*field;
};

constexpr int kDay = 24 * 60 * 60;

const std::vector<IntKey>& int_keys() {
  static const std::vector<IntKey> k{
      {"otp_validity_s", &FlowConfig::otp_validity_s, 30, 3600},
      {"otp_max_attempts", &FlowConfig::otp_max_attempts, 1, 100},
      {"otp_lock_s", &FlowConfig::otp_lock_s, 0, kDay},
      {"otp_resend_cooldown_s", &FlowConfig::otp_resend_cooldown_s, 0, 3600},
      {"otp_cap_per_chat_phone_hour", &FlowConfig::otp_cap_per_chat_phone_hour, 1, 1000},
      {"otp_cap_per_phone_hour", &FlowConfig::otp_cap_per_phone_hour, 1, 10000},
      {"session_idle_s", &FlowConfig::session_idle_s, 60, kDay},
      {"sla_minutes", &FlowConfig::sla_minutes, 1, 30 * 24 * 60},
      {"name_max_edit_distance", &FlowConfig::name_max_edit_distance, 0, 100},
      {"answer_window_s", &FlowConfig::answer_window_s, 0, 7 * kDay},
  };
  return k;
}
const std::vector<BoolKey>& bool_keys() {
  static const std::vector<BoolKey> k{
      {"nik_conflict_ticket", &FlowConfig::nik_conflict_ticket},
      {"mismatch_review", &FlowConfig::mismatch_review},
      {"large_name_change_review", &FlowConfig::large_name_change_review},
  };
  return k;
}
const std::vector<StrKey>& str_keys() {
  static const std::vector<StrKey> k{
      {"template_name", &FlowConfig::template_name},
      {"template_language", &FlowConfig::template_language},
  };
  return k;
}

}  // namespace

RandomSource default_random_source() {
  return [](std::size_t n) { return random_bytes(n); };
}

std::string apply_flow_overrides(FlowConfig& cfg, const nlohmann::json& overrides) {
  if (overrides.is_null()) return "";
  if (!overrides.is_object()) return "flow: must be an object";
  FlowConfig next = cfg;
  for (auto it = overrides.begin(); it != overrides.end(); ++it) {
    const std::string& key = it.key();
    const auto& v = it.value();
    bool known = false;
    for (const auto& k : int_keys()) {
      if (key != k.name) continue;
      known = true;
      if (!v.is_number_integer() || v.get<long long>() < k.min || v.get<long long>() > k.max)
        return "flow." + key + ": must be an integer " + std::to_string(k.min) + ".." + std::to_string(k.max);
      next.*k.field = static_cast<int>(v.get<long long>());
    }
    for (const auto& k : bool_keys()) {
      if (key != k.name) continue;
      known = true;
      if (!v.is_boolean()) return "flow." + key + ": must be true or false";
      next.*k.field = v.get<bool>();
    }
    for (const auto& k : str_keys()) {
      if (key != k.name) continue;
      known = true;
      if (!v.is_string() || v.get<std::string>().empty()) return "flow." + key + ": must be a non-empty string";
      next.*k.field = v.get<std::string>();
    }
    if (!known) return "flow." + key + ": unknown key";
  }
  cfg = std::move(next);
  return "";
}

nlohmann::json flow_config_defaults_json() {
  FlowConfig d;
  nlohmann::json j = nlohmann::json::object();
  for (const auto& k : int_keys()) j[k.name] = d.*k.field;
  for (const auto& k : bool_keys()) j[k.name] = d.*k.field;
  for (const auto& k : str_keys()) j[k.name] = d.*k.field;
  return j;
}

}  // namespace aduan::flow
