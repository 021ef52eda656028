// Typed inbound events parsed from Meta's webhook envelope (transport/webhook_parser).
// Plain values; JSON round trip (to_json/from_json) so the inbox can store them. The stored
// form is our own (every field, by name); reading tolerates missing keys (older rows) but a
// key of the wrong type throws nlohmann::json::exception.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace aduan {

// One inbound message of any type. Fields not used by a type stay empty.
struct InboundMessage {
  std::string id;            // wamid
  std::string from;          // wa_id digits; empty for username users without a phone
  std::string from_user_id;  // business-scoped user id (username users), may be empty
  std::string profile_name;  // contacts[].profile.name, may be empty
  std::string username;      // contacts[].profile.username (username users), may be empty
  std::string phone_number_id;  // metadata.phone_number_id of the receiving number
  std::int64_t timestamp = 0;   // seconds, parsed from Meta's string
  std::string type;          // Meta's type string, kept verbatim (also unknown/future types)
  // text / interactive / button
  std::string text;          // text.body, button.text, caption, or the title of a reply
  std::string reply_id;      // interactive button_reply.id / list_reply.id, button.payload
  std::string reply_kind;    // "button_reply", "list_reply", "nfm_reply", "button" or empty
  std::string reply_description;  // list_reply.description
  std::string nfm_name;      // nfm_reply.name ("flow", "address_message", ...)
  std::string nfm_response_json;  // nfm_reply.response_json (a JSON string) verbatim
  // media: image, audio, video, document, sticker
  std::string media_id;
  std::string mime_type;
  std::string filename;
  std::string media_sha256;
  bool voice = false;        // audio.voice
  // location
  std::optional<double> latitude, longitude;
  std::string location_name, location_address;
  // reaction
  std::string reaction_message_id;
  std::string reaction_emoji;
  // system
  std::string system_type;   // e.g. "user_changed_number"
  std::string system_new_wa_id;
  // context
  std::string context_message_id;  // reply-to
  std::string context_from;        // sender of the replied-to message
  bool forwarded = false;
  bool frequently_forwarded = false;
  // order / contacts / system: the raw object of the type, serialized; unknown and future
  // types: the whole message object, serialized
  std::string raw_json;
  // referral (click-to-WhatsApp ad) carried by a message of any type, serialized
  std::string referral_json;
  // errors[] of unsupported/unknown messages: "code: title"
  std::vector<std::string> errors;
};

struct StatusEvent {
  std::string id;            // the outbound wamid the status is about
  std::string status;        // sent | delivered | read | failed | played | (future)
  std::string recipient_id;
  std::string recipient_user_id;
  std::string phone_number_id;
  std::int64_t timestamp = 0;
  std::vector<int> error_codes;  // errors[].code
  std::string error_title;       // first errors[].title
};

using InboundEvent = std::variant<InboundMessage, StatusEvent>;

// The chat key of a message: "wa:<from>" or, without a phone, "bu:<user id>"; empty when
// the message has neither (the parser never emits such a message).
std::string chat_key_of(const InboundMessage& m);
// The inverse for the addresses: the wa_id of a "wa:" key, the user id of a "bu:" key (else "").
std::string wa_id_of_chat_key(const std::string& chat);
std::string user_id_of_chat_key(const std::string& chat);
// The dedupe key of an event: the message id, or "<status id>:<status>" for statuses.
std::string dedupe_key_of(const InboundEvent& e);

void to_json(nlohmann::json& j, const InboundMessage& m);
void from_json(const nlohmann::json& j, InboundMessage& m);
void to_json(nlohmann::json& j, const StatusEvent& s);
void from_json(const nlohmann::json& j, StatusEvent& s);
nlohmann::json event_to_json(const InboundEvent& e);
InboundEvent event_from_json(const nlohmann::json& j);  // throws nlohmann::json::exception on bad shape

}  // namespace aduan
