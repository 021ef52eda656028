#include "app/scenario/webhook_builder.hpp"

#include <chrono>

#include "core/secure_random.hpp"

namespace aduan::app {

using nlohmann::json;

namespace {

constexpr std::size_t kIdRandomBytes = 12;
constexpr const char* kBusinessAccountId = "200000000000001";

json envelope(const std::string& phone_number_id, json value) {
  value["messaging_product"] = "whatsapp";
  value["metadata"] = {{"display_phone_number", "62800000000"}, {"phone_number_id", phone_number_id}};
  return json{{"object", "whatsapp_business_account"},
              {"entry", json::array({{{"id", kBusinessAccountId},
                                      {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}};
}

}  // namespace

std::int64_t unix_seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string new_message_id() { return "wamid.SIM" + random_hex(kIdRandomBytes); }

json message_object(const std::string& from, const std::string& id, std::int64_t timestamp_s, const CitizenMessage& m) {
  json o{{"from", from}, {"id", id}, {"timestamp", std::to_string(timestamp_s)}, {"type", m.type}};
  if (m.type == "text") {
    o["text"] = {{"body", m.text}};
  } else if (m.type == "interactive") {
    const std::string kind = m.reply_kind.empty() ? "button_reply" : m.reply_kind;
    json reply{{"id", m.reply_id}, {"title", m.reply_title}};
    if (kind == "list_reply" && !m.reply_description.empty()) reply["description"] = m.reply_description;
    o["interactive"] = {{"type", kind}, {kind, reply}};
  } else if (m.type == "image" || m.type == "document" || m.type == "sticker" || m.type == "audio" ||
             m.type == "video") {
    json media{{"id", m.media_id.empty() ? "1" + random_hex(7) : m.media_id},
               {"mime_type", m.mime_type},
               {"sha256", "c2NlbmFyaW8="}};
    if (!m.text.empty() && m.type != "sticker" && m.type != "audio") media["caption"] = m.text;
    if (m.type == "document" && !m.filename.empty()) media["filename"] = m.filename;
    if (m.type == "audio") media["voice"] = m.voice;
    if (m.type == "sticker") media["animated"] = false;
    o[m.type] = media;
  } else if (m.type == "location") {
    json loc{{"latitude", m.latitude}, {"longitude", m.longitude}};
    if (!m.location_name.empty()) loc["name"] = m.location_name;
    o["location"] = loc;
  } else if (m.type == "reaction") {
    o["reaction"] = {{"message_id", m.reaction_to}, {"emoji", m.emoji}};
  } else {
    o[m.type] = json::object();
  }
  if (!m.context_id.empty()) o["context"] = {{"from", "62800000000"}, {"id", m.context_id}};
  return o;
}

std::string messages_webhook(const std::string& phone_number_id, const std::string& wa_id,
                             const std::string& profile_name, const std::vector<json>& messages) {
  json value{{"contacts", json::array({{{"profile", {{"name", profile_name}}}, {"wa_id", wa_id}}})},
             {"messages", messages}};
  return envelope(phone_number_id, value).dump();
}

std::string status_webhook(const std::string& phone_number_id, const std::string& recipient_wa_id,
                           const std::string& wamid, const std::string& status, std::int64_t timestamp_s) {
  json st{{"id", wamid}, {"status", status}, {"timestamp", std::to_string(timestamp_s)}, {"recipient_id", recipient_wa_id}};
  if (status == "failed")
    st["errors"] = json::array({{{"code", 131026}, {"title", "Message undeliverable"}}});
  json value{{"statuses", json::array({st})}};
  return envelope(phone_number_id, value).dump();
}

}  // namespace aduan::app
