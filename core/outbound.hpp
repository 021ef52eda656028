// Typed outbound messages that the conversation flow produces, with Meta's limits.
// Builders (make_*) clamp display strings on UTF-8 boundaries; validate() reports any
// remaining violation so tests fail here instead of at Meta. Pure; any thread.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace aduan {

// Meta's published limits (Cloud API reference, "Messages").
namespace limits {
constexpr std::size_t kTextBody = 4096;
constexpr std::size_t kListRowsTotal = 10;
constexpr std::size_t kListButton = 20;
constexpr std::size_t kListRowTitle = 24;
constexpr std::size_t kListRowDescription = 72;
constexpr std::size_t kListSectionTitle = 24;
constexpr std::size_t kListRowId = 200;
constexpr std::size_t kInteractiveBody = 1024;
constexpr std::size_t kInteractiveHeader = 60;
constexpr std::size_t kInteractiveFooter = 60;
constexpr std::size_t kReplyButtons = 3;
constexpr std::size_t kReplyButtonTitle = 20;
constexpr std::size_t kReplyButtonId = 256;
constexpr std::size_t kDocumentCaption = 1024;
constexpr std::size_t kTemplateParam = 1024;
}  // namespace limits

struct OutText {
  std::string body;
};
struct ListRow {
  std::string id, title, description;
};
struct ListSection {
  std::string title;
  std::vector<ListRow> rows;
};
struct OutList {
  std::string header, body, footer, button;
  std::vector<ListSection> sections;
};
struct ReplyButton {
  std::string id, title;
};
struct OutButtons {
  std::string header, body, footer;
  std::vector<ReplyButton> buttons;
};
// A document: either an uploaded media id, a link, or a citizen's current certificate for
// one dose that the sender renders and uploads itself (certificate_ref "CITIZEN-ID:DOSE").
struct OutDocument {
  std::string media_id, link, certificate_ref, filename, caption;
};
struct OutTemplate {
  std::string name, language;
  std::vector<std::string> body_params;
};
struct OutMarkRead {
  std::string message_id;
};

using OutboundMessage = std::variant<OutText, OutList, OutButtons, OutDocument, OutTemplate, OutMarkRead>;

// Length in the unit Meta counts, conservatively: UTF-16 code units (an emoji outside
// the BMP counts 2), never less than the number of code points.
std::size_t meta_length(const std::string& utf8);
// Longest prefix of s whose meta_length is <= max, cut on a code point boundary and never
// inside a grapheme joined by ZWJ / variation selector / skin-tone modifier / keycap /
// combining mark, nor inside a flag (regional-indicator pair) or a CR LF. Only a single
// grapheme longer than max (pathological input) is cut between its code points.
// Invalid UTF-8 bytes count as one code point each and are kept, never dropped.
std::string clamp_utf8(const std::string& s, std::size_t max);
// Whether s is well-formed UTF-8 (what JSON text, and so a webhook or an API body, must carry).
bool is_valid_utf8(const std::string& s);
// Splits a long text into parts of meta_length <= max: on paragraph, then line, then
// sentence, then word boundaries, then graphemes (as clamp_utf8); concatenating the parts
// gives back the input exactly (a separator stays at the end of the part before the cut);
// no part is empty. A boundary filling at least half a part is preferred to an earlier
// one. max below 2 is read as 2 (room for one astral code point).
std::vector<std::string> split_text(const std::string& body, std::size_t max = limits::kTextBody);

// Builders that clamp every display string to its limit.
OutText make_text(std::string body);  // body is NOT clamped: callers split long text
OutList make_list(std::string body, std::string button, std::vector<ListSection> sections,
                  std::string header = {}, std::string footer = {});
OutButtons make_buttons(std::string body, std::vector<ReplyButton> buttons, std::string header = {},
                        std::string footer = {});
OutDocument make_certificate_document(std::string certificate_ref, std::string filename,
                                      std::string caption);
OutTemplate make_template(std::string name, std::string language, std::vector<std::string> params);

// nullopt when within every limit, else what is violated ("list row title over 24").
std::optional<std::string> validate(const OutboundMessage& m);
const char* kind_of(const OutboundMessage& m);  // "text", "list", "buttons", "document", "template", "read"

// Storage form (our own, not Meta's wire shape): {"kind": "...", ...fields}.
nlohmann::json outbound_to_json(const OutboundMessage& m);
OutboundMessage outbound_from_json(const nlohmann::json& j);  // throws on bad shape

}  // namespace aduan
