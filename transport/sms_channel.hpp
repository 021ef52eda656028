// The OTP SMS sender: one outbox item → POST {sms_url} with `Authorization: Bearer {token}`
// and the body {"to": "+62…", "text": "…"} (CONTRACTS.md "Outbound"). Any 2xx is accepted
// (the gateway's "id" or "message_id", when it gives one, is kept); no answer, 408, 429
// and 5xx are retried by the dispatcher; every other status is permanent, so the
// conversation can tell the citizen at once to ask for a new code.
// Threads: send() from any thread; `done` runs once on an io_context thread, never inside
// send(). Errors are SendResults; error titles never carry the phone number or the text
// (an OTP code is a secret).
#pragma once
#include <memory>
#include <string>

#include "core/delivery.hpp"
#include "transport/https_client.hpp"

namespace aduan::transport {

struct SmsChannelOptions {
  std::string url;    // SMS_GATEWAY_URL
  std::string token;  // SMS_GATEWAY_TOKEN
};

class SmsChannel final : public OutboundChannel {
 public:
  SmsChannel(std::shared_ptr<HttpsClient> client, SmsChannelOptions options);
  void send(const OutboundItem& item, std::function<void(SendResult)> done) override;

 private:
  std::shared_ptr<HttpsClient> client_;
  SmsChannelOptions opts_;
};

// How a gateway answer is read (exposed for tests). status 0 means no answer.
SendResult read_sms_answer(int status, const std::string& body, const std::string& error);

}  // namespace aduan::transport
