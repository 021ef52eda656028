// base64url (RFC 4648 §5) without padding, as used by the certificate payload.
// Pure functions, any thread, no exceptions. Decoding is strict: only the url-safe alphabet,
// no padding, no whitespace, and unused trailing bits must be zero, so every byte string has
// exactly one accepted text form (a changed character can never decode to the same bytes).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace aduan::certs {

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace aduan::certs
