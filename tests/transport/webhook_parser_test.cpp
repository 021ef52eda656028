// The webhook envelope parser against fixtures in Meta's Cloud API shape
// (tests/fixtures/webhooks/*.json): every inbound type and status kind, batches, missing
// optional parts, things that are not ours, and hostile bodies.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "transport/webhook_parser.hpp"

using namespace aduan;
using aduan::transport::parse_webhook;
using aduan::transport::WebhookParse;

namespace {

const std::string kPnid = "100000000000001";
const std::string kSiti = "6281234567890";
const std::string kBudi = "6281298765432";
const std::string kFixtureDir = std::string(ADUAN_SOURCE_DIR) + "/tests/fixtures/webhooks/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

WebhookParse parse_fixture(const std::string& name, const std::string& pnid = kPnid) {
  auto p = parse_webhook(read_file(kFixtureDir + name + ".json"), pnid);
  REQUIRE(p.ok);
  return p;
}

// The single message of a one-message fixture, from Siti, with nothing ignored.
InboundMessage only_message(const std::string& name) {
  auto p = parse_fixture(name);
  REQUIRE(p.batch.ignored == 0);
  REQUIRE(p.batch.events.size() == 1);
  REQUIRE(std::holds_alternative<InboundMessage>(p.batch.events[0]));
  return std::get<InboundMessage>(p.batch.events[0]);
}

StatusEvent only_status(const std::string& name) {
  auto p = parse_fixture(name);
  REQUIRE(p.batch.ignored == 0);
  REQUIRE(p.batch.events.size() == 1);
  REQUIRE(std::holds_alternative<StatusEvent>(p.batch.events[0]));
  return std::get<StatusEvent>(p.batch.events[0]);
}

std::vector<std::string> fixture_names() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(kFixtureDir))
    if (e.path().extension() == ".json") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a text message becomes a message event with sender, profile, number and time") {
  auto m = only_message("text");
  CHECK(m.type == "text");
  CHECK(m.id.rfind("wamid.", 0) == 0);
  CHECK(m.from == kSiti);
  CHECK(m.profile_name == "Siti Rahayu");
  CHECK(m.phone_number_id == kPnid);
  CHECK(m.timestamp == 1767225600);
  CHECK(m.text == "Sertifikat saya tidak bisa diunduh");
  CHECK(chat_key_of(m) == "wa:" + kSiti);
  CHECK(m.raw_json.empty());
}

TEST_CASE("interactive replies keep their kind, id, title and the context they answer") {
  auto b = only_message("interactive_button_reply");
  CHECK(b.type == "interactive");
  CHECK(b.reply_kind == "button_reply");
  CHECK(b.reply_id == "confirm_yes");
  CHECK(b.text == "YA");
  CHECK_FALSE(b.context_message_id.empty());
  CHECK(b.context_from == "6281100000001");

  auto l = only_message("interactive_list_reply");
  CHECK(l.reply_kind == "list_reply");
  CHECK(l.reply_id == "menu_certificate");
  CHECK(l.text == "Sertifikat");
  CHECK(l.reply_description == "Sertifikat tidak bisa diunduh");
}

TEST_CASE("an nfm_reply keeps its response_json string verbatim") {
  auto m = only_message("interactive_nfm_reply");
  CHECK(m.reply_kind == "nfm_reply");
  CHECK(m.nfm_name == "flow");
  CHECK(m.text == "Sent");
  CHECK(m.nfm_response_json == R"({"flow_token": "tok-123", "field": "name", "new_value": "Siti Rahayuningsih"})");
  auto inner = nlohmann::json::parse(m.nfm_response_json);
  CHECK(inner["flow_token"] == "tok-123");
}

TEST_CASE("a template quick-reply button keeps its text and payload") {
  auto m = only_message("button");
  CHECK(m.type == "button");
  CHECK(m.reply_kind == "button");
  CHECK(m.text == "Lihat tiket");
  CHECK(m.reply_id == "ticket:TK-0001");
}

