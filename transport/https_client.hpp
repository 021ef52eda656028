// The asynchronous HTTP/1.1 client of the outbound senders (Graph API, SMS gateway), over
// Boost.Beast on an io_context the caller owns and runs. Per host (scheme, host, port) it
// keeps a pool of at most pool_size keep-alive connections; requests beyond that wait in
// a queue (their deadline keeps running). https:// is verified against the system trust
// store plus an optional extra CA file, with SNI and a host-name (or IP) check; http:// is
// allowed for tests and local gateways.
//
// Threads: request() may be called from any thread; `done` runs on an io_context thread,
// exactly once, never inside request(). Errors: never throws to the caller; a network
// failure, timeout or refused certificate comes back as ClientResponse{status = 0, error}.
// Lifetime: the client may be destroyed with requests open; their callbacks still run as
// long as the io_context runs (the connections keep what they need alive). If the
// io_context is stopped for good, callbacks of open requests are dropped with it.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace aduan::transport {

// Defaults match core/config.hpp (graph_connect_timeout_s, graph_request_timeout_s,
// graph_pool_size); callers pass the configured values.
constexpr std::chrono::milliseconds kDefaultConnectTimeout{5'000};
constexpr std::chrono::milliseconds kDefaultRequestTimeout{15'000};
constexpr std::size_t kDefaultPoolSize = 16;
// Graph and gateway answers are small JSON; anything bigger is a broken peer.
constexpr std::size_t kMaxClientResponseBody = 1u << 20;
// A connection idle longer than this is not reused: servers drop idle keep-alive
// connections after some tens of seconds and a write into a half-closed one is wasted.
constexpr std::chrono::seconds kMaxIdleReuse{30};

struct HttpsClientOptions {
  std::chrono::milliseconds connect_timeout = kDefaultConnectTimeout;  // resolve + TCP connect + TLS handshake
  std::chrono::milliseconds request_timeout = kDefaultRequestTimeout;  // submission to the answer's last byte
  std::size_t pool_size = kDefaultPoolSize;                            // connections per host, busy + idle
  std::string ca_file;  // extra trusted CAs (PEM), on top of the system store (ADUAN_CA_FILE)
};

struct ClientRequest {
  std::string method = "POST";
  std::string url;  // http(s)://host[:port]/path[?query]
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct ClientResponse {
  int status = 0;  // 0: no answer at all (error says why)
  std::string body;
  std::string content_type;
  std::string error;
};

class HttpsClient {
 public:
  // nullptr with *error set when the TLS context cannot be built (e.g. an unreadable
  // ca_file): a configuration problem the caller reports at start-up.
  static std::unique_ptr<HttpsClient> create(boost::asio::io_context& ioc, HttpsClientOptions options,
                                             std::string* error);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  void request(ClientRequest req, std::function<void(ClientResponse)> done);
  // Runs fn on an io_context thread, never inside defer() (lets callers keep the
  // "answer never inside send()" rule for answers they know without a request).
  void defer(std::function<void()> fn);

  struct Stats {
    std::uint64_t requests = 0, connections_opened = 0, reused = 0, retried_stale = 0;
  };
  Stats stats() const;

  struct Impl;

 private:
  explicit HttpsClient(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace aduan::transport
