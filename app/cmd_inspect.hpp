// `aduan inspect …`: the ops inspector over the admin API (CONTRACTS.md). Each body takes
// the resolved admin target and writes to the given streams; the return value is the
// exit code: 0 ok, 1 a failure the user can act on (server unreachable, token refused,
// not found, the server refused the change), 2 wrong usage. Blocking, single-threaded;
// `top` owns the terminal while it runs and restores it on every exit path.
#pragma once
#include <iosfwd>
#include <string>

#include "app/admin_client.hpp"
#include "app/commands.hpp"

namespace aduan::app {

constexpr int kInspectOk = 0, kInspectFailure = 1, kInspectUsage = 2;
constexpr double kTopDefaultInterval = 2.0;  // seconds between refreshes of `top`
constexpr double kTopMinInterval = 0.2;

struct InspectListOptions {
  bool json = false;
  std::string sort;    // actors: mailbox | idle | restarts | processed
  std::string filter;  // actors: keep rows whose step or citizen contains this text
  std::string status;  // tickets: open | resolved | all
  std::size_t limit = 50;
  std::string cursor;
};

int run_inspect_stats(const AdminClient& c, bool json, std::ostream& out, std::ostream& err);
int run_inspect_actors(const AdminClient& c, const InspectListOptions& o, std::ostream& out, std::ostream& err);
int run_inspect_actor(const AdminClient& c, const std::string& id, bool json, bool reveal, std::ostream& out,
                      std::ostream& err);
int run_inspect_stop(const AdminClient& c, const std::string& id, bool json, std::ostream& out, std::ostream& err);
int run_inspect_tickets(const AdminClient& c, const InspectListOptions& o, std::ostream& out, std::ostream& err);
int run_inspect_ticket(const AdminClient& c, const std::string& id, bool json, bool reveal, std::ostream& out,
                       std::ostream& err);
// apply: "" (no correction), "CITIZEN-ID:FIELD=VALUE", or "FIELD=VALUE" (the ticket's
// first citizen). A malformed apply is a usage error (2).
int run_inspect_resolve(const AdminClient& c, const std::string& id, const std::string& reply,
                        const std::string& apply, bool json, std::ostream& out, std::ostream& err);

struct TopOptions {
  double interval_s = kTopDefaultInterval;
  int frames = 0;  // stop after this many frames (0: until q or Ctrl-C)
};
// Live view. With a terminal on stdout: alternate screen, redraw in place, q/Ctrl-C quits.
// Without one (a pipe), frames are printed one after another without escape codes.
int run_inspect_top(const AdminClient& c, const TopOptions& o, std::ostream& out, std::ostream& err);

// Parsed --apply value.
struct ApplySpec {
  std::string citizen;  // empty: take it from the ticket
  std::string field, value;
};
bool parse_apply(const std::string& text, ApplySpec* spec, std::string* error);

// Adds `inspect` and its subcommands (app/cli_inspect.cpp); called from register_client_commands.
void register_inspect_command(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config);

}  // namespace aduan::app