TEST_CASE("media messages keep media id, mime type, hash, caption, filename and the voice flag") {
  auto img = only_message("image");
  CHECK(img.type == "image");
  CHECK(img.media_id == "1111111111111111");
  CHECK(img.mime_type == "image/jpeg");
  CHECK(img.media_sha256 == "QmFzZTY0SGFzaE9mVGhlSW1hZ2VCeXRlcw==");
  CHECK(img.text == "foto kartu vaksin");
  CHECK_FALSE(img.voice);

  auto voice = only_message("audio_voice");
  CHECK(voice.type == "audio");
  CHECK(voice.voice);
  CHECK(voice.media_id == "2222222222222222");
  CHECK(voice.mime_type == "audio/ogg; codecs=opus");

  auto vid = only_message("video");
  CHECK(vid.type == "video");
  CHECK(vid.media_id == "3333333333333333");
  CHECK(vid.text == "layar error");

  auto doc = only_message("document");
  CHECK(doc.type == "document");
  CHECK(doc.filename == "surat_keterangan.pdf");
  CHECK(doc.mime_type == "application/pdf");
  CHECK(doc.text == "surat keterangan");

  auto st = only_message("sticker");
  CHECK(st.type == "sticker");
  CHECK(st.media_id == "5555555555555555");
  CHECK(st.mime_type == "image/webp");
}

TEST_CASE("a location keeps coordinates, name and address") {
  auto m = only_message("location");
  REQUIRE(m.latitude);
  REQUIRE(m.longitude);
  CHECK(*m.latitude == Approx(-6.2261));
  CHECK(*m.longitude == Approx(106.8539));
  CHECK(m.location_name == "Puskesmas Tebet");
  CHECK(m.location_address.find("Jakarta Selatan") != std::string::npos);
}

TEST_CASE("shared contacts and orders keep their raw objects") {
  auto c = only_message("contacts");
  CHECK(c.type == "contacts");
  auto cards = nlohmann::json::parse(c.raw_json);
  REQUIRE(cards.is_array());
  CHECK(cards[0]["phones"][0]["wa_id"] == kBudi);

  auto o = only_message("order");
  CHECK(o.type == "order");
  CHECK(o.text == "pesanan");
  CHECK(nlohmann::json::parse(o.raw_json)["product_items"][0]["product_retailer_id"] == "sku-1");
}

TEST_CASE("a reaction keeps the message it reacts to; a missing emoji means it was removed") {
  auto r = only_message("reaction");
  CHECK(r.type == "reaction");
  CHECK_FALSE(r.reaction_message_id.empty());
  CHECK(r.reaction_emoji == "\xF0\x9F\x91\x8D");

  auto gone = only_message("reaction_removed");
  CHECK(gone.reaction_message_id == r.reaction_message_id);
  CHECK(gone.reaction_emoji.empty());
}

TEST_CASE("a system message names what changed and the new number") {
  auto m = only_message("system_user_changed_number");
  CHECK(m.type == "system");
  CHECK(m.system_type == "user_changed_number");
  CHECK(m.system_new_wa_id == "6281377778888");
  CHECK(m.from == kSiti);
  CHECK(m.profile_name.empty());  // this fixture has no contacts
  CHECK_FALSE(m.text.empty());
}

TEST_CASE("a referral on a text message is kept beside the text") {
  auto m = only_message("referral");
  CHECK(m.type == "text");
  CHECK(m.text == "Halo, saya lihat iklannya");
  auto ref = nlohmann::json::parse(m.referral_json);
  CHECK(ref["source_type"] == "ad");
  CHECK(ref["headline"] == "Cek status vaksin");
}

TEST_CASE("unsupported and unknown messages become events carrying their errors") {
  auto u = only_message("unsupported");
  CHECK(u.type == "unsupported");
  REQUIRE(u.errors.size() == 1);
  CHECK(u.errors[0] == "131051: Message type unknown");
  CHECK(nlohmann::json::parse(u.raw_json)["id"] == u.id);

  auto k = only_message("unknown");
  CHECK(k.type == "unknown");
  REQUIRE(k.errors.size() == 1);
  CHECK(k.errors[0] == "131051: Unsupported message type");
}

TEST_CASE("a type Meta adds later is kept with its raw type and whole message") {
  auto m = only_message("future_type");
  CHECK(m.type == "hologram");
  CHECK(nlohmann::json::parse(m.raw_json)["hologram"]["shape"] == "cube");
}

TEST_CASE("context keeps reply-to and forwarded flags") {
  auto f = only_message("context_forwarded");
  CHECK(f.forwarded);
  CHECK(f.frequently_forwarded);
  CHECK(f.context_message_id.empty());

  auto r = only_message("context_reply");
  CHECK_FALSE(r.forwarded);
  CHECK(r.context_message_id.rfind("wamid.", 0) == 0);
  CHECK(r.context_from == "6281100000001");
}

