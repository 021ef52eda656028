// The certificate signing key: Ed25519 (OpenSSL 3 EVP_PKEY), held as a move-only RAII value.
//
// Ownership: a SigningKey owns its EVP_PKEY; moved-from keys are empty (valid() == false).
// Threads: a loaded key is immutable; sign() and public_key_pem() may be called from any
// number of threads at once (each call uses its own EVP_MD_CTX).
// Errors: factories return std::nullopt and write a one-line reason to *error (if non-null);
// nothing here throws or prompts on a terminal (encrypted PEM files are refused, not asked for).
//
// Key file policy (load_or_create):
// - missing file → a new key is written as unencrypted PEM PKCS#8, mode 0600, created
//   atomically (temp file + link), so two processes starting at once end with one key;
// - existing file → it must be a regular file not accessible by "other" users (mode & 0007 == 0);
//   such a file is refused with an error naming the mode, because anyone who can read the key
//   can forge certificates. Group access is allowed: secret mounts often grant a service group.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>

// OpenSSL's type, forward-declared so this header does not pull in OpenSSL.
typedef struct evp_pkey_st EVP_PKEY;

namespace aduan::certs {

// Default file name of the key inside the data dir (callers join it with the dir).
inline constexpr const char* kSigningKeyFileName = "certificate-signing.key";
inline constexpr std::size_t kEd25519SignatureBytes = 64;

class SigningKey {
 public:
  static std::optional<SigningKey> load_or_create(const std::string& path, std::string* error);
  static std::optional<SigningKey> load_private_pem(const std::string& pem, std::string* error);
  // A fresh in-memory key (tests, tools); nothing is written.
  static std::optional<SigningKey> generate(std::string* error);

  SigningKey(SigningKey&&) noexcept = default;
  SigningKey& operator=(SigningKey&&) noexcept = default;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey() = default;

  bool valid() const { return key_ != nullptr; }
  // SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"); "" on an empty key.
  std::string public_key_pem() const;
  // Raw 64-byte Ed25519 signature of msg; "" on an empty key or an OpenSSL failure.
  std::string sign(std::string_view msg) const;

 private:
  // Unencrypted PKCS#8 PEM of the private key (only for writing the key file); "" on failure.
  std::string private_key_pem() const;
  struct Free {
    void operator()(EVP_PKEY* k) const;
  };
  explicit SigningKey(EVP_PKEY* key) : key_(key) {}
  std::unique_ptr<EVP_PKEY, Free> key_;
};

// The public key PEM from a file holding either a public key PEM or a private key PEM
// (then its public half is derived). Ed25519 only. No mode check: public keys are public,
// and reading a private key file here exports only its public half.
std::optional<std::string> public_key_pem_from_file(const std::string& path, std::string* error);

}  // namespace aduan::certs
