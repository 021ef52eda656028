// What the bot sent, as the citizen's phone and the SMS gateway would have received it:
// Graph wire payloads per WhatsApp recipient (in send order), OTP SMS per phone, and the
// bytes of uploaded media. Two sources implement it: the runner's own fake Graph/SMS
// servers (FakeMeta, fake_meta.hpp) and a running sandbox server's /sandbox/* paths
// (SandboxFeed, sandbox_feed.hpp). Implementations are thread-safe; nothing throws.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aduan::app {

struct BotMessage {
  nlohmann::json payload;  // the body of POST /{phone-number-id}/messages
  std::string wamid;       // the id the (fake) Graph answered with; empty when unknown
};

struct SmsMessage {
  std::string to;  // E.164 digits, no '+'
  std::string text;
};

struct MediaBytes {
  std::string mime_type, bytes;
};

class Feed {
 public:
  virtual ~Feed() = default;
  // Everything sent to this WhatsApp id so far, oldest first (read receipts left out).
  virtual std::vector<BotMessage> messages_to(const std::string& wa_id) = 0;
  // Every SMS sent to this phone (E.164 digits; "" = to any phone) so far, oldest first.
  virtual std::vector<SmsMessage> sms_to(const std::string& phone) = 0;
  virtual std::optional<MediaBytes> media(const std::string& id) = 0;
  // Problems the source noticed that explain missing messages (e.g. a missing bearer
  // token); "" when none.
  virtual std::string problems() { return {}; }
};

// "+62 811-1000-0001" / "6281110000001" → "6281110000001" (digits only).
std::string digits_only(const std::string& s);

}  // namespace aduan::app
