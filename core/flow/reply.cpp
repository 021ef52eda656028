#include "core/flow/reply.hpp"

namespace aduan::flow {
namespace {

constexpr const char* kParagraph = "\n\n";

std::string* body_of(OutboundMessage& m) {
  if (auto* l = std::get_if<OutList>(&m)) return &l->body;
  if (auto* b = std::get_if<OutButtons>(&m)) return &b->body;
  return nullptr;
}

}  // namespace

void Reply::say(const std::string& text) {
  if (!text.empty()) texts_.push_back(text);
}

void Reply::document(OutDocument d) { document_ = std::move(d); }

void Reply::interactive(OutboundMessage m) { interactive_ = std::move(m); }

std::vector<OutboundMessage> Reply::finish() const {
  std::vector<OutboundMessage> out;
  std::string text;
  for (const auto& t : texts_) text += (text.empty() ? "" : kParagraph) + t;
  std::optional<OutboundMessage> inter = interactive_;
  // The document goes between the text and the interactive, so merging is only possible
  // without one.
  if (inter && !document_ && !text.empty()) {
    std::string* body = body_of(*inter);
    if (body) {
      std::string merged = body->empty() ? text : text + kParagraph + *body;
      if (meta_length(merged) <= limits::kInteractiveBody) {
        *body = merged;
        text.clear();
      }
    }
  }
  if (!text.empty())
    for (auto& part : split_text(text)) out.push_back(make_text(part));
  if (document_) out.push_back(*document_);
  if (inter) out.push_back(*inter);
  return out;
}

}  // namespace aduan::flow