TEST_CASE("missing contacts or profile leave the name empty but keep the message") {
  auto a = only_message("missing_contacts");
  CHECK(a.from == kSiti);
  CHECK(a.profile_name.empty());
  auto b = only_message("missing_profile");
  CHECK(b.from == kSiti);
  CHECK(b.profile_name.empty());
}

TEST_CASE("a message without from is keyed by its business-scoped user id") {
  auto m = only_message("missing_from");
  CHECK(m.from.empty());
  CHECK(m.from_user_id == "ID.1234567890123456789");
  CHECK(chat_key_of(m) == "bu:ID.1234567890123456789");
}

TEST_CASE("a username user is matched to its contact by user_id") {
  auto m = only_message("username_user");
  CHECK(m.from.empty());
  CHECK(m.from_user_id == "ID.9876543210987654321");
  CHECK(m.profile_name == "Dewi");
  CHECK(m.username == "dewi.sehat");
  CHECK(chat_key_of(m) == "bu:ID.9876543210987654321");
}

TEST_CASE("every status kind becomes a status event") {
  for (const std::string kind : {"sent", "delivered", "read", "played"}) {
    INFO(kind);
    auto s = only_status("status_" + kind);
    CHECK(s.status == kind);
    CHECK(s.id.rfind("wamid.", 0) == 0);
    CHECK(s.recipient_id == kSiti);
    CHECK(s.phone_number_id == kPnid);
    CHECK(s.timestamp == 1767225600);
    CHECK(s.error_codes.empty());
    CHECK(dedupe_key_of(s) == s.id + ":" + kind);
  }
}

TEST_CASE("a failed status keeps every error code and the first title") {
  auto s = only_status("status_failed");
  CHECK(s.status == "failed");
  CHECK(s.error_codes == std::vector<int>{131047, 131026});
  CHECK(s.error_title == "Re-engagement message");
}

TEST_CASE("a status for a username user carries the recipient's user id") {
  auto s = only_status("status_username_user");
  CHECK(s.recipient_id.empty());
  CHECK(s.recipient_user_id == "ID.9876543210987654321");
}

TEST_CASE("every message of a batch becomes an event, in order, each matched to its own contact") {
  auto p = parse_fixture("multi_message");
  CHECK(p.batch.ignored == 0);
  REQUIRE(p.batch.events.size() == 3);
  auto m0 = std::get<InboundMessage>(p.batch.events[0]);
  auto m1 = std::get<InboundMessage>(p.batch.events[1]);
  auto m2 = std::get<InboundMessage>(p.batch.events[2]);
  CHECK(m0.text == "pesan satu");
  CHECK(m0.profile_name == "Siti Rahayu");
  CHECK(m1.from == kBudi);
  CHECK(m1.profile_name == "Budi Santoso");
  CHECK(m2.type == "image");
  CHECK(m2.profile_name == "Siti Rahayu");
}

TEST_CASE("every entry and every change of a batch is read, messages and statuses alike") {
  auto p = parse_fixture("multi_entry");
  CHECK(p.batch.ignored == 0);
  REQUIRE(p.batch.events.size() == 4);
  CHECK(std::get<InboundMessage>(p.batch.events[0]).text == "entry satu");
  CHECK(std::get<StatusEvent>(p.batch.events[1]).status == "read");
  CHECK(std::get<InboundMessage>(p.batch.events[2]).profile_name == "Budi Santoso");
  CHECK(std::get<StatusEvent>(p.batch.events[3]).status == "delivered");
}

TEST_CASE("things that are not ours are ignored with a reason, and the body is still ok") {
  SECTION("a non-message field") {
    auto p = parse_fixture("account_update");
    CHECK(p.batch.events.empty());
    CHECK(p.batch.ignored == 1);
    REQUIRE(p.batch.ignored_reasons.size() == 1);
    CHECK(p.batch.ignored_reasons[0].find("account_update") != std::string::npos);
  }
  SECTION("another object") {
    auto p = parse_fixture("other_object");
    CHECK(p.batch.events.empty());
    CHECK(p.batch.ignored == 1);
    CHECK(p.batch.ignored_reasons[0].find("'page'") != std::string::npos);
  }
  SECTION("another phone-number id") {
    auto p = parse_fixture("other_phone_number_id");
    CHECK(p.batch.events.empty());
    CHECK(p.batch.ignored == 1);
    CHECK(p.batch.ignored_reasons[0].find("100000000000999") != std::string::npos);
  }
  SECTION("envelope-level errors") {
    auto p = parse_fixture("value_errors");
    CHECK(p.batch.events.empty());
    CHECK(p.batch.ignored == 1);
    CHECK(p.batch.ignored_reasons[0].find("131000") != std::string::npos);
  }
}

