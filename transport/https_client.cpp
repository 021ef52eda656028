// Asynchronous keep-alive HTTP(S) client. See https_client.hpp for the contract.
//
// Shape: one Impl (shared by the connections it made) holds, per host, the idle
// connections, how many exist, and the queue of requests waiting for one. A connection is
// a chain of asynchronous steps on its own strand (resolve, connect, handshake, write,
// read); only one chain runs at a time, so a connection needs no lock of its own. The
// pool bookkeeping is under Impl::mu, never held while user callbacks run.
#include "transport/https_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "transport/http_client.hpp"

namespace aduan::transport {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char* kUserAgent = "aduan/1";

struct Pending {
  ParsedUrl url;
  ClientRequest req;
  std::function<void(ClientResponse)> done;
  Steady::time_point deadline;
  bool retried = false;  // already resent once after a stale keep-alive connection
};

class Conn;

struct Host {
  std::string host, port;
  bool tls = false;
  std::size_t open = 0;                      // connections that exist: connecting, busy or idle
  std::vector<std::shared_ptr<Conn>> idle;   // back() is the most recently used
  std::deque<std::shared_ptr<Pending>> queue;
};

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

ClientResponse failure(std::string error) {
  ClientResponse r;
  r.error = std::move(error);
  return r;
}

}  // namespace

struct HttpsClient::Impl : std::enable_shared_from_this<HttpsClient::Impl> {
  Impl(net::io_context& c, HttpsClientOptions o) : ioc(c), opts(std::move(o)) {}

  net::io_context& ioc;
  HttpsClientOptions opts;
  ssl::context tls{ssl::context::tls_client};
  std::mutex mu;
  std::map<std::string, std::shared_ptr<Host>> hosts;  // key: scheme://host:port
  bool closed = false;                                 // the client object is gone: keep nothing idle
  std::atomic<std::uint64_t> requests{0}, opened{0}, reused{0}, retried_stale{0};

  void submit(std::shared_ptr<Pending> p);
  // A connection finished a request; keep=false when it must not be reused.
  void release(const std::shared_ptr<Conn>& c, bool keep);
  // A connection closed (error, or not reusable): make room and serve the queue.
  void lost(const std::shared_ptr<Host>& h);

 private:
  // Under mu: the next queued request that has not expired (expired ones go to `expired`).
  std::shared_ptr<Pending> next_queued(Host& h, std::vector<std::shared_ptr<Pending>>& expired);
  void open_connection(const std::shared_ptr<Host>& h, std::shared_ptr<Pending> p);  // under mu, open counted
  void fail_later(std::vector<std::shared_ptr<Pending>> expired, const std::string& why);
};

namespace {

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(std::shared_ptr<HttpsClient::Impl> owner, std::shared_ptr<Host> host)
      : owner_(std::move(owner)),
        host_(std::move(host)),
        strand_(net::make_strand(owner_->ioc)),
        resolver_(strand_),
        resolve_timer_(strand_) {
    if (host_->tls)
      secure_.emplace(strand_, owner_->tls);
    else
      plain_.emplace(strand_);
  }

  const std::shared_ptr<Host>& host() const { return host_; }
  Steady::time_point idle_since() const { return idle_since_; }
  void mark_idle() { idle_since_ = Steady::now(); }

  // Runs one request on this connection (connecting first when needed). Always posted
  // onto the strand, so it never runs inside the caller of request().
  void begin(std::shared_ptr<Pending> p) {
    net::post(strand_, [self = shared_from_this(), p = std::move(p)]() mutable {
      self->pending_ = std::move(p);
      if (self->connected_) {
        self->reused_ = true;
        self->owner_->reused++;
        self->write();
      } else {
        self->resolve();
      }
    });
  }

 private:
  beast::tcp_stream& lowest() { return secure_ ? beast::get_lowest_layer(*secure_) : *plain_; }

  Steady::time_point connect_deadline() const {
    return std::min(Steady::now() + owner_->opts.connect_timeout, pending_->deadline);
  }

