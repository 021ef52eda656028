// The admin/ops listener's routing and auth (CONTRACTS.md "HTTP — admin listener").
// Every /admin/*, /metrics and /sandbox/* call needs "Authorization: Bearer <token>": the
// ops token or an officer token; wrong or missing → 401 {"error":"unauthorized"}; ops-only
// paths (actor stop, /sandbox/*) → 403 for officers. /healthz and the /ops/ shell need none.
// The backend produces the JSON; this file only routes, authenticates and maps errors.
// Access log lines mask path parameters and never contain tokens.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transport/http_types.hpp"

namespace aduan::transport {

struct Caller {
  bool ops = false;
  std::string officer;  // name when !ops
  std::string who() const { return ops ? "ops" : "officer:" + officer; }
};

struct AdminReply {
  int status = 200;
  nlohmann::json body;        // sent as JSON unless raw is set
  std::optional<std::string> raw;
  std::string content_type = "application/json";
};
using AdminDone = std::function<void(AdminReply)>;

// Parameters the router extracted: path pieces, query and body.
struct AdminCall {
  Caller caller;
  std::vector<std::string> params;  // e.g. the {id} of /admin/tickets/{id}
  const HttpRequest* request = nullptr;
  std::size_t limit = 50;
  std::string cursor;
  bool reveal = false;
  nlohmann::json body;  // parsed JSON body for POSTs (object), else null
};

class AdminBackend {
 public:
  virtual ~AdminBackend() = default;
  virtual std::optional<Caller> authenticate(const std::string& bearer_token) = 0;
  virtual bool sandbox() const = 0;
  virtual void stats(const AdminCall&, AdminDone) = 0;
  virtual void metrics(const AdminCall&, AdminDone) = 0;
  virtual void actors(const AdminCall&, AdminDone) = 0;
  virtual void actor(const AdminCall&, AdminDone) = 0;
  virtual void stop_actor(const AdminCall&, AdminDone) = 0;
  virtual void tickets(const AdminCall&, AdminDone) = 0;
  virtual void ticket(const AdminCall&, AdminDone) = 0;
  virtual void resolve_ticket(const AdminCall&, AdminDone) = 0;
  virtual void reopen_ticket(const AdminCall&, AdminDone) = 0;
  virtual void citizen(const AdminCall&, AdminDone) = 0;
  virtual void audit(const AdminCall&, AdminDone) = 0;
  virtual void sandbox_outbox(const AdminCall&, AdminDone) = 0;
  virtual void sandbox_sms(const AdminCall&, AdminDone) = 0;
  virtual void sandbox_media(const AdminCall&, AdminDone) = 0;
  virtual void sandbox_clock(const AdminCall&, AdminDone) = 0;
  virtual std::optional<AdminReply> static_file(const std::string& path) = 0;  // /ops/*
};

constexpr std::size_t kAdminMaxLimit = 500;
constexpr std::size_t kAdminDefaultLimit = 50;

HttpHandler make_admin_handler(AdminBackend& backend, std::function<void(const std::string&)> access_log);

// An admin path as logged: parameters as {param} (/admin/citizens/3174… → /admin/citizens/{param}),
// digits as #, control and non-ASCII bytes as ?, at most ~120 bytes; never a NIK or a forged line.
std::string mask_admin_path(const std::string& path);

}  // namespace aduan::transport
