// Outbound messages: Meta's length unit, grapheme-safe clamping and splitting, builders,
// validation and our storage JSON. See outbound.hpp for the contract.
#include "core/outbound.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace aduan {

namespace {

// ---------------------------------------------------------------------------------------
// UTF-8 decoding into code points with byte offsets. Invalid bytes become one code point
// each (U+FFFD, one unit) so that nothing is ever dropped and cuts stay on byte edges
// that never split a valid sequence.

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kZwj = 0x200D;
constexpr char32_t kKeycap = 0x20E3;
// Splitting needs at least room for one astral code point (two UTF-16 units).
constexpr std::size_t kMinSplitMax = 2;

struct CodePoint {
  char32_t cp;
  std::size_t off;  // byte offset of the first byte
};

std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;  // continuation byte or never-valid lead
}

// Decodes one code point at s[i]; returns its byte length (>= 1).
std::size_t decode_one(std::string_view s, std::size_t i, char32_t& out) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t len = sequence_length(lead);
  if (len == 1) {
    out = lead;
    return 1;
  }
  if (len == 0 || i + len > s.size()) {
    out = kReplacement;
    return 1;
  }
  char32_t cp = lead & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      out = kReplacement;
      return 1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  static constexpr std::array<char32_t, 5> kMinForLength = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    out = kReplacement;
    return 1;
  }
  out = cp;
  return len;
}

std::vector<CodePoint> decode_all(std::string_view s) {
  std::vector<CodePoint> cps;
  cps.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_one(s, i, cp);
    cps.push_back({cp, i});
    i += len;
  }
  return cps;
}

std::size_t units_of(char32_t cp) { return cp >= 0x10000 ? 2 : 1; }

bool is_regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

