#include "app/cmd_inspect.hpp"

#include <ostream>

#include "app/inspect_format.hpp"

namespace aduan::app {

using json = nlohmann::json;

namespace {

// Prints the failure and returns its exit code, or 0 when the call went well.
int failed(const AdminResponse& r, std::ostream& err) {
  if (r.ok) return kInspectOk;
  err << "aduan inspect: " << r.message << "\n";
  return kInspectFailure;
}

void print_json(const json& j, std::ostream& out) { out << j.dump(2) << "\n"; }

std::string list_query(const InspectListOptions& o) {
  std::string q = "?limit=" + std::to_string(o.limit);
  if (!o.sort.empty()) q += "&sort=" + url_encode(o.sort);
  if (!o.status.empty()) q += "&status=" + url_encode(o.status);
  if (!o.cursor.empty()) q += "&cursor=" + url_encode(o.cursor);
  return q;
}

TimeMs now_of(const AdminClient& c) {
  auto s = c.get("/admin/stats");
  return inspect::server_now(s.ok ? s.body : json());
}

}  // namespace

bool parse_apply(const std::string& text, ApplySpec* spec, std::string* error) {
  auto eq = text.find('=');
  if (eq == std::string::npos) {
    *error = "--apply: expected CITIZEN-ID:FIELD=VALUE or FIELD=VALUE";
    return false;
  }
  std::string left = text.substr(0, eq);
  spec->value = text.substr(eq + 1);
  auto colon = left.find(':');
  spec->citizen = colon == std::string::npos ? "" : left.substr(0, colon);
  spec->field = colon == std::string::npos ? left : left.substr(colon + 1);
  if (spec->field.empty() || (colon != std::string::npos && spec->citizen.empty())) {
    *error = "--apply: expected CITIZEN-ID:FIELD=VALUE or FIELD=VALUE";
    return false;
  }
  if (spec->value.empty()) {
    *error = "--apply: the new value is empty";
    return false;
  }
  return true;
}

int run_inspect_stats(const AdminClient& c, bool as_json, std::ostream& out, std::ostream& err) {
  auto r = c.get("/admin/stats");
  if (int rc = failed(r, err)) return rc;
  if (as_json) print_json(r.body, out);
  else out << inspect::render_stats(r.body);
  return kInspectOk;
}

int run_inspect_actors(const AdminClient& c, const InspectListOptions& o, std::ostream& out, std::ostream& err) {
  auto r = c.get("/admin/actors" + list_query(o));
  if (int rc = failed(r, err)) return rc;
  json page = r.body;
  if (!o.filter.empty() && page.contains("items") && page["items"].is_array()) {
    json kept = json::array();
    for (auto& a : page["items"]) {
      auto has = [&](const char* key) {
        return a.contains(key) && a[key].is_string() && a[key].get<std::string>().find(o.filter) != std::string::npos;
      };
      if (has("step") || has("citizen")) kept.push_back(a);
    }
    page["items"] = kept;
  }
  if (o.json) print_json(page, out);
  else out << inspect::render_actor_list(page);
  return kInspectOk;
}

int run_inspect_actor(const AdminClient& c, const std::string& id, bool as_json, bool reveal, std::ostream& out,
                      std::ostream& err) {
  auto r = c.get("/admin/actors/" + url_encode(id) + (reveal ? "?reveal=1" : ""));
  if (int rc = failed(r, err)) return rc;
  if (as_json) print_json(r.body, out);
  else out << inspect::render_actor(r.body);
  return kInspectOk;
}

int run_inspect_stop(const AdminClient& c, const std::string& id, bool as_json, std::ostream& out, std::ostream& err) {
  auto r = c.call("POST", "/admin/actors/" + url_encode(id) + "/stop", json::object());
  if (int rc = failed(r, err)) return rc;
  if (as_json) print_json(r.body, out);
  else out << "stopped actor " << id << " (its next message starts it again)\n";
  return kInspectOk;
}

int run_inspect_tickets(const AdminClient& c, const InspectListOptions& o, std::ostream& out, std::ostream& err) {
  auto r = c.get("/admin/tickets" + list_query(o));
  if (int rc = failed(r, err)) return rc;
  if (o.json) print_json(r.body, out);
  else out << inspect::render_ticket_list(r.body, now_of(c));
  return kInspectOk;
}

int run_inspect_ticket(const AdminClient& c, const std::string& id, bool as_json, bool reveal, std::ostream& out,
                       std::ostream& err) {
  auto r = c.get("/admin/tickets/" + url_encode(id) + (reveal ? "?reveal=1" : ""));
  if (int rc = failed(r, err)) return rc;
  if (as_json) print_json(r.body, out);
  else out << inspect::render_ticket(r.body, now_of(c));
  return kInspectOk;
}

int run_inspect_resolve(const AdminClient& c, const std::string& id, const std::string& reply,
                        const std::string& apply, bool as_json, std::ostream& out, std::ostream& err) {
  if (reply.empty()) {
    err << "aduan inspect resolve: --reply must not be empty\n";
    return kInspectUsage;
  }
  json body{{"reply", reply}};
  if (!apply.empty()) {
    ApplySpec spec;
    std::string error;
    if (!parse_apply(apply, &spec, &error)) {
      err << "aduan inspect resolve: " << error << "\n";
      return kInspectUsage;
    }
    if (spec.citizen.empty()) {
      // FIELD=VALUE: the correction is for the citizen who opened the ticket.
      auto t = c.get("/admin/tickets/" + url_encode(id));
      if (int rc = failed(t, err)) return rc;
      const json& records = t.body.contains("records") ? t.body["records"] : json::array();
      if (!records.is_array() || records.empty() || !records[0].contains("id")) {
        err << "aduan inspect resolve: ticket " << id << " names no citizen; use --apply CITIZEN-ID:FIELD=VALUE\n";
        return kInspectFailure;
      }
      spec.citizen = records[0]["id"].get<std::string>();
    }
    body["apply"] = json{{"citizen", spec.citizen}, {"field", spec.field}, {"value", spec.value}};
  }
  auto r = c.call("POST", "/admin/tickets/" + url_encode(id) + "/resolve", body);
  if (int rc = failed(r, err)) return rc;
  if (as_json) {
    print_json(r.body, out);
    return kInspectOk;
  }
  std::string as = r.body.contains("delivered_as") && r.body["delivered_as"].is_string() ? r.body["delivered_as"].get<std::string>() : "";
  out << "ticket " << id << " resolved; the answer goes to the citizen as "
      << (as == "template" ? "a template message (the 24-hour window had closed)" : "a text message") << "\n";
  if (r.body.contains("applied") && r.body["applied"].is_object()) {
    const json& a = r.body["applied"];
    std::size_t reissued = a.contains("reissued") && a["reissued"].is_array() ? a["reissued"].size() : 0;
    out << "correction " << (a.contains("outcome") && a["outcome"].is_string() ? a["outcome"].get<std::string>() : "applied")
        << ": record version " << (a.contains("version") && a["version"].is_number() ? a["version"].get<std::uint64_t>() : 0);
    if (reissued) out << ", " << reissued << " certificate(s) re-issued";
    out << "\n";
  }
  return kInspectOk;
}

}  // namespace aduan::app
