#include "app/inspect_format.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/civil_date.hpp"

namespace aduan::app::inspect {

using json = nlohmann::json;

namespace {

constexpr std::size_t kSummaryCols = 48;
constexpr std::size_t kTranscriptCols = 100;
constexpr std::size_t kTimeCols = 25;  // RFC 3339 with an offset
constexpr std::size_t kDirCols = 7;    // in, out, note, officer

std::size_t cols_of(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string pad(std::string s, std::size_t cols) {
  std::size_t n = cols_of(s);
  if (n < cols) s.append(cols - n, ' ');
  return s;
}

// Field as text: strings as they are, numbers and booleans printed, anything else "-".
std::string str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "-";
  const json& v = j[key];
  if (v.is_string()) return v.get<std::string>().empty() ? "-" : v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number()) {
    std::ostringstream o;
    o << v.get<double>();
    return o.str();
  }
  return "-";
}

std::int64_t num(const json& j, const json::json_pointer& p) {
  if (!j.is_object() || !j.contains(p)) return 0;
  const json& v = j[p];
  return v.is_number() ? v.get<std::int64_t>() : 0;
}

std::string n(const json& j, const char* pointer) { return std::to_string(num(j, json::json_pointer(pointer))); }

const json& empty_array() {
  static const json empty = json::array();
  return empty;
}

// j[key] when it is an array, else an empty array: never a copy, never a throw.
const json& array_at(const json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_array()) return j[key];
  return empty_array();
}

const json& items_of(const json& page) { return array_at(page, "items"); }

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string rate_text(const std::optional<double>& r) {
  if (!r) return "…";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f/s", *r);
  return buf;
}

std::string channel_text(const json& stats) {
  std::string state = stats.contains("channel") ? str(stats["channel"], "state") : "-";
  std::string reason = stats.contains("channel") ? str(stats["channel"], "reason") : "-";
  return reason == "-" ? state : state + " (" + reason + ")";
}

std::string transcript_text(const json& transcript) {
  if (!transcript.is_array() || transcript.empty()) return "  (empty)\n";
  std::string out;
  for (auto& e : transcript)
    out += "  " + pad(fit(str(e, "at"), kTimeCols), kTimeCols) + "  " + pad(fit(str(e, "dir"), kDirCols), kDirCols) + "  " +
           fit(one_line(str(e, "text")), kTranscriptCols) + "\n";
  return out;
}

}  // namespace

std::string fit(const std::string& s, std::size_t cols) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == cols) return s.substr(0, i);
      ++seen;
    }
  }
  return s;
}

