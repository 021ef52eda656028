// Certificate numbers: which certificate belongs to which (citizen, dose), and whether it is
// still the current one. A corrected profile re-issues certificates: the new number becomes
// current and the old one is kept as superseded_by the new (verify-cert reports it).
// Layout: certs (number → {citizen, dose, status, superseded_by, issued_at}).
// Contract: writers inside a write txn (the one that changes the citizen); readers on any txn.
// Errors: StorageError propagates.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/types.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr const char* kCertPrefix = "CRT-";
constexpr const char* kCertCurrent = "current";
constexpr const char* kCertSuperseded = "superseded";
// A certificate withdrawn without a successor (the registry removed the dose or its certificate).
constexpr const char* kCertRevoked = "revoked";

struct CertificateRecord {
  std::string number;
  std::string citizen;
  int dose = 0;
  std::string status;         // current | superseded | revoked
  std::string superseded_by;  // set when superseded
  TimeMs issued_at = 0;
};

// "CRT-0000000042" for sequence 42 (zero-padded so numbers sort and look uniform).
std::string format_certificate_number(std::uint64_t seq);

// Records a new current certificate under a number from IdAllocator.
void issue_certificate(Txn& w, const std::string& number, const std::string& citizen_id, int dose,
                       TimeMs now);
// Records new_number as current and old_number as superseded by it.
void reissue_certificate(Txn& w, const std::string& old_number, const std::string& new_number,
                         const std::string& citizen_id, int dose, TimeMs now);
// Marks a certificate withdrawn (no successor). No-op for an unknown number.
void revoke_certificate(Txn& w, const std::string& number);

std::optional<CertificateRecord> certificate_by_number(const Txn& r, const std::string& number);

}  // namespace aduan::storage
