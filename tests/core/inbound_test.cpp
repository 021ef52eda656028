// Inbound events: chat and dedupe keys, and the storage JSON form the inbox keeps.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/inbound.hpp"

using namespace aduan;

namespace {

// Every field set, each to a value no other field has, so a swapped or dropped field shows.
InboundMessage full_message() {
  InboundMessage m;
  m.id = "wamid.full";
  m.from = "6281234567890";
  m.from_user_id = "ID.1";
  m.profile_name = "Siti Rahayu";
  m.username = "siti.r";
  m.phone_number_id = "100000000000001";
  m.timestamp = 1767225600;
  m.type = "interactive";
  m.text = "text-value";
  m.reply_id = "reply-id";
  m.reply_kind = "nfm_reply";
  m.reply_description = "desc";
  m.nfm_name = "flow";
  m.nfm_response_json = R"({"flow_token":"t"})";
  m.media_id = "media-1";
  m.mime_type = "image/jpeg";
  m.filename = "a.pdf";
  m.media_sha256 = "sha";
  m.voice = true;
  m.latitude = -6.25;
  m.longitude = 106.5;
  m.location_name = "Puskesmas";
  m.location_address = "Jakarta";
  m.reaction_message_id = "wamid.reacted";
  m.reaction_emoji = "\xF0\x9F\x91\x8D";
  m.system_type = "user_changed_number";
  m.system_new_wa_id = "6281377778888";
  m.context_message_id = "wamid.ctx";
  m.context_from = "6281100000001";
  m.forwarded = true;
  m.frequently_forwarded = true;
  m.raw_json = R"({"raw":1})";
  m.referral_json = R"({"source_type":"ad"})";
  m.errors = {"131051: Message type unknown", "1: other"};
  return m;
}

StatusEvent full_status() {
  StatusEvent s;
  s.id = "wamid.out";
  s.status = "failed";
  s.recipient_id = "6281234567890";
  s.recipient_user_id = "ID.2";
  s.phone_number_id = "100000000000001";
  s.timestamp = 1767225601;
  s.error_codes = {131047, 131026};
  s.error_title = "Re-engagement message";
  return s;
}

}  // namespace

TEST_CASE("the chat key prefers the phone and falls back to the business-scoped user id") {
  InboundMessage m;
  m.from = "6281234567890";
  m.from_user_id = "ID.1";
  CHECK(chat_key_of(m) == "wa:6281234567890");
  m.from.clear();
  CHECK(chat_key_of(m) == "bu:ID.1");
  m.from_user_id.clear();
  CHECK(chat_key_of(m).empty());
}

TEST_CASE("a chat key gives back the address it was made from") {
  CHECK(wa_id_of_chat_key("wa:6281234567890") == "6281234567890");
  CHECK(user_id_of_chat_key("wa:6281234567890").empty());
  CHECK(user_id_of_chat_key("bu:ID.1") == "ID.1");
  CHECK(wa_id_of_chat_key("bu:ID.1").empty());
  CHECK(wa_id_of_chat_key("").empty());
}

TEST_CASE("a message dedupes by its id; a status by its id and status together") {
  InboundMessage m;
  m.id = "wamid.A";
  CHECK(dedupe_key_of(m) == "wamid.A");
  StatusEvent s;
  s.id = "wamid.A";
  s.status = "delivered";
  CHECK(dedupe_key_of(s) == "wamid.A:delivered");
  s.status = "read";
  CHECK(dedupe_key_of(s) == "wamid.A:read");
}

