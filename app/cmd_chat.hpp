// `aduan chat [--as WA_ID]`: a terminal WhatsApp against a running sandbox server. The
// person types; each line goes to the server as a real signed webhook, like Meta would
// post it. A poller shows what the bot sent (/sandbox/outbox) the way a phone shows it —
// lists and reply buttons as numbered choices that a typed number picks, documents saved
// to a file whose path is printed — and the OTP SMS the sandbox "sent" to the phone the
// person typed or to the WhatsApp number itself (/sandbox/sms).
// Threads: the caller's thread reads input and posts; one poller thread prints; output
// is serialised by one mutex. Returns the exit code: 0 after /quit or end of input, 1
// when the server cannot be reached or refuses the token.
#pragma once
#include <chrono>
#include <iosfwd>
#include <string>

#include "app/commands.hpp"
#include "app/scenario/target.hpp"

namespace aduan::app {

constexpr const char* kChatDefaultWaId = "6289900000001";  // registered to nobody in the demo
constexpr auto kChatPoll = std::chrono::milliseconds(250);

struct ChatOptions {
  std::string wa_id = kChatDefaultWaId;
  std::string profile_name = "Pengguna Sandbox";
  std::string save_dir = "aduan-chat-files";  // where documents the bot sends are saved
  std::chrono::milliseconds poll = kChatPoll;
};

int run_chat(const ServerTarget& target, const ChatOptions& options, std::istream& in, std::ostream& out);

void register_chat_command(CLI::App& app, const ConfigFlagAdder& add_flags, const ConfigLoader& config);

}  // namespace aduan::app
