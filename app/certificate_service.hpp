// Renders a citizen's CURRENT certificate for one dose as a signed PDF, from storage
// (fresh read transaction) and the Ed25519 key. Thread-safe; used by the senders (any
// thread) and the CLI. Returns nullopt when the citizen, dose or certificate is missing.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "certs/signing_key.hpp"
#include "transport/sandbox_channel.hpp"

namespace aduan::storage {
class Env;
}

namespace aduan::app {

class CertificateService {
 public:
  CertificateService(std::shared_ptr<storage::Env> env, std::shared_ptr<const certs::SigningKey> key)
      : env_(std::move(env)), key_(std::move(key)) {}
  // ref: "CITIZEN-ID:DOSE".
  std::optional<transport::RenderedDocument> render(const std::string& ref) const;

 private:
  std::shared_ptr<storage::Env> env_;
  std::shared_ptr<const certs::SigningKey> key_;
};

}  // namespace aduan::app
