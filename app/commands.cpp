#include "app/commands.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "app/server.hpp"
#include "core/config.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::app {

namespace {
std::function<int()>& chosen_command() {
  static std::function<int()> body;
  return body;
}
}  // namespace

void set_command(std::function<int()> body) { chosen_command() = std::move(body); }

namespace {

constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2;

std::optional<Config> load(const ConfigFlags& flags) {
  auto r = load_config(flags, process_environment());
  if (!r.config) {
    std::cerr << "aduan: " << r.error << "\n";
    return std::nullopt;
  }
  return r.config;
}

int run_backup(const Config& cfg, const std::string& dir) {
  // The copy holds every citizen's health data and the signing keys: owner-only, whatever
  // the caller's umask (it was world-readable under the usual 022).
  ::umask(077);
  std::error_code ec;
  if (std::filesystem::exists(dir) && !std::filesystem::is_empty(dir, ec)) {
    std::cerr << "aduan backup: " << dir << " exists and is not empty\n";
    return kExitFailure;
  }
  std::filesystem::create_directories(dir, ec);
  if (!ec) std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  if (ec) {
    std::cerr << "aduan backup: cannot create " << dir << ": " << ec.message() << "\n";
    return kExitFailure;
  }
  try {
    storage::EnvOptions opts;
    opts.dir = cfg.data_dir;
    opts.map_size_bytes = cfg.lmdb_map_size_mb << 20;
    if (!std::filesystem::exists(std::filesystem::path(cfg.data_dir) / "data.mdb")) {
      std::cerr << "aduan backup: no data in " << cfg.data_dir << "\n";
      return kExitFailure;
    }
    auto env = storage::Env::open(opts);
    env->backup_to(dir);
    for (const char* f : {"certificate.key", "certificate.pub", "otp.key", "id.salt"}) {
      auto src = std::filesystem::path(cfg.data_dir) / f;
      if (!std::filesystem::exists(src)) continue;
      std::filesystem::copy_file(src, std::filesystem::path(dir) / f, std::filesystem::copy_options::overwrite_existing, ec);
      if (ec) {
        std::cerr << "aduan backup: cannot copy " << f << ": " << ec.message() << "\n";
        return kExitFailure;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "aduan backup: " << e.what() << "\n";
    return kExitFailure;
  }
  std::cout << "backup written to " << dir << "\n";
  return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"aduan — WhatsApp complaint desk for the national vaccination programme"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  ConfigFlags flags;
  std::string config_file, mode, data_dir, listen, admin_listen;
  auto add_config_flags = [&](CLI::App* sub, bool listeners) {
    sub->add_option("--config", config_file, "JSON configuration file (default config/aduan.json)");
    sub->add_option("--data-dir", data_dir, "LMDB environment folder (env ADUAN_DATA_DIR)");
    sub->add_option("--mode", mode, "sandbox or production (env ADUAN_MODE)");
    if (listeners) {
      sub->add_option("--listen", listen, "webhook listener host:port (env ADUAN_LISTEN)");
      sub->add_option("--admin-listen", admin_listen, "admin listener host:port (env ADUAN_ADMIN_LISTEN)");
    }
  };
  auto config = [&]() {
    if (!config_file.empty()) flags.config_file = config_file;
    if (!mode.empty()) flags.mode = mode;
    if (!data_dir.empty()) flags.data_dir = data_dir;
    if (!listen.empty()) flags.listen = listen;
    if (!admin_listen.empty()) flags.admin_listen = admin_listen;
    return load(flags);
  };

  auto* serve = app.add_subcommand("serve", "Run the server until SIGINT/SIGTERM");
  add_config_flags(serve, true);

  auto* backup = app.add_subcommand("backup", "Hot, consistent, compacted copy of the data while the server runs");
  std::string backup_dir;
  backup->add_option("DIR", backup_dir, "empty or new folder for the copy")->required();
  add_config_flags(backup, false);

  auto* print_config = app.add_subcommand("config", "Print the effective configuration's defaults as JSON");

  register_registry_commands(app, add_config_flags, config);
  register_client_commands(app, add_config_flags, config);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    app.exit(e);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  if (serve->parsed()) {
    auto cfg = config();
    if (!cfg) return kExitFailure;
    return run_server(*cfg);
  }
  if (backup->parsed()) {
    auto cfg = config();
    if (!cfg) return kExitFailure;
    return run_backup(*cfg, backup_dir);
  }
  if (print_config->parsed()) {
    std::cout << default_config_json().dump(2) << "\n";
    return kExitOk;
  }
  if (chosen_command()) return chosen_command()();
  std::cerr << app.help();
  return kExitUsage;
}

}  // namespace aduan::app
