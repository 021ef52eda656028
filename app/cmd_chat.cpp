#include "app/cmd_chat.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "app/scenario/phone_view.hpp"
#include "app/scenario/sandbox_feed.hpp"
#include "app/scenario/webhook_builder.hpp"
#include "core/mask.hpp"
#include "core/outbound.hpp"
#include "core/phone.hpp"

namespace aduan::app {

namespace {

constexpr const char* kPrompt = "you › ";
constexpr std::size_t kMinPhoneDigits = 8;
constexpr std::size_t kMaxPickDigits = 2;

constexpr std::size_t kIndent = 6;  // width of "bot › " and of continuation lines
constexpr std::size_t kMinWrap = 30;

// Terminal columns when stdout is a terminal, else 0 (no wrapping: pipes and files).
std::size_t terminal_width() {
  winsize ws{};
  if (!::isatty(STDOUT_FILENO) || ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
}

// Code points of UTF-8 text (what a terminal mostly shows as columns).
std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Word-wraps one line to `width` columns; continuation lines get `indent` spaces.
std::vector<std::string> wrap(const std::string& line, std::size_t width, std::size_t indent) {
  if (width < kMinWrap || columns(line) <= width) return {line};
  std::vector<std::string> out;
  std::string current;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t sp = line.find(' ', start);
    std::string word = line.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
    std::string candidate = current.empty() ? word : current + " " + word;
    if (!current.empty() && columns(candidate) > width) {
      out.push_back(current);
      current = std::string(indent, ' ') + word;
    } else {
      current = candidate;
    }
    if (sp == std::string::npos) break;
    start = sp + 1;
  }
  out.push_back(current);
  return out;
}

const char* kHelp =
    "Type a message and press Enter. When the bot shows numbered choices, type the number to tap it.\n"
    "  /say TEXT        send TEXT as typed, even a bare number\n"
    "  /image [CAPTION] /document [NAME] /sticker /voice /location   send that kind of message\n"
    "  /help            this help            /quit (or Ctrl-D)   leave\n";

class Chat {
 public:
  Chat(const ServerTarget& t, const ChatOptions& o, std::ostream& out) : api_(t), feed_(api_), opt_(o), out_(out) {}

  int run(std::istream& in);

 private:
  void poll_loop();
  void show_new();
  void show_message(const BotMessage& m);
  std::string save_document(const PhoneMessage& m);
  void send(const CitizenMessage& m);
  bool handle_line(const std::string& line);  // false: quit
  void print(const std::string& text, bool prompt = true);

