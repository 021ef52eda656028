// `aduan inspect top`: polls /admin/stats, the busiest mailboxes and the open tickets,
// and redraws one screen. The terminal is put in non-canonical, no-echo mode only to read
// 'q' without Enter; Ctrl-C stays a signal. TerminalGuard restores everything on every
// exit path (quit, signal, error) so the shell is never left without echo or cursor.
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "app/cmd_inspect.hpp"
#include "app/inspect_format.hpp"

namespace aduan::app {

using json = nlohmann::json;

namespace {

constexpr std::size_t kDefaultColumns = 100;
constexpr int kTicketScan = 500;  // open tickets read per refresh for the SLA list (API maximum)
constexpr auto kKeyPollSlice = std::chrono::milliseconds(100);

volatile sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

class TerminalGuard {
 public:
  TerminalGuard(bool ansi, bool keys) : ansi_(ansi) {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a signal wakes the select() below
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
    if (keys && tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios raw = saved_;
      raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
      raw.c_cc[VMIN] = 0;
      raw.c_cc[VTIME] = 0;
      keys_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    if (ansi_) std::cout << "\x1b[?1049h\x1b[?25l" << std::flush;  // alternate screen, hide cursor
  }
  ~TerminalGuard() {
    if (ansi_) std::cout << "\x1b[?25h\x1b[?1049l" << std::flush;
    if (keys_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  TerminalGuard(const TerminalGuard&) = delete;
  TerminalGuard& operator=(const TerminalGuard&) = delete;
  bool keys() const { return keys_; }

 private:
  bool ansi_;
  bool keys_ = false;
  termios saved_{};
  struct sigaction old_int_ {}, old_term_ {};
};

std::size_t terminal_columns() {
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return kDefaultColumns;
}

// Waits up to `d`; true when the user asked to quit (q, Q or a stop signal).
bool wait_or_quit(std::chrono::duration<double> d, bool keys) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(d);
  while (!g_stop && std::chrono::steady_clock::now() < until) {
    auto slice = std::min<std::chrono::steady_clock::duration>(kKeyPollSlice, until - std::chrono::steady_clock::now());
    timeval tv{};
    tv.tv_sec = 0;
    tv.tv_usec = static_cast<suseconds_t>(std::chrono::duration_cast<std::chrono::microseconds>(slice).count());
    fd_set fds;
    FD_ZERO(&fds);
    if (keys) FD_SET(STDIN_FILENO, &fds);
    int r = select(keys ? STDIN_FILENO + 1 : 0, keys ? &fds : nullptr, nullptr, nullptr, &tv);
    if (r > 0 && FD_ISSET(STDIN_FILENO, &fds)) {
      char ch = 0;
      if (read(STDIN_FILENO, &ch, 1) == 1 && (ch == 'q' || ch == 'Q')) return true;
    }
  }
  return g_stop != 0;
}

void draw(const std::vector<inspect::TopLine>& lines, bool ansi, std::ostream& out) {
  std::string frame;
  if (ansi) frame += "\x1b[H";
  for (auto& l : lines) {
    if (ansi && l.heading) frame += "\x1b[1m" + l.text + "\x1b[0m";
    else frame += l.text;
    frame += ansi ? "\x1b[K\r\n" : "\n";
  }
  frame += ansi ? "\x1b[J" : "\n";
  out << frame << std::flush;
}

}  // namespace

int run_inspect_top(const AdminClient& c, const TopOptions& o, std::ostream& out, std::ostream& err) {
  double interval = o.interval_s < kTopMinInterval ? kTopMinInterval : o.interval_s;
  // Fail before touching the terminal: a wrong token or a dead server is a plain message.
  auto first = c.get("/admin/stats");
  if (!first.ok) {
    err << "aduan inspect: " << first.message << "\n";
    return kInspectFailure;
  }
  const bool ansi = &out == &std::cout && isatty(STDOUT_FILENO);
  g_stop = 0;
  std::string fatal;  // printed after the terminal is restored, so it stays visible
  {
    TerminalGuard guard(ansi, ansi && isatty(STDIN_FILENO));
    inspect::TopFrame f;
    f.url = c.target().base_url;
    f.stats = first.body;
    auto sampled = std::chrono::steady_clock::now();
    for (int frame = 1;; ++frame) {
      auto busiest = c.get("/admin/actors?sort=mailbox&limit=" + std::to_string(inspect::kTopBusiest));
      if (busiest.ok && busiest.body.contains("items")) f.busiest = busiest.body["items"];
      auto tickets = c.get("/admin/tickets?status=open&limit=" + std::to_string(kTicketScan));
      if (tickets.ok && tickets.body.contains("items")) f.tickets = tickets.body["items"];
      if (busiest.status == 401 || tickets.status == 401) {
        fatal = "the admin token was refused (401)";
        break;
      }
      f.width = ansi ? terminal_columns() : kDefaultColumns;
      draw(inspect::render_top(f), ansi, out);
      if (o.frames > 0 && frame >= o.frames) break;
      if (wait_or_quit(std::chrono::duration<double>(interval), guard.keys())) break;
      auto s = c.get("/admin/stats");
      auto at = std::chrono::steady_clock::now();
      if (s.status == 401) {
        fatal = s.message;
        break;
      }
      if (s.ok) {
        f.previous = f.stats;
        f.stats = s.body;
        f.interval_s = std::chrono::duration<double>(at - sampled).count();
        sampled = at;
        f.error.clear();
      } else {
        f.error = s.message + " (retrying)";  // keep the last numbers on screen
      }
    }
  }
  if (fatal.empty()) return kInspectOk;
  err << "aduan inspect: " << fatal << "\n";
  return kInspectFailure;
}

}  // namespace aduan::app
