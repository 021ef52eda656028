// The seam between the outbox dispatcher (actors/) and the senders (transport/): an
// outbound item goes in, exactly one SendResult comes back through the callback, on any
// thread. Implementations: Graph over HTTPS, SMS gateway, and the in-process sandbox.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace aduan {

struct OutboundItem {
  std::uint64_t seq = 0;
  std::string channel;     // graph | sms
  std::string to;          // wa_id, or E.164 phone for sms
  std::string user_id;     // username users (graph)
  nlohmann::json message;  // graph: outbound_to_json(); sms: {"text","purpose"}
  int attempt = 1;
};

struct SendResult {
  enum class Outcome { accepted, retry, retry_pair_limited, permanent, token_invalid };
  Outcome outcome = Outcome::retry;
  std::string message_id;  // Graph's wamid, or the gateway's id
  std::string media_id;    // a document uploaded before sending (kept on the row)
  int http_status = 0;
  int error_code = 0;
  std::string error_title;
};

class OutboundChannel {
 public:
  virtual ~OutboundChannel() = default;
  // Must call done exactly once, possibly on another thread, never inside send().
  virtual void send(const OutboundItem& item, std::function<void(SendResult)> done) = 0;
  // Re-reads credentials (SIGHUP, or after a 190). True when the credentials now loaded
  // have not been rejected yet, so a retry is worth it; default: nothing to reload.
  virtual bool reload_credentials() { return false; }
};

}  // namespace aduan
