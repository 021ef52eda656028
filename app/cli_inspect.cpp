// `aduan inspect …` parsed here, bodies in app/cmd_inspect.cpp and app/inspect_top.cpp.
// Every leaf takes --url and --token (they win over the configuration) and the usual
// configuration flags; bad choices (--sort, --status) are usage errors (exit 2) by CLI11.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cmd_inspect.hpp"

namespace aduan::app {

namespace {

struct InspectArgs {
  std::string url, token, id, reply, apply;
  bool json = false, reveal = false;
  InspectListOptions list;
  TopOptions top;
};

InspectArgs& args() {
  static InspectArgs a;  // one parse per process
  return a;
}

// Runs `body` with a client for the resolved admin listener, or fails with exit 1.
int with_client(const ConfigLoader& config, const std::function<int(const AdminClient&)>& body) {
  auto& a = args();
  std::optional<Config> cfg;
  if (a.url.empty() || a.token.empty()) {
    cfg = config();  // prints its own error
    if (!cfg) return kInspectFailure;
  }
  std::string error;
  auto target = resolve_admin_target(cfg ? &*cfg : nullptr, a.url, a.token, &error);
  if (!target) {
    std::cerr << "aduan inspect: " << error << "\n";
    return kInspectFailure;
  }
  return body(AdminClient(*target));
}

}  // namespace

void register_inspect_command(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config) {
  auto& a = args();
  auto* inspect = app.add_subcommand("inspect", "The ops inspector over the admin API");
  inspect->require_subcommand(1);
  auto leaf = [&](const char* name, const char* help, bool json_flag) {
    auto* sub = inspect->add_subcommand(name, help);
    sub->add_option("--url", a.url, "admin listener base URL, e.g. http://127.0.0.1:8081 (default: configuration)");
    sub->add_option("--token", a.token, "admin or officer token (default: ADUAN_ADMIN_TOKEN or DATA_DIR/admin.token)");
    if (json_flag) sub->add_flag("--json", a.json, "print the API's JSON instead of a table");
    add_flags(sub, false);
    return sub;
  };
  auto run = [config](std::function<int(const AdminClient&)> body) {
    return [config, body] { set_command([config, body] { return with_client(config, body); }); };
  };

  auto* top = leaf("top", "Live view of the actor system (refreshes; q or Ctrl-C quits)", false);
  top->add_option("--interval", a.top.interval_s, "seconds between refreshes (default 2)");
  top->add_option("--frames", a.top.frames, "stop after N screens (default: run until q)");
  top->callback(run([](const AdminClient& c) { return run_inspect_top(c, args().top, std::cout, std::cerr); }));

  auto* stats = leaf("stats", "Counters of the running server", true);
  stats->callback(run([](const AdminClient& c) { return run_inspect_stats(c, args().json, std::cout, std::cerr); }));

  auto* actors = leaf("actors", "Live conversation actors", true);
  actors->add_option("--sort", a.list.sort, "mailbox, idle, restarts or processed")
      ->check(CLI::IsMember({"mailbox", "idle", "restarts", "processed"}));
  actors->add_option("--filter", a.list.filter, "keep actors whose step or masked citizen contains TEXT");
  actors->add_option("--limit", a.list.limit, "rows per page (default 50)")->check(CLI::Range(1, 500));
  actors->add_option("--cursor", a.list.cursor, "continue a previous listing");
  actors->callback(run([](const AdminClient& c) {
    auto o = args().list;
    o.json = args().json;
    return run_inspect_actors(c, o, std::cout, std::cerr);
  }));

  auto* actor = leaf("actor", "One actor: state, timers, masked transcript", true);
  actor->add_option("ID", a.id, "actor id from `inspect actors`")->required();
  actor->add_flag("--reveal", a.reveal, "unmasked (the server audits it)");
  actor->callback(run([](const AdminClient& c) {
    return run_inspect_actor(c, args().id, args().json, args().reveal, std::cout, std::cerr);
  }));

  auto* stop = leaf("stop", "Stop a live actor; its next message starts it again", true);
  stop->add_option("ID", a.id, "actor id")->required();
  stop->callback(run([](const AdminClient& c) { return run_inspect_stop(c, args().id, args().json, std::cout, std::cerr); }));

  auto* tickets = leaf("tickets", "The ticket queue with SLA countdown", true);
  tickets->add_option("--status", a.list.status, "open (default), resolved or all")
      ->check(CLI::IsMember({"open", "resolved", "all"}));
  tickets->add_option("--limit", a.list.limit, "rows per page (default 50)")->check(CLI::Range(1, 500));
  tickets->add_option("--cursor", a.list.cursor, "continue a previous listing");
  tickets->callback(run([](const AdminClient& c) {
    auto o = args().list;
    o.json = args().json;
    return run_inspect_tickets(c, o, std::cout, std::cerr);
  }));

  auto* ticket = leaf("ticket", "One ticket: conversation and the records involved", true);
  ticket->add_option("ID", a.id, "ticket id (TK-…)")->required();
  ticket->add_flag("--reveal", a.reveal, "unmasked (the server audits it)");
  ticket->callback(run([](const AdminClient& c) {
    return run_inspect_ticket(c, args().id, args().json, args().reveal, std::cout, std::cerr);
  }));

  auto* resolve = leaf("resolve", "Answer a ticket, optionally correcting a record", true);
  resolve->add_option("ID", a.id, "ticket id (TK-…)")->required();
  resolve->add_option("--reply", a.reply, "the answer sent to the citizen")->required();
  resolve->add_option("--apply", a.apply, "correction CITIZEN-ID:FIELD=VALUE (or FIELD=VALUE for the ticket's citizen)");
  resolve->callback(run([](const AdminClient& c) {
    return run_inspect_resolve(c, args().id, args().reply, args().apply, args().json, std::cout, std::cerr);
  }));
}

}  // namespace aduan::app
