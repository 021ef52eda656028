#include "transport/admin_handler.hpp"

#include <chrono>

namespace aduan::transport {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxLoggedPathBytes = 120;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    auto slash = path.find('/', pos);
    std::string part = path.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    if (!part.empty()) out.push_back(percent_decode(part));
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
  return out;
}

HttpResponse to_http(AdminReply r) {
  HttpResponse h;
  h.status = r.status;
  h.content_type = r.content_type;
  h.body = r.raw ? std::move(*r.raw) : r.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  h.headers["Cache-Control"] = "no-store";
  return h;
}

}  // namespace

std::string mask_admin_path(const std::string& path) {
  auto parts = split_path(path);
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    bool variable = i >= 2 && (parts[0] == "admin" || parts[0] == "sandbox");
    if (variable && (parts[i] == "stop" || parts[i] == "resolve" || parts[i] == "reopen")) variable = false;
    out += "/" + (variable ? std::string("{param}") : parts[i]);
    if (out.size() > kMaxLoggedPathBytes) break;
  }
  if (out.empty()) return "/";
  // Whatever a caller typed into an unknown path: no digits (a NIK or phone), no control
  // characters (a newline forged a log line once), no unbounded length.
  if (out.size() > kMaxLoggedPathBytes) out = out.substr(0, kMaxLoggedPathBytes) + "...";
  for (char& c : out) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= '0' && u <= '9') c = '#';
    else if (u < 0x20 || u == 0x7F || u >= 0x80) c = '?';
  }
  return out;
}

HttpHandler make_admin_handler(AdminBackend& backend, std::function<void(const std::string&)> access_log) {
  return [&backend, access_log](HttpRequest&& req, Responder respond) {
    auto started = std::chrono::steady_clock::now();
    auto method = req.method;
    auto logged_path = mask_admin_path(req.path);
    Responder reply = [respond, access_log, method, logged_path, started](HttpResponse r) {
      if (access_log) {
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        access_log(method + " " + logged_path + " " + std::to_string(r.status) + " " + std::to_string(ms) + "ms");
      }
      respond(std::move(r));
    };
    auto parts = split_path(req.path);
    if (req.path == "/healthz") return reply(json_response(200, R"({"ok": true})"));
    if (!parts.empty() && parts[0] == "ops") {
      if (req.method != "GET" && req.method != "HEAD") {
        HttpResponse r = error_response(405, "the ops page is read with GET");
        r.headers["Allow"] = "GET, HEAD";
        return reply(std::move(r));
      }
      std::string rest = req.path.size() > 5 ? req.path.substr(5) : std::string();
      if (req.path == "/ops") {
        HttpResponse r = text_response(301, "");
        r.headers["Location"] = "/ops/";
        return reply(std::move(r));
      }
      if (auto f = backend.static_file(rest.empty() ? "index.html" : rest)) return reply(to_http(std::move(*f)));
      return reply(error_response(404, "not found"));
    }
    bool known_root = !parts.empty() && (parts[0] == "admin" || parts[0] == "metrics" || parts[0] == "sandbox");
    if (!known_root) return reply(error_response(404, "not found"));

    std::string auth = req.header("authorization");
    std::optional<Caller> caller;
    if (auth.size() > 7 && (auth.compare(0, 7, "Bearer ") == 0 || auth.compare(0, 7, "bearer ") == 0))
      caller = backend.authenticate(auth.substr(7));
    if (!caller) return reply(error_response(401, "unauthorized"));

    AdminCall call;
    call.caller = *caller;
    call.request = &req;
    call.reveal = req.param("reveal") == "1" || req.param("reveal") == "true";
    call.cursor = req.param("cursor");
    if (auto l = req.param("limit"); !l.empty()) {
      char* end = nullptr;
      long v = std::strtol(l.c_str(), &end, 10);
      if (!end || *end || v < 1) return reply(error_response(400, "limit must be a positive integer"));
      call.limit = std::min<std::size_t>(static_cast<std::size_t>(v), kAdminMaxLimit);
    }
    if (req.method == "POST" && !req.body.empty()) {
      call.body = json::parse(req.body, nullptr, false);
      if (call.body.is_discarded() || !call.body.is_object())
        return reply(error_response(400, "body must be a JSON object"));
    } else if (req.method == "POST") {
      call.body = json::object();
    }
    auto done = [reply](AdminReply r) { reply(to_http(std::move(r))); };
    // HEAD is a GET whose body the server leaves out (transport/http_server).
    const std::string m = req.method == "HEAD" ? std::string("GET") : req.method;
    auto n = parts.size();
    auto ops_only = [&]() {
      if (call.caller.ops) return false;
      reply(error_response(403, "forbidden: ops token required"));
      return true;
    };
    // Copy the request so the backend may answer later: AdminCall points at it.
    auto req_copy = std::make_shared<HttpRequest>(std::move(req));
    call.request = req_copy.get();
    auto keep = [req_copy, done](AdminReply r) { done(std::move(r)); };

    if (parts[0] == "metrics" && n == 1 && m == "GET") return backend.metrics(call, keep);
    if (parts[0] == "sandbox") {
      if (!backend.sandbox()) return reply(error_response(404, "not found"));
      if (ops_only()) return;
      if (n == 2 && parts[1] == "outbox" && m == "GET") return backend.sandbox_outbox(call, keep);
      if (n == 2 && parts[1] == "sms" && m == "GET") return backend.sandbox_sms(call, keep);
      if (n == 3 && parts[1] == "media" && m == "GET") {
        call.params = {parts[2]};
        return backend.sandbox_media(call, keep);
      }
      if (n == 2 && parts[1] == "clock" && m == "POST") return backend.sandbox_clock(call, keep);
      return reply(error_response(404, "not found"));
    }
    // /admin/...
    if (n == 2 && parts[1] == "stats" && m == "GET") return backend.stats(call, keep);
    if (n >= 2 && parts[1] == "actors") {
      if (n == 2 && m == "GET") return backend.actors(call, keep);
      if (n == 3 && m == "GET") {
        call.params = {parts[2]};
        return backend.actor(call, keep);
      }
      if (n == 4 && parts[3] == "stop" && m == "POST") {
        if (ops_only()) return;
        call.params = {parts[2]};
        return backend.stop_actor(call, keep);
      }
    }
    if (n >= 2 && parts[1] == "tickets") {
      if (n == 2 && m == "GET") return backend.tickets(call, keep);
      if (n == 3 && m == "GET") {
        call.params = {parts[2]};
        return backend.ticket(call, keep);
      }
      if (n == 4 && parts[3] == "resolve" && m == "POST") {
        call.params = {parts[2]};
        return backend.resolve_ticket(call, keep);
      }
      if (n == 4 && parts[3] == "reopen" && m == "POST") {
        call.params = {parts[2]};
        return backend.reopen_ticket(call, keep);
      }
    }
    if (n == 3 && parts[1] == "citizens" && m == "GET") {
      call.params = {parts[2]};
      return backend.citizen(call, keep);
    }
    if (n == 2 && parts[1] == "audit" && m == "GET") return backend.audit(call, keep);
    reply(error_response(404, "not found"));
  };
}

}  // namespace aduan::transport
