// Meta's WhatsApp Cloud API webhook envelope → typed inbound events. Call it only on a body
// whose signature has been verified. Pure function, thread-safe, never throws.
//
// Rules: not JSON, nested deeper than kMaxWebhookJsonDepth, or not an object with an `entry`
// array → !ok (the HTTP layer answers 400 with `error`). Otherwise ok, and everything that
// is not ours or cannot be used is ignored (counted, reason kept, no personal data in the
// reason): other `object`s, other `field`s, other phone-number ids (when
// expected_phone_number_id is non-empty), malformed entries/changes/messages/statuses,
// envelope-level errors[], messages without an id or without any sender id, ids longer
// than the storage keys allow. Every message type becomes an InboundMessage, with its type
// kept verbatim (future types too: the whole message is kept in raw_json); statuses become
// StatusEvents. Events keep the envelope's order.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/inbound.hpp"

namespace aduan::transport {

// Meta's envelopes nest about ten levels; nlohmann recurses without a limit, so deeper
// bodies are refused by a cheap scan before parsing.
inline constexpr int kMaxWebhookJsonDepth = 64;
// Ids become LMDB keys (at most 511 bytes with the "<id>:<status>" suffix): real wamids are
// ~60 bytes, so anything over these caps is not a real id.
inline constexpr std::size_t kMaxWebhookIdBytes = 256;
inline constexpr std::size_t kMaxWebhookStatusBytes = 64;
// Reasons quote bits of the payload (a field name, an object value); keep them short.
inline constexpr std::size_t kMaxReasonQuoteBytes = 64;

struct WebhookBatch {
  std::vector<InboundEvent> events;
  std::size_t ignored = 0;
  std::vector<std::string> ignored_reasons;  // one per ignored item
};

struct WebhookParse {
  bool ok = false;
  std::string error;  // when !ok
  WebhookBatch batch;
};

WebhookParse parse_webhook(std::string_view raw_body, std::string_view expected_phone_number_id);

// True when the JSON text nests arrays/objects deeper than max_depth (brackets inside
// strings do not count). Exposed for tests.
bool json_nesting_exceeds(std::string_view text, int max_depth);

}  // namespace aduan::transport
