// Feed over a running sandbox server's /sandbox/outbox, /sandbox/sms and /sandbox/media
// (CONTRACTS.md "Sandbox only"): what `aduan chat` shows and what `aduan scenario --url`
// checks. Rows still pending or in flight are not shown yet (their wire payload is not
// final: a certificate has no media id before it is uploaded), and the cursor never
// passes them, so each message is seen once and in order. Thread-safe (one mutex).
#pragma once
#include <map>
#include <mutex>

#include "app/scenario/feed.hpp"
#include "app/scenario/server_api.hpp"

namespace aduan::app {

class SandboxFeed final : public Feed {
 public:
  explicit SandboxFeed(ServerApi api) : api_(std::move(api)) {}

  std::vector<BotMessage> messages_to(const std::string& wa_id) override;
  std::vector<SmsMessage> sms_to(const std::string& phone) override;
  std::optional<MediaBytes> media(const std::string& id) override;
  std::string problems() override;

  // Starts this recipient's history at the server's current end (older rows are skipped).
  void skip_history(const std::string& wa_id);
  void skip_sms_history(const std::string& phone);

 private:
  struct Cursor {
    std::uint64_t after = 0;
    std::vector<BotMessage> messages;
    std::vector<SmsMessage> sms;
  };
  void pull_messages(Cursor& c, const std::string& wa_id);
  void pull_sms(Cursor& c, const std::string& phone);

  ServerApi api_;
  std::mutex mu_;
  std::map<std::string, Cursor> outbox_, sms_;
  std::string problem_;
};

}  // namespace aduan::app