  void resolve() {
    // The resolver has no timeout of its own; a hung DNS lookup must not hold the request.
    resolve_timer_.expires_at(connect_deadline());
    resolve_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->resolver_.cancel();
    });
    resolver_.async_resolve(host_->host, host_->port,
                            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                              self->resolve_timer_.cancel();
                              if (ec) return self->fail("cannot resolve " + self->host_->host + ": " + ec.message());
                              self->connect(results);
                            });
  }

  void connect(const tcp::resolver::results_type& results) {
    lowest().expires_at(connect_deadline());
    lowest().async_connect(results, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
      if (ec)
        return self->fail("cannot connect to " + self->host_->host + ":" + self->host_->port + ": " + ec.message());
      self->owner_->opened++;
      if (self->secure_) return self->handshake();
      self->connected_ = true;
      self->write();
    });
  }

  void handshake() {
    SSL* ssl = secure_->native_handle();
    const std::string& name = host_->host;
    const bool ip = is_ip_literal(name);
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    bool ok = true;
    if (ip) {
      ok = X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) == 1;
    } else {
      // SNI is for names only (RFC 6066); the certificate must name the host we dialled.
      ok = SSL_set_tlsext_host_name(ssl, name.c_str()) == 1;
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      ok = ok && X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size()) == 1;
    }
    if (!ok) return fail("cannot set up TLS verification for " + name);
    secure_->async_handshake(ssl::stream_base::client, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail("TLS handshake with " + self->host_->host + " failed: " + ec.message());
      self->connected_ = true;
      self->write();
    });
  }

  void write() {
    const auto& p = *pending_;
    req_.emplace(http::string_to_verb(p.req.method), p.url.target, 11);
    const bool default_port = p.url.port == (p.url.tls ? "443" : "80");
    req_->set(http::field::host, default_port ? p.url.host : p.url.host + ":" + p.url.port);
    req_->set(http::field::user_agent, kUserAgent);
    for (const auto& [k, v] : p.req.headers) req_->set(k, v);
    req_->body() = p.req.body;
    req_->keep_alive(true);
    req_->prepare_payload();
    lowest().expires_at(p.deadline);
    auto on_write = [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->broken(ec, false, "write");
      self->read();
    };
    if (secure_)
      http::async_write(*secure_, *req_, std::move(on_write));
    else
      http::async_write(*plain_, *req_, std::move(on_write));
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxClientResponseBody);
    auto on_read = [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->broken(ec, self->parser_->got_some(), "read");
      self->finish();
    };
    if (secure_)
      http::async_read(*secure_, buffer_, *parser_, std::move(on_read));
    else
      http::async_read(*plain_, buffer_, *parser_, std::move(on_read));
  }

  void finish() {
    auto res = parser_->release();
    lowest().expires_never();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[http::field::content_type]);
    out.body = std::move(res.body());
    const bool keep = res.keep_alive() && !res.need_eof();
    auto p = std::move(pending_);
    req_.reset();
    if (!keep) close();
    owner_->release(shared_from_this(), keep);
    p->done(std::move(out));
  }

  // The connection failed mid-request. A reused keep-alive connection the server had
  // already closed fails before any answer byte: the request is resent once on a fresh
  // connection (the server never saw it). Anything else is the caller's error to see.
  void broken(beast::error_code ec, bool got_answer_bytes, const char* phase) {
    const bool stale = reused_ && !got_answer_bytes && ec != beast::error::timeout && !pending_->retried;
    auto p = std::move(pending_);
    close();
    owner_->lost(host_);
    if (stale) {
      p->retried = true;
      owner_->retried_stale++;
      owner_->submit(std::move(p));
      return;
    }
    std::string why = ec == beast::error::timeout ? std::string("request timed out")
                                                  : std::string(phase) + " failed: " + ec.message();
    p->done(failure(why + " (" + host_->host + ")"));
  }

  // Failed before the request was written (resolve, connect, handshake).
  void fail(std::string why) {
    auto p = std::move(pending_);
    close();
    owner_->lost(host_);
    p->done(failure(std::move(why)));
  }

  void close() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
    connected_ = false;
  }

  std::shared_ptr<HttpsClient::Impl> owner_;
  std::shared_ptr<Host> host_;
  net::strand<net::io_context::executor_type> strand_;
  tcp::resolver resolver_;
  net::steady_timer resolve_timer_;
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure_;
  beast::flat_buffer buffer_;
  std::optional<http::request<http::string_body>> req_;
  std::optional<http::response_parser<http::string_body>> parser_;
  std::shared_ptr<Pending> pending_;
  bool connected_ = false;
  bool reused_ = false;  // this request runs on a connection that served an earlier one
  Steady::time_point idle_since_{};
};

}  // namespace

void HttpsClient::Impl::submit(std::shared_ptr<Pending> p) {
  std::shared_ptr<Conn> conn;
  std::vector<std::shared_ptr<Conn>> dropped;  // destroyed outside the lock
  {
    std::lock_guard<std::mutex> lock(mu);
    std::string key = (p->url.tls ? "https://" : "http://") + p->url.host + ":" + p->url.port;
    auto& h = hosts[key];
    if (!h) {
      h = std::make_shared<Host>();
      h->host = p->url.host;
      h->port = p->url.port;
      h->tls = p->url.tls;
    }
    const auto now = Steady::now();
    while (!conn && !h->idle.empty()) {
      auto c = std::move(h->idle.back());
      h->idle.pop_back();
      if (now - c->idle_since() > kMaxIdleReuse) {
        --h->open;
        dropped.push_back(std::move(c));
      } else {
        conn = std::move(c);
      }
    }
    if (!conn) {
      if (h->open < std::max<std::size_t>(opts.pool_size, 1)) {
        open_connection(h, std::move(p));
      } else {
        h->queue.push_back(std::move(p));
      }
      return;
    }
  }
  conn->begin(std::move(p));
}

