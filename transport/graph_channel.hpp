// The WhatsApp Cloud API sender: one outbox item → POST {graph_url}/{phone_number_id}/messages
// with the wire body of graph::message_payload and `Authorization: Bearer <token>`. A
// certificate document (certificate_ref set, no media id yet) is first rendered through the
// DocumentRenderer (on the channel's own worker thread: rendering is CPU work that must
// not stall the io_context), uploaded with POST .../media (multipart,
// messaging_product=whatsapp), then sent by the returned media id; that id is returned in
// SendResult::media_id on every outcome after the upload, so a retry reuses it.
// Answers are read with graph::classify_response; a 2xx without messages[].id is never
// taken as accepted (except a read receipt's {"success": true}).
//
// Threads: send() and reload_credentials() from any thread; `done` runs once on an
// io_context thread or the render worker, never inside send(). Errors are SendResults;
// nothing throws out of this class. Credentials: the token comes from
// access_token_file when set (re-read by reload_credentials(), which the dispatcher calls
// on SIGHUP, and by the channel itself after every token_invalid answer), else from
// access_token. The token is never logged or put in an error title.
#pragma once
#include <memory>
#include <string>
#include <thread>

#include "core/delivery.hpp"
#include "transport/https_client.hpp"
#include "transport/sandbox_channel.hpp"

namespace aduan::transport {

struct GraphChannelOptions {
  std::string graph_url;  // base including the version, e.g. https://graph.facebook.com/v21.0
  std::string phone_number_id;
  std::string access_token;       // used when access_token_file is empty (or unreadable at start)
  std::string access_token_file;  // WHATSAPP_ACCESS_TOKEN_FILE
};

class GraphChannel final : public OutboundChannel {
 public:
  GraphChannel(std::shared_ptr<HttpsClient> client, GraphChannelOptions options, DocumentRenderer renderer);
  ~GraphChannel() override;
  GraphChannel(const GraphChannel&) = delete;
  GraphChannel& operator=(const GraphChannel&) = delete;

  void send(const OutboundItem& item, std::function<void(SendResult)> done) override;
  // Re-reads access_token_file; a missing, unreadable or empty file keeps the current token.
  bool reload_credentials() override;

  struct Core;

 private:
  std::shared_ptr<Core> core_;
  std::thread worker_;  // renders certificate PDFs; joined by the destructor
};

// Reads a token file: its content with surrounding whitespace removed; empty on failure.
std::string read_token_file(const std::string& path);

}  // namespace aduan::transport
