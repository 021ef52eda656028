// Meta Cloud API wire payloads and answer classification. See graph_payload.hpp.
#include "transport/graph_payload.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/secure_random.hpp"

namespace aduan::graph {

namespace {

using nlohmann::json;

constexpr const char* kProduct = "whatsapp";
constexpr std::size_t kBoundaryRandomBytes = 24;

json base_payload(const Recipient& to, const char* type) {
  json p = {{"messaging_product", kProduct}, {"recipient_type", "individual"}, {"type", type}};
  address_recipient(p, to);
  return p;
}

json text_object(const std::string& s) { return {{"text", s}}; }

// Header, body and footer shared by list and button messages; empty parts are omitted
// because Meta rejects empty text objects.
void add_frame(json& interactive, const std::string& header, const std::string& body, const std::string& footer) {
  if (!header.empty()) interactive["header"] = {{"type", "text"}, {"text", header}};
  interactive["body"] = text_object(body);
  if (!footer.empty()) interactive["footer"] = text_object(footer);
}

json payload(const OutText& m, const Recipient& to, const std::string&) {
  json p = base_payload(to, "text");
  // No link previews: a citizen's chat should show exactly what we wrote.
  p["text"] = {{"body", m.body}, {"preview_url", false}};
  return p;
}

json payload(const OutList& m, const Recipient& to, const std::string&) {
  json sections = json::array();
  for (const auto& s : m.sections) {
    json rows = json::array();
    for (const auto& r : s.rows) {
      json row = {{"id", r.id}, {"title", r.title}};
      if (!r.description.empty()) row["description"] = r.description;
      rows.push_back(std::move(row));
    }
    json sec = {{"rows", std::move(rows)}};
    if (!s.title.empty()) sec["title"] = s.title;
    sections.push_back(std::move(sec));
  }
  json interactive = {{"type", "list"}, {"action", {{"button", m.button}, {"sections", std::move(sections)}}}};
  add_frame(interactive, m.header, m.body, m.footer);
  json p = base_payload(to, "interactive");
  p["interactive"] = std::move(interactive);
  return p;
}

json payload(const OutButtons& m, const Recipient& to, const std::string&) {
  json buttons = json::array();
  for (const auto& b : m.buttons) buttons.push_back({{"type", "reply"}, {"reply", {{"id", b.id}, {"title", b.title}}}});
  json interactive = {{"type", "button"}, {"action", {{"buttons", std::move(buttons)}}}};
  add_frame(interactive, m.header, m.body, m.footer);
  json p = base_payload(to, "interactive");
  p["interactive"] = std::move(interactive);
  return p;
}

json payload(const OutDocument& m, const Recipient& to, const std::string& uploaded_id) {
  json doc = json::object();
  if (!uploaded_id.empty())
    doc["id"] = uploaded_id;
  else if (!m.media_id.empty())
    doc["id"] = m.media_id;
  else if (!m.link.empty())
    doc["link"] = m.link;
  else
    return nullptr;  // certificate not uploaded yet
  if (!m.filename.empty()) doc["filename"] = m.filename;
  if (!m.caption.empty()) doc["caption"] = m.caption;
  json p = base_payload(to, "document");
  p["document"] = std::move(doc);
  return p;
}

json payload(const OutTemplate& m, const Recipient& to, const std::string&) {
  json tpl = {{"name", m.name}, {"language", {{"code", m.language}}}};
  if (!m.body_params.empty()) {
    json params = json::array();
    for (const auto& v : m.body_params) params.push_back({{"type", "text"}, {"text", v}});
    tpl["components"] = json::array({{{"type", "body"}, {"parameters", std::move(params)}}});
  }
  json p = base_payload(to, "template");
  p["template"] = std::move(tpl);
  return p;
}

json payload(const OutMarkRead& m, const Recipient&, const std::string&) {
  // A read receipt names the inbound message only; it has no recipient.
  return {{"messaging_product", kProduct}, {"status", "read"}, {"message_id", m.message_id}};
}

// Characters that would break out of a quoted multipart header value or the header line.
std::string header_safe(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '"' || c == '\\' || c == '\r' || c == '\n') c = '_';
  return out;
}

// --- classification ------------------------------------------------------------------

// Meta codes that mean "try again later": throttling and temporary service trouble.
// 1 and 2 are Graph's generic "unknown / service temporarily unavailable" codes.
constexpr int kRetryCodes[] = {1, 2, 4, 80007, 130429, 131000, 131016, 131057, 133004};
// Pair rate limit: one recipient gets too many messages; only they are slowed.
constexpr int kPairLimitCode = 131056;
// The access token is invalid or expired (0 is Graph's AuthException).
constexpr int kTokenCodes[] = {0, 190};
// Codes the request itself is wrong for; never retried even when Graph answers 5xx.
constexpr int kPermanentCodes[] = {100, 368, 131026, 131047, 131051, 131062};
constexpr int kTemplateCodeFirst = 132000;  // 132xxx: template problems
constexpr int kTemplateCodeLast = 132999;

template <std::size_t N>
bool in(const int (&set)[N], int code) {
  return std::find(std::begin(set), std::end(set), code) != std::end(set);
}

bool is_2xx(int status) { return status >= 200 && status < 300; }
bool status_is_transient(int status) { return status == 0 || status == 408 || status == 429 || status >= 500; }

Outcome outcome_for_code(int code, int status) {
  if (in(kTokenCodes, code)) return Outcome::token_invalid;
  if (code == kPairLimitCode) return Outcome::retry_pair_limited;
  if (in(kRetryCodes, code)) return Outcome::retry;
  if (in(kPermanentCodes, code) || (code >= kTemplateCodeFirst && code <= kTemplateCodeLast))
    return Outcome::permanent;
  // An unknown code: the HTTP status is the best remaining hint.
  return status_is_transient(status) ? Outcome::retry : Outcome::permanent;
}

// Outcome when the body says nothing usable.
Outcome outcome_for_status(int status) {
  if (status_is_transient(status)) return Outcome::retry;
  // A bare 401 (e.g. from a proxy in front of Graph) is treated like 190: pausing keeps
  // rows pending instead of failing every one of them.
  if (status == 401) return Outcome::token_invalid;
  return Outcome::permanent;
}

std::string cut_title(std::string s) {
  if (s.size() > kMaxErrorTitle) s = clamp_utf8(s, kMaxErrorTitle);
  return s;
}

std::string string_field(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string{};
}

void read_error(const json& err, int status, GraphResult& r) {
  std::string title = string_field(err, "error_user_title");
  if (title.empty()) title = string_field(err, "message");
  r.error_title = cut_title(std::move(title));
  const auto code = err.find("code");
  if (code != err.end() && code->is_number_integer()) {
    r.error_code = code->get<int>();
    r.outcome = outcome_for_code(r.error_code, status);
  } else {
    r.outcome = outcome_for_status(status);
  }
}

}  // namespace