  ServerApi api_;
  SandboxFeed feed_;
  const ChatOptions& opt_;
  std::ostream& out_;
  std::mutex out_mu_;
  std::mutex state_mu_;
  std::set<std::string> phones_;     // numbers whose SMS are shown
  std::map<std::string, std::size_t> sms_shown_;
  std::size_t shown_ = 0;
  std::vector<Choice> choices_;      // of the newest list or buttons
  std::string choices_kind_, choices_wamid_;
  std::atomic<bool> stop_{false};
  std::mutex wake_mu_;
  std::condition_variable wake_;
};

void Chat::print(const std::string& text, bool prompt) {
  std::lock_guard<std::mutex> lock(out_mu_);
  out_ << "\r" << text << (prompt ? kPrompt : "") << std::flush;
}

std::string Chat::save_document(const PhoneMessage& m) {
  if (m.media_id.empty()) return "(no media id: " + m.link + ")";
  auto bytes = feed_.media(m.media_id);
  if (!bytes) return "(could not fetch media " + m.media_id + ")";
  std::error_code ec;
  std::filesystem::create_directories(opt_.save_dir, ec);
  std::string name = std::filesystem::path(m.filename.empty() ? "document-" + m.media_id : m.filename).filename().string();
  std::filesystem::path path = std::filesystem::path(opt_.save_dir) / name;
  for (int n = 2; std::filesystem::exists(path); ++n) {
    auto p = std::filesystem::path(name);
    path = std::filesystem::path(opt_.save_dir) / (p.stem().string() + "-" + std::to_string(n) + p.extension().string());
  }
  std::ofstream f(path, std::ios::binary);
  f << bytes->bytes;
  if (!f) return "(could not write " + path.string() + ")";
  return "saved to " + std::filesystem::absolute(path).string() + " (" + std::to_string(bytes->bytes.size() / 1024) +
         " KB, " + bytes->mime_type + ")";
}

void Chat::show_message(const BotMessage& m) {
  PhoneMessage pm = read_payload(m.payload);
  std::string text;
  bool first = true;
  const std::size_t width = terminal_width();
  for (const auto& line : phone_lines(pm, true)) {
    const std::string shown = (first ? "bot › " : std::string(kIndent, ' ')) + line;
    // Choices keep their own hanging indent ("  [1] "): continue under the title.
    const std::size_t hang = line.rfind("  [", 0) == 0 ? kIndent + line.find(']') + 2 : kIndent;
    for (const auto& part : wrap(shown, width, hang)) text += part + "\n";
    first = false;
  }
  if (pm.kind == "document") text += "      " + save_document(pm) + "\n";
  if (pm.interactive()) {
    std::lock_guard<std::mutex> lock(state_mu_);
    choices_ = pm.choices;
    choices_kind_ = pm.kind;
    choices_wamid_ = m.wamid;
    text += "      (type a number to choose)\n";
  }
  print(text);
}

void Chat::show_new() {
  auto msgs = feed_.messages_to(opt_.wa_id);
  for (; shown_ < msgs.size(); ++shown_) show_message(msgs[shown_]);
  std::set<std::string> phones;
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    phones = phones_;
  }
  for (const auto& p : phones) {
    auto sms = feed_.sms_to(p);
    std::vector<std::string> fresh;
    {
      std::lock_guard<std::mutex> lock(state_mu_);
      auto& n = sms_shown_[p];
      for (; n < sms.size(); ++n) fresh.push_back(sms[n].text);
    }
    for (const auto& text : fresh) {
      std::string shown;
      for (const auto& part : wrap("SMS to " + mask_phone(p) + " › " + text, terminal_width(), kIndent))
        shown += part + "\n";
      print(shown);
    }
  }
}

void Chat::poll_loop() {
  while (!stop_) {
    show_new();
    std::unique_lock<std::mutex> lock(wake_mu_);
    wake_.wait_for(lock, opt_.poll, [&] { return stop_.load(); });
  }
}

void Chat::send(const CitizenMessage& m) {
  const std::string body = messages_webhook(api_.target().phone_number_id, opt_.wa_id, opt_.profile_name,
                                            {message_object(opt_.wa_id, new_message_id(), unix_seconds_now(), m)});
  auto r = api_.post_webhook(body);
  if (r.status != 200)
    print("(the server answered " + (r.status ? std::to_string(r.status) + " " + r.body : r.error) + ")\n");
}

bool Chat::handle_line(const std::string& raw) {
  // A webhook carries JSON text, which must be UTF-8: a line from a terminal in another
  // encoding (or binary piped in) is refused here instead of aborting the whole chat.
  if (!is_valid_utf8(raw)) {
    print("(that line is not UTF-8 text; nothing was sent)\n");
    return true;
  }
  std::string line = raw;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty()) {
    print("");
    return true;
  }
  CitizenMessage m;
  auto rest = [&](std::size_t n) { return line.size() > n ? line.substr(n + 1) : std::string(); };
  if (line[0] == '/') {
    const std::string cmd = line.substr(0, line.find(' '));
    if (cmd == "/quit" || cmd == "/exit") return false;
    if (cmd == "/help") {
      print(kHelp);
      return true;
    }
    if (cmd == "/say") {
      m.text = rest(4);
    } else if (cmd == "/image") {
      m.type = "image";
      m.mime_type = "image/jpeg";
      m.text = rest(6);
    } else if (cmd == "/document") {
      m.type = "document";
      m.mime_type = "application/pdf";
      m.filename = rest(9).empty() ? "dokumen.pdf" : rest(9);
    } else if (cmd == "/sticker") {
      m.type = "sticker";
      m.mime_type = "image/webp";
    } else if (cmd == "/voice") {
      m.type = "audio";
      m.mime_type = "audio/ogg; codecs=opus";
      m.voice = true;
    } else if (cmd == "/location") {
      m.type = "location";
      m.latitude = -6.2;
      m.longitude = 106.8;
      m.location_name = "Jakarta";
    } else {
      print("unknown command " + cmd + "\n" + kHelp);
      return true;
    }
  } else {
    const bool number = line.size() <= kMaxPickDigits &&
                        std::all_of(line.begin(), line.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    std::lock_guard<std::mutex> lock(state_mu_);
    const std::size_t k = number ? std::stoul(line) : 0;
    if (number && k >= 1 && k <= choices_.size()) {
      const Choice& c = choices_[k - 1];
      m.type = "interactive";
      m.reply_kind = choices_kind_ == "list" ? "list_reply" : "button_reply";
      m.reply_id = c.id;
      m.reply_title = c.title;
      m.reply_description = c.description;
      m.context_id = choices_wamid_;
    } else {
      m.text = line;
    }
  }
  if (m.type == "text") {
    // A phone number typed: show the SMS the sandbox sends to it from now on.
    std::size_t digits = static_cast<std::size_t>(
        std::count_if(m.text.begin(), m.text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }));
    if (digits >= kMinPhoneDigits)
      if (auto p = normalize_phone(m.text)) {
        std::lock_guard<std::mutex> lock(state_mu_);
        if (phones_.insert(*p).second) {
          sms_shown_[*p] = feed_.sms_to(*p).size();
        }
      }
  }
  if (m.type == "interactive") print("      (tapped: " + m.reply_title + ")\n", false);
  send(m);
  wake_.notify_all();
  return true;
}

