// Meta's WhatsApp Cloud API wire shapes for what we send, and the reading of its answers.
// Pure functions: no I/O, any thread. Nothing here throws except media_upload_body when
// the system RNG fails (see core/secure_random.hpp); classify_response never throws.
// Callers own every returned value; no references into arguments are kept.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/outbound.hpp"

namespace aduan::graph {

// Who a message goes to. wa_id (phone digits) wins when present; a username user has only
// a business-scoped user id (BSUID), addressed through address_recipient() alone.
struct Recipient {
  std::string wa_id;
  std::string user_id;
};

// Sets the addressing fields of a /messages body. The BSUID path follows Meta's
// "business-scoped user IDs" page, which Meta marks as subject to change: keep it here only.
void address_recipient(nlohmann::json& payload, const Recipient& to);

// The body of POST /{phone-number-id}/messages. A document's media id comes from
// media_id_for_document when given (the sender uploaded a certificate), else from the
// message. Returns a null json when the message cannot be expressed on the wire (a
// certificate document with no media id yet): the caller must upload first.
nlohmann::json message_payload(const OutboundMessage& m, const Recipient& to,
                               const std::string& media_id_for_document = {});

// The body of POST /{phone-number-id}/media: multipart/form-data with the fields
// messaging_product=whatsapp, type=<mime> and file=<bytes>.
struct Multipart {
  std::string content_type;  // "multipart/form-data; boundary=..."
  std::string body;
};
Multipart media_upload_body(std::string_view bytes, const std::string& mime, const std::string& filename);
// Same, with the boundary candidates supplied (tests); a candidate found in the bytes,
// mime or filename is skipped. Throws std::runtime_error when kMaxBoundaryTries
// candidates all collide, which a random generator never does in practice.
Multipart media_upload_body(std::string_view bytes, const std::string& mime, const std::string& filename,
                            const std::function<std::string()>& next_boundary);
constexpr int kMaxBoundaryTries = 16;

// What the sender does with a Graph answer.
enum class Outcome {
  accepted,            // Meta took it: message_id (messages), media_id (media) or a read receipt
  retry,               // transient: back off and try again (bounded attempts)
  retry_pair_limited,  // 131056: too many messages to this one recipient; slow only them
  permanent,           // never retried: the row fails with error_code
  token_invalid,       // 190 / 0: stop sending, channel degraded, rows stay pending
};
const char* to_string(Outcome o);

struct GraphResult {
  Outcome outcome = Outcome::permanent;
  std::string message_id;
  std::string media_id;
  int http_status = 0;
  int error_code = 0;
  std::string error_title;  // Meta's error title or message, cut to kMaxErrorTitle bytes
};
constexpr std::size_t kMaxErrorTitle = 200;

// Reads an HTTP answer from Graph. http_status 0 means no answer at all (connection
// failed or timed out before a status line) and is retried. Never throws.
GraphResult classify_response(int http_status, std::string_view body);

// Delay before retry number `attempt` (1 = first retry): exponential ceiling
// kBackoffBase * 2^(attempt-1), capped at kBackoffCap, with full jitter drawn from
// random_bits over [kBackoffFloor, ceiling].
constexpr std::chrono::milliseconds kBackoffBase{500};
constexpr std::chrono::milliseconds kBackoffCap{60'000};
constexpr std::chrono::milliseconds kBackoffFloor{50};
std::chrono::milliseconds backoff_delay(int attempt, std::uint64_t random_bits);

// Pause for one recipient after its n-th consecutive 131056 (n = 1 first, smaller n is
// read as 1): 4^n seconds, so 4 s, 16 s, 64 s ..., capped at kPairLimitCap.
constexpr std::chrono::milliseconds kPairLimitCap{15 * 60 * 1000};
std::chrono::milliseconds pair_limit_delay(int n);

}  // namespace aduan::graph
