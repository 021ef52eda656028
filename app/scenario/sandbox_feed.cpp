#include "app/scenario/sandbox_feed.hpp"

#include <cctype>

namespace aduan::app {

using nlohmann::json;

namespace {

bool settled_status(const std::string& s) { return s != "pending" && s != "in_flight"; }

}  // namespace

std::string digits_only(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  return out;
}

void SandboxFeed::pull_messages(Cursor& c, const std::string& wa_id) {
  for (;;) {
    auto r = api_.get("/sandbox/outbox?to=" + url_escape(wa_id) + "&after=" + std::to_string(c.after));
    if (!r.ok() || !r.body.is_object() || !r.body["items"].is_array()) {
      problem_ = "/sandbox/outbox: " + r.error;
      return;
    }
    const auto& items = r.body["items"];
    if (items.empty()) return;
    for (const auto& it : items) {
      if (!settled_status(it.value("status", std::string()))) return;  // wait for it, in order
      c.after = it.value("seq", c.after);
      const json& m = it["message"];
      if (m.is_object() && m.value("status", std::string()) == "read") continue;  // a read receipt
      c.messages.push_back(BotMessage{m, ""});
    }
  }
}

void SandboxFeed::pull_sms(Cursor& c, const std::string& phone) {
  for (;;) {
    auto r = api_.get("/sandbox/sms?to=" + url_escape(phone) + "&after=" + std::to_string(c.after));
    if (!r.ok() || !r.body.is_object() || !r.body["items"].is_array()) {
      problem_ = "/sandbox/sms: " + r.error;
      return;
    }
    const auto& items = r.body["items"];
    if (items.empty()) return;
    for (const auto& it : items) {
      if (!settled_status(it.value("status", std::string()))) return;
      c.after = it.value("seq", c.after);
      c.sms.push_back(SmsMessage{digits_only(it.value("to", std::string())), it.value("text", std::string())});
    }
  }
}

std::vector<BotMessage> SandboxFeed::messages_to(const std::string& wa_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& c = outbox_[wa_id];
  pull_messages(c, wa_id);
  return c.messages;
}

std::vector<SmsMessage> SandboxFeed::sms_to(const std::string& phone) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string p = digits_only(phone);
  auto& c = sms_[p];
  pull_sms(c, p);
  return c.sms;
}

void SandboxFeed::skip_history(const std::string& wa_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& c = outbox_[wa_id];
  pull_messages(c, wa_id);
  c.messages.clear();
}

void SandboxFeed::skip_sms_history(const std::string& phone) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string p = digits_only(phone);
  auto& c = sms_[p];
  pull_sms(c, p);
  c.sms.clear();
}

std::optional<MediaBytes> SandboxFeed::media(const std::string& id) {
  auto r = api_.admin_raw("/sandbox/media/" + url_escape(id));
  if (r.status != 200) return std::nullopt;
  return MediaBytes{r.content_type, r.body};
}

std::string SandboxFeed::problems() {
  std::lock_guard<std::mutex> lock(mu_);
  return problem_;
}

}  // namespace aduan::app