TEST_CASE("without an expected phone-number id every number's messages are taken") {
  auto p = parse_fixture("other_phone_number_id", "");
  CHECK(p.batch.ignored == 0);
  REQUIRE(p.batch.events.size() == 1);
  CHECK(std::get<InboundMessage>(p.batch.events[0]).phone_number_id == "100000000000999");
}

TEST_CASE("a message without an id is ignored while its neighbours are kept") {
  auto p = parse_fixture("message_without_id");
  CHECK(p.batch.ignored == 1);
  CHECK(p.batch.ignored_reasons[0].find("without an id") != std::string::npos);
  REQUIRE(p.batch.events.size() == 1);
  CHECK(std::get<InboundMessage>(p.batch.events[0]).text == "dengan id");
}

TEST_CASE("\\u escapes in the raw body decode to UTF-8") {
  auto m = only_message("text_unicode_escapes");
  CHECK(m.text == "caf\xC3\xA9 \xF0\x9F\x98\xA2 siti@example.id https://example.id/sertifikat");
  CHECK(m.profile_name == "Ren\xC3\xA9 \xF0\x9F\x98\xA2");
}

TEST_CASE("every fixture parses and every event survives the storage JSON round trip") {
  const auto names = fixture_names();
  REQUIRE(names.size() >= 30);
  std::size_t events = 0;
  for (const auto& name : names) {
    INFO(name);
    auto p = parse_fixture(name);
    CHECK(p.batch.ignored == p.batch.ignored_reasons.size());
    for (const auto& e : p.batch.events) {
      ++events;
      const nlohmann::json stored = event_to_json(e);
      // Through text, as the inbox stores it.
      const InboundEvent back = event_from_json(nlohmann::json::parse(stored.dump()));
      CHECK(back.index() == e.index());
      CHECK(event_to_json(back) == stored);
      CHECK(dedupe_key_of(back) == dedupe_key_of(e));
      if (auto* m = std::get_if<InboundMessage>(&back)) {
        CHECK_FALSE(chat_key_of(*m).empty());
        CHECK(m->id == std::get<InboundMessage>(e).id);
        CHECK(m->type == std::get<InboundMessage>(e).type);
      }
    }
  }
  CHECK(events >= 40);
}

TEST_CASE("bodies that are not a JSON object with an entry array are refused") {
  for (const std::string body : {"", "not json", "{", "[]", "null", "42", R"("entry")", R"({})",
                                 R"({"object":"whatsapp_business_account"})",
                                 R"({"object":"whatsapp_business_account","entry":{}})",
                                 R"({"object":"whatsapp_business_account","entry":"x"})",
                                 "{\"entry\":[\"\xff\xfe\"]}", R"({"entry":["\ud800"]})"}) {
    INFO(body);
    auto p = parse_webhook(body, kPnid);
    CHECK_FALSE(p.ok);
    CHECK_FALSE(p.error.empty());
    CHECK(p.batch.events.empty());
  }
}

TEST_CASE("a deeply nested body is refused before parsing, without crashing") {
  const std::size_t depth = 100000;
  std::string deep = R"({"object":"whatsapp_business_account","entry":[)" + std::string(depth, '[') +
                     std::string(depth, ']') + "]}";
  auto p = parse_webhook(deep, kPnid);
  CHECK_FALSE(p.ok);
  CHECK(p.error.find("nested") != std::string::npos);

  std::string objects;
  for (std::size_t i = 0; i < depth; ++i) objects += R"({"a":)";
  objects += "1" + std::string(depth, '}');
  CHECK_FALSE(parse_webhook(objects, kPnid).ok);
}

