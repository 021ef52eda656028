// Meta's webhook endpoint (CONTRACTS.md "HTTP — webhook listener"). Rules, first failing
// wins: body over the limit → 413 (the listener enforces it before reading the body);
// bad or missing X-Hub-Signature-256 over the RAW body → 401; not JSON / no entry array →
// 400; storage cannot write → 503; otherwise 200 once every event is durable (the sink's
// callback), already seen, or deliberately ignored. Rejected bodies are never logged.
// Thread: called on listener threads; the sink answers from the writer's thread.
#pragma once
#include <atomic>
#include <map>
#include <mutex>
#include <functional>
#include <string>
#include <vector>

#include "core/inbound.hpp"
#include "transport/http_types.hpp"

namespace aduan::transport {

struct IntakeResult {
  bool ok = false;
  std::string error;
  std::size_t stored = 0, duplicates = 0;
};

// Makes events durable; calls done exactly once, after the commit (or failure).
class IntakeSink {
 public:
  virtual ~IntakeSink() = default;
  virtual void submit(std::vector<InboundEvent> events, std::function<void(IntakeResult)> done) = 0;
};

struct WebhookSettings {
  std::string app_secret;
  std::string verify_token;
  std::string phone_number_id;
};

struct WebhookCounters {
  std::atomic<std::uint64_t> requests{0}, accepted{0}, unauthorized{0}, bad_request{0}, unavailable{0},
      events{0}, duplicates{0}, ignored{0};
  // Inbound messages by Meta type (known types; anything else counts as "other") and statuses.
  std::mutex mu;
  std::map<std::string, std::uint64_t> by_type;
  void count_type(const std::string& type);
};

// Routes /webhook, /healthz and /readyz. ready() says whether /readyz is 200 and why not.
HttpHandler make_webhook_handler(WebhookSettings settings, IntakeSink& sink, WebhookCounters& counters,
                                 std::function<std::pair<bool, std::string>()> ready,
                                 std::function<void(double seconds)> observe_ack = {});

}  // namespace aduan::transport
