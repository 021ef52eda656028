// Raw HTTP for tests that must see the bytes on the wire (HEAD, pipelining, headers the
// blocking client does not return): writes REQUEST on a fresh loopback connection and reads
// until the server closes it, so the request should ask for Connection: close.
#pragma once
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

namespace aduan::test {

inline std::string raw_exchange(unsigned short port, const std::string& request) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  boost::asio::write(s, boost::asio::buffer(request));
  std::string all;
  boost::system::error_code ec;
  char buf[4096];
  while (!ec) {
    const std::size_t n = s.read_some(boost::asio::buffer(buf), ec);
    all.append(buf, n);
  }
  return all;
}

}  // namespace aduan::test
