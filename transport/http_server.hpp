// An HTTP/1.1 listener over Boost.Beast (the only TU that includes Beast's server code).
// Every connection has a read deadline for a whole request, an idle keep-alive deadline, a
// header and a body limit (413 above it, before the body is read), and at most one
// request in flight (HTTP/1.1 without pipelining). Connections over max_connections are
// answered 503 and closed. Runs on the io_context threads given to it; handlers may answer
// from any thread (the responder posts back onto the connection's strand).
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "transport/http_types.hpp"

namespace boost::asio {
class io_context;
}

namespace aduan::transport {

struct HttpLimits {
  std::size_t body_limit = 3u * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{75};
  std::size_t max_connections = 20000;
};

class HttpServer {
 public:
  // Binds at once; throws std::runtime_error naming host:port when it cannot.
  HttpServer(boost::asio::io_context& ioc, const std::string& host, unsigned short port, HttpLimits limits,
             HttpHandler handler, std::string name);
  ~HttpServer();
  void start();
  void stop();  // stops accepting; open connections finish their current request
  unsigned short port() const;
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace aduan::transport
