#include "app/channels.hpp"

#include <algorithm>
#include <chrono>

#include "transport/graph_channel.hpp"
#include "transport/https_client.hpp"
#include "transport/sms_channel.hpp"

namespace aduan::app {

namespace {

std::shared_ptr<transport::HttpsClient> make_client(boost::asio::io_context& ioc, const Config& cfg,
                                                    std::chrono::seconds connect, std::chrono::seconds request,
                                                    std::size_t pool, std::string* error) {
  transport::HttpsClientOptions o;
  o.connect_timeout = connect;
  o.request_timeout = request;
  o.pool_size = pool;
  o.ca_file = cfg.ca_file;
  std::string why;
  auto client = transport::HttpsClient::create(ioc, std::move(o), &why);
  if (!client) *error = (cfg.ca_file.empty() ? "outbound TLS: " : "ADUAN_CA_FILE: ") + why;
  return client;
}

}  // namespace

Channels make_channels(const Config& cfg, boost::asio::io_context& ioc, std::shared_ptr<transport::SandboxMedia> media,
                       transport::DocumentRenderer renderer) {
  Channels c;
  if (!cfg.graph_url.empty()) {
    auto client = make_client(ioc, cfg, std::chrono::seconds(cfg.graph_connect_timeout_s),
                              std::chrono::seconds(cfg.graph_request_timeout_s),
                              static_cast<std::size_t>(std::max(cfg.graph_pool_size, 1)), &c.error);
    if (!client) return Channels{nullptr, nullptr, c.error};
    transport::GraphChannelOptions g;
    g.graph_url = cfg.graph_url;
    g.phone_number_id = cfg.phone_number_id;
    g.access_token = cfg.access_token;
    g.access_token_file = cfg.access_token_file;
    c.graph = std::make_shared<transport::GraphChannel>(std::move(client), std::move(g), renderer);
  } else {
    c.graph = std::make_shared<transport::SandboxChannel>("graph", media, renderer);
  }
  if (!cfg.sms_url.empty()) {
    const auto timeout = std::chrono::seconds(cfg.sms_timeout_s);
    auto client = make_client(ioc, cfg, std::min(timeout, std::chrono::seconds(cfg.graph_connect_timeout_s)), timeout,
                              kSmsPoolSize, &c.error);
    if (!client) return Channels{nullptr, nullptr, c.error};
    c.sms = std::make_shared<transport::SmsChannel>(std::move(client), transport::SmsChannelOptions{cfg.sms_url, cfg.sms_token});
  } else {
    c.sms = std::make_shared<transport::SandboxChannel>("sms", media, renderer);
  }
  return c;
}

}  // namespace aduan::app
