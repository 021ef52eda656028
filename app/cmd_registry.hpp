// Bodies of the registry-side subcommands (CONTRACTS.md "Commands"): import, export-corrections,
// demo-registry, verify-cert, officer add/list/revoke. Plain functions so tests can run them;
// app/cli_registry.cpp wires them into CLI11.
// Contract: each returns the process exit code — 0 ok; 1 a failure the user can act on (a bad
// line, a missing data dir, an invalid or superseded certificate); 2 wrong usage. Results go to
// `out`, diagnostics to `err`; nothing throws. They open the LMDB environment of cfg.data_dir
// themselves (a separate process from a running server: LMDB's own locks make that safe).
// Privacy: output masks NIKs; `officer add` prints only the bare token on `out`.
#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "core/config.hpp"

namespace aduan::app {

constexpr int kRegistryExitOk = 0;
constexpr int kRegistryExitFailure = 1;
constexpr int kRegistryExitUsage = 2;

// file: a JSONL path, or "-" for standard input. Rejected lines and kept fields go to err as
// "line N: reason", a progress line to err every ~100k lines, the summary to out.
// Exit 1 when any line was rejected.
int run_import(const Config& cfg, const std::string& file, std::ostream& out, std::ostream& err);

// since: RFC 3339, or empty for every correction. A malformed time is a usage error (2).
int run_export_corrections(const Config& cfg, const std::string& since, std::ostream& out, std::ostream& err);

// A count above the generator's capacity is a usage error (2).
int run_demo_registry(std::size_t count, std::uint64_t seed, std::ostream& out, std::ostream& err);

// input: a certificate PDF path, a file holding the payload, or the payload itself. The public
// key comes from cfg.data_dir/certificate.pub, else the signing key file (cfg.certificate_key_file
// or cfg.data_dir/certificate.key). With a readable LMDB environment in cfg.data_dir, a
// superseded or revoked certificate is reported and exits 1.
int run_verify_cert(const Config& cfg, const std::string& input, std::ostream& out, std::ostream& err);

int run_officer_add(const Config& cfg, const std::string& name, std::ostream& out, std::ostream& err);
int run_officer_list(const Config& cfg, std::ostream& out, std::ostream& err);
int run_officer_revoke(const Config& cfg, const std::string& name, std::ostream& out, std::ostream& err);

}  // namespace aduan::app