int Chat::run(std::istream& in) {
  if (!api_.ready()) {
    std::cerr << "aduan chat: no aduan server answers at " << api_.target().webhook_url
              << " (start one with scripts/run, or set ADUAN_LISTEN / --url)\n";
    return 1;
  }
  auto probe = api_.get("/sandbox/sms?to=0&after=0");
  if (probe.status == 401 || probe.status == 403) {
    std::cerr << "aduan chat: the admin listener at " << api_.target().admin_url
              << " refused the token (set ADUAN_ADMIN_TOKEN or ADUAN_DATA_DIR to the server's)\n";
    return 1;
  }
  if (!probe.ok()) {
    std::cerr << "aduan chat: " << api_.target().admin_url << "/sandbox/sms: " << probe.error
              << " (is the server in sandbox mode?)\n";
    return 1;
  }
  feed_.skip_history(opt_.wa_id);
  if (auto p = normalize_phone(opt_.wa_id)) {
    phones_.insert(*p);
    sms_shown_[*p] = feed_.sms_to(*p).size();
  }
  const auto own = normalize_phone(opt_.wa_id);
  print("aduan chat — you are WhatsApp " + (own ? mask_phone(*own) : opt_.wa_id) + " talking to " +
            api_.target().webhook_url +
            "\nSay \"halo\" to start; /help lists commands, /quit leaves.\n",
        true);
  std::thread poller([this] { poll_loop(); });
  std::string line;
  while (std::getline(in, line))
    if (!handle_line(line)) break;
  // Let the last answers arrive before leaving when input was piped.
  std::this_thread::sleep_for(opt_.poll * 2);
  show_new();
  stop_ = true;
  wake_.notify_all();
  poller.join();
  print("\nbye\n", false);
  return 0;
}

}  // namespace

int run_chat(const ServerTarget& target, const ChatOptions& options, std::istream& in, std::ostream& out) {
  Chat chat(target, options, out);
  return chat.run(in);
}

void register_chat_command(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config) {
  static ChatOptions o;  // one parse per process
  static TargetFlags f;
  auto* sub = app.add_subcommand("chat", "A terminal WhatsApp against a running sandbox server");
  sub->add_option("--as", o.wa_id, std::string("your WhatsApp number, digits (default ") + kChatDefaultWaId +
                                       ", registered to nobody; use a persona's, e.g. 6281110000001, to try \"use this WA number\")");
  sub->add_option("--name", o.profile_name, "your WhatsApp profile name");
  sub->add_option("--save-dir", o.save_dir, "where documents from the bot are saved (default ./aduan-chat-files)");
  sub->add_option("--url", f.webhook_url, "webhook base URL (default: from ADUAN_LISTEN / the configuration)");
  sub->add_option("--admin-url", f.admin_url, "admin base URL (default: from ADUAN_ADMIN_LISTEN / the configuration)");
  sub->add_option("--token", f.token, "ops token (default: ADUAN_ADMIN_TOKEN, then DATA_DIR/admin.token)");
  add_flags(sub, true);
  sub->callback([config] {
    set_command([config]() -> int {
      auto cfg = config();
      if (!cfg) return 1;
      std::string error;
      auto t = resolve_target(*cfg, f, &error);
      if (!t) {
        std::cerr << "aduan chat: " << error << "\n";
        return 1;
      }
      for (char c : o.wa_id)
        if (!std::isdigit(static_cast<unsigned char>(c))) {
          std::cerr << "aduan chat: --as takes the digits of a WhatsApp number, e.g. 6281110000001\n";
          return 2;
        }
      return run_chat(*t, o, std::cin, std::cout);
    });
  });
}

}  // namespace aduan::app
