#include "app/server.hpp"

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <sstream>
#include <thread>

#include "actors/messages.hpp"
#include "actors/outbox_dispatcher.hpp"
#include "actors/session_manager.hpp"
#include "actors/storage_writer.hpp"
#include "app/admin_backend.hpp"
#include "app/certificate_service.hpp"
#include "app/channels.hpp"
#include "app/data_dir.hpp"
#include "app/intake_sink.hpp"
#include "core/catalogue.hpp"
#include "core/demo_registry.hpp"
#include "core/flow/flow_config.hpp"
#include "core/secure_random.hpp"
#include "storage/importer.hpp"
#include "storage/inbox_store.hpp"
#include "storage/lmdb_env.hpp"
#include "storage/outbox_store.hpp"
#include "transport/http_server.hpp"
#include "transport/sandbox_channel.hpp"
#include "transport/webhook_handler.hpp"

namespace aduan::app {

namespace {

constexpr std::size_t kDemoCount = 500;  // demo citizens loaded into a new sandbox data dir
constexpr auto kShutdownPoll = std::chrono::milliseconds(50);

void raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

}  // namespace

std::string resolve_config_path(const std::string& configured, const std::string& relative) {
  if (!configured.empty()) return configured;
  if (std::filesystem::exists(relative)) return relative;
#ifdef ADUAN_SOURCE_DIR
  std::string in_source = std::string(ADUAN_SOURCE_DIR) + "/" + relative;
  if (std::filesystem::exists(in_source)) return in_source;
#endif
  return relative;
}

int run_server(const Config& cfg) {
  raise_fd_limit();
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  const bool fresh = data_dir_is_new(cfg.data_dir);
  std::shared_ptr<storage::Env> env;
  try {
    storage::EnvOptions opts;
    opts.dir = cfg.data_dir;
    opts.map_size_bytes = cfg.lmdb_map_size_mb << 20;
    opts.max_readers = static_cast<unsigned>(cfg.lmdb_max_readers);
    env = storage::Env::open(opts);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  {
    std::string lock_error;
    if (!lock_data_dir_for_serve(cfg.data_dir, &lock_error)) {
      spdlog::error("{}", lock_error);
      return 1;
    }
  }

  // Secrets and keys kept in the data dir.
  std::string error;
  std::string admin_token = cfg.admin_token;
  if (admin_token.empty()) {
    auto t = read_or_create_secret(cfg.data_dir, "admin.token", random_token(32), &error);
    if (!t) {
      spdlog::error("{}", error);
      return 1;
    }
    admin_token = *t;
    spdlog::info("sandbox ops token in {}/admin.token", cfg.data_dir);
  }
  auto otp_key = read_or_create_secret(cfg.data_dir, "otp.key", random_hex(32), &error);
  auto id_salt = read_or_create_secret(cfg.data_dir, "id.salt", random_hex(16), &error);
  if (!otp_key || !id_salt) {
    spdlog::error("{}", error);
    return 1;
  }
  std::string key_path = cfg.certificate_key_file.empty() ? cfg.data_dir + "/certificate.key" : cfg.certificate_key_file;
  auto key = certs::SigningKey::load_or_create(key_path, &error);
  if (!key) {
    spdlog::error("certificate key {}: {}", key_path, error);
    return 1;
  }
  auto signing_key = std::make_shared<const certs::SigningKey>(std::move(*key));
  {
    std::string pub_path = cfg.data_dir + "/certificate.pub";
    if (read_file(pub_path).value_or("") != signing_key->public_key_pem() &&
        !write_file_0600(pub_path, signing_key->public_key_pem(), &error))
      spdlog::warn("{}", error);
  }

  // The one clock.
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<TestClock> test_clock;
  if (cfg.test_clock()) {
    TimeMs start = system_now_ms();
    {
      storage::Txn txn(*env, false);
      if (auto v = txn.get(txn.dbs().meta, "test_clock_ms")) start = static_cast<TimeMs>(storage::u64_from_key(*v));
    }
    {
      storage::Txn w(*env, true);
      w.put(w.dbs().meta, "test_clock_ms", storage::u64_key(static_cast<std::uint64_t>(start)));
      w.commit();
    }
    test_clock = std::make_shared<TestClock>(start);
    clock = test_clock;
  } else {
    clock = std::make_shared<SystemClock>();
  }

  // Demo registry on the first start of a sandbox.
  if (fresh && cfg.demo && cfg.sandbox()) {
    std::stringstream demo;
    write_demo_registry(demo, kDemoCount, kDefaultDemoSeed);
    storage::ImportOptions io;
    io.now = clock->now();
    auto report = storage::import_registry(*env, demo, io);
    spdlog::info("demo registry loaded: {} citizens ({} rejected)", report.added, report.rejected);
  }

  // Conversation policy and texts.
  std::string catalogue_path = resolve_config_path(cfg.catalogue_file, "config/messages.json");
  auto catalogue = Catalogue::load(catalogue_path, &error);
  if (!catalogue) {
    spdlog::error("catalogue {}: {}", catalogue_path, error);
    return 1;
  }
  auto flow_config = std::make_optional<flow::FlowConfig>();
  if (auto e = flow::apply_flow_overrides(*flow_config, cfg.flow); !e.empty()) {
    spdlog::error("config: {}", e);
    return 1;
  }
  flow_config->otp_hash_key = *otp_key;
  flow_config->template_name = cfg.template_name;
  flow_config->template_language = cfg.template_language;

  // Actors.
  caf::actor_system_config caf_cfg;
  caf_cfg.set("scheduler.policy", caf::atom("sharing"));
  caf_cfg.set("scheduler.max-threads", static_cast<std::size_t>(cfg.actor_threads));
  caf_cfg.set("scheduler.max-throughput", static_cast<std::size_t>(300));
  caf::actor_system sys{caf_cfg};

  auto writer_counters = std::make_shared<actors::WriterCounters>();
  auto writer = actors::spawn_storage_writer(sys, env, static_cast<std::size_t>(cfg.group_commit_max), writer_counters);
  auto services = std::make_shared<actors::Services>();
  services->env = env;
  services->writer = writer;
  services->flow_config = std::make_shared<const flow::FlowConfig>(std::move(*flow_config));
  services->catalogue = std::make_shared<const Catalogue>(std::move(*catalogue));
  services->text_mask = std::make_shared<const FreeTextMask>(*services->catalogue);
  services->clock = clock;
  services->max_attempts = cfg.max_attempts;
  services->passivate_after_s = cfg.passivate_after_s;
  services->restart_intensity = cfg.restart_intensity;
  services->restart_window_s = cfg.restart_window_s;
  services->id_salt = *id_salt;
  services->apology_text = services->catalogue->text("dead_letter_apology", "id", {});
  auto manager = actors::spawn_session_manager(sys, services);

  auto certificates = std::make_shared<CertificateService>(env, signing_key);
  auto media = std::make_shared<transport::SandboxMedia>();
  auto channel_status = std::make_shared<actors::ChannelStatus>();
  boost::asio::io_context ioc;
  auto channels = make_channels(cfg, ioc, media, [certificates](const std::string& ref) { return certificates->render(ref); });
  if (!channels.error.empty() || !channels.graph || !channels.sms) {
    spdlog::error("outbound: {}", channels.error.empty() ? "cannot build the senders" : channels.error);
    caf::anon_send(manager, actors::stop_atom::value, std::string("*"));
    caf::anon_send(writer, actors::stop_atom::value, std::string("*"));
    return 1;
  }
  actors::DispatcherConfig dcfg;
  dcfg.rate_per_s = cfg.graph_rate_per_s;
  dcfg.max_attempts = cfg.graph_max_attempts;
  dcfg.sms_max_attempts = cfg.sms_max_attempts;
  auto dispatcher = actors::spawn_outbox_dispatcher(sys, services, channels.graph, channels.sms, dcfg, channel_status, manager);
  services->dispatcher = dispatcher;  // before any conversation exists (recovery starts below)

  std::optional<storage::TemplateFallback> fallback;
  if (!cfg.template_name.empty()) fallback = storage::TemplateFallback{cfg.template_name, cfg.template_language};
  WriterIntakeSink sink(writer, manager, dispatcher, clock, fallback);
  transport::WebhookCounters webhook_counters;

  AdminDeps deps;
  deps.config = &cfg;
  deps.system = &sys;
  deps.env = env;
  deps.writer = writer;
  deps.manager = manager;
  deps.dispatcher = dispatcher;
  deps.clock = clock;
  deps.test_clock = test_clock;
  deps.admin_token = admin_token;
  deps.services = services;
  deps.channel = channel_status;
  deps.writer_counters = writer_counters;
  deps.webhook = &webhook_counters;
  deps.media = media;
  deps.static_dir = resolve_config_path("", "transport/ops");
  auto ack = deps.ack;
  ServerAdminBackend backend(std::move(deps));

  auto recovered = services->recovered;
  auto ready = [recovered, channel_status]() -> std::pair<bool, std::string> {
    if (!*recovered) return {false, "recovering: replaying the inbox"};
    std::lock_guard<std::mutex> lock(channel_status->mu);
    if (channel_status->state != "ok") return {false, channel_status->reason};
    return {true, {}};
  };
  transport::HttpLimits webhook_limits;
  webhook_limits.body_limit = cfg.webhook_body_limit;
  webhook_limits.read_timeout = std::chrono::seconds(cfg.http_read_timeout_s);
  webhook_limits.idle_timeout = std::chrono::seconds(cfg.http_idle_timeout_s);
  webhook_limits.max_connections = static_cast<std::size_t>(cfg.http_max_connections);
  transport::HttpLimits admin_limits = webhook_limits;
  admin_limits.body_limit = cfg.admin_body_limit;

  std::unique_ptr<transport::HttpServer> webhook_server, admin_server;
  try {
    webhook_server = std::make_unique<transport::HttpServer>(
        ioc, cfg.listen.host, cfg.listen.port, webhook_limits,
        transport::make_webhook_handler(
            transport::WebhookSettings{cfg.app_secret, cfg.verify_token, cfg.phone_number_id}, sink, webhook_counters,
            ready, [ack](double s) { ack->observe(s); }),
        "webhook listener");
    admin_server = std::make_unique<transport::HttpServer>(
        ioc, cfg.admin_listen.host, cfg.admin_listen.port, admin_limits,
        transport::make_admin_handler(backend, [](const std::string& line) { spdlog::info("admin {}", line); }),
        "admin listener");
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    caf::anon_send_exit(manager, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(dispatcher, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    return 1;
  }
  webhook_server->start();
  admin_server->start();
  caf::anon_send(manager, actors::recover_atom::value);
  spdlog::info("aduan {} mode: webhook on {}:{}, admin on {}:{}, data in {}", cfg.mode, cfg.listen.host,
               webhook_server->port(), cfg.admin_listen.host, admin_server->port(), cfg.data_dir);

  // Signals: SIGINT/SIGTERM stop; SIGHUP reloads the Graph token.
  std::atomic<bool> stopping{false};
  boost::asio::signal_set stop_signals(ioc, SIGINT, SIGTERM);
  boost::asio::signal_set hup(ioc, SIGHUP);
  std::function<void()> wait_hup = [&] {
    hup.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      spdlog::info("SIGHUP: reloading credentials");
      caf::anon_send(dispatcher, actors::reload_atom::value);
      wait_hup();
    });
  };
  wait_hup();
  auto work = std::make_unique<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
      ioc.get_executor());
  stop_signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {}: stopping", sig);
    stopping = true;
    webhook_server->stop();
    admin_server->stop();
    hup.cancel();
  });

  std::vector<std::thread> io_threads;
  for (int i = 0; i < cfg.http_io_threads; ++i) io_threads.emplace_back([&] { ioc.run(); });
  while (!stopping) std::this_thread::sleep_for(kShutdownPoll);

  // Finish what was acknowledged: pending inbox rows, within the grace deadline.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(cfg.shutdown_grace_s);
  while (std::chrono::steady_clock::now() < deadline) {
    std::uint64_t pending = 0;
    {
      storage::Txn txn(*env, false);
      pending = storage::pending_count(txn);
    }
    if (pending == 0 && *recovered) break;
    std::this_thread::sleep_for(kShutdownPoll);
  }
  caf::anon_send(manager, actors::stop_atom::value, std::string("*"));
  caf::anon_send_exit(dispatcher, caf::exit_reason::user_shutdown);
  caf::anon_send(writer, actors::stop_atom::value, std::string("*"));
  work.reset();
  ioc.stop();
  for (auto& t : io_threads) t.join();
  webhook_server.reset();
  admin_server.reset();
  channels = {};
  sys.await_all_actors_done();
  spdlog::info("stopped");
  return 0;
}

}  // namespace aduan::app
