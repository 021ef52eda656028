// The runner's local stand-ins for Meta's Graph API and an SMS gateway, so the server's
// real senders run against them (WHATSAPP_GRAPH_URL / SMS_GATEWAY_URL point here). They
// answer like Meta: POST {base}/{phone-number-id}/messages → {"messages":[{"id":"wamid…"}]}
// (a read receipt → {"success":true}); POST {base}/{phone-number-id}/media (multipart) →
// {"id": "…"}; the SMS gateway → {"id": "…"} (400 for kFakeSmsRejectedSuffix numbers). A
// request without the expected bearer token gets 401 (Graph: error code 190) and is noted
// in problems(). Everything accepted is recorded and readable through the Feed interface.
// Threads: one io thread of its own answers requests; the Feed calls may come from any
// thread (one mutex). Construction throws std::runtime_error when it cannot listen.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "app/scenario/feed.hpp"
#include "transport/http_server.hpp"

namespace aduan::app {

constexpr const char* kFakeGraphVersion = "v21.0";
// The fake SMS gateway refuses (HTTP 400, a permanent error) every number ending in these
// digits, so a scenario can show the citizen being told that the SMS failed.
constexpr const char* kFakeSmsRejectedSuffix = "9999";
constexpr std::size_t kFakeBodyLimit = 16u << 20;  // a certificate PDF fits with room to spare

class FakeMeta final : public Feed {
 public:
  FakeMeta(std::string phone_number_id, std::string graph_token, std::string sms_token);
  ~FakeMeta() override;
  FakeMeta(const FakeMeta&) = delete;
  FakeMeta& operator=(const FakeMeta&) = delete;

  std::string graph_url() const;  // for WHATSAPP_GRAPH_URL, e.g. http://127.0.0.1:PORT/v21.0
  std::string sms_url() const;    // for SMS_GATEWAY_URL

  std::vector<BotMessage> messages_to(const std::string& wa_id) override;
  std::vector<SmsMessage> sms_to(const std::string& phone) override;
  std::optional<MediaBytes> media(const std::string& id) override;
  std::string problems() override;

  std::size_t requests() const;

 private:
  void handle(transport::HttpRequest&& req, transport::Responder respond);
  transport::HttpResponse on_graph(const transport::HttpRequest& req);
  transport::HttpResponse on_sms(const transport::HttpRequest& req);

  std::string phone_number_id_, graph_token_, sms_token_;
  boost::asio::io_context ioc_;
  std::unique_ptr<transport::HttpServer> server_;
  std::thread io_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<BotMessage>> messages_;
  std::vector<SmsMessage> sms_;
  std::map<std::string, MediaBytes> media_;
  std::vector<std::string> problems_;
  std::size_t counter_ = 0, requests_ = 0;
};

// The file part of a multipart/form-data body: its content type and bytes. nullopt when
// the body has no part named `field`.
std::optional<MediaBytes> multipart_field(const std::string& content_type, const std::string& body,
                                          const std::string& field);

}  // namespace aduan::app
