#include "transport/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>
#include <stdexcept>

namespace aduan::transport {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const HttpLimits& limits, const HttpHandler& handler,
          std::shared_ptr<std::atomic<std::size_t>> open)
      : stream_(std::move(socket)), limits_(limits), handler_(handler), open_(std::move(open)) {
    ++*open_;
  }
  ~Session() { --*open_; }

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(true); });
  }

  void reject_busy() {
    auto self = shared_from_this();
    net::dispatch(stream_.get_executor(), [self] {
      HttpResponse r = error_response(503, "too many connections");
      self->keep_alive_ = false;
      self->write(std::move(r));
    });
  }

 private:
  void do_read(bool first) {
    parser_.emplace();
    parser_->body_limit(limits_.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(limits_.header_limit));
    // A new request on a kept-alive connection may wait idle_timeout; once it starts, the
    // whole request must arrive within read_timeout. (One deadline covers both: the larger.)
    stream_.expires_after(first ? limits_.read_timeout : std::max(limits_.idle_timeout, limits_.read_timeout));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::eof) return close();
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      return write(error_response(413, "payload too large"));
    }
    if (ec == http::error::header_limit) {
      keep_alive_ = false;
      return write(error_response(431, "request header fields too large"));
    }
    if (ec == beast::error::timeout) return close();
    if (ec) {
      if (ec.category() == make_error_code(http::error::bad_target).category()) {
        keep_alive_ = false;
        return write(error_response(400, "malformed HTTP request"));
      }
      return close();
    }
    auto msg = parser_->release();
    keep_alive_ = msg.keep_alive();
    head_ = msg.method() == http::verb::head;
    HttpRequest req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    auto q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = parse_query(req.target.substr(q + 1));
    for (auto& f : msg) {
      std::string name(f.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      req.headers[name] = std::string(f.value());
    }
    req.body = std::move(msg.body());
    beast::error_code ignored;
    auto ep = stream_.socket().remote_endpoint(ignored);
    if (!ignored) req.remote = ep.address().to_string();
    stream_.expires_never();  // the handler owns the time now (storage has its own limits)
    auto self = shared_from_this();
    auto executor = stream_.get_executor();
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Responder respond = [self, executor, answered](HttpResponse res) {
      if (answered->exchange(true)) return;
      net::post(executor, [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    };
    try {
      handler_(std::move(req), std::move(respond));
    } catch (const std::exception&) {
      if (!answered->exchange(true)) write(error_response(500, "internal error"));
    }
  }

  void write(HttpResponse res) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(res.status));
    out->set(http::field::server, "aduan");
    out->set(http::field::content_type, res.content_type);
    for (auto& [k, v] : res.headers) out->set(k, v);
    out->body() = std::move(res.body);
    out->keep_alive(keep_alive_);
    out->prepare_payload();
    // HEAD: the GET's headers (Content-Length included) and no body, or a keep-alive client
    // would read the body as the next response.
    if (head_) out->body().clear();
    stream_.expires_after(limits_.read_timeout);
    http::async_write(stream_, *out, [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->close();
      self->do_read(false);
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpLimits& limits_;
  const HttpHandler& handler_;
  std::shared_ptr<std::atomic<std::size_t>> open_;
  bool keep_alive_ = true;
  bool head_ = false;  // the request being answered is a HEAD
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(net::io_context& ioc, HttpLimits l, HttpHandler h, std::string n)
      : ioc(ioc), acceptor(net::make_strand(ioc)), limits(l), handler(std::move(h)), name(std::move(n)),
        open(std::make_shared<std::atomic<std::size_t>>(0)) {}
  net::io_context& ioc;
  tcp::acceptor acceptor;
  HttpLimits limits;
  HttpHandler handler;
  std::string name;
  std::shared_ptr<std::atomic<std::size_t>> open;
  std::atomic<bool> stopped{false};

  void do_accept() {
    acceptor.async_accept(net::make_strand(ioc), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (self->stopped) return;
      if (!ec) {
        auto session = std::make_shared<Session>(std::move(s), self->limits, self->handler, self->open);
        if (self->open->load() > self->limits.max_connections)
          session->reject_busy();
        else
          session->run();
      } else if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space) {
        // Out of file descriptors: back off briefly instead of spinning.
        auto t = std::make_shared<net::steady_timer>(self->ioc, std::chrono::milliseconds(50));
        t->async_wait([self, t](beast::error_code) { self->do_accept(); });
        return;
      }
      if (ec == net::error::operation_aborted) return;
      self->do_accept();
    });
  }
};

HttpServer::HttpServer(net::io_context& ioc, const std::string& host, unsigned short port, HttpLimits limits,
                       HttpHandler handler, std::string name)
    : impl_(std::make_shared<Impl>(ioc, limits, std::move(handler), std::move(name))) {
  beast::error_code ec;
  auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) throw std::runtime_error(impl_->name + ": bad listen address " + host);
  tcp::endpoint ep(address, port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error(impl_->name + ": cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  net::dispatch(impl_->acceptor.get_executor(), [impl = impl_] { impl->do_accept(); });
}

void HttpServer::stop() {
  if (impl_->stopped.exchange(true)) return;
  net::dispatch(impl_->acceptor.get_executor(), [impl = impl_] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
}

unsigned short HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }
std::size_t HttpServer::open_connections() const { return impl_->open->load(); }

}  // namespace aduan::transport
