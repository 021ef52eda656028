// Webhook bodies in the shape Meta's Cloud API posts them (one entry, one change, field
// "messages"), for the chat simulator and the scenario runner. Pure; any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aduan::app {

// One message a citizen sends. `type` is Meta's type string; fields a type does not use
// are ignored. Types outside the known set are sent as {"type": T, T: {}} (a future type).
struct CitizenMessage {
  std::string type = "text";  // text, interactive, image, document, sticker, audio, video, location, reaction
  std::string text;           // text body, or a media caption
  // interactive: a tap on a list row ("list_reply") or a reply button ("button_reply")
  std::string reply_kind, reply_id, reply_title, reply_description;
  std::string context_id;     // the bot message the tap belongs to (context.id), may be empty
  // media
  std::string media_id, mime_type, filename;
  bool voice = false;
  // location
  double latitude = 0, longitude = 0;
  std::string location_name;
  // reaction
  std::string reaction_to, emoji;
};

// A fresh message id: "wamid." + 24 random hex digits (unique across runs).
std::string new_message_id();

// The message object of messages[].
nlohmann::json message_object(const std::string& from, const std::string& id, std::int64_t timestamp_s,
                              const CitizenMessage& m);

// The whole webhook body for messages of one citizen (profile name as shown in contacts).
std::string messages_webhook(const std::string& phone_number_id, const std::string& wa_id,
                             const std::string& profile_name, const std::vector<nlohmann::json>& messages);

// A statuses-only webhook: one status of a message the business sent.
std::string status_webhook(const std::string& phone_number_id, const std::string& recipient_wa_id,
                           const std::string& wamid, const std::string& status, std::int64_t timestamp_s);

std::int64_t unix_seconds_now();

}  // namespace aduan::app