// Code points that attach to the one before them: a cut just before them would tear a
// visible character apart.
bool is_extender(char32_t c) {
  return c == kZwj || c == kKeycap ||
         (c >= 0xFE00 && c <= 0xFE0F) ||      // variation selectors
         (c >= 0xE0100 && c <= 0xE01EF) ||    // variation selectors supplement
         (c >= 0x1F3FB && c <= 0x1F3FF) ||    // emoji skin-tone modifiers
         (c >= 0xE0020 && c <= 0xE007F) ||    // tag characters (subdivision flags)
         (c >= 0x0300 && c <= 0x036F) ||      // combining diacritical marks
         (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

// Text decoded once, with prefix sums of Meta units, so cut decisions are O(1)-ish.
class Decoded {
 public:
  explicit Decoded(std::string_view s) : s_(s), cps_(decode_all(s)) {
    prefix_.reserve(cps_.size() + 1);
    prefix_.push_back(0);
    for (const auto& c : cps_) prefix_.push_back(prefix_.back() + units_of(c.cp));
  }
  std::size_t count() const { return cps_.size(); }
  // Meta units of code points [a, b).
  std::size_t units(std::size_t a, std::size_t b) const { return prefix_[b] - prefix_[a]; }
  std::size_t byte_offset(std::size_t k) const { return k == cps_.size() ? s_.size() : cps_[k].off; }
  char32_t cp(std::size_t k) const { return cps_[k].cp; }

  // True when a cut between code points k-1 and k keeps every grapheme whole.
  bool safe_cut(std::size_t k) const {
    if (k == 0 || k >= cps_.size()) return true;
    const char32_t a = cps_[k - 1].cp;
    const char32_t b = cps_[k].cp;
    if (a == '\r' && b == '\n') return false;
    if (a == kZwj || is_extender(b)) return false;
    if (is_regional_indicator(a) && is_regional_indicator(b)) {
      // Flags are pairs: cut only after an even number of indicators in the run.
      std::size_t run = 0;
      for (std::size_t j = k; j > 0 && is_regional_indicator(cps_[j - 1].cp); --j) ++run;
      return run % 2 == 0;
    }
    return true;
  }

  // Largest k in [from, count] with units(from, k) <= max.
  std::size_t fit_end(std::size_t from, std::size_t max) const {
    const std::size_t target = prefix_[from] + max;
    const auto it = std::upper_bound(prefix_.begin() + static_cast<std::ptrdiff_t>(from), prefix_.end(), target);
    return static_cast<std::size_t>(it - prefix_.begin()) - 1;
  }

  // Largest safe cut in (from, to]; falls back to `to` itself when a single grapheme is
  // longer than the room (progress beats perfection for pathological input).
  std::size_t safe_cut_at_or_before(std::size_t from, std::size_t to) const {
    for (std::size_t k = to; k > from; --k)
      if (safe_cut(k)) return k;
    return to;
  }

 private:
  std::string_view s_;
  std::vector<CodePoint> cps_;
  std::vector<std::size_t> prefix_;
};

// Last cut (code point index, just after the separator) in [lo, hi] for a separator that
// ends a unit of text; 0 when there is none.
std::size_t last_cut_after(const Decoded& d, std::string_view sep, std::size_t lo, std::size_t hi) {
  // Byte search on the original text restricted to the window; separators are ASCII so
  // their matches always sit on code point boundaries.
  for (std::size_t k = hi; k >= lo && k > 0; --k) {
    if (k < sep.size()) break;
    bool match = true;
    for (std::size_t j = 0; j < sep.size(); ++j) {
      if (d.cp(k - sep.size() + j) != static_cast<unsigned char>(sep[j])) {
        match = false;
        break;
      }
    }
    if (match && d.safe_cut(k)) return k;
  }
  return 0;
}

using Level = std::vector<std::string_view>;
const std::array<Level, 4>& split_levels() {
  static const std::array<Level, 4> kLevels = {{
      {"\n\n"},             // paragraph
      {"\n"},               // line
      {". ", "! ", "? "},   // sentence
      {" "},                // word
  }};
  return kLevels;
}

// Chooses where the part starting at `from` ends; `end` is the furthest fitting index.
std::size_t choose_cut(const Decoded& d, std::size_t from, std::size_t end, std::size_t max) {
  // Prefer a boundary that fills at least half the part: a paragraph break at the very
  // start would otherwise produce a tiny message and one more send to the citizen.
  const std::size_t half = d.fit_end(from, max / 2);
  const std::size_t lo_full = from + 1;
  const std::size_t lo_half = std::max(lo_full, half);
  for (const std::size_t lo : {lo_half, lo_full}) {
    for (const auto& level : split_levels()) {
      std::size_t best = 0;
      for (const auto sep : level) best = std::max(best, last_cut_after(d, sep, lo, end));
      if (best > from) return best;
    }
  }
  return d.safe_cut_at_or_before(from, end);
}

std::string clamp_to(std::string s, std::size_t max) { return clamp_utf8(s, max); }

// ---------------------------------------------------------------------------------------
// Validation helpers.

std::optional<std::string> too_long(const std::string& what, const std::string& value, std::size_t max) {
  if (meta_length(value) > max) return what + " over " + std::to_string(max);
  return std::nullopt;
}

// Meta rejects template parameters with newlines, tabs or more than this many spaces in a row.
constexpr std::size_t kTemplateMaxSpaceRun = 4;

bool template_param_ok(const std::string& p) {
  std::size_t run = 0;
  for (const char c : p) {
    if (c == '\n' || c == '\r' || c == '\t') return false;
    run = (c == ' ') ? run + 1 : 0;
    if (run > kTemplateMaxSpaceRun) return false;
  }
  return true;
}

std::string sanitize_template_param(const std::string& p) {
  std::string out;
  out.reserve(p.size());
  std::size_t run = 0;
  for (char c : p) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    run = (c == ' ') ? run + 1 : 0;
    if (run > kTemplateMaxSpaceRun) continue;
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> first_of(std::initializer_list<std::optional<std::string>> checks) {
  for (const auto& c : checks)
    if (c) return c;
  return std::nullopt;
}

std::optional<std::string> validate_one(const OutText& m) {
  if (m.body.empty()) return "text body empty";
  return too_long("text body", m.body, limits::kTextBody);
}

std::optional<std::string> validate_one(const OutList& m) {
  if (m.body.empty()) return std::string("list body empty");
  if (m.button.empty()) return std::string("list button empty");
  if (auto e = first_of({too_long("list body", m.body, limits::kInteractiveBody),
                         too_long("list header", m.header, limits::kInteractiveHeader),
                         too_long("list footer", m.footer, limits::kInteractiveFooter),
                         too_long("list button", m.button, limits::kListButton)}))
    return e;
  std::size_t rows = 0;
  std::set<std::string> ids;
  for (const auto& sec : m.sections) {
    if (sec.rows.empty()) return std::string("list section without rows");
    if (m.sections.size() > 1 && sec.title.empty())
      return std::string("list section title empty (required with several sections)");
    if (auto e = too_long("list section title", sec.title, limits::kListSectionTitle)) return e;
    for (const auto& row : sec.rows) {
      ++rows;
      if (row.id.empty()) return std::string("list row id empty");
      if (row.title.empty()) return std::string("list row title empty");
      if (auto e = first_of({too_long("list row id", row.id, limits::kListRowId),
                             too_long("list row title", row.title, limits::kListRowTitle),
                             too_long("list row description", row.description, limits::kListRowDescription)}))
        return e;
      if (!ids.insert(row.id).second) return std::string("list row id duplicated");
    }
  }
  if (rows == 0) return std::string("list has no rows");
  if (rows > limits::kListRowsTotal) return "list rows over " + std::to_string(limits::kListRowsTotal);
  return std::nullopt;
}

std::optional<std::string> validate_one(const OutButtons& m) {
  if (m.body.empty()) return std::string("buttons body empty");
  if (auto e = first_of({too_long("buttons body", m.body, limits::kInteractiveBody),
                         too_long("buttons header", m.header, limits::kInteractiveHeader),
                         too_long("buttons footer", m.footer, limits::kInteractiveFooter)}))
    return e;
  if (m.buttons.empty()) return std::string("buttons: none");
  if (m.buttons.size() > limits::kReplyButtons)
    return "buttons over " + std::to_string(limits::kReplyButtons);
  std::set<std::string> ids, titles;
  for (const auto& b : m.buttons) {
    if (b.id.empty()) return std::string("button id empty");
    if (b.title.empty()) return std::string("button title empty");
    if (auto e = first_of({too_long("button id", b.id, limits::kReplyButtonId),
                           too_long("button title", b.title, limits::kReplyButtonTitle)}))
      return e;
    if (!ids.insert(b.id).second) return std::string("button id duplicated");
    if (!titles.insert(b.title).second) return std::string("button title duplicated");
  }
  return std::nullopt;
}

std::optional<std::string> validate_one(const OutDocument& m) {
  const int sources = int(!m.media_id.empty()) + int(!m.link.empty()) + int(!m.certificate_ref.empty());
  if (sources != 1) return std::string("document needs exactly one of media_id, link, certificate_ref");
  return too_long("document caption", m.caption, limits::kDocumentCaption);
}

std::optional<std::string> validate_one(const OutTemplate& m) {
  if (m.name.empty()) return std::string("template name empty");
  if (m.language.empty()) return std::string("template language empty");
  for (const auto& p : m.body_params) {
    if (p.empty()) return std::string("template parameter empty");
    if (auto e = too_long("template parameter", p, limits::kTemplateParam)) return e;
    if (!template_param_ok(p))
      return "template parameter with newline, tab or more than " + std::to_string(kTemplateMaxSpaceRun) +
             " spaces in a row";
  }
  return std::nullopt;
}

std::optional<std::string> validate_one(const OutMarkRead& m) {
  if (m.message_id.empty()) return std::string("read receipt without message id");
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Storage JSON.

using nlohmann::json;

std::string str_at(const json& j, const char* key) { return j.at(key).get<std::string>(); }

json to_storage(const OutText& m) { return {{"kind", "text"}, {"body", m.body}}; }

json to_storage(const OutList& m) {
  json sections = json::array();
  for (const auto& s : m.sections) {
    json rows = json::array();
    for (const auto& r : s.rows) rows.push_back({{"id", r.id}, {"title", r.title}, {"description", r.description}});
    sections.push_back({{"title", s.title}, {"rows", rows}});
  }
  return {{"kind", "list"},   {"header", m.header}, {"body", m.body},
          {"footer", m.footer}, {"button", m.button}, {"sections", sections}};
}

json to_storage(const OutButtons& m) {
  json buttons = json::array();
  for (const auto& b : m.buttons) buttons.push_back({{"id", b.id}, {"title", b.title}});
  return {{"kind", "buttons"}, {"header", m.header}, {"body", m.body}, {"footer", m.footer}, {"buttons", buttons}};
}

json to_storage(const OutDocument& m) {
  return {{"kind", "document"},  {"media_id", m.media_id}, {"link", m.link}, {"certificate_ref", m.certificate_ref},
          {"filename", m.filename}, {"caption", m.caption}};
}

json to_storage(const OutTemplate& m) {
  return {{"kind", "template"}, {"name", m.name}, {"language", m.language}, {"body_params", m.body_params}};
}

json to_storage(const OutMarkRead& m) { return {{"kind", "read"}, {"message_id", m.message_id}}; }

}  // namespace

// -----------------------------------------------------------------------------------------

std::size_t meta_length(const std::string& utf8) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    i += decode_one(utf8, i, cp);
    units += units_of(cp);
  }
  return units;
}

bool is_valid_utf8(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();  // the JSON writer's strict UTF-8 check
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

std::string clamp_utf8(const std::string& s, std::size_t max) {
  if (s.size() <= max || meta_length(s) <= max) return s;  // a byte never counts less than a unit
  const Decoded d(s);
  const std::size_t end = d.fit_end(0, max);
  if (end == 0) return {};
  return s.substr(0, d.byte_offset(d.safe_cut_at_or_before(0, end)));
}

std::vector<std::string> split_text(const std::string& body, std::size_t max) {
  max = std::max(max, kMinSplitMax);
  std::vector<std::string> parts;
  if (body.empty()) return parts;
  if (body.size() <= max) return {body};  // most replies: no need to decode (a unit is ≥ 1 byte)
  const Decoded d(body);
  std::size_t from = 0;
  while (from < d.count()) {
    const std::size_t end = d.fit_end(from, max);
    const std::size_t cut = (end == d.count()) ? end : choose_cut(d, from, end, max);
    parts.push_back(body.substr(d.byte_offset(from), d.byte_offset(cut) - d.byte_offset(from)));
    from = cut;
  }
  return parts;
}

OutText make_text(std::string body) { return OutText{std::move(body)}; }

OutList make_list(std::string body, std::string button, std::vector<ListSection> sections, std::string header,
                  std::string footer) {
  OutList m;
  m.body = clamp_to(std::move(body), limits::kInteractiveBody);
  m.button = clamp_to(std::move(button), limits::kListButton);
  m.header = clamp_to(std::move(header), limits::kInteractiveHeader);
  m.footer = clamp_to(std::move(footer), limits::kInteractiveFooter);
  // Keep the first rows in order; a section emptied by the cut is dropped whole.
  std::size_t room = limits::kListRowsTotal;
  for (auto& sec : sections) {
    if (room == 0) break;
    if (sec.rows.size() > room) sec.rows.resize(room);
    room -= sec.rows.size();
    if (sec.rows.empty()) continue;
    sec.title = clamp_to(std::move(sec.title), limits::kListSectionTitle);
    for (auto& row : sec.rows) {
      // Ids are routing keys, not display text: never truncated (validate() reports them).
      row.title = clamp_to(std::move(row.title), limits::kListRowTitle);
      row.description = clamp_to(std::move(row.description), limits::kListRowDescription);
    }
    m.sections.push_back(std::move(sec));
  }
  return m;
}

OutButtons make_buttons(std::string body, std::vector<ReplyButton> buttons, std::string header, std::string footer) {
  OutButtons m;
  m.body = clamp_to(std::move(body), limits::kInteractiveBody);
  m.header = clamp_to(std::move(header), limits::kInteractiveHeader);
  m.footer = clamp_to(std::move(footer), limits::kInteractiveFooter);
  if (buttons.size() > limits::kReplyButtons) buttons.resize(limits::kReplyButtons);
  for (auto& b : buttons) b.title = clamp_to(std::move(b.title), limits::kReplyButtonTitle);
  m.buttons = std::move(buttons);
  return m;
}

OutDocument make_certificate_document(std::string certificate_ref, std::string filename, std::string caption) {
  OutDocument m;
  m.certificate_ref = std::move(certificate_ref);
  m.filename = std::move(filename);
  m.caption = clamp_to(std::move(caption), limits::kDocumentCaption);
  return m;
}

OutTemplate make_template(std::string name, std::string language, std::vector<std::string> params) {
  OutTemplate m{std::move(name), std::move(language), {}};
  m.body_params.reserve(params.size());
  for (auto& p : params) m.body_params.push_back(clamp_to(sanitize_template_param(p), limits::kTemplateParam));
  return m;
}

std::optional<std::string> validate(const OutboundMessage& m) {
  return std::visit([](const auto& v) { return validate_one(v); }, m);
}

const char* kind_of(const OutboundMessage& m) {
  static constexpr std::array<const char*, std::variant_size_v<OutboundMessage>> kKinds = {
      "text", "list", "buttons", "document", "template", "read"};
  return kKinds[m.index()];
}

nlohmann::json outbound_to_json(const OutboundMessage& m) {
  return std::visit([](const auto& v) { return to_storage(v); }, m);
}

OutboundMessage outbound_from_json(const nlohmann::json& j) {
  const std::string kind = str_at(j, "kind");
  if (kind == "text") return OutText{str_at(j, "body")};
  if (kind == "list") {
    OutList m{str_at(j, "header"), str_at(j, "body"), str_at(j, "footer"), str_at(j, "button"), {}};
    for (const auto& s : j.at("sections")) {
      ListSection sec{str_at(s, "title"), {}};
      for (const auto& r : s.at("rows")) sec.rows.push_back({str_at(r, "id"), str_at(r, "title"), str_at(r, "description")});
      m.sections.push_back(std::move(sec));
    }
    return m;
  }
  if (kind == "buttons") {
    OutButtons m{str_at(j, "header"), str_at(j, "body"), str_at(j, "footer"), {}};
    for (const auto& b : j.at("buttons")) m.buttons.push_back({str_at(b, "id"), str_at(b, "title")});
    return m;
  }
  if (kind == "document")
    return OutDocument{str_at(j, "media_id"), str_at(j, "link"), str_at(j, "certificate_ref"), str_at(j, "filename"),
                       str_at(j, "caption")};
  if (kind == "template")
    return OutTemplate{str_at(j, "name"), str_at(j, "language"), j.at("body_params").get<std::vector<std::string>>()};
  if (kind == "read") return OutMarkRead{str_at(j, "message_id")};
  throw std::invalid_argument("unknown outbound kind: " + kind);
}

}  // namespace aduan