TEST_CASE("the nesting scan ignores brackets inside strings and honours escapes") {
  using aduan::transport::json_nesting_exceeds;
  CHECK_FALSE(json_nesting_exceeds(R"({"a":"[[[[[[[[[["})", 2));
  CHECK_FALSE(json_nesting_exceeds(R"({"a":"\"[[[[[[[[["})", 2));
  CHECK(json_nesting_exceeds(R"({"a":[[1]]})", 2));
  CHECK_FALSE(json_nesting_exceeds(R"({"a":[1]})", 2));
  // A real envelope nests well inside the limit.
  CHECK_FALSE(json_nesting_exceeds(read_file(kFixtureDir + "status_failed.json"), aduan::transport::kMaxWebhookJsonDepth));
}

TEST_CASE("random garbage never crashes the parser") {
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 4096);
  for (int i = 0; i < 300; ++i) {
    std::string body(static_cast<std::size_t>(len(rng)), '\0');
    for (auto& c : body) c = static_cast<char>(byte(rng));
    auto p = parse_webhook(body, kPnid);
    CHECK_FALSE(p.ok);
  }
}

TEST_CASE("every field of the right name but the wrong type is ignored, never thrown") {
  // Mutate one real envelope: replace each scalar and container in turn by values of
  // other JSON types; the parser must answer (ok or not) every time.
  const auto base = nlohmann::json::parse(read_file(kFixtureDir + "multi_entry.json"));
  const std::vector<nlohmann::json> replacements = {nullptr, 7, -1.5, true, "s", nlohmann::json::array({1}),
                                                    nlohmann::json::object({{"k", "v"}})};
  const auto flat = base.flatten();
  std::size_t tried = 0;
  for (auto it = flat.begin(); it != flat.end(); ++it) {
    // Each leaf path and each of its parents.
    nlohmann::json::json_pointer ptr(it.key());
    while (!ptr.empty()) {
      for (const auto& r : replacements) {
        auto doc = base;
        doc[ptr] = r;
        WebhookParse p;
        REQUIRE_NOTHROW(p = parse_webhook(doc.dump(), kPnid));
        if (p.ok)
          for (const auto& e : p.batch.events) REQUIRE_NOTHROW(event_from_json(event_to_json(e)));
        ++tried;
      }
      ptr = ptr.parent_pointer();
    }
  }
  CHECK(tried > 500);
}

TEST_CASE("timestamps parse defensively: anything but decimal seconds reads as 0") {
  auto with_ts = [](const nlohmann::json& ts) {
    nlohmann::json doc = nlohmann::json::parse(read_file(kFixtureDir + "text.json"));
    doc["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = ts;
    auto p = parse_webhook(doc.dump(), kPnid);
    REQUIRE(p.ok);
    REQUIRE(p.batch.events.size() == 1);
    return std::get<InboundMessage>(p.batch.events[0]).timestamp;
  };
  CHECK(with_ts("1767225600") == 1767225600);
  CHECK(with_ts(1767225600) == 1767225600);
  CHECK(with_ts("") == 0);
  CHECK(with_ts("-5") == 0);
  CHECK(with_ts("12abc") == 0);
  CHECK(with_ts(" 12") == 0);
  CHECK(with_ts("99999999999999999999999") == 0);
  CHECK(with_ts(nullptr) == 0);
  CHECK(with_ts(nlohmann::json::object()) == 0);
}

TEST_CASE("a message with no sender id at all, or an oversized id, is ignored") {
  nlohmann::json doc = nlohmann::json::parse(read_file(kFixtureDir + "missing_contacts.json"));
  auto& msg = doc["entry"][0]["changes"][0]["value"]["messages"][0];
  SECTION("no from and no from_user_id") {
    msg.erase("from");
    auto p = parse_webhook(doc.dump(), kPnid);
    REQUIRE(p.ok);
    CHECK(p.batch.events.empty());
    CHECK(p.batch.ignored == 1);
  }
  SECTION("an id longer than a storage key allows") {
    msg["id"] = std::string(aduan::transport::kMaxWebhookIdBytes + 1, 'x');
    auto p = parse_webhook(doc.dump(), kPnid);
    REQUIRE(p.ok);
    CHECK(p.batch.events.empty());
    CHECK(p.batch.ignored == 1);
  }
  SECTION("a message type that is not a string") {
    msg["type"] = 5;
    auto p = parse_webhook(doc.dump(), kPnid);
    REQUIRE(p.ok);
    REQUIRE(p.batch.events.size() == 1);
    CHECK(std::get<InboundMessage>(p.batch.events[0]).type == "unknown");
  }
}