void address_recipient(nlohmann::json& payload, const Recipient& to) {
  if (!to.wa_id.empty())
    payload["to"] = to.wa_id;
  else
    payload["recipient"] = to.user_id;  // BSUID; Meta: "to" would take precedence if both were sent
}

nlohmann::json message_payload(const OutboundMessage& m, const Recipient& to, const std::string& media_id_for_document) {
  return std::visit([&](const auto& v) { return payload(v, to, media_id_for_document); }, m);
}

Multipart media_upload_body(std::string_view bytes, const std::string& mime, const std::string& filename,
                            const std::function<std::string()>& next_boundary) {
  const std::string safe_mime = header_safe(mime);
  const std::string safe_name = header_safe(filename);
  std::string boundary;
  for (int i = 0; i < kMaxBoundaryTries && boundary.empty(); ++i) {
    std::string b = next_boundary();
    const bool clash = b.empty() || bytes.find(b) != std::string_view::npos ||
                       safe_mime.find(b) != std::string::npos || safe_name.find(b) != std::string::npos;
    if (!clash) boundary = std::move(b);
  }
  if (boundary.empty()) throw std::runtime_error("media_upload_body: no boundary free of the content");

  const std::string dash = "--" + boundary;
  const auto field = [&](const char* name, const std::string& value) {
    return dash + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  };
  Multipart out;
  out.content_type = "multipart/form-data; boundary=" + boundary;
  out.body = field("messaging_product", kProduct) + field("type", safe_mime);
  out.body += dash + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + safe_name +
              "\"\r\nContent-Type: " + safe_mime + "\r\n\r\n";
  out.body.append(bytes.data(), bytes.size());
  out.body += "\r\n" + dash + "--\r\n";
  return out;
}

