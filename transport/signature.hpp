// Meta's webhook signature: X-Hub-Signature-256 is "sha256=" + hex(HMAC-SHA256(app secret,
// raw body)). The HMAC is always over the RAW bytes as received: re-serialised JSON differs
// (\u00e9, \/ ... escapes) and would not verify. Pure functions, thread-safe, never throw.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace aduan::transport {

inline constexpr std::string_view kSignaturePrefix = "sha256=";
inline constexpr std::size_t kSignatureDigestBytes = 32;  // SHA-256

// Constant-time check of the header value against HMAC-SHA256(app_secret, raw_body). The
// prefix must be exactly "sha256="; the hex is case-insensitive and exactly 64 digits. Any
// malformed header, and an empty app secret (a misconfiguration, never "accept all"),
// gives false.
bool verify_signature(std::string_view header_value, std::string_view raw_body, std::string_view app_secret);

// "sha256=<lowercase hex>" for raw_body: what Meta would send (tests, the chat simulator
// and the scenario runner sign their own bodies with it).
std::string sign_body(std::string_view raw_body, std::string_view app_secret);

}  // namespace aduan::transport
