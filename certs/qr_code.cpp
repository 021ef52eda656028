#include "certs/qr_code.hpp"

#include <qrencode.h>

#include <memory>
#include <mutex>

namespace aduan::certs {
namespace {

constexpr int kAutoVersion = 0;    // let libqrencode pick the smallest version that fits
constexpr unsigned char kDarkBit = 0x01;  // libqrencode: bit 0 of each byte is the colour

std::mutex& qrencode_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

bool QrMatrix::at(int x, int y) const {
  if (x < 0 || y < 0 || x >= size || y >= size) return false;
  return modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)];
}

std::optional<QrMatrix> encode_qr(std::string_view text) {
  if (text.empty() || text.size() > kMaxQrBytes) return std::nullopt;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(nullptr, &QRcode_free);
  {
    std::lock_guard<std::mutex> lock(qrencode_mutex());
    // encodeData: 8-bit mode over exactly these bytes (no NUL termination, no mode guessing).
    code.reset(QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()),
                                 kAutoVersion, QR_ECLEVEL_M));
  }
  if (!code || code->width <= 0) return std::nullopt;
  QrMatrix m;
  m.size = code->width;
  m.version = code->version;
  const std::size_t n = static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size);
  m.modules.resize(n);
  for (std::size_t i = 0; i < n; ++i) m.modules[i] = (code->data[i] & kDarkBit) != 0;
  return m;
}

}  // namespace aduan::certs
