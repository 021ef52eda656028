// Certificate data and its signed compact payload (the text inside the QR code).
//
// Payload v1:  "ADUAN1." + base64url(JSON) + "." + base64url(Ed25519 signature)
//   JSON is compact with one-letter keys (see docs/certificates.md); the signature covers the
//   exact ASCII bytes before the last '.', i.e. "ADUAN1.<data>", so any changed character of
//   the version or data part invalidates it. base64url has no padding.
// Privacy: the payload is readable by anyone who sees the paper, so it carries the MASKED NIK
//   (3174********0002), never the full one, plus name and birth date to match against an ID card.
// Threads: pure functions, any thread. Errors: make_payload returns "" only if signing fails
//   (an empty key); verify_payload never throws and says why in VerifyResult::reason.
#pragma once
#include <string>
#include <string_view>

#include "certs/signing_key.hpp"
#include "core/model.hpp"

namespace aduan::certs {

struct CertificateData {
  std::string number;      // certificate number chosen by storage, e.g. "CRT-…"
  std::string citizen_id;  // immutable internal citizen id
  std::string nik_masked;  // e.g. "3174********0002"
  std::string name;        // UTF-8
  std::string birth_date;  // YYYY-MM-DD
  int dose = 0;
  std::string vaccine;
  std::string date;        // vaccination date, YYYY-MM-DD
  std::string facility;
  std::string batch;
  std::string issued_at;   // RFC 3339 UTC, e.g. 2024-01-05T10:00:00Z
  friend bool operator==(const CertificateData& a, const CertificateData& b);
  friend bool operator!=(const CertificateData& a, const CertificateData& b) { return !(a == b); }
};

// The certificate of one dose of a citizen. The NIK is passed in already masked (core/mask) so
// the masking rule stays in one place; the number is the dose's current certificate_number.
CertificateData certificate_data_for(const CitizenProfile& citizen, const VaccinationDose& dose,
                                     std::string nik_masked, std::string issued_at);

inline constexpr std::string_view kPayloadPrefix = "ADUAN1.";
// Generous bound: a real v1 payload is ~400–500 characters; longer input is refused unparsed.
inline constexpr std::size_t kMaxPayloadChars = 4096;

// VerifyResult::reason values.
inline constexpr const char* kReasonMalformed = "malformed";
inline constexpr const char* kReasonUnknownVersion = "unknown version";
inline constexpr const char* kReasonBadSignature = "bad signature";
inline constexpr const char* kReasonBadPublicKey = "bad public key";

// Invalid UTF-8 in a text field is replaced by U+FFFD in the payload (never an error).
std::string make_payload(const CertificateData& data, const SigningKey& key);

struct VerifyResult {
  bool valid = false;
  std::string reason;    // "" when valid, else one of the kReason* values
  CertificateData data;  // filled only when valid
};

// Leading/trailing ASCII whitespace is ignored (scanners and shells add newlines).
VerifyResult verify_payload(std::string_view payload, const std::string& public_key_pem);

}  // namespace aduan::certs
