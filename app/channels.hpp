// Builds the two outbound channels from the configuration: the in-process sandbox when no
// URL is set (sandbox mode), else the real HTTP senders (Graph API, SMS gateway).
#pragma once
#include <memory>
#include <string>

#include "core/config.hpp"
#include "core/delivery.hpp"
#include "transport/sandbox_channel.hpp"

namespace boost::asio {
class io_context;
}

namespace aduan::app {

struct Channels {
  std::shared_ptr<OutboundChannel> graph, sms;
  // Set (and both channels left null) when an HTTP channel cannot be built, e.g. an
  // unreadable ADUAN_CA_FILE: the caller must refuse to start (exit 1).
  std::string error;
};

// Connections per host for the SMS gateway: OTPs are few, bursts are short.
constexpr std::size_t kSmsPoolSize = 4;

Channels make_channels(const Config& cfg, boost::asio::io_context& ioc, std::shared_ptr<transport::SandboxMedia> media,
                       transport::DocumentRenderer renderer);

}  // namespace aduan::app
