// OTP SMS sender. See sms_channel.hpp for the contract.
#include "transport/sms_channel.hpp"

#include <nlohmann/json.hpp>

namespace aduan::transport {

namespace {

using nlohmann::json;

constexpr int kRequestTimeout = 408;
constexpr int kTooManyRequests = 429;
constexpr std::size_t kMaxIdLength = 200;  // a gateway id longer than this is not an id

bool transient(int status) { return status == 0 || status == kRequestTimeout || status == kTooManyRequests || status >= 500; }

std::string gateway_id(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return {};
  for (const char* key : {"id", "message_id"}) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string() && it->get_ref<const std::string&>().size() <= kMaxIdLength)
      return it->get<std::string>();
  }
  return {};
}

}  // namespace

SendResult read_sms_answer(int status, const std::string& body, const std::string& error) {
  SendResult r;
  r.http_status = status;
  if (status >= 200 && status < 300) {
    r.outcome = SendResult::Outcome::accepted;
    r.message_id = gateway_id(body);
    return r;
  }
  r.outcome = transient(status) ? SendResult::Outcome::retry : SendResult::Outcome::permanent;
  // The body is not echoed: a gateway may quote the request (phone, code) back.
  r.error_title = status == 0 ? "SMS gateway unreachable: " + error : "SMS gateway answered " + std::to_string(status);
  return r;
}

SmsChannel::SmsChannel(std::shared_ptr<HttpsClient> client, SmsChannelOptions options)
    : client_(std::move(client)), opts_(std::move(options)) {}

void SmsChannel::send(const OutboundItem& item, std::function<void(SendResult)> done) {
  const std::string text = item.message.is_object() ? item.message.value("text", "") : std::string();
  if (text.empty() || item.to.empty()) {
    client_->defer([done = std::move(done)] {
      SendResult r;
      r.outcome = SendResult::Outcome::permanent;
      r.error_title = "SMS without a phone number or text";
      done(std::move(r));
    });
    return;
  }
  ClientRequest req;
  req.method = "POST";
  req.url = opts_.url;
  req.headers = {{"Authorization", "Bearer " + opts_.token}, {"Content-Type", "application/json"}};
  const std::string to = item.to.front() == '+' ? item.to : "+" + item.to;
  req.body = json{{"to", to}, {"text", text}}.dump(-1, ' ', false, json::error_handler_t::replace);
  client_->request(std::move(req), [done = std::move(done)](ClientResponse resp) {
    done(read_sms_answer(resp.status, resp.body, resp.error));
  });
}

}  // namespace aduan::transport
