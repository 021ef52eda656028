// A minimal MessagePack writer for the hot write paths (bulk import): it produces exactly what
// storage::encode(nlohmann::json) would store — the codec version byte, then MessagePack — without
// building a JSON tree first, so decode() reads it back as usual. Header-only; values only.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/codec.hpp"

namespace aduan::storage {

class MsgpackWriter {
 public:
  MsgpackWriter() { out_.push_back(static_cast<char>(kCodecVersion)); }
  explicit MsgpackWriter(std::size_t reserve) : MsgpackWriter() { out_.reserve(reserve); }

  void map(std::size_t n) { header(n, 0x80, 15, 0xde, 0xdf); }
  void array(std::size_t n) { header(n, 0x90, 15, 0xdc, 0xdd); }
  void str(std::string_view s) {
    const std::size_t n = s.size();
    if (n <= 31) {
      byte(0xa0 | n);
    } else if (n <= 0xff) {
      byte(0xd9);
      byte(n);
    } else if (n <= 0xffff) {
      byte(0xda);
      be(n, 2);
    } else {
      byte(0xdb);
      be(n, 4);
    }
    out_.append(s.data(), n);
  }
  void boolean(bool b) { byte(b ? 0xc3 : 0xc2); }
  void uint(std::uint64_t v) {
    if (v <= 0x7f) {
      byte(v);
    } else if (v <= 0xff) {
      byte(0xcc);
      byte(v);
    } else if (v <= 0xffff) {
      byte(0xcd);
      be(v, 2);
    } else if (v <= 0xffffffffu) {
      byte(0xce);
      be(v, 4);
    } else {
      byte(0xcf);
      be(v, 8);
    }
  }
  void integer(std::int64_t v) {
    if (v >= 0) return uint(static_cast<std::uint64_t>(v));
    if (v >= -32) return byte(static_cast<std::uint8_t>(v));
    byte(0xd3);
    be(static_cast<std::uint64_t>(v), 8);
  }
  // A key/value pair of a map whose size was announced with map().
  void kv(std::string_view k, std::string_view v) {
    str(k);
    str(v);
  }

  std::string take() { return std::move(out_); }

 private:
  void byte(std::uint64_t b) { out_.push_back(static_cast<char>(static_cast<std::uint8_t>(b))); }
  void be(std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) byte((v >> (8 * i)) & 0xff);
  }
  void header(std::size_t n, unsigned fix, std::size_t fix_max, unsigned c16, unsigned c32) {
    if (n <= fix_max) {
      byte(fix | n);
    } else if (n <= 0xffff) {
      byte(c16);
      be(n, 2);
    } else {
      byte(c32);
      be(n, 4);
    }
  }
  std::string out_;
};

}  // namespace aduan::storage
