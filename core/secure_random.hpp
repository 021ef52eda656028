// CSPRNG helpers over OpenSSL RAND_bytes. Thread-safe. Abort-free: on RNG failure the
// functions throw std::runtime_error (a broken RNG must never yield predictable secrets).
#pragma once
#include <cstddef>
#include <string>

namespace aduan {

std::string random_bytes(std::size_t n);
std::string random_hex(std::size_t n_bytes);        // 2*n lowercase hex chars
std::string random_token(std::size_t n_bytes = 32);  // base64url without padding
std::string to_hex(const std::string& bytes);
std::string sha256_hex(const std::string& data);
std::string hmac_sha256(const std::string& key, const std::string& data);  // raw 32 bytes
bool constant_time_equal(const std::string& a, const std::string& b);

}  // namespace aduan
