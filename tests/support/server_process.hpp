// Runs the real `aduan serve` binary as a child process on free loopback ports with its
// own data dir, for black-box tests. The binary's path comes from $ADUAN_BIN (set by CTest).
// Ports come from app::free_loopback_port (below the ephemeral range); a child that still
// finds one taken is started again on new ports by wait_ready, so read url() after it.
#pragma once
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "app/scenario/server_process.hpp"
#include "transport/http_client.hpp"

namespace aduan::test {

inline unsigned short free_port() { return app::free_loopback_port(); }

inline std::string aduan_bin() {
  const char* b = std::getenv("ADUAN_BIN");
  return b ? b : "aduan";
}

class ServerProcess {
 public:
  ServerProcess(std::string data_dir, std::map<std::string, std::string> env = {})
      : data_dir_(std::move(data_dir)), env_(std::move(env)) {
    pick_ports();
    if (!env_.count("ADUAN_ADMIN_TOKEN")) env_["ADUAN_ADMIN_TOKEN"] = "test-ops-token-0123456789";
  }
  ~ServerProcess() { kill(SIGKILL); }

  void start() {
    log_start_ = app::file_size_or_zero(log_path());
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setenv("ADUAN_DATA_DIR", data_dir_.c_str(), 1);
      ::setenv("ADUAN_LISTEN", ("127.0.0.1:" + std::to_string(port_)).c_str(), 1);
      ::setenv("ADUAN_ADMIN_LISTEN", ("127.0.0.1:" + std::to_string(admin_port_)).c_str(), 1);
      for (auto& [k, v] : env_) ::setenv(k.c_str(), v.c_str(), 1);
      FILE* f = std::fopen(log_path().c_str(), "a");
      if (f) {
        ::dup2(fileno(f), 1);
        ::dup2(fileno(f), 2);
      }
      std::string bin = aduan_bin();
      ::execl(bin.c_str(), bin.c_str(), "serve", static_cast<char*>(nullptr));
      std::_Exit(127);
    }
  }

  // Waits for /readyz (or /healthz when ready is false).
  bool wait_ready(bool ready = true, std::chrono::seconds limit = std::chrono::seconds(60)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = transport::http_request("GET", url(ready ? "/readyz" : "/healthz"), {}, {}, std::chrono::seconds(2));
      if (r.status == 200) return true;
      int status = 0;
      if (pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        if (++port_retries_ >= app::kPortRetries || !app::port_taken_since(log_path(), log_start_)) return false;
        pick_ports();
        start();
        continue;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void kill(int sig) {
    if (pid_ <= 0) return;
    ::kill(pid_, sig);
    if (sig == SIGKILL) wait_exit();
  }
  // Waits for the child to exit; returns its exit code (or 128+signal).
  int wait_exit(std::chrono::seconds limit = std::chrono::seconds(60)) {
    if (pid_ <= 0) return last_exit_;
    auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        last_exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return last_exit_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return last_exit_ = -1;
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::string admin_url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(admin_port_) + path;
  }
  std::string token() const { return env_.at("ADUAN_ADMIN_TOKEN"); }
  transport::HttpResult admin(const std::string& method, const std::string& path, const std::string& body = "") const {
    return transport::http_request(method, admin_url(path), {{"Authorization", "Bearer " + token()}}, body);
  }
  const std::string& data_dir() const { return data_dir_; }

 private:
  std::string log_path() const { return data_dir_ + ".log"; }
  void pick_ports() {
    port_ = free_port();
    admin_port_ = free_port();
    while (admin_port_ == port_) admin_port_ = free_port();
  }

  std::string data_dir_;
  std::map<std::string, std::string> env_;
  unsigned short port_ = 0, admin_port_ = 0;
  pid_t pid_ = -1;
  int last_exit_ = 0;
  std::streamoff log_start_ = 0;
  int port_retries_ = 0;
};

}  // namespace aduan::test
