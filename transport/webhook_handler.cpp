#include "transport/webhook_handler.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "core/secure_random.hpp"
#include "transport/signature.hpp"
#include "transport/webhook_parser.hpp"

namespace aduan::transport {

void WebhookCounters::count_type(const std::string& type) {
  static const char* known[] = {"text", "interactive", "button", "image", "audio", "video", "document", "sticker",
                                "location", "contacts", "reaction", "order", "system", "unsupported", "unknown", "status"};
  std::string label = "other";
  for (auto k : known)
    if (type == k) label = k;
  std::lock_guard<std::mutex> lock(mu);
  by_type[label]++;
}

HttpHandler make_webhook_handler(WebhookSettings settings, IntakeSink& sink, WebhookCounters& counters,
                                 std::function<std::pair<bool, std::string>()> ready,
                                 std::function<void(double)> observe_ack) {
  return [settings = std::move(settings), &sink, &counters, ready = std::move(ready),
          observe_ack = std::move(observe_ack)](HttpRequest&& req, Responder respond) {
    if (req.path == "/healthz") return respond(json_response(200, R"({"ok": true})"));
    if (req.path == "/readyz") {
      auto [ok, reason] = ready();
      if (ok) return respond(json_response(200, R"({"ready": true})"));
      return respond(json_response(503, nlohmann::json{{"ready", false}, {"reason", reason}}.dump()));
    }
    if (req.path != "/webhook") return respond(error_response(404, "not found"));
    if (req.method == "GET") {
      auto mode = req.query.find("hub.mode"), token = req.query.find("hub.verify_token"),
           challenge = req.query.find("hub.challenge");
      if (mode == req.query.end() || token == req.query.end() || challenge == req.query.end())
        return respond(text_response(400, "missing hub.mode, hub.verify_token or hub.challenge"));
      if (mode->second != "subscribe") return respond(text_response(400, "hub.mode must be subscribe"));
      if (!constant_time_equal(token->second, settings.verify_token))
        return respond(text_response(403, "verify token mismatch"));
      return respond(text_response(200, challenge->second));
    }
    if (req.method != "POST") {
      HttpResponse r = error_response(405, "method not allowed");
      r.headers["Allow"] = "GET, POST";
      return respond(std::move(r));
    }
    ++counters.requests;
    if (!verify_signature(req.header("x-hub-signature-256"), req.body, settings.app_secret)) {
      ++counters.unauthorized;
      return respond(error_response(401, "invalid signature"));
    }
    auto parsed = parse_webhook(req.body, settings.phone_number_id);
    if (!parsed.ok) {
      ++counters.bad_request;
      return respond(error_response(400, parsed.error));
    }
    counters.ignored += parsed.batch.ignored;
    if (parsed.batch.events.empty()) {
      ++counters.accepted;
      return respond(json_response(200, R"({"ok": true, "stored": 0})"));
    }
    for (auto& e : parsed.batch.events) {
      if (auto* m = std::get_if<InboundMessage>(&e))
        counters.count_type(m->type);
      else
        counters.count_type("status");
    }
    auto started = std::chrono::steady_clock::now();
    std::size_t n = parsed.batch.events.size();
    sink.submit(std::move(parsed.batch.events),
                [respond, &counters, n, started, observe_ack](IntakeResult r) {
                  if (observe_ack)
                    observe_ack(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
                  if (!r.ok) {
                    ++counters.unavailable;
                    return respond(error_response(503, "storage unavailable, retry later"));
                  }
                  ++counters.accepted;
                  counters.events += n;
                  counters.duplicates += r.duplicates;
                  respond(json_response(200, nlohmann::json{{"ok", true}, {"stored", r.stored},
                                                            {"duplicates", r.duplicates}}.dump()));
                });
  };
}

}  // namespace aduan::transport
