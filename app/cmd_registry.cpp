#include "app/cmd_registry.hpp"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "certs/certificate.hpp"
#include "certs/certificate_pdf.hpp"
#include "certs/signing_key.hpp"
#include "core/civil_date.hpp"
#include "core/clock.hpp"
#include "core/demo_registry.hpp"
#include "storage/cert_store.hpp"
#include "storage/corrections_export.hpp"
#include "storage/importer.hpp"
#include "storage/lmdb_env.hpp"
#include "storage/officer_store.hpp"

namespace aduan::app {
namespace {

constexpr const char* kDataFile = "data.mdb";
constexpr const char* kPublicKeyFile = "certificate.pub";
constexpr const char* kSigningKeyFile = "certificate.key";
// The server's stored test-clock instant (app/server.cpp): imports in a test-clock sandbox use
// it so provenance times compare with the changes made under that clock.
constexpr const char* kTestClockKey = "test_clock_ms";
constexpr std::size_t kMaxPayloadFileBytes = certs::kMaxPdfBytesToSearch;

namespace fs = std::filesystem;

bool has_environment(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / kDataFile, ec);
}

std::shared_ptr<storage::Env> open_env(const Config& cfg, bool read_only) {
  storage::EnvOptions o;
  o.dir = cfg.data_dir;
  o.map_size_bytes = cfg.lmdb_map_size_mb << 20;
  o.max_readers = static_cast<unsigned>(cfg.lmdb_max_readers);
  o.read_only = read_only;
  return storage::Env::open(o);
}

// Opens an existing environment read-only; nullptr (and a message) when there is none.
std::shared_ptr<storage::Env> open_existing(const Config& cfg, const char* cmd, std::ostream& err) {
  if (!has_environment(cfg.data_dir)) {
    err << "aduan " << cmd << ": no data in " << cfg.data_dir << "\n";
    return nullptr;
  }
  return open_env(cfg, true);
}

TimeMs import_time(const Config& cfg, storage::Env& env) {
  if (cfg.test_clock()) {
    storage::Txn r(env, false);
    if (auto v = r.get(r.dbs().meta, kTestClockKey)) return static_cast<TimeMs>(storage::u64_from_key(*v));
  }
  return system_now_ms();
}

std::optional<std::string> slurp(const std::string& path, std::size_t limit) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::string data;
  data.resize(limit + 1);
  f.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<std::size_t>(f.gcount()));
  return data;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::optional<std::string> public_key(const Config& cfg, std::string* why) {
  std::vector<std::string> candidates{(fs::path(cfg.data_dir) / kPublicKeyFile).string()};
  candidates.push_back(cfg.certificate_key_file.empty() ? (fs::path(cfg.data_dir) / kSigningKeyFile).string()
                                                        : cfg.certificate_key_file);
  std::string last;
  for (const auto& path : candidates) {
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    std::string error;
    if (auto pem = certs::public_key_pem_from_file(path, &error)) return pem;
    last = path + ": " + error;
  }
  *why = last.empty() ? "no certificate key in " + cfg.data_dir + " (" + kPublicKeyFile + " or " + kSigningKeyFile + ")"
                      : last;
  return std::nullopt;
}

// The payload from a PDF file, a text file holding it, or the argument itself.
std::optional<std::string> payload_of(const std::string& input, std::string* why) {
  std::error_code ec;
  if (input.rfind(certs::kPayloadPrefix.substr(0, 5), 0) != 0 && fs::is_regular_file(input, ec)) {
    auto bytes = slurp(input, kMaxPayloadFileBytes);
    if (!bytes) {
      *why = "cannot read " + input;
      return std::nullopt;
    }
    if (bytes->rfind("%PDF-", 0) == 0) {
      auto p = certs::extract_payload_from_pdf(*bytes);
      if (!p) *why = input + " holds no aduan certificate payload";
      return p;
    }
    return trim(*bytes);
  }
  // Meant as a file (a PDF name or a path) but not one: say so, not "malformed payload".
  const bool names_a_file = input.find('/') != std::string::npos ||
                            (input.size() > 4 && input.compare(input.size() - 4, 4, ".pdf") == 0);
  if (names_a_file && input.rfind(certs::kPayloadPrefix.substr(0, 5), 0) != 0) {
    *why = "cannot read " + input + ": no such file";
    return std::nullopt;
  }
  return input;
}

}  // namespace

