#include "app/channels.hpp"

namespace aduan::app {

Channels make_channels(const Config& cfg, boost::asio::io_context& ioc, std::shared_ptr<transport::SandboxMedia> media,
                       transport::DocumentRenderer renderer) {
  (void)ioc;
  Channels c;
  c.graph = std::make_shared<transport::SandboxChannel>("graph", media, renderer);
  c.sms = std::make_shared<transport::SandboxChannel>("sms", media, renderer);
  (void)cfg;
  return c;
}

}  // namespace aduan::app
