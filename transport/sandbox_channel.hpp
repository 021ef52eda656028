// The in-process stand-in for Meta and the SMS gateway in sandbox mode (no URL set):
// accepts every message like Graph would (a wamid per message, a media id per upload),
// keeps uploaded media in memory (bounded) for GET /sandbox/media/{id}. What was "sent"
// is listed from the outbox rows themselves (/sandbox/outbox, /sandbox/sms).
// Thread-safe; answers on its own worker thread, never inside send().
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/delivery.hpp"

namespace aduan::transport {

struct RenderedDocument {
  std::string bytes, mime_type = "application/pdf", filename;
};
// Renders the certificate named by an OutDocument's certificate_ref ("CITIZEN-ID:DOSE").
using DocumentRenderer = std::function<std::optional<RenderedDocument>(const std::string& certificate_ref)>;

class SandboxMedia {
 public:
  static constexpr std::size_t kMaxItems = 256;
  std::string put(RenderedDocument doc);  // returns the media id
  std::optional<RenderedDocument> get(const std::string& id) const;

 private:
  mutable std::mutex mu_;
  std::deque<std::pair<std::string, RenderedDocument>> items_;
  std::uint64_t next_ = 1;
};

class SandboxChannel final : public OutboundChannel {
 public:
  SandboxChannel(std::string kind, std::shared_ptr<SandboxMedia> media, DocumentRenderer renderer);
  ~SandboxChannel() override;
  void send(const OutboundItem& item, std::function<void(SendResult)> done) override;

 private:
  void run();
  std::string kind_;
  std::shared_ptr<SandboxMedia> media_;
  DocumentRenderer renderer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<OutboundItem, std::function<void(SendResult)>>> queue_;
  bool stop_ = false;
  std::uint64_t next_id_ = 1;
  std::thread worker_;
};

}  // namespace aduan::transport
