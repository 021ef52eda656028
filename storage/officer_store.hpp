// Officers and their bearer tokens. Only SHA-256 hex of a token is stored; the token itself
// is returned once by add_officer() and never again.
// Layout: officers (name → {token_hash, created_at, revoked}).
// Contract: writers inside a write txn; officer_for_token() on any txn, compares hashes in
// constant time and ignores revoked officers. Errors: StorageError propagates.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr std::size_t kOfficerNameMax = 64;
constexpr std::size_t kOfficerTokenBytes = 32;

struct OfficerInfo {
  std::string name;
  TimeMs created_at = 0;
  bool revoked = false;
};

struct AddOfficerResult {
  std::optional<std::string> token;  // set on success
  std::string error;                 // "name already exists", "invalid name: ..."
};

// Names: 1–64 chars of [A-Za-z0-9._-] (they appear in audit rows as officer:NAME).
bool valid_officer_name(const std::string& name);

// Adds an officer (a revoked name may be re-added: it gets a fresh token).
AddOfficerResult add_officer(Txn& w, const std::string& name, TimeMs now);
std::vector<OfficerInfo> list_officers(const Txn& r);
// false when no such officer exists.
bool revoke_officer(Txn& w, const std::string& name);
// The active officer holding this token, if any.
std::optional<std::string> officer_for_token(const Txn& r, const std::string& token);

}  // namespace aduan::storage
