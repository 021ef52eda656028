#include "certs/signing_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/secure_random.hpp"

namespace aduan::certs {
namespace {

// A PEM Ed25519 key is ~120 bytes; anything far larger is not our key file.
constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;
constexpr mode_t kKeyFileMode = 0600;
constexpr mode_t kForbiddenModeBits = S_IRWXO;
constexpr std::size_t kTempSuffixBytes = 6;

void set_error(std::string* error, std::string text) {
  if (error) *error = std::move(text);
}

std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

// Never let OpenSSL prompt for a passphrase on the terminal: an encrypted key simply fails.
int no_passphrase(char*, int, int, void*) { return 0; }

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

bool is_ed25519(EVP_PKEY* key) { return key && EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519; }

std::string mode_text(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Reads a small file whole; nullopt (with reason) when missing, unreadable or too large.
std::optional<std::string> read_small_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    set_error(error, path + ": cannot open: " + std::strerror(errno));
    return std::nullopt;
  }
  std::string data;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in.gcount()));
    if (data.size() > kMaxKeyFileBytes) {
      OPENSSL_cleanse(data.data(), data.size());
      set_error(error, path + ": too large for a key file");
      return std::nullopt;
    }
  }
  return data;
}

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void fsync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Writes pem to path as a new 0600 file. Returns 0 on success, EEXIST when another writer
// won the race (the caller then loads that file), another errno on failure.
int create_key_file(const std::string& path, const std::string& pem, std::string* error) {
  const std::filesystem::path target(path);
  const std::string tmp = path + ".tmp-" + random_hex(kTempSuffixBytes);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kKeyFileMode);
  if (fd < 0) {
    const int e = errno;
    set_error(error, tmp + ": cannot create: " + std::strerror(e));
    return e;
  }
  const bool ok = ::fchmod(fd, kKeyFileMode) == 0 && write_all(fd, pem) && ::fsync(fd) == 0;
  const int write_errno = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    set_error(error, tmp + ": cannot write: " + std::strerror(write_errno));
    return write_errno ? write_errno : EIO;
  }
  // link() never replaces an existing file, unlike rename(): the first creator wins.
  const int rc = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (rc != 0) {
    if (link_errno != EEXIST) set_error(error, path + ": cannot create: " + std::strerror(link_errno));
    return link_errno;
  }
  fsync_dir(target.parent_path());
  return 0;
}

std::optional<SigningKey> load_existing(const std::string& path, std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    set_error(error, path + ": " + std::strerror(errno));
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    set_error(error, path + ": not a regular file");
    return std::nullopt;
  }
  if (st.st_mode & kForbiddenModeBits) {
    set_error(error, path + ": signing key is accessible by other users (mode " + mode_text(st.st_mode) +
                         "); run chmod 600 on it");
    return std::nullopt;
  }
  auto pem = read_small_file(path, error);
  if (!pem) return std::nullopt;
  std::string reason;
  auto key = SigningKey::load_private_pem(*pem, &reason);
  OPENSSL_cleanse(pem->data(), pem->size());
  if (!key) set_error(error, path + ": " + reason);
  return key;
}

}  // namespace

void SigningKey::Free::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

std::optional<SigningKey> SigningKey::generate(std::string* error) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!key) {
    set_error(error, "cannot generate an Ed25519 key: " + openssl_reason());
    return std::nullopt;
  }
  return SigningKey(key);
}

std::optional<SigningKey> SigningKey::load_private_pem(const std::string& pem, std::string* error) {
  if (pem.size() > kMaxKeyFileBytes) {
    set_error(error, "private key PEM too large");
    return std::nullopt;
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    set_error(error, "out of memory");
    return std::nullopt;
  }
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr);
  if (!key) {
    set_error(error, "not an unencrypted PEM private key: " + openssl_reason());
    return std::nullopt;
  }
  if (!is_ed25519(key)) {
    EVP_PKEY_free(key);
    set_error(error, "the private key is not an Ed25519 key");
    return std::nullopt;
  }
  return SigningKey(key);
}

std::optional<SigningKey> SigningKey::load_or_create(const std::string& path, std::string* error) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return load_existing(path, error);
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);

  auto key = generate(error);
  if (!key) return std::nullopt;
  std::string pem = key->private_key_pem();
  if (pem.empty()) {
    set_error(error, "cannot encode the new key: " + openssl_reason());
    return std::nullopt;
  }
  const int rc = create_key_file(path, pem, error);
  OPENSSL_cleanse(pem.data(), pem.size());
  if (rc == EEXIST) return load_existing(path, error);  // a concurrent start created it first
  if (rc != 0) return std::nullopt;
  return key;
}

std::string SigningKey::public_key_pem() const {
  if (!key_) return {};
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) return {};
  return bio_contents(bio.get());
}

std::string SigningKey::private_key_pem() const {
  if (!key_) return {};
  // Secure-heap BIO: its buffer is wiped when freed.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return {};
  return bio_contents(bio.get());
}

std::string SigningKey::sign(std::string_view msg) const {
  if (!key_) return {};
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx) return {};
  // Ed25519 is "pure": no digest is named and the message is passed whole (one-shot API).
  if (EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key_.get(), nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  std::string sig(kEd25519SignatureBytes, '\0');
  std::size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) != 1 ||
      len != kEd25519SignatureBytes) {
    ERR_clear_error();
    return {};
  }
  return sig;
}

std::optional<std::string> public_key_pem_from_file(const std::string& path, std::string* error) {
  auto pem = read_small_file(path, error);
  if (!pem) return std::nullopt;
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  EVP_PKEY* pub = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
  ERR_clear_error();
  if (pub) {
    const bool ok = is_ed25519(pub);
    BioPtr out(BIO_new(BIO_s_mem()));
    std::string result;
    if (ok && out && PEM_write_bio_PUBKEY(out.get(), pub) == 1) result = bio_contents(out.get());
    EVP_PKEY_free(pub);
    if (!ok) {
      set_error(error, path + ": the public key is not an Ed25519 key");
      return std::nullopt;
    }
    if (result.empty()) {
      set_error(error, path + ": cannot encode the public key");
      return std::nullopt;
    }
    return result;
  }
  std::string reason;
  auto key = SigningKey::load_private_pem(*pem, &reason);
  OPENSSL_cleanse(pem->data(), pem->size());
  if (!key) {
    set_error(error, path + ": neither an Ed25519 public key nor private key PEM (" + reason + ")");
    return std::nullopt;
  }
  return key->public_key_pem();
}

}  // namespace aduan::certs
