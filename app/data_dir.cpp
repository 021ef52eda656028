#include "app/data_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace aduan::app {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool write_file_0600(const std::string& path, const std::string& content, std::string* error) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    if (error) *error = "cannot create " + tmp + ": " + std::strerror(errno);
    return false;
  }
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    if (error) *error = "cannot write " + path + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

std::optional<std::string> read_or_create_secret(const std::string& dir, const std::string& name,
                                                 const std::string& fresh, std::string* error) {
  std::string path = dir + "/" + name;
  if (auto existing = read_file(path)) {
    std::string s = *existing;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    if (!s.empty()) return s;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!write_file_0600(path, fresh + "\n", error)) return std::nullopt;
  return fresh;
}

bool data_dir_is_new(const std::string& dir) {
  return !std::filesystem::exists(std::filesystem::path(dir) / "data.mdb");
}

bool lock_data_dir_for_serve(const std::string& dir, std::string* error) {
  const std::string path = dir + "/serve.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    ::close(fd);
    *error = e == EWOULDBLOCK ? "another aduan serve is running on " + dir + " (it holds " + path + ")"
                              : "cannot lock " + path + ": " + std::strerror(e);
    return false;
  }
  return true;  // the descriptor stays open: the kernel releases the lock when the process ends
}

}  // namespace aduan::app
