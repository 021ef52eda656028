// Helpers shared by the certs tests: a temporary directory, whole-file I/O, running an external
// tool with its output captured, and sample certificate data (synthetic, no real person).
#pragma once
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "certs/certificate.hpp"

namespace aduan::certs::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "aduan-certs-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout only
};

// Runs a shell command (arguments must already be quoted by the caller) and captures stdout.
inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline bool tool_available(const std::string& tool) {
  return run_command("command -v " + tool + " >/dev/null 2>&1 && echo yes").output == "yes\n";
}

// A typical certificate.
inline CertificateData sample_data() {
  CertificateData d;
  d.number = "CRT-7Q4M2K9X8P";
  d.citizen_id = "C000000012345";
  d.nik_masked = "3174********0002";
  d.name = "Siti Rahayu";
  d.birth_date = "1990-08-17";
  d.dose = 2;
  d.vaccine = "Sinovac";
  d.date = "2021-07-30";
  d.facility = "Puskesmas Tebet";
  d.batch = "SN2107A";
  d.issued_at = "2024-01-05T10:00:00Z";
  return d;
}

// A long but realistic one: the payload (and so the QR) must still be comfortably scannable.
inline CertificateData long_sample_data() {
  CertificateData d = sample_data();
  d.number = "CRT-20240105-7Q4M2K9X8PZ3";
  d.name = "Raden Ayu Siti Nurhaliza Kusumawardhani Prameswari Wijayakusuma";
  d.dose = 4;
  d.vaccine = "Pfizer-BioNTech Comirnaty Bivalent";
  d.facility = "Rumah Sakit Umum Daerah Kabupaten Tangerang Selatan Pos Vaksinasi Gedung B";
  d.batch = "FN2107A-EX99123";
  return d;
}

}  // namespace aduan::certs::test
