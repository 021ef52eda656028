#include "transport/sandbox_channel.hpp"

#include "core/secure_random.hpp"

namespace aduan::transport {

std::string SandboxMedia::put(RenderedDocument doc) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string id = "sbxmedia" + std::to_string(next_++) + random_hex(4);
  items_.emplace_back(id, std::move(doc));
  while (items_.size() > kMaxItems) items_.pop_front();
  return id;
}

std::optional<RenderedDocument> SandboxMedia::get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [k, v] : items_)
    if (k == id) return v;
  return std::nullopt;
}

SandboxChannel::SandboxChannel(std::string kind, std::shared_ptr<SandboxMedia> media, DocumentRenderer renderer)
    : kind_(std::move(kind)), media_(std::move(media)), renderer_(std::move(renderer)) {
  worker_ = std::thread([this] { run(); });
}

SandboxChannel::~SandboxChannel() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void SandboxChannel::send(const OutboundItem& item, std::function<void(SendResult)> done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.emplace_back(item, std::move(done));
  }
  cv_.notify_one();
}

void SandboxChannel::run() {
  for (;;) {
    std::pair<OutboundItem, std::function<void(SendResult)>> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_ && queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    SendResult r;
    r.http_status = 200;
    r.outcome = SendResult::Outcome::accepted;
    const auto& msg = job.first.message;
    if (kind_ == "graph" && msg.value("kind", "") == "document" && !msg.value("certificate_ref", "").empty()) {
      // Like Meta: the PDF is uploaded first, then sent by media id.
      auto doc = renderer_ ? renderer_(msg.value("certificate_ref", "")) : std::nullopt;
      if (!doc) {
        r.outcome = SendResult::Outcome::permanent;
        r.http_status = 400;
        r.error_code = 100;
        r.error_title = "certificate could not be rendered";
      } else {
        r.media_id = media_->put(std::move(*doc));
      }
    }
    if (r.outcome == SendResult::Outcome::accepted)
      r.message_id = (kind_ == "sms" ? "sms." : "wamid.SBX") + std::to_string(next_id_++) + random_hex(6);
    job.second(std::move(r));
  }
}

}  // namespace aduan::transport
