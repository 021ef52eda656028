#include "app/scenario/fake_meta.hpp"

#include <cctype>

#include <boost/asio/executor_work_guard.hpp>

namespace aduan::app {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxProblems = 20;

transport::HttpResponse graph_error(int status, int code, const std::string& message) {
  json j{{"error", {{"message", message}, {"type", "OAuthException"}, {"code", code}, {"fbtrace_id", "FAKE"}}}};
  return transport::json_response(status, j.dump());
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<MediaBytes> multipart_field(const std::string& content_type, const std::string& body,
                                          const std::string& field) {
  auto b = content_type.find("boundary=");
  if (b == std::string::npos) return std::nullopt;
  std::string boundary = content_type.substr(b + 9);
  if (auto semi = boundary.find(';'); semi != std::string::npos) boundary.resize(semi);
  if (boundary.size() >= 2 && boundary.front() == '"') boundary = boundary.substr(1, boundary.size() - 2);
  const std::string delim = "--" + boundary;
  std::size_t pos = body.find(delim);
  while (pos != std::string::npos) {
    std::size_t head = pos + delim.size();
    if (body.compare(head, 2, "--") == 0) break;  // the closing delimiter
    head += 2;                                     // CRLF after the delimiter
    const std::size_t head_end = body.find("\r\n\r\n", head);
    if (head_end == std::string::npos) break;
    const std::string headers = body.substr(head, head_end - head);
    const std::size_t data = head_end + 4;
    const std::size_t next = body.find("\r\n" + delim, data);
    if (next == std::string::npos) break;
    const std::string lh = lower(headers);
    if (lh.find("name=\"" + lower(field) + "\"") != std::string::npos) {
      MediaBytes m;
      auto ct = lh.find("content-type:");
      if (ct != std::string::npos) {
        std::size_t v = ct + 13, e = headers.find("\r\n", v);
        m.mime_type = headers.substr(v, e == std::string::npos ? std::string::npos : e - v);
        while (!m.mime_type.empty() && m.mime_type.front() == ' ') m.mime_type.erase(0, 1);
      }
      m.bytes = body.substr(data, next - data);
      return m;
    }
    pos = next + 2;
  }
  return std::nullopt;
}

FakeMeta::FakeMeta(std::string phone_number_id, std::string graph_token, std::string sms_token)
    : phone_number_id_(std::move(phone_number_id)),
      graph_token_(std::move(graph_token)),
      sms_token_(std::move(sms_token)) {
  transport::HttpLimits limits;
  limits.body_limit = kFakeBodyLimit;
  server_ = std::make_unique<transport::HttpServer>(
      ioc_, "127.0.0.1", 0, limits,
      [this](transport::HttpRequest&& req, transport::Responder respond) { handle(std::move(req), std::move(respond)); },
      "fake meta");
  server_->start();
  io_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(ioc_);
    ioc_.run();
  });
}

FakeMeta::~FakeMeta() {
  server_->stop();
  ioc_.stop();
  if (io_.joinable()) io_.join();
  server_.reset();
}

std::string FakeMeta::graph_url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port()) + "/graph/" + kFakeGraphVersion;
}

std::string FakeMeta::sms_url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/sms/send"; }

void FakeMeta::handle(transport::HttpRequest&& req, transport::Responder respond) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_;
  }
  if (req.method != "POST") return respond(graph_error(405, 100, "fake meta: only POST is faked"));
  if (req.path.rfind("/sms/", 0) == 0) return respond(on_sms(req));
  if (req.path.rfind("/graph/", 0) == 0) return respond(on_graph(req));
  respond(graph_error(404, 100, "fake meta: unknown path " + req.path));
}

