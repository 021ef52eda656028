// Builds the two outbound channels from the configuration: the in-process sandbox when no
// URL is set (sandbox mode), else the real HTTP senders (Graph API, SMS gateway).
#pragma once
#include <memory>

#include "core/config.hpp"
#include "core/delivery.hpp"
#include "transport/sandbox_channel.hpp"

namespace boost::asio {
class io_context;
}

namespace aduan::app {

struct Channels {
  std::shared_ptr<OutboundChannel> graph, sms;
};

Channels make_channels(const Config& cfg, boost::asio::io_context& ioc, std::shared_ptr<transport::SandboxMedia> media,
                       transport::DocumentRenderer renderer);

}  // namespace aduan::app
