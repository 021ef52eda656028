// Human-readable views of admin API answers for `aduan inspect`: plain text tables and
// the `top` frame. Pure functions on JSON values: they never throw, and a missing or
// mistyped field prints as "-" (the server may be older or newer than the client).
// They print only what the API sent, which is masked unless the caller asked to reveal.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/types.hpp"

namespace aduan::app::inspect {

// A ticket is "near" its SLA when it is due within this many minutes.
constexpr int kNearSlaMinutes = 15;
constexpr std::size_t kTopBusiest = 5;
constexpr std::size_t kTopTickets = 5;

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};
// Left-aligned columns two spaces apart, widths in code points; the last column unpadded.
std::string render_table(const Table& t);

std::string format_duration(std::int64_t seconds);  // 42s, 5m 03s, 1h 02m, 3d 04h
// "in 42m" / "past SLA by 5m" / "-" (no due time or not open).
std::string sla_text(const nlohmann::json& ticket, TimeMs now);

// The server's current time from /admin/stats ("now"), else the local clock.
TimeMs server_now(const nlohmann::json& stats);

std::string render_stats(const nlohmann::json& stats);
std::string render_actor_list(const nlohmann::json& page);
std::string render_actor(const nlohmann::json& actor);
std::string render_ticket_list(const nlohmann::json& page, TimeMs now);
std::string render_ticket(const nlohmann::json& ticket, TimeMs now);

// One screen of `inspect top`.
struct TopFrame {
  std::string url;
  nlohmann::json stats;                     // latest /admin/stats (null until the first answer)
  std::optional<nlohmann::json> previous;   // the sample before it, for rates
  double interval_s = 0;                    // seconds between previous and stats
  nlohmann::json busiest = nlohmann::json::array();  // /admin/actors?sort=mailbox items
  nlohmann::json tickets = nlohmann::json::array();  // open tickets
  std::string error;                        // shown as a banner (connection lost, …)
  std::size_t width = 100;                  // terminal columns
};
struct TopLine {
  std::string text;
  bool heading = false;
};
std::vector<TopLine> render_top(const TopFrame& f);

// Rate of a counter between two samples; nullopt without a previous sample.
std::optional<double> rate(const nlohmann::json& now, const std::optional<nlohmann::json>& before,
                           const nlohmann::json::json_pointer& counter, double interval_s);

// Cuts a UTF-8 string to at most `cols` code points.
std::string fit(const std::string& s, std::size_t cols);

}  // namespace aduan::app::inspect