int run_import(const Config& cfg, const std::string& file, std::ostream& out, std::ostream& err) {
  std::ifstream f;
  std::istream* in = &std::cin;
  if (file != "-") {
    f.open(file, std::ios::binary);
    if (!f) {
      err << "aduan import: cannot read " << file << "\n";
      return kRegistryExitFailure;
    }
    in = &f;
  }
  try {
    auto env = open_env(cfg, false);
    storage::ImportOptions o;
    o.now = import_time(cfg, *env);
    o.on_message = [&](const std::string& m) { err << m << "\n"; };
    const auto rep = storage::import_registry(*env, *in, o, [&](const storage::ImportProgress& p) {
      err << "import: " << p.lines << " lines read in " << std::fixed << std::setprecision(1) << p.seconds
          << " s\n";
    });
    if (file != "-" && f.bad()) {
      err << "aduan import: read error in " << file << "\n";
      return kRegistryExitFailure;
    }
    out << "added " << rep.added << ", updated " << rep.updated << ", unchanged " << rep.unchanged
        << ", rejected " << rep.rejected << ", conflicts " << rep.conflicts << " (" << rep.lines << " lines in "
        << std::fixed << std::setprecision(2) << rep.seconds << " s, " << std::setprecision(0) << rep.rate()
        << " citizens/s)\n";
    return rep.rejected > 0 ? kRegistryExitFailure : kRegistryExitOk;
  } catch (const std::exception& e) {
    err << "aduan import: " << e.what() << " (lines before the failing batch were committed; "
        << "importing the file again is safe)\n";
    return kRegistryExitFailure;
  }
}

int run_export_corrections(const Config& cfg, const std::string& since, std::ostream& out, std::ostream& err) {
  std::optional<TimeMs> from;
  if (!since.empty()) {
    from = parse_rfc3339(since);
    if (!from) {
      err << "aduan export-corrections: --since must be an RFC 3339 time, e.g. 2026-12-03T09:00:00+07:00\n";
      return kRegistryExitUsage;
    }
  }
  try {
    auto env = open_existing(cfg, "export-corrections", err);
    if (!env) return kRegistryExitFailure;
    storage::export_corrections(*env, from, out);
    out.flush();
    if (!out) {
      err << "aduan export-corrections: write error\n";
      return kRegistryExitFailure;
    }
    return kRegistryExitOk;
  } catch (const std::exception& e) {
    err << "aduan export-corrections: " << e.what() << "\n";
    return kRegistryExitFailure;
  }
}

int run_demo_registry(std::size_t count, std::uint64_t seed, std::ostream& out, std::ostream& err) {
  // The documented personas always come first, whole: a smaller count would silently drop some.
  if (count < demo_persona_line_count() || count > demo_registry_capacity()) {
    err << "aduan demo-registry: --count must be from " << demo_persona_line_count() << " (the demo personas) to "
        << demo_registry_capacity() << "\n";
    return kRegistryExitUsage;
  }
  write_demo_registry(out, count, seed);
  out.flush();
  if (!out) {
    err << "aduan demo-registry: write error\n";
    return kRegistryExitFailure;
  }
  return kRegistryExitOk;
}

