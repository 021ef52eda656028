#include "app/scenario/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "transport/http_client.hpp"

extern char** environ;

namespace aduan::app {

namespace {

constexpr auto kPoll = std::chrono::milliseconds(50);
// Below this the ports are system services' and root's.
constexpr int kLowestPickedPort = 10000;
constexpr int kPortPickTries = 64;
constexpr const char* kAddressInUse = "Address already in use";

// Everything exec needs, built before fork(): the child of a multi-threaded process may
// only make async-signal-safe calls, so no setenv or allocation after the fork.
struct ExecPlan {
  std::vector<std::string> strings;  // argv then envp storage
  std::vector<char*> argv, envp;
  std::string binary, log;
};

ExecPlan plan_exec(const std::string& binary, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, const std::string& log) {
  ExecPlan p;
  p.binary = binary;
  p.log = log;
  std::map<std::string, std::string> merged;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : env) merged[k] = v;
  p.strings.reserve(1 + args.size() + merged.size());
  p.strings.push_back(binary);
  for (const auto& a : args) p.strings.push_back(a);
  const std::size_t nargs = p.strings.size();
  for (const auto& [k, v] : merged) p.strings.push_back(k + "=" + v);
  for (std::size_t i = 0; i < p.strings.size(); ++i)
    (i < nargs ? p.argv : p.envp).push_back(const_cast<char*>(p.strings[i].c_str()));
  p.argv.push_back(nullptr);
  p.envp.push_back(nullptr);
  return p;
}

// In the child after fork(): output to the log, stdin from /dev/null, exec. Never returns.
[[noreturn]] void exec_child(const ExecPlan& p) {
  int fd = ::open(p.log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd >= 0) {
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close(fd);
  }
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, 0);
  ::execve(p.binary.c_str(), p.argv.data(), p.envp.data());
  ::_exit(127);
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

bool loopback_port_free(unsigned short port) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc);
  boost::system::error_code ec;
  const boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(boost::asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  return !ec;
}

unsigned short kernel_picked_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

}  // namespace

std::pair<int, int> ephemeral_port_range() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 32768, high = 60999;
  in >> low >> high;
  return {low, high};
}

std::streamoff file_size_or_zero(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::streamoff>(n);
}

bool port_taken_since(const std::string& log_path, std::streamoff offset) {
  std::ifstream in(log_path, std::ios::binary);
  in.seekg(offset);
  const std::string tail{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return tail.find(kAddressInUse) != std::string::npos;
}

// Picked below the ephemeral range: between this pick and the child's bind, a
// neighbour's bind(port 0) or outgoing connection cannot be handed the same port (that
// race once failed a CI run). Two pickers choosing the same port at once remain
// possible, which is why ServerProcess::start also retries on "Address already in use".
unsigned short free_loopback_port() {
  static std::mutex mu;
  static std::mt19937 rng(std::random_device{}());
  const int top = ephemeral_port_range().first - 1;
  if (top - kLowestPickedPort >= 1000) {
    for (int i = 0; i < kPortPickTries; ++i) {
      int candidate;
      {
        std::lock_guard<std::mutex> lock(mu);
        candidate = std::uniform_int_distribution<int>(kLowestPickedPort, top)(rng);
      }
      if (loopback_port_free(static_cast<unsigned short>(candidate))) return static_cast<unsigned short>(candidate);
    }
  }
  return kernel_picked_port();
}

int run_child(const std::string& binary, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env, const std::string& log_path) {
  const ExecPlan plan = plan_exec(binary, args, env, log_path);
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) exec_child(plan);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return exit_code_of(status);
}

ServerProcess::ServerProcess(ServerSpec spec) : spec_(std::move(spec)) {
  pick_ports();
  log_ = spec_.data_dir + ".log";
}

void ServerProcess::pick_ports() {
  port_ = free_loopback_port();
  admin_port_ = free_loopback_port();
  while (admin_port_ == port_) admin_port_ = free_loopback_port();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop(SIGKILL);
}

std::string ServerProcess::webhook_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string ServerProcess::admin_url() const { return "http://127.0.0.1:" + std::to_string(admin_port_); }

bool ServerProcess::start(std::string* error) {
  for (int attempt = 1;; ++attempt) {
    const std::streamoff log_start = file_size_or_zero(log_);
    if (start_once(error)) return true;
    if (attempt >= kPortRetries || !port_taken_since(log_, log_start)) return false;
    pick_ports();  // someone else holds a port: the next attempt uses new ones
  }
}

bool ServerProcess::start_once(std::string* error) {
  auto env = spec_.env;
  env["ADUAN_DATA_DIR"] = spec_.data_dir;
  env["ADUAN_LISTEN"] = "127.0.0.1:" + std::to_string(port_);
  env["ADUAN_ADMIN_LISTEN"] = "127.0.0.1:" + std::to_string(admin_port_);
  const ExecPlan plan = plan_exec(spec_.binary, {"serve"}, env, log_);
  pid_ = ::fork();
  if (pid_ < 0) {
    *error = "fork failed";
    return false;
  }
  if (pid_ == 0) exec_child(plan);
  const auto deadline = std::chrono::steady_clock::now() + kServerStartLimit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (transport::http_request("GET", webhook_url() + "/readyz", {}, {}, std::chrono::seconds(2)).status == 200)
      return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      *error = "the server exited during start-up (code " + std::to_string(exit_code_of(status)) + "):\n" + log_tail(15);
      return false;
    }
    std::this_thread::sleep_for(kPoll);
  }
  *error = "the server was not ready within " + std::to_string(kServerStartLimit.count()) + " s:\n" + log_tail(15);
  stop(SIGKILL);
  return false;
}

int ServerProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + kServerStopLimit;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return exit_code_of(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return exit_code_of(status);
}

std::string ServerProcess::log_tail(std::size_t lines) const {
  std::ifstream in(log_);
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const auto& l : tail) out += "    | " + l + "\n";
  return out;
}

}  // namespace aduan::app