TEST_CASE("every message field survives the storage round trip through text") {
  const InboundMessage in = full_message();
  const auto back = std::get<InboundMessage>(event_from_json(nlohmann::json::parse(event_to_json(in).dump())));
  CHECK(back.id == in.id);
  CHECK(back.from == in.from);
  CHECK(back.from_user_id == in.from_user_id);
  CHECK(back.profile_name == in.profile_name);
  CHECK(back.username == in.username);
  CHECK(back.phone_number_id == in.phone_number_id);
  CHECK(back.timestamp == in.timestamp);
  CHECK(back.type == in.type);
  CHECK(back.text == in.text);
  CHECK(back.reply_id == in.reply_id);
  CHECK(back.reply_kind == in.reply_kind);
  CHECK(back.reply_description == in.reply_description);
  CHECK(back.nfm_name == in.nfm_name);
  CHECK(back.nfm_response_json == in.nfm_response_json);
  CHECK(back.media_id == in.media_id);
  CHECK(back.mime_type == in.mime_type);
  CHECK(back.filename == in.filename);
  CHECK(back.media_sha256 == in.media_sha256);
  CHECK(back.voice == in.voice);
  CHECK(back.latitude == in.latitude);
  CHECK(back.longitude == in.longitude);
  CHECK(back.location_name == in.location_name);
  CHECK(back.location_address == in.location_address);
  CHECK(back.reaction_message_id == in.reaction_message_id);
  CHECK(back.reaction_emoji == in.reaction_emoji);
  CHECK(back.system_type == in.system_type);
  CHECK(back.system_new_wa_id == in.system_new_wa_id);
  CHECK(back.context_message_id == in.context_message_id);
  CHECK(back.context_from == in.context_from);
  CHECK(back.forwarded == in.forwarded);
  CHECK(back.frequently_forwarded == in.frequently_forwarded);
  CHECK(back.raw_json == in.raw_json);
  CHECK(back.referral_json == in.referral_json);
  CHECK(back.errors == in.errors);
}

TEST_CASE("every status field survives the storage round trip through text") {
  const StatusEvent in = full_status();
  const auto back = std::get<StatusEvent>(event_from_json(nlohmann::json::parse(event_to_json(in).dump())));
  CHECK(back.id == in.id);
  CHECK(back.status == in.status);
  CHECK(back.recipient_id == in.recipient_id);
  CHECK(back.recipient_user_id == in.recipient_user_id);
  CHECK(back.phone_number_id == in.phone_number_id);
  CHECK(back.timestamp == in.timestamp);
  CHECK(back.error_codes == in.error_codes);
  CHECK(back.error_title == in.error_title);
}

TEST_CASE("the stored form names its kind") {
  CHECK(event_to_json(full_message())["kind"] == "message");
  CHECK(event_to_json(full_status())["kind"] == "status");
}

TEST_CASE("absent coordinates stay absent through storage") {
  InboundMessage m;
  m.id = "wamid.B";
  m.type = "text";
  const auto j = event_to_json(m);
  CHECK_FALSE(j.contains("latitude"));  // empty fields are left out of the storage form
  const auto back = std::get<InboundMessage>(event_from_json(j));
  CHECK_FALSE(back.latitude);
  CHECK_FALSE(back.longitude);
}

TEST_CASE("a stored row from before a field existed still reads, with defaults") {
  const auto j = nlohmann::json::parse(R"({"kind":"message","id":"wamid.old","type":"text","from":"62812","text":"hi"})");
  const auto m = std::get<InboundMessage>(event_from_json(j));
  CHECK(m.id == "wamid.old");
  CHECK(m.text == "hi");
  CHECK(m.username.empty());
  CHECK_FALSE(m.voice);
  CHECK(m.errors.empty());
}

TEST_CASE("a corrupt stored event throws a json exception instead of reading garbage") {
  using nlohmann::json;
  CHECK_THROWS_AS(event_from_json(json::parse(R"({"id":"x","type":"text"})")), json::exception);  // no kind
  CHECK_THROWS_AS(event_from_json(json::parse(R"({"kind":"carrier-pigeon","id":"x"})")), json::exception);
  CHECK_THROWS_AS(event_from_json(json::parse(R"({"kind":"message","type":"text"})")), json::exception);  // no id
  CHECK_THROWS_AS(event_from_json(json::parse(R"({"kind":"message","id":"x","type":"text","voice":"yes"})")),
                  json::exception);
  CHECK_THROWS_AS(event_from_json(json::parse(R"({"kind":"status","id":"x"})")), json::exception);  // no status
  CHECK_THROWS_AS(event_from_json(json::parse(R"({"kind":"status","id":"x","status":"read","error_codes":"1"})")),
                  json::exception);
  CHECK_THROWS_AS(event_from_json(json::parse("[]")), json::exception);
}
