#include "transport/webhook_parser.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

namespace aduan::transport {

namespace {

using json = nlohmann::json;

constexpr std::string_view kObjectWaba = "whatsapp_business_account";
constexpr std::string_view kFieldMessages = "messages";
constexpr std::string_view kProductWhatsapp = "whatsapp";

// ---- type-checked access: every read tolerates absence and the wrong JSON type ----------

const json* member(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

const json* object_at(const json& obj, const char* key) {
  const json* v = member(obj, key);
  return v && v->is_object() ? v : nullptr;
}

const json* array_at(const json& obj, const char* key) {
  const json* v = member(obj, key);
  return v && v->is_array() ? v : nullptr;
}

std::string str(const json& obj, const char* key) {
  const json* v = member(obj, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

bool flag(const json& obj, const char* key) {
  const json* v = member(obj, key);
  return v && v->is_boolean() && v->get<bool>();
}

// Meta sends coordinates as numbers; a string form is accepted too, anything else is absent.
std::optional<double> number(const json& obj, const char* key) {
  const json* v = member(obj, key);
  if (!v) return std::nullopt;
  double d = 0;
  if (v->is_number()) {
    d = v->get<double>();
  } else if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

// Timestamps are decimal strings of Unix seconds; anything else (signs, spaces, overflow,
// fractions) reads as 0 rather than a wrong time. A plain JSON integer is accepted too.
std::int64_t timestamp(const json& obj, const char* key) {
  const json* v = member(obj, key);
  if (!v) return 0;
  if (v->is_number_unsigned()) {
    auto u = v->get<std::uint64_t>();
    return u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ? static_cast<std::int64_t>(u) : 0;
  }
  if (v->is_number_integer()) {
    auto i = v->get<std::int64_t>();
    return i > 0 ? i : 0;
  }
  if (!v->is_string()) return 0;
  const std::string& s = v->get_ref<const std::string&>();
  if (s.empty() || s.front() < '0' || s.front() > '9') return 0;
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return 0;
  return out;
}

// Serialises a sub-object for raw_json; replace, not throw, on bad UTF-8 (the parser has
// already validated it, this is belt and braces).
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A short, UTF-8-safe excerpt of payload text for a reason string.
std::string clip(std::string_view s) {
  if (s.size() <= kMaxReasonQuoteBytes) return std::string(s);
  std::size_t cut = kMaxReasonQuoteBytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

std::string quote(std::string_view s) { return "'" + clip(s) + "'"; }

std::string describe_type(const json* v) { return v ? std::string(v->type_name()) : std::string("missing"); }

// "code: title" for one errors[] item; "?" stands in for what Meta left out.
std::string error_text(const json& e) {
  std::string code = "?";
  if (const json* c = member(e, "code")) {
    if (c->is_number()) code = clip(c->dump());
    else if (c->is_string()) code = clip(c->get_ref<const std::string&>());
  }
  std::string title = str(e, "title");
  if (title.empty()) title = str(e, "message");
  return code + ": " + (title.empty() ? std::string("?") : clip(title));
}

std::optional<int> error_code(const json& e) {
  const json* c = member(e, "code");
  if (!c) return std::nullopt;
  std::int64_t v = 0;
  if (c->is_number_integer() || c->is_number_unsigned()) {
    if (c->is_number_unsigned() && c->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      return std::nullopt;
    v = c->get<std::int64_t>();
  } else if (c->is_string()) {
    const std::string& s = c->get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(v);
}

// ---- the envelope ------------------------------------------------------------------------

struct Contact {
  std::string wa_id, user_id, name, username;
};

std::vector<Contact> contacts_of(const json& value) {
  std::vector<Contact> out;
  const json* arr = array_at(value, "contacts");
  if (!arr) return out;
  for (const json& c : *arr) {
    if (!c.is_object()) continue;
    Contact k;
    k.wa_id = str(c, "wa_id");
    k.user_id = str(c, "user_id");
    if (const json* p = object_at(c, "profile")) {
      k.name = str(*p, "name");
      k.username = str(*p, "username");
    }
    out.push_back(std::move(k));
  }
  return out;
}

// The sender's contact entry: by phone first, by business-scoped user id otherwise. No
// guessing by position: a wrong profile name is worse than none.
const Contact* match_contact(const std::vector<Contact>& contacts, const std::string& from, const std::string& user_id) {
  if (!from.empty())
    for (const auto& c : contacts)
      if (c.wa_id == from) return &c;
  if (!user_id.empty())
    for (const auto& c : contacts)
      if (c.user_id == user_id) return &c;
  return nullptr;
}

class Parser {
 public:
  explicit Parser(std::string_view expected_pnid) : expected_pnid_(expected_pnid) {}

  void envelope(const json& root, const json& entries) {
    const std::string object = str(root, "object");
    if (object != kObjectWaba) {
      ignore("object " + (member(root, "object") ? quote(object) : std::string("missing")) + " is not " +
             std::string(kObjectWaba));
      return;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) entry(entries[i], "entry[" + std::to_string(i) + "]");
  }

  WebhookBatch take() { return std::move(batch_); }

 private:
  void ignore(std::string reason) {
    ++batch_.ignored;
    batch_.ignored_reasons.push_back(std::move(reason));
  }

  void entry(const json& e, const std::string& where) {
    if (!e.is_object()) return ignore(where + ": not an object");
    const json* changes = array_at(e, "changes");
    if (!changes) return ignore(where + ": changes is " + describe_type(member(e, "changes")) + ", not an array");
    for (std::size_t i = 0; i < changes->size(); ++i)
      change((*changes)[i], where + ".changes[" + std::to_string(i) + "]");
  }

  void change(const json& c, const std::string& where) {
    if (!c.is_object()) return ignore(where + ": not an object");
    const json* field = member(c, "field");
    if (!field || !field->is_string() || field->get_ref<const std::string&>() != kFieldMessages)
      return ignore(where + ": field " + (field && field->is_string() ? quote(field->get_ref<const std::string&>()) : describe_type(field)) +
                    " is not messages");
    const json* value = object_at(c, "value");
    if (!value) return ignore(where + ": value is " + describe_type(member(c, "value")) + ", not an object");
    if (member(*value, "messaging_product")) {
      const std::string product = str(*value, "messaging_product");
      if (product != kProductWhatsapp) return ignore(where + ": messaging_product " + quote(product) + " is not whatsapp");
    }
    std::string pnid;
    if (const json* meta = object_at(*value, "metadata")) pnid = str(*meta, "phone_number_id");
    if (!expected_pnid_.empty() && pnid != expected_pnid_)
      return ignore(where + ": phone_number_id " + (pnid.empty() ? std::string("missing") : quote(pnid)) + " is not ours");

    const json* messages = member(*value, "messages");
    const json* statuses = member(*value, "statuses");
    const json* errors = member(*value, "errors");
    if (!messages && !statuses && !errors) return ignore(where + ": no messages, statuses or errors");

    if (messages) {
      if (!messages->is_array()) {
        ignore(where + ": messages is " + describe_type(messages) + ", not an array");
      } else {
        const auto contacts = contacts_of(*value);
        for (std::size_t i = 0; i < messages->size(); ++i)
          message((*messages)[i], pnid, contacts, where + ".messages[" + std::to_string(i) + "]");
      }
    }
    if (statuses) {
      if (!statuses->is_array()) {
        ignore(where + ": statuses is " + describe_type(statuses) + ", not an array");
      } else {
        for (std::size_t i = 0; i < statuses->size(); ++i)
          status((*statuses)[i], pnid, where + ".statuses[" + std::to_string(i) + "]");
      }
    }
    // Envelope-level errors concern no message of ours to store; keep them visible as reasons.
    if (errors) {
      if (!errors->is_array()) return ignore(where + ": errors is " + describe_type(errors) + ", not an array");
      for (std::size_t i = 0; i < errors->size(); ++i)
        ignore(where + ".errors[" + std::to_string(i) + "]: " + error_text((*errors)[i]));
    }
  }

  void message(const json& j, const std::string& pnid, const std::vector<Contact>& contacts, const std::string& where) {
    if (!j.is_object()) return ignore(where + ": not an object");
    InboundMessage m;
    m.id = str(j, "id");
    if (m.id.empty()) return ignore(where + ": message without an id");
    if (m.id.size() > kMaxWebhookIdBytes) return ignore(where + ": message id longer than " + std::to_string(kMaxWebhookIdBytes) + " bytes");
    m.from = str(j, "from");
    m.from_user_id = str(j, "from_user_id");
    if (const Contact* c = match_contact(contacts, m.from, m.from_user_id)) {
      m.profile_name = c->name;
      m.username = c->username;
      if (m.from_user_id.empty()) m.from_user_id = c->user_id;
      if (m.from.empty()) m.from = c->wa_id;
    }
    if (m.from.empty() && m.from_user_id.empty()) return ignore(where + ": message " + quote(m.id) + " has no sender id");
    if (m.from.size() > kMaxWebhookIdBytes || m.from_user_id.size() > kMaxWebhookIdBytes)
      return ignore(where + ": message " + quote(m.id) + " sender id too long");
    m.phone_number_id = pnid;
    m.timestamp = timestamp(j, "timestamp");
    const json* type = member(j, "type");
    m.type = type && type->is_string() ? type->get<std::string>() : std::string("unknown");

    if (const json* ctx = object_at(j, "context")) {
      m.context_message_id = str(*ctx, "id");
      m.context_from = str(*ctx, "from");
      m.forwarded = flag(*ctx, "forwarded");
      m.frequently_forwarded = flag(*ctx, "frequently_forwarded");
    }
    if (const json* ref = object_at(j, "referral")) m.referral_json = dump(*ref);
    if (const json* errs = array_at(j, "errors"))
      for (const json& e : *errs) m.errors.push_back(error_text(e));

    content(j, m);
    batch_.events.emplace_back(std::move(m));
  }

  // The part of a message that depends on its type. Unknown and future types keep the whole
  // message so that nothing Meta sent is lost.
  static void content(const json& j, InboundMessage& m) {
    const std::string& t = m.type;
    const json* body = object_at(j, t.c_str());
    static const json kEmpty = json::object();
    const json& b = body ? *body : kEmpty;
    if (t == "text") {
      m.text = str(b, "body");
    } else if (t == "interactive") {
      interactive(b, m);
    } else if (t == "button") {
      m.reply_kind = "button";
      m.text = str(b, "text");
      m.reply_id = str(b, "payload");
    } else if (t == "image" || t == "audio" || t == "video" || t == "document" || t == "sticker") {
      m.media_id = str(b, "id");
      m.mime_type = str(b, "mime_type");
      m.media_sha256 = str(b, "sha256");
      m.text = str(b, "caption");
      m.filename = str(b, "filename");
      m.voice = flag(b, "voice");
    } else if (t == "location") {
      m.latitude = number(b, "latitude");
      m.longitude = number(b, "longitude");
      m.location_name = str(b, "name");
      m.location_address = str(b, "address");
    } else if (t == "reaction") {
      m.reaction_message_id = str(b, "message_id");
      m.reaction_emoji = str(b, "emoji");  // absent: the reaction was removed
    } else if (t == "system") {
      m.system_type = str(b, "type");
      m.text = str(b, "body");
      // Older payloads name the new number new_wa_id, newer ones wa_id.
      m.system_new_wa_id = str(b, "new_wa_id");
      if (m.system_new_wa_id.empty()) m.system_new_wa_id = str(b, "wa_id");
      if (body) m.raw_json = dump(*body);
    } else if (t == "order") {
      m.text = str(b, "text");
      if (body) m.raw_json = dump(*body);
    } else if (t == "contacts") {
      if (const json* arr = array_at(j, "contacts")) m.raw_json = dump(*arr);
    } else {
      m.raw_json = dump(j);  // unsupported, unknown, and every type Meta adds later
    }
  }

  static void interactive(const json& b, InboundMessage& m) {
    m.reply_kind = str(b, "type");
    const json* reply = m.reply_kind.empty() ? nullptr : object_at(b, m.reply_kind.c_str());
    if (!reply) {
      m.raw_json = dump(b);
      return;
    }
    if (m.reply_kind == "button_reply" || m.reply_kind == "list_reply") {
      m.reply_id = str(*reply, "id");
      m.text = str(*reply, "title");
      m.reply_description = str(*reply, "description");
    } else if (m.reply_kind == "nfm_reply") {
      m.nfm_name = str(*reply, "name");
      m.text = str(*reply, "body");
      const json* rj = member(*reply, "response_json");
      // Documented as a JSON string; an object would be a shape change we still keep.
      if (rj && rj->is_string()) m.nfm_response_json = rj->get<std::string>();
      else if (rj && rj->is_object()) m.nfm_response_json = dump(*rj);
    } else {
      m.raw_json = dump(b);
    }
  }

  void status(const json& j, const std::string& pnid, const std::string& where) {
    if (!j.is_object()) return ignore(where + ": not an object");
    StatusEvent s;
    s.id = str(j, "id");
    s.status = str(j, "status");
    if (s.id.empty() || s.status.empty()) return ignore(where + ": status without id or status");
    if (s.id.size() > kMaxWebhookIdBytes || s.status.size() > kMaxWebhookStatusBytes)
      return ignore(where + ": status id or value too long");
    s.recipient_id = str(j, "recipient_id");
    s.recipient_user_id = str(j, "recipient_user_id");
    s.phone_number_id = pnid;
    s.timestamp = timestamp(j, "timestamp");
    if (const json* errs = array_at(j, "errors")) {
      for (const json& e : *errs) {
        if (auto code = error_code(e)) s.error_codes.push_back(*code);
        if (s.error_title.empty()) s.error_title = str(e, "title");
      }
    }
    batch_.events.emplace_back(std::move(s));
  }

  std::string expected_pnid_;
  WebhookBatch batch_;
};

}  // namespace

bool json_nesting_exceeds(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;  // unbalanced text is the parser's to reject
    }
  }
  return false;
}

WebhookParse parse_webhook(std::string_view raw_body, std::string_view expected_phone_number_id) {
  WebhookParse out;
  try {
    if (json_nesting_exceeds(raw_body, kMaxWebhookJsonDepth)) {
      out.error = "body nested deeper than " + std::to_string(kMaxWebhookJsonDepth) + " levels";
      return out;
    }
    json root = json::parse(raw_body.begin(), raw_body.end(), nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) {
      out.error = "body is not JSON";
      return out;
    }
    const json* entries = array_at(root, "entry");
    if (!entries) {
      out.error = root.is_object() ? "body has no entry array" : "body is not a JSON object";
      return out;
    }
    Parser p(expected_phone_number_id);
    p.envelope(root, *entries);
    out.batch = p.take();
    out.ok = true;
  } catch (const std::exception&) {
    // Every access above is type-checked; this only catches the unforeseen (e.g. bad_alloc).
    out = WebhookParse{};
    out.error = "body could not be parsed";
  }
  return out;
}

}  // namespace aduan::transport
