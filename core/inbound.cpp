#include "core/inbound.hpp"

#include <nlohmann/json.hpp>

namespace aduan {

namespace {

constexpr const char* kKindMessage = "message";
constexpr const char* kKindStatus = "status";

// Reads an optional key: absent or null keeps the default (rows written before a field
// existed); a present key of the wrong type throws, as a corrupt row should.
template <typename T>
void read(const nlohmann::json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) it->get_to(out);
}

void read_opt(const nlohmann::json& j, const char* key, std::optional<double>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    out.reset();
    return;
  }
  out = it->get<double>();
}

nlohmann::json opt_json(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

std::string chat_key_of(const InboundMessage& m) {
  if (!m.from.empty()) return "wa:" + m.from;
  if (!m.from_user_id.empty()) return "bu:" + m.from_user_id;
  return {};
}

std::string wa_id_of_chat_key(const std::string& chat) { return chat.rfind("wa:", 0) == 0 ? chat.substr(3) : ""; }
std::string user_id_of_chat_key(const std::string& chat) { return chat.rfind("bu:", 0) == 0 ? chat.substr(3) : ""; }

std::string dedupe_key_of(const InboundEvent& e) {
  if (auto* m = std::get_if<InboundMessage>(&e)) return m->id;
  const auto& s = std::get<StatusEvent>(e);
  return s.id + ":" + s.status;
}

void to_json(nlohmann::json& j, const InboundMessage& m) {
  j = nlohmann::json{
      {"id", m.id},
      {"from", m.from},
      {"from_user_id", m.from_user_id},
      {"profile_name", m.profile_name},
      {"username", m.username},
      {"phone_number_id", m.phone_number_id},
      {"timestamp", m.timestamp},
      {"type", m.type},
      {"text", m.text},
      {"reply_id", m.reply_id},
      {"reply_kind", m.reply_kind},
      {"reply_description", m.reply_description},
      {"nfm_name", m.nfm_name},
      {"nfm_response_json", m.nfm_response_json},
      {"media_id", m.media_id},
      {"mime_type", m.mime_type},
      {"filename", m.filename},
      {"media_sha256", m.media_sha256},
      {"voice", m.voice},
      {"latitude", opt_json(m.latitude)},
      {"longitude", opt_json(m.longitude)},
      {"location_name", m.location_name},
      {"location_address", m.location_address},
      {"reaction_message_id", m.reaction_message_id},
      {"reaction_emoji", m.reaction_emoji},
      {"system_type", m.system_type},
      {"system_new_wa_id", m.system_new_wa_id},
      {"context_message_id", m.context_message_id},
      {"context_from", m.context_from},
      {"forwarded", m.forwarded},
      {"frequently_forwarded", m.frequently_forwarded},
      {"raw_json", m.raw_json},
      {"referral_json", m.referral_json},
      {"errors", m.errors},
  };
  // Compact storage form: empty fields are left out (from_json defaults them), which keeps
  // inbox rows small and cheap to decode on the step's hot path.
  for (auto it = j.begin(); it != j.end();) {
    const auto& v = it.value();
    bool empty = v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
                 (v.is_boolean() && !v.get<bool>()) || (v.is_array() && v.empty());
    if (empty && it.key() != "id" && it.key() != "type")
      it = j.erase(it);
    else
      ++it;
  }
}

void from_json(const nlohmann::json& j, InboundMessage& m) {
  m = InboundMessage{};
  // id and type are what every consumer keys on: a row without them is corrupt.
  j.at("id").get_to(m.id);
  j.at("type").get_to(m.type);
  read(j, "from", m.from);
  read(j, "from_user_id", m.from_user_id);
  read(j, "profile_name", m.profile_name);
  read(j, "username", m.username);
  read(j, "phone_number_id", m.phone_number_id);
  read(j, "timestamp", m.timestamp);
  read(j, "text", m.text);
  read(j, "reply_id", m.reply_id);
  read(j, "reply_kind", m.reply_kind);
  read(j, "reply_description", m.reply_description);
  read(j, "nfm_name", m.nfm_name);
  read(j, "nfm_response_json", m.nfm_response_json);
  read(j, "media_id", m.media_id);
  read(j, "mime_type", m.mime_type);
  read(j, "filename", m.filename);
  read(j, "media_sha256", m.media_sha256);
  read(j, "voice", m.voice);
  read_opt(j, "latitude", m.latitude);
  read_opt(j, "longitude", m.longitude);
  read(j, "location_name", m.location_name);
  read(j, "location_address", m.location_address);
  read(j, "reaction_message_id", m.reaction_message_id);
  read(j, "reaction_emoji", m.reaction_emoji);
  read(j, "system_type", m.system_type);
  read(j, "system_new_wa_id", m.system_new_wa_id);
  read(j, "context_message_id", m.context_message_id);
  read(j, "context_from", m.context_from);
  read(j, "forwarded", m.forwarded);
  read(j, "frequently_forwarded", m.frequently_forwarded);
  read(j, "raw_json", m.raw_json);
  read(j, "referral_json", m.referral_json);
  read(j, "errors", m.errors);
}

void to_json(nlohmann::json& j, const StatusEvent& s) {
  j = nlohmann::json{
      {"id", s.id},
      {"status", s.status},
      {"recipient_id", s.recipient_id},
      {"recipient_user_id", s.recipient_user_id},
      {"phone_number_id", s.phone_number_id},
      {"timestamp", s.timestamp},
      {"error_codes", s.error_codes},
      {"error_title", s.error_title},
  };
}

void from_json(const nlohmann::json& j, StatusEvent& s) {
  s = StatusEvent{};
  j.at("id").get_to(s.id);
  j.at("status").get_to(s.status);
  read(j, "recipient_id", s.recipient_id);
  read(j, "recipient_user_id", s.recipient_user_id);
  read(j, "phone_number_id", s.phone_number_id);
  read(j, "timestamp", s.timestamp);
  read(j, "error_codes", s.error_codes);
  read(j, "error_title", s.error_title);
}

nlohmann::json event_to_json(const InboundEvent& e) {
  nlohmann::json j;
  if (auto* m = std::get_if<InboundMessage>(&e)) {
    to_json(j, *m);
    j["kind"] = kKindMessage;
  } else {
    to_json(j, std::get<StatusEvent>(e));
    j["kind"] = kKindStatus;
  }
  return j;
}

InboundEvent event_from_json(const nlohmann::json& j) {
  const std::string kind = j.at("kind").get<std::string>();
  if (kind == kKindMessage) return j.get<InboundMessage>();
  if (kind == kKindStatus) return j.get<StatusEvent>();
  throw nlohmann::json::other_error::create(501, "unknown inbound event kind: " + kind, &j);
}

}  // namespace aduan