void HttpsClient::Impl::open_connection(const std::shared_ptr<Host>& h, std::shared_ptr<Pending> p) {
  ++h->open;
  auto c = std::make_shared<Conn>(shared_from_this(), h);
  c->begin(std::move(p));  // only posts: safe under mu
}

std::shared_ptr<Pending> HttpsClient::Impl::next_queued(Host& h, std::vector<std::shared_ptr<Pending>>& expired) {
  const auto now = Steady::now();
  while (!h.queue.empty()) {
    auto p = std::move(h.queue.front());
    h.queue.pop_front();
    if (now >= p->deadline)
      expired.push_back(std::move(p));
    else
      return p;
  }
  return nullptr;
}

void HttpsClient::Impl::release(const std::shared_ptr<Conn>& c, bool keep) {
  std::vector<std::shared_ptr<Pending>> expired;
  {
    std::lock_guard<std::mutex> lock(mu);
    const auto& h = c->host();
    auto next = next_queued(*h, expired);
    if (next && keep) {
      c->begin(std::move(next));
    } else if (next) {
      --h->open;
      open_connection(h, std::move(next));
    } else if (keep && !closed) {
      c->mark_idle();
      h->idle.push_back(c);
    } else {
      --h->open;
    }
  }
  fail_later(std::move(expired), "timed out waiting for a free connection");
}

void HttpsClient::Impl::lost(const std::shared_ptr<Host>& h) {
  std::vector<std::shared_ptr<Pending>> expired;
  {
    std::lock_guard<std::mutex> lock(mu);
    --h->open;
    if (auto next = next_queued(*h, expired)) open_connection(h, std::move(next));
  }
  fail_later(std::move(expired), "timed out waiting for a free connection");
}

void HttpsClient::Impl::fail_later(std::vector<std::shared_ptr<Pending>> expired, const std::string& why) {
  for (auto& p : expired) net::post(ioc, [p, why] { p->done(failure(why)); });
}

HttpsClient::HttpsClient(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpsClient::~HttpsClient() {
  std::vector<std::shared_ptr<Conn>> idle;  // breaks the Impl → Host → Conn → Impl cycle
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->closed = true;
    for (auto& [key, h] : impl_->hosts) {
      h->open -= h->idle.size();
      for (auto& c : h->idle) idle.push_back(std::move(c));
      h->idle.clear();
    }
  }
}

std::unique_ptr<HttpsClient> HttpsClient::create(net::io_context& ioc, HttpsClientOptions options, std::string* error) {
  auto impl = std::make_shared<Impl>(ioc, std::move(options));
  boost::system::error_code ec;
  impl->tls.set_verify_mode(ssl::verify_peer, ec);
  if (!ec) impl->tls.set_default_verify_paths(ec);
  if (ec) {
    if (error) *error = "cannot load the system trust store: " + ec.message();
    return nullptr;
  }
  if (!impl->opts.ca_file.empty()) {
    impl->tls.load_verify_file(impl->opts.ca_file, ec);
    if (ec) {
      if (error) *error = "cannot load CA file " + impl->opts.ca_file + ": " + ec.message();
      return nullptr;
    }
  }
  // TLS 1.2 is the oldest version Graph and any sane gateway still speak.
  SSL_CTX_set_min_proto_version(impl->tls.native_handle(), TLS1_2_VERSION);
  return std::unique_ptr<HttpsClient>(new HttpsClient(std::move(impl)));
}

void HttpsClient::request(ClientRequest req, std::function<void(ClientResponse)> done) {
  impl_->requests++;
  auto p = std::make_shared<Pending>();
  p->url = parse_url(req.url);
  p->deadline = Steady::now() + impl_->opts.request_timeout;
  p->done = std::move(done);
  if (!p->url.ok) {
    std::string why = "bad URL";  // the URL itself may carry a secret in its query: not echoed
    net::post(impl_->ioc, [p, why] { p->done(failure(why)); });
    return;
  }
  p->req = std::move(req);
  impl_->submit(std::move(p));
}

void HttpsClient::defer(std::function<void()> fn) { net::post(impl_->ioc, std::move(fn)); }

HttpsClient::Stats HttpsClient::stats() const {
  Stats s;
  s.requests = impl_->requests.load();
  s.connections_opened = impl_->opened.load();
  s.reused = impl_->reused.load();
  s.retried_stale = impl_->retried_stale.load();
  return s;
}

}  // namespace aduan::transport
