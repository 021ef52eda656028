// The scenario runner's server child (app/scenario/server_process): ports that cannot be
// stolen between the pick and the child's bind, and a start that survives a stolen port.
// Named after what broke: a CI run failed when a neighbouring scenario's fake took the
// port picked for a server ("Address already in use" at start-up).
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "app/scenario/server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "transport/http_client.hpp"

using namespace aduan;

namespace {

unsigned short port_of(const std::string& url) {
  return static_cast<unsigned short>(std::stoi(url.substr(url.rfind(':') + 1)));
}

std::string aduan_bin() {
  const char* b = std::getenv("ADUAN_BIN");
  return b ? b : "aduan";
}

}  // namespace

TEST_CASE("free loopback ports are picked below the kernel's ephemeral range, and are free") {
  const int low = app::ephemeral_port_range().first;
  if (low - 10000 < 1000) {
    WARN("the ephemeral range starts too low to pick below it; nothing to check");
    return;
  }
  for (int i = 0; i < 20; ++i) {
    const unsigned short p = app::free_loopback_port();
    CHECK(p < low);
    boost::asio::io_context ioc;
    CHECK_NOTHROW(boost::asio::ip::tcp::acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), p}));
  }
}

TEST_CASE("scenario server port taken before start: start moves to new ports and is ready") {
  test::TempDir dir;
  app::ServerProcess server(app::ServerSpec{aduan_bin(), dir.file("data"), {{"ADUAN_ADMIN_TOKEN", "test-ops-token-0123456789"}}});
  const std::string first_url = server.webhook_url();
  // Someone else listens on the picked webhook port, as the fake of a neighbouring scenario did.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor thief(ioc, {boost::asio::ip::make_address("127.0.0.1"), port_of(first_url)});

  std::string error;
  const bool started = server.start(&error);
  INFO(error);
  REQUIRE(started);
  CHECK(server.webhook_url() != first_url);
  CHECK(transport::http_request("GET", server.webhook_url() + "/readyz", {}, {}, std::chrono::seconds(2)).status == 200);
  CHECK(server.stop(SIGTERM) == 0);
}
