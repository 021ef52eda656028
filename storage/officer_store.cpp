#include "storage/officer_store.hpp"

#include "core/secure_random.hpp"
#include "storage/codec.hpp"

namespace aduan::storage {
namespace {

struct OfficerRow {
  std::string token_hash;
  TimeMs created_at = 0;
  bool revoked = false;
};

OfficerRow read_row(std::string_view bytes) {
  const auto j = decode(bytes);
  return OfficerRow{j.value("token_hash", std::string()), j.value("created_at", TimeMs{0}),
                    j.value("revoked", false)};
}

std::string write_row(const OfficerRow& o) {
  return encode({{"token_hash", o.token_hash}, {"created_at", o.created_at}, {"revoked", o.revoked}});
}

}  // namespace

bool valid_officer_name(const std::string& name) {
  if (name.empty() || name.size() > kOfficerNameMax) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

AddOfficerResult add_officer(Txn& w, const std::string& name, TimeMs now) {
  AddOfficerResult res;
  if (!valid_officer_name(name)) {
    res.error = "invalid name: use 1-64 letters, digits, '.', '_' or '-'";
    return res;
  }
  if (auto existing = w.get(w.dbs().officers, name); existing && !read_row(*existing).revoked) {
    res.error = "officer " + name + " already exists";
    return res;
  }
  std::string token = random_token(kOfficerTokenBytes);
  w.put(w.dbs().officers, name, write_row(OfficerRow{sha256_hex(token), now, false}));
  res.token = std::move(token);
  return res;
}

std::vector<OfficerInfo> list_officers(const Txn& r) {
  std::vector<OfficerInfo> out;
  r.scan(r.dbs().officers, "", [&](std::string_view k, std::string_view v) {
    const OfficerRow row = read_row(v);
    out.push_back(OfficerInfo{std::string(k), row.created_at, row.revoked});
    return true;
  });
  return out;
}

bool revoke_officer(Txn& w, const std::string& name) {
  auto v = w.get(w.dbs().officers, name);
  if (!v) return false;
  OfficerRow row = read_row(*v);
  row.revoked = true;
  w.put(w.dbs().officers, name, write_row(row));
  return true;
}

std::optional<std::string> officer_for_token(const Txn& r, const std::string& token) {
  if (token.empty()) return std::nullopt;
  const std::string hash = sha256_hex(token);
  std::optional<std::string> found;
  // Visit every officer (a handful) so the time taken does not depend on which one matched.
  r.scan(r.dbs().officers, "", [&](std::string_view k, std::string_view v) {
    const OfficerRow row = read_row(v);
    if (constant_time_equal(row.token_hash, hash) && !row.revoked) found = std::string(k);
    return true;
  });
  return found;
}

}  // namespace aduan::storage