std::string render_table(const Table& t) {
  std::vector<std::size_t> w(t.headers.size(), 0);
  for (std::size_t i = 0; i < t.headers.size(); ++i) w[i] = cols_of(t.headers[i]);
  for (auto& r : t.rows)
    for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], cols_of(r[i]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < w.size(); ++i) {
      std::string c = i < cells.size() ? cells[i] : "";
      out += c;
      if (i + 1 < w.size()) out += std::string(w[i] - cols_of(c) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(t.headers);
  for (auto& r : t.rows) out += line(r);
  return out;
}

std::string format_duration(std::int64_t s) {
  if (s < 0) s = -s;
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%lldm %02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  else if (s < 86400) std::snprintf(buf, sizeof buf, "%lldh %02lldm", static_cast<long long>(s / 3600), static_cast<long long>(s % 3600 / 60));
  else std::snprintf(buf, sizeof buf, "%lldd %02lldh", static_cast<long long>(s / 86400), static_cast<long long>(s % 86400 / 3600));
  return buf;
}

std::string sla_text(const json& ticket, TimeMs now) {
  if (str(ticket, "status") != "open") return "-";
  auto due = parse_rfc3339(str(ticket, "sla_due"));
  if (!due) return "-";
  std::int64_t left_s = (*due - now) / 1000;
  if (left_s < 0 || (ticket.contains("breached") && ticket["breached"] == true))
    return "past SLA by " + format_duration(left_s < 0 ? -left_s : 0);
  return "in " + format_duration(left_s);
}

TimeMs server_now(const json& stats) {
  if (stats.is_object() && stats.contains("now") && stats["now"].is_string())
    if (auto t = parse_rfc3339(stats["now"].get<std::string>())) return *t;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<double> rate(const json& now, const std::optional<json>& before, const json::json_pointer& counter,
                           double interval_s) {
  if (!before || interval_s <= 0) return std::nullopt;
  double d = static_cast<double>(num(now, counter) - num(*before, counter));
  return std::max(0.0, d / interval_s);
}

std::string render_stats(const json& s) {
  Table t{{"WHAT", "VALUE"}, {}};
  t.rows.push_back({"uptime", format_duration(num(s, json::json_pointer("/uptime_s")))});
  t.rows.push_back({"actors", "live " + n(s, "/actors_live") + " · spawned " + n(s, "/actors_spawned") +
                                  " · passivated " + n(s, "/actors_passivated") + " · restarted " +
                                  n(s, "/actors_restarted")});
  t.rows.push_back({"dead letters", n(s, "/dead_letters")});
  t.rows.push_back({"inbox pending", n(s, "/inbox_pending")});
  t.rows.push_back({"outbox", "pending " + n(s, "/outbox/pending") + " · sent " + n(s, "/outbox/sent") + " · delivered " +
                                  n(s, "/outbox/delivered") + " · read " + n(s, "/outbox/read") + " · failed " +
                                  n(s, "/outbox/failed")});
  t.rows.push_back({"channel", channel_text(s)});
  t.rows.push_back({"tickets", "open " + n(s, "/tickets_open") + " · past SLA " + n(s, "/tickets_breached")});
  if (s.contains("webhook"))
    t.rows.push_back({"webhook", "requests " + n(s, "/webhook/requests") + " · events " + n(s, "/webhook/events") +
                                     " · duplicates " + n(s, "/webhook/duplicates")});
  return render_table(t);
}

std::string render_actor_list(const json& page) {
  Table t{{"ID", "CITIZEN", "STEP", "VERIFIED", "MAILBOX", "IDLE", "PROCESSED", "RESTARTS"}, {}};
  for (auto& a : items_of(page))
    t.rows.push_back({str(a, "id"), str(a, "citizen"), str(a, "step"), str(a, "verified"), str(a, "mailbox"),
                      format_duration(num(a, json::json_pointer("/idle_s"))), str(a, "processed"), str(a, "restarts")});
  std::string out = render_table(t);
  out += std::to_string(t.rows.size()) + (t.rows.size() == 1 ? " actor" : " actors");
  if (page.is_object() && page.contains("next") && page["next"].is_string())
    out += " (more: --cursor " + page["next"].get<std::string>() + ")";
  return out + "\n";
}

std::string render_actor(const json& a) {
  Table t{{"FIELD", "VALUE"}, {}};
  for (const char* k : {"id", "live", "citizen", "step", "verified", "mailbox", "processed", "restarts", "last_inbound"})
    if (a.contains(k)) t.rows.push_back({k, str(a, k)});
  if (a.contains("idle_s")) t.rows.push_back({"idle", format_duration(num(a, json::json_pointer("/idle_s")))});
  std::string out = render_table(t);
  out += "\nTIMERS\n";
  if (a.contains("timers") && a["timers"].is_object() && !a["timers"].empty()) {
    for (auto& [k, v] : a["timers"].items()) out += "  " + k + "  " + (v.is_string() ? v.get<std::string>() : "-") + "\n";
  } else {
    out += "  (none)\n";
  }
  out += "\nTRANSCRIPT (masked)\n" + transcript_text(array_at(a, "transcript"));
  return out;
}

std::string render_ticket_list(const json& page, TimeMs now) {
  Table t{{"ID", "KIND", "STATUS", "CITIZEN", "OPENED", "SLA", "SUMMARY"}, {}};
  for (auto& k : items_of(page))
    t.rows.push_back({str(k, "id"), str(k, "kind"), str(k, "status"), str(k, "citizen"), str(k, "opened_at"),
                      sla_text(k, now), fit(one_line(str(k, "summary")), kSummaryCols)});
  std::string out = render_table(t);
  out += std::to_string(t.rows.size()) + (t.rows.size() == 1 ? " ticket" : " tickets");
  if (page.is_object() && page.contains("next") && page["next"].is_string())
    out += " (more: --cursor " + page["next"].get<std::string>() + ")";
  return out + "\n";
}

std::string render_ticket(const json& k, TimeMs now) {
  Table t{{"FIELD", "VALUE"}, {}};
  for (const char* f : {"id", "kind", "status", "citizen", "opened_at", "sla_due"}) t.rows.push_back({f, str(k, f)});
  t.rows.push_back({"sla", sla_text(k, now)});
  for (const char* f : {"summary", "field", "proposed_value", "details", "resolution", "resolved_by", "resolved_at"})
    if (k.contains(f) && str(k, f) != "-") t.rows.push_back({f, one_line(str(k, f))});
  std::string out = render_table(t);
  const json& records = array_at(k, "records");
  if (!records.empty()) {
    // Both records of a conflict side by side: one column per citizen.
    out += "\nRECORDS\n";
    Table r{{"FIELD"}, {}};
    for (std::size_t i = 0; i < records.size(); ++i) r.headers.push_back("RECORD " + std::to_string(i + 1));
    for (const char* f : {"id", "nik", "name", "birth_date", "sex", "phone", "email", "version"}) {
      std::vector<std::string> row{f};
      for (auto& c : records) row.push_back(str(c, f));
      r.rows.push_back(row);
    }
    std::vector<std::string> flags{"flags"}, doses{"doses"};
    for (auto& c : records) {
      std::string fl;
      if (c.contains("flags") && c["flags"].is_array())
        for (auto& x : c["flags"]) fl += (fl.empty() ? "" : ",") + (x.is_string() ? x.get<std::string>() : "");
      flags.push_back(fl.empty() ? "-" : fl);
      doses.push_back(c.contains("vaccinations") && c["vaccinations"].is_array() ? std::to_string(c["vaccinations"].size()) : "-");
    }
    r.rows.push_back(flags);
    r.rows.push_back(doses);
    out += render_table(r);
  }
  out += "\nCONVERSATION (masked)\n" + transcript_text(array_at(k, "conversation"));
  return out;
}

std::vector<TopLine> render_top(const TopFrame& f) {
  std::vector<TopLine> out;
  auto add = [&](const std::string& s, bool heading = false) { out.push_back({fit(s, f.width), heading}); };
  const json& s = f.stats;
  std::string now_text = s.is_object() && s.contains("now") ? str(s, "now") : "";
  add("aduan inspect top  " + f.url + "  up " + format_duration(num(s, json::json_pointer("/uptime_s"))) +
          (now_text.empty() ? "" : "  " + now_text) + "   q: quit",
      true);
  if (!f.error.empty()) add("!! " + f.error);
  add("");
  auto r = [&](const char* p) { return rate_text(rate(s, f.previous, json::json_pointer(p), f.interval_s)); };
  add("MESSAGES", true);
  add("  in " + r("/webhook/events") + "   out " + r("/outbox/sent") + "   (total in " + n(s, "/webhook/events") +
      ", sent " + n(s, "/outbox/sent") + ", delivered " + n(s, "/outbox/delivered") + ")");
  add("ACTORS", true);
  add("  live " + n(s, "/actors_live") + "   spawned " + n(s, "/actors_spawned") + " (" + r("/actors_spawned") +
      ")   passivated " + n(s, "/actors_passivated") + " (" + r("/actors_passivated") + ")");
  add("  restarts " + n(s, "/actors_restarted") + "   dead letters " + n(s, "/dead_letters"));
  add("BACKLOG", true);
  add("  inbox pending " + n(s, "/inbox_pending") + "   outbox pending " + n(s, "/outbox/pending") + "   failed " +
      n(s, "/outbox/failed"));
  add("CHANNEL", true);
  add("  " + channel_text(s));
  add("");
  add("BUSIEST MAILBOXES", true);
  {
    Table t{{"  ID", "CITIZEN", "STEP", "MAILBOX", "PROCESSED", "IDLE"}, {}};
    std::size_t shown = 0;
    for (auto& a : f.busiest.is_array() ? f.busiest : empty_array()) {
      if (shown++ == kTopBusiest) break;
      t.rows.push_back({"  " + str(a, "id"), str(a, "citizen"), str(a, "step"), str(a, "mailbox"), str(a, "processed"),
                        format_duration(num(a, json::json_pointer("/idle_s")))});
    }
    std::istringstream lines(render_table(t));
    for (std::string l; std::getline(lines, l);) add(l);
    if (t.rows.empty()) add("  (no live actors)");
  }
  add("");
  add("TICKETS  open " + n(s, "/tickets_open") + "   past SLA " + n(s, "/tickets_breached") + "   (near: due within " +
          std::to_string(kNearSlaMinutes) + "m)",
      true);
  {
    TimeMs now = server_now(s);
    std::vector<std::pair<TimeMs, const json*>> near;
    for (auto& k : f.tickets.is_array() ? f.tickets : empty_array()) {
      auto due = parse_rfc3339(str(k, "sla_due"));
      if (!due) continue;
      bool breached = k.contains("breached") && k["breached"] == true;
      if (breached || *due - now <= kNearSlaMinutes * 60 * 1000LL) near.push_back({*due, &k});
    }
    std::sort(near.begin(), near.end(), [](auto& a, auto& b) { return a.first < b.first; });
    Table t{{"  ID", "KIND", "CITIZEN", "SLA"}, {}};
    for (std::size_t i = 0; i < near.size() && i < kTopTickets; ++i) {
      const json& k = *near[i].second;
      t.rows.push_back({"  " + str(k, "id"), str(k, "kind"), str(k, "citizen"), sla_text(k, now)});
    }
    if (t.rows.empty()) {
      add("  (none near or past SLA)");
    } else {
      std::istringstream lines(render_table(t));
      for (std::string l; std::getline(lines, l);) add(l);
    }
  }
  return out;
}

}  // namespace aduan::app::inspect