int run_verify_cert(const Config& cfg, const std::string& input, std::ostream& out, std::ostream& err) {
  std::string why;
  const auto payload = payload_of(input, &why);
  if (!payload) {
    err << "aduan verify-cert: " << why << "\n";
    return kRegistryExitFailure;
  }
  const auto pem = public_key(cfg, &why);
  if (!pem) {
    err << "aduan verify-cert: " << why << "\n";
    return kRegistryExitFailure;
  }
  const auto v = certs::verify_payload(*payload, *pem);
  if (!v.valid) {
    out << "INVALID certificate: " << v.reason << "\n";
    return kRegistryExitFailure;
  }
  const auto& d = v.data;
  out << "valid signature: certificate " << d.number << "\n"
      << "  name:       " << d.name << "\n"
      << "  NIK:        " << d.nik_masked << "\n"
      << "  birth date: " << d.birth_date << "\n"
      << "  dose " << d.dose << ":     " << d.vaccine << " on " << d.date << " at " << d.facility << "\n"
      << "  issued at:  " << d.issued_at << "\n";
  if (!has_environment(cfg.data_dir)) {
    out << "  status:     not checked (no data in " << cfg.data_dir << ")\n";
    return kRegistryExitOk;
  }
  try {
    auto env = open_env(cfg, true);
    storage::Txn r(*env, false);
    const auto rec = storage::certificate_by_number(r, d.number);
    if (!rec) {
      out << "  status:     unknown to the registry in " << cfg.data_dir << "\n";
      return kRegistryExitOk;
    }
    if (rec->status == storage::kCertSuperseded) {
      out << "SUPERSEDED by " << rec->superseded_by << " (the data was corrected; use the new certificate)\n";
      return kRegistryExitFailure;
    }
    if (rec->status == storage::kCertRevoked) {
      out << "REVOKED (the registry no longer certifies this dose)\n";
      return kRegistryExitFailure;
    }
    out << "  status:     current\n";
    return kRegistryExitOk;
  } catch (const std::exception& e) {
    out << "  status:     not checked (" << e.what() << ")\n";
    return kRegistryExitOk;
  }
}

int run_officer_add(const Config& cfg, const std::string& name, std::ostream& out, std::ostream& err) {
  try {
    auto env = open_env(cfg, false);
    storage::Txn w(*env, true);
    auto res = storage::add_officer(w, name, system_now_ms());
    if (!res.token) {
      err << "aduan officer add: " << res.error << "\n";
      return kRegistryExitFailure;
    }
    w.commit();
    out << *res.token << "\n";
    return kRegistryExitOk;
  } catch (const std::exception& e) {
    err << "aduan officer add: " << e.what() << "\n";
    return kRegistryExitFailure;
  }
}

int run_officer_list(const Config& cfg, std::ostream& out, std::ostream& err) {
  try {
    if (!has_environment(cfg.data_dir)) return kRegistryExitOk;  // no officers yet
    auto env = open_env(cfg, true);
    storage::Txn r(*env, false);
    for (const auto& o : storage::list_officers(r))
      out << o.name << "\t" << format_rfc3339(o.created_at, kWibOffsetMinutes) << "\t"
          << (o.revoked ? "revoked" : "active") << "\n";
    return kRegistryExitOk;
  } catch (const std::exception& e) {
    err << "aduan officer list: " << e.what() << "\n";
    return kRegistryExitFailure;
  }
}

int run_officer_revoke(const Config& cfg, const std::string& name, std::ostream& out, std::ostream& err) {
  try {
    if (!has_environment(cfg.data_dir)) {
      err << "aduan officer revoke: no officer named " << name << "\n";
      return kRegistryExitFailure;
    }
    auto env = open_env(cfg, false);
    storage::Txn w(*env, true);
    if (!storage::revoke_officer(w, name)) {
      err << "aduan officer revoke: no officer named " << name << "\n";
      return kRegistryExitFailure;
    }
    w.commit();
    out << "revoked " << name << "\n";
    return kRegistryExitOk;
  } catch (const std::exception& e) {
    err << "aduan officer revoke: " << e.what() << "\n";
    return kRegistryExitFailure;
  }
}

}  // namespace aduan::app
