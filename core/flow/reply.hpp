// Collects one step's replies and coalesces them into as few messages as possible: the
// texts joined into one, at most one document, at most one interactive (list or buttons).
// When the joined text fits in the interactive's body it is merged into it (one message);
// otherwise the text goes first, split at Meta's text limit. Pure; owned by one step.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/outbound.hpp"

namespace aduan::flow {

class Reply {
 public:
  void say(const std::string& text);  // appended as a new paragraph
  void document(OutDocument d);
  // The interactive's own body is kept; say()'s text is placed before it when merged.
  void interactive(OutboundMessage m);
  bool has_interactive() const { return interactive_.has_value(); }
  bool empty() const { return texts_.empty() && !document_ && !interactive_; }
  std::vector<OutboundMessage> finish() const;

 private:
  std::vector<std::string> texts_;
  std::optional<OutDocument> document_;
  std::optional<OutboundMessage> interactive_;
};

}  // namespace aduan::flow
