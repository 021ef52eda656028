// One `aduan serve` child process for a scenario: the same binary, free loopback ports,
// its own data dir, a fixed ops token, ADUAN_CLOCK=test, and the Graph/SMS URLs of the
// runner's fakes. Output goes to DATA_DIR.log. The same data dir survives a stop and
// start, like an operator restarting the service; the ports too, unless another process
// took one meanwhile (then start() moves to new ones: read the URLs after each start). Blocking; one owner thread. The
// destructor kills a child still running (SIGKILL) and reaps it.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <ios>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace aduan::app {

constexpr auto kServerStartLimit = std::chrono::seconds(90);
constexpr auto kServerStopLimit = std::chrono::seconds(30);
// Start-up attempts on new ports when the child reports "Address already in use".
constexpr int kPortRetries = 4;

struct ServerSpec {
  std::string binary;    // the aduan executable
  std::string data_dir;  // created by the caller
  std::map<std::string, std::string> env;  // on top of the inherited environment
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerSpec spec);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the child and waits for GET /readyz; false with *error (and the log's tail).
  // A port taken by someone else is retried on new ports (kPortRetries attempts).
  bool start(std::string* error);
  // Sends the signal and waits for the exit; returns the exit code, or 128+signal.
  int stop(int signal);
  bool running() const { return pid_ > 0; }

  std::string webhook_url() const;
  std::string admin_url() const;
  const std::string& log_path() const { return log_; }
  std::string log_tail(std::size_t lines) const;

 private:
  void pick_ports();
  bool start_once(std::string* error);

  ServerSpec spec_;
  unsigned short port_ = 0, admin_port_ = 0;
  pid_t pid_ = -1;
  std::string log_;
};

// A loopback TCP port that was free a moment ago, chosen below the kernel's ephemeral
// range so that port-0 binds and outgoing connections cannot take it before the child binds.
unsigned short free_loopback_port();
// The kernel's ephemeral range [low, high], from which bind(port 0) and outgoing connections
// draw their ports.
std::pair<int, int> ephemeral_port_range();
// Size of a file, 0 when it does not exist: where one start attempt's log output begins.
std::streamoff file_size_or_zero(const std::string& path);
// Whether the server log, from offset on, reports a listening port already taken.
bool port_taken_since(const std::string& log_path, std::streamoff offset);

// Runs `binary ARGS...` with extra environment, waits, returns the exit code; its output
// is appended to log_path.
int run_child(const std::string& binary, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env, const std::string& log_path);

}  // namespace aduan::app
