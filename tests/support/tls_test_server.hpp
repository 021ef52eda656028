// TLS for outbound-client tests: a throw-away CA and a server certificate for
// localhost/127.0.0.1 made with the openssl CLI in a temp dir, and a tiny HTTPS acceptor
// (Beast ssl_stream, keep-alive, one io thread) that hands requests to an HttpHandler
// (e.g. FakeGraphServer::handler()). Tests only: no limits beyond Beast's defaults.
#pragma once
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "tests/support/temp_dir.hpp"
#include "transport/http_types.hpp"

namespace aduan::test {

// Files of one test PKI inside `dir`: <name>-ca.pem/.key, and, from make_server_cert,
// server.pem/server.key signed by it.
struct TestCa {
  std::string dir, name;
  std::string ca_pem() const { return dir + "/" + name + "-ca.pem"; }
  std::string ca_key() const { return dir + "/" + name + "-ca.key"; }
  std::string server_pem() const { return dir + "/" + name + "-server.pem"; }
  std::string server_key() const { return dir + "/" + name + "-server.key"; }
};

inline void run_or_throw(const std::string& cmd) {
  if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0) throw std::runtime_error("command failed: " + cmd);
}

// A CA plus a server certificate naming `san` (EC P-256: fast to make).
inline TestCa make_test_ca(const TempDir& dir, const std::string& name,
                           const std::string& san = "DNS:localhost,IP:127.0.0.1") {
  TestCa ca{dir.path(), name};
  const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  run_or_throw("openssl req -x509 " + key + " -days 2 -subj '/CN=aduan test CA " + name + "' -keyout " + ca.ca_key() +
               " -out " + ca.ca_pem() + " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign");
  const std::string csr = dir.file(name + "-server.csr"), ext = dir.file(name + "-ext.cnf");
  std::ofstream(ext) << "subjectAltName=" << san << "\nbasicConstraints=CA:FALSE\n"
                        "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n";
  run_or_throw("openssl req " + key + " -subj /CN=localhost -keyout " + ca.server_key() + " -out " + csr);
  run_or_throw("openssl x509 -req -days 2 -in " + csr + " -CA " + ca.ca_pem() + " -CAkey " + ca.ca_key() +
               " -CAcreateserial -extfile " + ext + " -out " + ca.server_pem());
  return ca;
}

class TlsTestServer {
 public:
  TlsTestServer(transport::HttpHandler handler, const std::string& cert_pem, const std::string& key_pem)
      : handler_(std::move(handler)), acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    ctx_.use_certificate_chain_file(cert_pem);
    ctx_.use_private_key_file(key_pem, boost::asio::ssl::context::pem);
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TlsTestServer() {
    ioc_.stop();
    thread_.join();
  }
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::size_t handshakes_ok() const { return handshakes_ok_->load(); }
  std::size_t handshakes_failed() const { return handshakes_failed_->load(); }

 private:
  using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  struct Session : std::enable_shared_from_this<Session> {
    Session(boost::asio::ip::tcp::socket s, boost::asio::ssl::context& ctx, const transport::HttpHandler& h,
            std::shared_ptr<std::atomic<std::size_t>> ok, std::shared_ptr<std::atomic<std::size_t>> bad)
        : stream(std::move(s), ctx), handler(h), ok_count(std::move(ok)), bad_count(std::move(bad)) {}
    Stream stream;
    const transport::HttpHandler& handler;
    std::shared_ptr<std::atomic<std::size_t>> ok_count, bad_count;
    boost::beast::flat_buffer buffer;
    std::optional<boost::beast::http::request<boost::beast::http::string_body>> req;

    void start() {
      stream.async_handshake(boost::asio::ssl::stream_base::server, [self = shared_from_this()](auto ec) {
        if (ec) {
          ++*self->bad_count;
          return;
        }
        ++*self->ok_count;
        self->read();
      });
    }
    void read() {
      req.emplace();
      boost::beast::http::async_read(stream, buffer, *req, [self = shared_from_this()](auto ec, std::size_t) {
        if (ec) return;
        self->dispatch();
      });
    }
    void dispatch() {
      transport::HttpRequest r;
      r.method = std::string(req->method_string());
      r.target = std::string(req->target());
      r.path = r.target.substr(0, r.target.find('?'));
      for (auto& f : *req) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[name] = std::string(f.value());
      }
      r.body = req->body();
      auto self = shared_from_this();
      handler(std::move(r), [self](transport::HttpResponse res) {
        boost::asio::post(self->stream.get_executor(), [self, res = std::move(res)] { self->write(res); });
      });
    }
    void write(const transport::HttpResponse& res) {
      auto out = std::make_shared<boost::beast::http::response<boost::beast::http::string_body>>();
      out->version(11);
      out->result(static_cast<unsigned>(res.status));
      out->set(boost::beast::http::field::content_type, res.content_type);
      out->body() = res.body;
      out->keep_alive(true);
      out->prepare_payload();
      boost::beast::http::async_write(stream, *out, [self = shared_from_this(), out](auto ec, std::size_t) {
        if (!ec) self->read();
      });
    }
  };

  void accept() {
    acceptor_.async_accept(boost::asio::make_strand(ioc_), [this](auto ec, boost::asio::ip::tcp::socket s) {
      if (ec) return;
      std::make_shared<Session>(std::move(s), ctx_, handler_, handshakes_ok_, handshakes_failed_)->start();
      accept();
    });
  }

  transport::HttpHandler handler_;
  boost::asio::ssl::context ctx_{boost::asio::ssl::context::tls_server};  // outlives the sessions in ioc_
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<std::atomic<std::size_t>> handshakes_ok_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::shared_ptr<std::atomic<std::size_t>> handshakes_failed_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::thread thread_;
};

}  // namespace aduan::test
