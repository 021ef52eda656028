// Graph API sender. See graph_channel.hpp for the contract.
#include "transport/graph_channel.hpp"

#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/outbound.hpp"
#include "transport/graph_payload.hpp"

namespace aduan::transport {

namespace {

using nlohmann::json;

constexpr const char* kJson = "application/json";

SendResult local_failure(SendResult::Outcome outcome, std::string title) {
  SendResult r;
  r.outcome = outcome;
  r.error_title = std::move(title);
  return r;
}

SendResult::Outcome to_send_outcome(graph::Outcome o) {
  switch (o) {
    case graph::Outcome::accepted: return SendResult::Outcome::accepted;
    case graph::Outcome::retry: return SendResult::Outcome::retry;
    case graph::Outcome::retry_pair_limited: return SendResult::Outcome::retry_pair_limited;
    case graph::Outcome::permanent: return SendResult::Outcome::permanent;
    case graph::Outcome::token_invalid: return SendResult::Outcome::token_invalid;
  }
  return SendResult::Outcome::permanent;
}

// A Graph answer (or no answer: status 0) as the dispatcher's SendResult.
SendResult read_answer(const ClientResponse& resp) {
  auto g = graph::classify_response(resp.status, resp.body);
  SendResult r;
  r.outcome = to_send_outcome(g.outcome);
  r.message_id = std::move(g.message_id);
  r.media_id = std::move(g.media_id);
  r.http_status = g.http_status;
  r.error_code = g.error_code;
  r.error_title = resp.status == 0 ? clamp_utf8("no answer: " + resp.error, graph::kMaxErrorTitle)
                                   : std::move(g.error_title);
  return r;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string read_token_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// Everything a request in flight needs, shared with the callbacks so the channel may be
// destroyed while answers are still on their way.
struct GraphChannel::Core : std::enable_shared_from_this<GraphChannel::Core> {
  std::shared_ptr<HttpsClient> client;
  GraphChannelOptions opts;
  DocumentRenderer renderer;
  mutable std::mutex token_mu;
  std::string token;
  std::string rejected_token;  // the last token Graph answered 190 to

  // The render worker: certificate documents wait here for their PDF.
  struct RenderJob {
    OutDocument doc;
    graph::Recipient to;
    std::function<void(SendResult)> done;
  };
  std::mutex jobs_mu;
  std::condition_variable jobs_cv;
  std::deque<RenderJob> jobs;
  bool stopping = false;

  std::string current_token() const {
    std::lock_guard<std::mutex> lock(token_mu);
    return token;
  }

  // Re-reads the token file; true when the token now loaded was not rejected yet.
  bool reload() {
    std::string t = opts.access_token_file.empty() ? std::string() : read_token_file(opts.access_token_file);
    std::lock_guard<std::mutex> lock(token_mu);
    if (!t.empty()) token = std::move(t);  // keep what we have: an empty token can only fail
    return token != rejected_token;
  }

  // Graph answered 190 to a request that carried `used`: remembered, then the file re-read.
  void rejected(const std::string& used) {
    {
      std::lock_guard<std::mutex> lock(token_mu);
      rejected_token = used;
    }
    reload();
  }

  std::string url(const char* edge) const { return opts.graph_url + "/" + opts.phone_number_id + "/" + edge; }

  ClientRequest request(const char* edge, std::string content_type, std::string body, const std::string& token_used) const {
    ClientRequest r;
    r.method = "POST";
    r.url = url(edge);
    r.headers = {{"Authorization", "Bearer " + token_used}, {"Content-Type", std::move(content_type)}};
    r.body = std::move(body);
    return r;
  }

  void send_message(const OutboundMessage& m, const graph::Recipient& to, std::string media_id,
                    std::function<void(SendResult)> done) {
    json body = graph::message_payload(m, to, media_id);
    if (body.is_null()) {
      client->defer([done = std::move(done)] {
        done(local_failure(SendResult::Outcome::permanent, "document has no media id, link or certificate"));
      });
      return;
    }
    const bool read_receipt = std::holds_alternative<OutMarkRead>(m);
    auto self = shared_from_this();
    std::string used = current_token();
    client->request(request("messages", kJson, dump(body), used),
                    [self, read_receipt, media_id, used, done = std::move(done)](ClientResponse resp) {
                      SendResult r = read_answer(resp);
                      // Only messages[].id proves Meta took a message; resending an
                      // unproven one risks a duplicate, so it is not retried either.
                      if (r.outcome == SendResult::Outcome::accepted && r.message_id.empty() && !read_receipt) {
                        r.outcome = SendResult::Outcome::permanent;
                        r.error_title = "2xx without messages[].id";
                      }
                      r.media_id = media_id;
                      if (r.outcome == SendResult::Outcome::token_invalid) self->rejected(used);
                      done(std::move(r));
                    });
  }

  // On the render worker: render, upload, then send by media id.
  void render_and_upload(RenderJob job) {
    std::optional<RenderedDocument> pdf;
    try {
      if (renderer) pdf = renderer(job.doc.certificate_ref);
    } catch (const std::exception&) {
      pdf.reset();
    }
    if (!pdf) {
      job.done(local_failure(SendResult::Outcome::permanent, "certificate could not be rendered"));
      return;
    }
    graph::Multipart mp;
    try {
      mp = graph::media_upload_body(pdf->bytes, pdf->mime_type,
                                    job.doc.filename.empty() ? pdf->filename : job.doc.filename);
    } catch (const std::exception&) {
      job.done(local_failure(SendResult::Outcome::retry, "multipart boundary unavailable"));
      return;
    }
    auto self = shared_from_this();
    std::string used = current_token();
    client->request(request("media", mp.content_type, std::move(mp.body), used),
                    [self, used, job = std::move(job)](ClientResponse resp) mutable {
                      SendResult up = read_answer(resp);
                      if (up.outcome == SendResult::Outcome::accepted && up.media_id.empty()) {
                        up.outcome = SendResult::Outcome::permanent;
                        up.error_title = "media upload answered without an id";
                      }
                      if (up.outcome != SendResult::Outcome::accepted) {
                        up.message_id.clear();
                        if (up.outcome == SendResult::Outcome::token_invalid) self->rejected(used);
                        job.done(std::move(up));
                        return;
                      }
                      self->send_message(job.doc, job.to, up.media_id, std::move(job.done));
                    });
  }

  void run_worker() {
    for (;;) {
      RenderJob job;
      {
        std::unique_lock<std::mutex> lock(jobs_mu);
        jobs_cv.wait(lock, [&] { return stopping || !jobs.empty(); });
        if (stopping && jobs.empty()) return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      render_and_upload(std::move(job));
    }
  }
};

GraphChannel::GraphChannel(std::shared_ptr<HttpsClient> client, GraphChannelOptions options, DocumentRenderer renderer)
    : core_(std::make_shared<Core>()) {
  core_->client = std::move(client);
  core_->opts = std::move(options);
  core_->renderer = std::move(renderer);
  core_->token = core_->opts.access_token;
  core_->reload();  // the file, when named, is the source of truth
  worker_ = std::thread([core = core_] { core->run_worker(); });
}

GraphChannel::~GraphChannel() {
  {
    std::lock_guard<std::mutex> lock(core_->jobs_mu);
    core_->stopping = true;
  }
  core_->jobs_cv.notify_all();
  worker_.join();
}

void GraphChannel::send(const OutboundItem& item, std::function<void(SendResult)> done) {
  OutboundMessage m;
  try {
    m = outbound_from_json(item.message);
  } catch (const std::exception&) {
    core_->client->defer([done = std::move(done)] {
      done(local_failure(SendResult::Outcome::permanent, "stored message is not a known outbound shape"));
    });
    return;
  }
  graph::Recipient to{item.to, item.user_id};
  if (auto* doc = std::get_if<OutDocument>(&m); doc && doc->media_id.empty() && !doc->certificate_ref.empty()) {
    {
      std::lock_guard<std::mutex> lock(core_->jobs_mu);
      core_->jobs.push_back(Core::RenderJob{*doc, to, std::move(done)});
    }
    core_->jobs_cv.notify_one();
    return;
  }
  core_->send_message(m, to, {}, std::move(done));
}

bool GraphChannel::reload_credentials() { return core_->reload(); }

}  // namespace aduan::transport
