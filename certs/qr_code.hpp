// QR code module matrix for a certificate payload, via libqrencode (byte mode, ECC level M).
//
// Threads: any thread; calls into libqrencode are serialised by an internal mutex because its
// thread safety depends on how the library was built. Errors: std::nullopt when the text is
// empty, longer than a version-40 symbol holds at level M, or libqrencode fails.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace aduan::certs {

// Byte-mode capacity of the largest symbol (version 40) at ECC level M.
inline constexpr std::size_t kMaxQrBytes = 2331;
// Light border the QR specification requires around the symbol, in modules.
inline constexpr int kQrQuietZoneModules = 4;

struct QrMatrix {
  int size = 0;                // modules per side (21 for version 1 … 177 for version 40)
  int version = 0;             // QR version chosen (smallest that fits)
  std::vector<bool> modules;   // row-major, size*size, true = dark
  // Dark module at column x, row y; false outside the symbol (the quiet zone is light).
  bool at(int x, int y) const;
};

std::optional<QrMatrix> encode_qr(std::string_view text);

}  // namespace aduan::certs