Multipart media_upload_body(std::string_view bytes, const std::string& mime, const std::string& filename) {
  return media_upload_body(bytes, mime, filename,
                           [] { return "aduan-" + random_hex(kBoundaryRandomBytes); });
}

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::accepted: return "accepted";
    case Outcome::retry: return "retry";
    case Outcome::retry_pair_limited: return "retry_pair_limited";
    case Outcome::permanent: return "permanent";
    case Outcome::token_invalid: return "token_invalid";
  }
  return "unknown";
}

GraphResult classify_response(int http_status, std::string_view body) {
  GraphResult r;
  r.http_status = http_status;
  const json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    r.outcome = outcome_for_status(http_status);
    r.error_title = is_2xx(http_status) ? "unreadable 2xx body" : "unreadable error body";
    return r;
  }
  if (const auto err = j.find("error"); err != j.end() && err->is_object()) {
    read_error(*err, http_status, r);
    return r;
  }
  if (is_2xx(http_status)) {
    if (const auto msgs = j.find("messages"); msgs != j.end() && msgs->is_array() && !msgs->empty() &&
                                              msgs->front().is_object()) {
      r.message_id = string_field(msgs->front(), "id");
    }
    if (r.message_id.empty() && !j.contains("messages")) r.media_id = string_field(j, "id");
    const auto success = j.find("success");
    const bool read_ok = success != j.end() && success->is_boolean() && success->get<bool>();
    if (!r.message_id.empty() || !r.media_id.empty() || read_ok) {
      r.outcome = Outcome::accepted;
      return r;
    }
    // 2xx without an id: we cannot tell what Meta did, and resending risks a duplicate.
    r.outcome = Outcome::permanent;
    r.error_title = "2xx without an id";
    return r;
  }
  r.outcome = outcome_for_status(http_status);
  return r;
}

std::chrono::milliseconds backoff_delay(int attempt, std::uint64_t random_bits) {
  using std::chrono::milliseconds;
  // Doubling past this many steps would only hit the cap (and overflow a shift).
  constexpr int kMaxDoublings = 30;
  const int doublings = std::clamp(attempt - 1, 0, kMaxDoublings);
  const auto uncapped = static_cast<std::uint64_t>(kBackoffBase.count()) << doublings;
  const auto ceiling = std::min<std::uint64_t>(uncapped, static_cast<std::uint64_t>(kBackoffCap.count()));
  const auto floor = static_cast<std::uint64_t>(kBackoffFloor.count());
  if (ceiling <= floor) return milliseconds(static_cast<milliseconds::rep>(ceiling));
  // Scale the random bits onto [floor, ceiling] without modulo bias.
  const auto span = ceiling - floor;
  const auto scaled = static_cast<std::uint64_t>((static_cast<unsigned __int128>(random_bits) * (span + 1)) >> 64);
  return milliseconds(static_cast<milliseconds::rep>(floor + scaled));
}

std::chrono::milliseconds pair_limit_delay(int n) {
  using std::chrono::milliseconds;
  constexpr int kMaxPower = 10;  // 4^10 s is far beyond any sensible cap
  constexpr std::int64_t kSecond = 1000;
  const int power = std::clamp(n, 1, kMaxPower);
  const std::int64_t ms = (std::int64_t{1} << (2 * power)) * kSecond;
  return std::min(milliseconds(ms), kPairLimitCap);
}

}  // namespace aduan::graph
