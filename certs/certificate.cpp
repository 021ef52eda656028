#include "certs/certificate.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "certs/base64url.hpp"

namespace aduan::certs {
namespace {

using nlohmann::json;

constexpr std::string_view kVersionFamily = "ADUAN";  // "ADUAN<n>." with n != 1 → unknown version
constexpr std::size_t kMaxPublicKeyPemBytes = 16 * 1024;
constexpr int kMaxDose = 99;

// One-letter keys keep the QR small; they are part of the v1 format (docs/certificates.md).
struct StringField {
  const char* key;
  std::string CertificateData::*member;
};
constexpr StringField kStringFields[] = {
    {"n", &CertificateData::number},   {"c", &CertificateData::citizen_id},
    {"k", &CertificateData::nik_masked}, {"m", &CertificateData::name},
    {"b", &CertificateData::birth_date}, {"v", &CertificateData::vaccine},
    {"t", &CertificateData::date},     {"f", &CertificateData::facility},
    {"l", &CertificateData::batch},    {"i", &CertificateData::issued_at},
};
constexpr const char* kDoseKey = "d";

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

VerifyResult fail(const char* reason) {
  VerifyResult r;
  r.reason = reason;
  return r;
}

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

PkeyPtr parse_public_key(const std::string& pem) {
  if (pem.empty() || pem.size() > kMaxPublicKeyPemBytes) return nullptr;
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                &BIO_free);
  if (!bio) return nullptr;
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) return nullptr;
  return key;
}

bool verify_signature(EVP_PKEY* key, std::string_view msg, const std::string& sig) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  const bool ok =
      ctx && EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key, nullptr) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) == 1;
  ERR_clear_error();
  return ok;
}

std::optional<CertificateData> data_from_json(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  CertificateData d;
  for (const auto& f : kStringFields) {
    const auto it = j.find(f.key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    d.*f.member = it->get<std::string>();
  }
  const auto dose = j.find(kDoseKey);
  if (dose == j.end() || !dose->is_number_integer()) return std::nullopt;
  const auto value = dose->get<long long>();
  if (value < 0 || value > kMaxDose) return std::nullopt;
  d.dose = static_cast<int>(value);
  return d;
}

}  // namespace

bool operator==(const CertificateData& a, const CertificateData& b) {
  for (const auto& f : kStringFields)
    if (a.*f.member != b.*f.member) return false;
  return a.dose == b.dose;
}

CertificateData certificate_data_for(const CitizenProfile& citizen, const VaccinationDose& dose,
                                     std::string nik_masked, std::string issued_at) {
  CertificateData d;
  d.number = dose.certificate_number;
  d.citizen_id = citizen.id.str();
  d.nik_masked = std::move(nik_masked);
  d.name = citizen.name;
  d.birth_date = citizen.birth_date;
  d.dose = dose.dose;
  d.vaccine = dose.vaccine;
  d.date = dose.date;
  d.facility = dose.facility;
  d.batch = dose.batch;
  d.issued_at = std::move(issued_at);
  return d;
}

std::string make_payload(const CertificateData& data, const SigningKey& key) {
  json j = json::object();
  for (const auto& f : kStringFields) j[f.key] = data.*f.member;
  j[kDoseKey] = data.dose;
  const std::string body = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string signed_part(kPayloadPrefix);
  signed_part += base64url_encode(body);
  const std::string sig = key.sign(signed_part);
  if (sig.empty()) return {};
  return signed_part + "." + base64url_encode(sig);
}

VerifyResult verify_payload(std::string_view payload, const std::string& public_key_pem) {
  try {
    payload = trim(payload);
    if (payload.size() > kMaxPayloadChars) return fail(kReasonMalformed);
    const auto first_dot = payload.find('.');
    const auto last_dot = payload.rfind('.');
    if (first_dot == std::string_view::npos || first_dot == last_dot) return fail(kReasonMalformed);
    const std::string_view version = payload.substr(0, first_dot + 1);
    if (version != kPayloadPrefix) {
      const bool ours = version.substr(0, kVersionFamily.size()) == kVersionFamily;
      return fail(ours ? kReasonUnknownVersion : kReasonMalformed);
    }
    const std::string_view data_text = payload.substr(first_dot + 1, last_dot - first_dot - 1);
    const auto sig = base64url_decode(payload.substr(last_dot + 1));
    const auto body = base64url_decode(data_text);
    if (!sig || sig->size() != kEd25519SignatureBytes || !body || body->empty()) return fail(kReasonMalformed);

    const PkeyPtr key = parse_public_key(public_key_pem);
    if (!key) return fail(kReasonBadPublicKey);
    // Authenticate before interpreting: unsigned data is never parsed as JSON.
    if (!verify_signature(key.get(), payload.substr(0, last_dot), *sig)) return fail(kReasonBadSignature);

    auto data = data_from_json(*body);
    if (!data) return fail(kReasonMalformed);
    VerifyResult r;
    r.valid = true;
    r.data = std::move(*data);
    return r;
  } catch (...) {
    // Only allocation failure can get here; a verifier must answer, not crash.
    return fail(kReasonMalformed);
  }
}

}  // namespace aduan::certs
