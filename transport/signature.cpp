#include "transport/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <climits>

namespace aduan::transport {

namespace {

using Digest = std::array<unsigned char, kSignatureDigestBytes>;

bool hmac_sha256(std::string_view key, std::string_view data, Digest& out) {
  // HMAC() takes the key length as int; a secret that large is not a secret we issued.
  if (key.size() > static_cast<std::size_t>(INT_MAX)) return false;
  unsigned int len = 0;
  const unsigned char* ok = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                 reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  return ok != nullptr && len == out.size();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool verify_signature(std::string_view header_value, std::string_view raw_body, std::string_view app_secret) {
  if (app_secret.empty()) return false;
  if (header_value.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) return false;
  std::string_view hex = header_value.substr(kSignaturePrefix.size());
  if (hex.size() != 2 * kSignatureDigestBytes) return false;
  // Decoding the attacker's own header in variable time leaks nothing about the secret;
  // only the comparison with our digest must be constant-time.
  Digest claimed{};
  for (std::size_t i = 0; i < claimed.size(); ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    claimed[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  Digest expected{};
  if (!hmac_sha256(app_secret, raw_body, expected)) return false;
  return CRYPTO_memcmp(claimed.data(), expected.data(), expected.size()) == 0;
}

std::string sign_body(std::string_view raw_body, std::string_view app_secret) {
  static constexpr char kDigits[] = "0123456789abcdef";
  Digest d{};
  hmac_sha256(app_secret, raw_body, d);
  std::string out(kSignaturePrefix);
  out.reserve(kSignaturePrefix.size() + 2 * d.size());
  for (unsigned char c : d) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

}  // namespace aduan::transport
