#include "certs/signing_key.hpp"

#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <catch2/catch.hpp>
#include <thread>

#include "cert_test_support.hpp"

using namespace aduan::certs;
using aduan::certs::test::TempDir;

namespace {

unsigned file_mode(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return static_cast<unsigned>(st.st_mode & 07777);
}

std::string pem_of_private(EVP_PKEY* key, const EVP_CIPHER* cipher = nullptr, const char* pass = nullptr) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, cipher, nullptr, 0, nullptr, const_cast<char*>(pass));
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

std::string pem_of_public(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

}  // namespace

TEST_CASE("A missing key file is created with mode 0600 and loads back as the same key") {
  TempDir dir;
  const std::string path = dir.file("data/certificate-signing.key");
  std::string error;
  auto created = SigningKey::load_or_create(path, &error);
  REQUIRE(created);
  INFO(error);
  CHECK(file_mode(path) == 0600);
  const std::string contents = aduan::certs::test::read_file(path);
  CHECK(contents.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);  // PKCS#8, unencrypted

  auto loaded = SigningKey::load_or_create(path, &error);
  REQUIRE(loaded);
  CHECK(loaded->public_key_pem() == created->public_key_pem());
  CHECK(loaded->sign("message") == created->sign("message"));  // Ed25519 is deterministic
  // No temporary files are left behind next to the key.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path() / "data"), {}) == 1);
}

TEST_CASE("The public key is exportable as PEM and matches the key file") {
  TempDir dir;
  const std::string path = dir.file("k.key");
  auto key = SigningKey::load_or_create(path, nullptr);
  REQUIRE(key);
  const std::string pub = key->public_key_pem();
  CHECK(pub.rfind("-----BEGIN PUBLIC KEY-----", 0) == 0);
  CHECK(pub.find("PRIVATE") == std::string::npos);

  std::string error;
  CHECK(public_key_pem_from_file(path, &error) == pub);  // derived from the private key file
  aduan::certs::test::write_file(dir.file("k.pub"), pub);
  CHECK(public_key_pem_from_file(dir.file("k.pub"), &error) == pub);
  CHECK_FALSE(public_key_pem_from_file(dir.file("absent.pub"), &error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("A key file readable by other users is refused with a reason naming the fix") {
  TempDir dir;
  const std::string path = dir.file("k.key");
  REQUIRE(SigningKey::load_or_create(path, nullptr));
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  std::string error;
  CHECK_FALSE(SigningKey::load_or_create(path, &error));
  CHECK(error.find("0644") != std::string::npos);
  CHECK(error.find("chmod 600") != std::string::npos);

  // Group access is an operator's deliberate choice (secret mounts) and is accepted.
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  CHECK(SigningKey::load_or_create(path, nullptr));
}

TEST_CASE("Two processes creating the key at the same time end up with one key") {
  TempDir dir;
  const std::string path = dir.file("k.key");
  std::optional<SigningKey> a, b;
  std::thread ta([&] { a = SigningKey::load_or_create(path, nullptr); });
  std::thread tb([&] { b = SigningKey::load_or_create(path, nullptr); });
  ta.join();
  tb.join();
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->public_key_pem() == b->public_key_pem());
}

TEST_CASE("Garbage, non-Ed25519 and encrypted keys are refused without a prompt") {
  std::string error;
  CHECK_FALSE(SigningKey::load_private_pem("", &error));
  CHECK_FALSE(SigningKey::load_private_pem("not a pem", &error));
  CHECK_FALSE(error.empty());

  EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  REQUIRE(ec);
  error.clear();
  CHECK_FALSE(SigningKey::load_private_pem(pem_of_private(ec), &error));
  CHECK(error.find("Ed25519") != std::string::npos);

  TempDir dir;
  aduan::certs::test::write_file(dir.file("ec.pub"), pem_of_public(ec));
  CHECK_FALSE(public_key_pem_from_file(dir.file("ec.pub"), &error));
  EVP_PKEY_free(ec);

  auto ed = SigningKey::generate(nullptr);
  REQUIRE(ed);
  EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  const std::string encrypted = pem_of_private(raw, EVP_aes_256_cbc(), "secret");
  EVP_PKEY_free(raw);
  REQUIRE(encrypted.find("ENCRYPTED") != std::string::npos);
  CHECK_FALSE(SigningKey::load_private_pem(encrypted, &error));

  // A corrupt key file is an error, never silently replaced by a new key.
  aduan::certs::test::write_file(dir.file("bad.key"), "garbage");
  REQUIRE(::chmod(dir.file("bad.key").c_str(), 0600) == 0);
  CHECK_FALSE(SigningKey::load_or_create(dir.file("bad.key"), &error));
  CHECK(aduan::certs::test::read_file(dir.file("bad.key")) == "garbage");
}

TEST_CASE("Signatures are 64 bytes and a moved-from key signs nothing") {
  auto key = SigningKey::generate(nullptr);
  REQUIRE(key);
  CHECK(key->sign("abc").size() == kEd25519SignatureBytes);
  CHECK(key->sign("").size() == kEd25519SignatureBytes);
  CHECK(key->sign("abc") != key->sign("abd"));
  SigningKey moved = std::move(*key);
  CHECK(moved.valid());
  CHECK_FALSE(key->valid());
  CHECK(key->sign("abc").empty());
  CHECK(key->public_key_pem().empty());
}