transport::HttpResponse FakeMeta::on_graph(const transport::HttpRequest& req) {
  std::lock_guard<std::mutex> lock(mu_);
  auto note = [&](const std::string& p) {
    if (problems_.size() < kMaxProblems) problems_.push_back(p);
  };
  if (req.header("authorization") != "Bearer " + graph_token_) {
    note("fake Graph: " + req.path + " without the expected bearer token (answered 401, code 190)");
    return graph_error(401, 190, "Invalid OAuth access token");
  }
  const std::string prefix = std::string("/graph/") + kFakeGraphVersion + "/" + phone_number_id_ + "/";
  if (req.path.rfind(prefix, 0) != 0) {
    note("fake Graph: unexpected path " + req.path);
    return graph_error(400, 100, "Unsupported post request");
  }
  if (ends_with(req.path, "/media")) {
    auto file = multipart_field(req.header("content-type"), req.body, "file");
    if (!file) {
      note("fake Graph: a media upload without a file part");
      return graph_error(400, 100, "Param file is required");
    }
    const std::string id = "9" + std::to_string(1000000000000000ull + ++counter_);
    media_[id] = std::move(*file);
    return transport::json_response(200, json{{"id", id}}.dump());
  }
  if (!ends_with(req.path, "/messages")) {
    note("fake Graph: unexpected path " + req.path);
    return graph_error(400, 100, "Unsupported post request");
  }
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object() || body.value("messaging_product", std::string()) != "whatsapp") {
    note("fake Graph: a /messages body that is not a WhatsApp message");
    return graph_error(400, 100, "(#100) The parameter messaging_product is required.");
  }
  if (body.value("status", std::string()) == "read") return transport::json_response(200, R"({"success":true})");
  const std::string to = body.value("to", body.value("recipient", std::string()));
  if (to.empty()) {
    note("fake Graph: a message without a recipient");
    return graph_error(400, 100, "(#100) The parameter to is required.");
  }
  const std::string wamid = "wamid.FAKE" + std::to_string(++counter_);
  messages_[to].push_back(BotMessage{body, wamid});
  json answer{{"messaging_product", "whatsapp"},
              {"contacts", json::array({{{"input", to}, {"wa_id", to}}})},
              {"messages", json::array({{{"id", wamid}}})}};
  return transport::json_response(200, answer.dump());
}

transport::HttpResponse FakeMeta::on_sms(const transport::HttpRequest& req) {
  std::lock_guard<std::mutex> lock(mu_);
  if (req.header("authorization") != "Bearer " + sms_token_) {
    if (problems_.size() < kMaxProblems) problems_.push_back("fake SMS gateway: a request without the expected bearer token");
    return transport::error_response(401, "unauthorized");
  }
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body["to"].is_string() || !body["text"].is_string()) {
    if (problems_.size() < kMaxProblems) problems_.push_back("fake SMS gateway: a body without to/text");
    return transport::error_response(400, "to and text are required");
  }
  const std::string to = digits_only(body["to"].get<std::string>());
  if (to.size() >= 4 && to.compare(to.size() - 4, 4, kFakeSmsRejectedSuffix) == 0)
    return transport::error_response(400, "invalid destination number");
  sms_.push_back(SmsMessage{to, body["text"].get<std::string>()});
  return transport::json_response(200, json{{"id", "sms-" + std::to_string(++counter_)}}.dump());
}

std::vector<BotMessage> FakeMeta::messages_to(const std::string& wa_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = messages_.find(wa_id);
  return it == messages_.end() ? std::vector<BotMessage>{} : it->second;
}

std::vector<SmsMessage> FakeMeta::sms_to(const std::string& phone) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string p = digits_only(phone);
  std::vector<SmsMessage> out;
  for (const auto& s : sms_)
    if (p.empty() || s.to == p) out.push_back(s);
  return out;
}

std::optional<MediaBytes> FakeMeta::media(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = media_.find(id);
  if (it == media_.end()) return std::nullopt;
  return it->second;
}

std::string FakeMeta::problems() {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& p : problems_) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::size_t FakeMeta::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

}  // namespace aduan::app
