// The Graph sender on its own against the local fake Graph server: the request it makes
// (path, bearer token, Meta's wire body), the certificate upload then document by media
// id, how answers become SendResults, and the token re-read after a 190.
#include <catch2/catch.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <fstream>
#include <future>
#include <thread>

#include "core/outbound.hpp"
#include "tests/support/fake_graph_server.hpp"
#include "tests/support/temp_dir.hpp"
#include "transport/graph_channel.hpp"
#include "transport/graph_payload.hpp"

using namespace aduan;
using namespace aduan::transport;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* kPhoneId = "1234567890";

// Bytes a PDF could contain, including NUL and CR LF, so the multipart body must carry them verbatim.
std::string fake_pdf() {
  std::string s = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\r\n<< /Type /Catalog >>\r\nendobj\n";
  s.push_back('\0');
  s += "binary\x01\x02\xFF tail %%EOF\n";
  return s;
}

struct ChannelLoop {
  boost::asio::io_context ioc;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{ioc.get_executor()};
  std::thread thread{[this] { ioc.run(); }};
  std::shared_ptr<GraphChannel> channel;
  std::atomic<int> renders{0};

  ChannelLoop(const test::FakeGraphServer& fake, std::string token, std::string token_file = {},
              bool renderer_works = true) {
    std::string error;
    std::shared_ptr<HttpsClient> client = HttpsClient::create(ioc, {}, &error);
    REQUIRE(client);
    GraphChannelOptions o;
    o.graph_url = fake.graph_url();
    o.phone_number_id = kPhoneId;
    o.access_token = std::move(token);
    o.access_token_file = std::move(token_file);
    channel = std::make_shared<GraphChannel>(
        client, o, [this, renderer_works](const std::string& ref) -> std::optional<RenderedDocument> {
          ++renders;
          if (!renderer_works) return std::nullopt;
          RenderedDocument d;
          d.bytes = fake_pdf() + ref;
          d.filename = "sertifikat.pdf";
          return d;
        });
  }
  ~ChannelLoop() {
    channel.reset();
    work.reset();
    ioc.stop();
    thread.join();
  }

  SendResult send(OutboundItem item) {
    std::promise<SendResult> p;
    std::atomic<int> calls{0};
    channel->send(item, [&](SendResult r) {
      if (++calls == 1) p.set_value(std::move(r));
    });
    auto f = p.get_future();
    REQUIRE(f.wait_for(20s) == std::future_status::ready);
    auto r = f.get();
    std::this_thread::sleep_for(20ms);
    CHECK(calls == 1);  // exactly once
    return r;
  }
};

OutboundItem item_for(const std::string& to, const OutboundMessage& m) {
  OutboundItem it;
  it.seq = 1;
  it.channel = "graph";
  it.to = to;
  it.message = outbound_to_json(m);
  return it;
}

}  // namespace

TEST_CASE("a text goes to /{phone-number-id}/messages with the bearer token and Meta's wire body") {
  test::FakeGraphServer fake;
  ChannelLoop loop(fake, "tok-A");
  auto m = make_text("Halo, kode Anda sudah dikirim.");
  auto r = loop.send(item_for("6281234567890", m));
  CHECK(r.outcome == SendResult::Outcome::accepted);
  CHECK(r.message_id.rfind("wamid.FAKE", 0) == 0);
  auto reqs = fake.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == "POST");
  CHECK(reqs[0].path == "/v21.0/" + std::string(kPhoneId) + "/messages");
  CHECK(reqs[0].headers["authorization"] == "Bearer tok-A");
  CHECK(reqs[0].headers["content-type"] == "application/json");
  CHECK(json::parse(reqs[0].body) == graph::message_payload(m, {"6281234567890", ""}));
}

TEST_CASE("a username user without a phone is addressed by the recipient field") {
  test::FakeGraphServer fake;
  ChannelLoop loop(fake, "tok");
  OutboundItem it = item_for("", make_text("hi"));
  it.user_id = "ID.bsuid.123";
  CHECK(loop.send(it).outcome == SendResult::Outcome::accepted);
  auto body = json::parse(fake.requests().at(0).body);
  CHECK(body["recipient"] == "ID.bsuid.123");
  CHECK_FALSE(body.contains("to"));
}

TEST_CASE("a certificate document is rendered, uploaded as multipart, then sent by the returned media id") {
  test::FakeGraphServer fake;
  ChannelLoop loop(fake, "tok");
  auto doc = make_certificate_document("CIT-7:2", "sertifikat-dosis-2.pdf", "Sertifikat vaksin Anda");
  auto r = loop.send(item_for("6281234567890", doc));
  REQUIRE(r.outcome == SendResult::Outcome::accepted);
  CHECK(loop.renders == 1);

  auto uploads = fake.requests("/media");
  REQUIRE(uploads.size() == 1);
  CHECK(uploads[0].path == "/v21.0/" + std::string(kPhoneId) + "/media");
  CHECK(uploads[0].headers["authorization"] == "Bearer tok");
  CHECK(uploads[0].headers["content-type"].rfind("multipart/form-data; boundary=", 0) == 0);
  const std::string& body = uploads[0].body;
  CHECK(body.find(fake_pdf() + "CIT-7:2") != std::string::npos);  // the PDF bytes, verbatim
  CHECK(body.find("name=\"messaging_product\"\r\n\r\nwhatsapp\r\n") != std::string::npos);
  CHECK(body.find("filename=\"sertifikat-dosis-2.pdf\"") != std::string::npos);
  CHECK(body.find("application/pdf") != std::string::npos);

  const std::string uploaded_id = "media-1";  // the fake numbers its ids from 1, and the upload came first
  auto sends = fake.requests("/messages");
  REQUIRE(sends.size() == 1);
  auto msg = json::parse(sends[0].body);
  CHECK(msg["type"] == "document");
  CHECK(msg["document"]["id"] == uploaded_id);
  CHECK(msg["document"]["filename"] == "sertifikat-dosis-2.pdf");
  CHECK(msg["document"]["caption"] == "Sertifikat vaksin Anda");
  CHECK(r.media_id == uploaded_id);
  CHECK_FALSE(r.message_id.empty());
}

TEST_CASE("a failed upload sends no message and is retried later") {
  test::FakeGraphServer fake;
  fake.script("/media", {{503, "Service Unavailable"}});
  ChannelLoop loop(fake, "tok");
  auto r = loop.send(item_for("62811", make_certificate_document("CIT-1:1", "c.pdf", "")));
  CHECK(r.outcome == SendResult::Outcome::retry);
  CHECK(r.http_status == 503);
  CHECK(r.media_id.empty());
  CHECK(fake.count("/messages") == 0);
}

TEST_CASE("a document that fails after its upload keeps the media id, and the retry does not upload again") {
  test::FakeGraphServer fake;
  fake.script("/messages", {test::graph_error(500, 131000, "Something went wrong")});
  ChannelLoop loop(fake, "tok");
  auto item = item_for("62811", make_certificate_document("CIT-1:1", "c.pdf", ""));
  auto first = loop.send(item);
  CHECK(first.outcome == SendResult::Outcome::retry);
  CHECK(first.error_code == 131000);
  REQUIRE_FALSE(first.media_id.empty());

  item.message["media_id"] = first.media_id;  // what the dispatcher stores on the row
  auto second = loop.send(item);
  CHECK(second.outcome == SendResult::Outcome::accepted);
  CHECK(fake.count("/media") == 1);
  CHECK(loop.renders == 1);
  CHECK(json::parse(fake.requests("/messages").back().body)["document"]["id"] == first.media_id);
}

TEST_CASE("a certificate that cannot be rendered fails permanently without any request") {
  test::FakeGraphServer fake;
  ChannelLoop loop(fake, "tok", "", /*renderer_works=*/false);
  auto r = loop.send(item_for("62811", make_certificate_document("CIT-404:1", "c.pdf", "")));
  CHECK(r.outcome == SendResult::Outcome::permanent);
  CHECK_THAT(r.error_title, Catch::Contains("rendered"));
  CHECK(fake.count() == 0);
}

TEST_CASE("Graph answers become the dispatcher's outcomes") {
  struct Case {
    test::FakeAnswer answer;
    SendResult::Outcome outcome;
    int code;
  };
  const Case cases[] = {
      {test::graph_error(429, 130429, "Rate limit hit"), SendResult::Outcome::retry, 130429},
      {test::graph_error(400, 131056, "Pair rate limit"), SendResult::Outcome::retry_pair_limited, 131056},
      {test::graph_error(400, 131026, "Message undeliverable"), SendResult::Outcome::permanent, 131026},
      {test::graph_error(400, 132001, "Template does not exist"), SendResult::Outcome::permanent, 132001},
      {test::graph_error(401, 190, "Invalid OAuth access token"), SendResult::Outcome::token_invalid, 190},
      {{502, "<html>Bad Gateway</html>"}, SendResult::Outcome::retry, 0},
      {{200, R"({"messaging_product":"whatsapp"})"}, SendResult::Outcome::permanent, 0},  // 2xx without an id
  };
  for (const auto& c : cases) {
    test::FakeGraphServer fake;
    fake.script("/messages", {c.answer});
    ChannelLoop loop(fake, "tok");
    auto r = loop.send(item_for("62811", make_text("x")));
    INFO("answer " << c.answer.status << " " << c.answer.body);
    CHECK(r.outcome == c.outcome);
    CHECK(r.error_code == c.code);
    CHECK(r.http_status == c.answer.status);
    CHECK(r.message_id.empty());
  }
}

TEST_CASE("no answer at all is a retry that names the network error") {
  unsigned short closed_port;
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    closed_port = a.local_endpoint().port();
  }
  test::FakeGraphServer fake;
  ChannelLoop loop(fake, "tok");
  // Point a second channel at the closed port.
  std::string error;
  std::shared_ptr<HttpsClient> client = HttpsClient::create(loop.ioc, {}, &error);
  GraphChannel dead(client, {"http://127.0.0.1:" + std::to_string(closed_port) + "/v21.0", kPhoneId, "tok", ""}, {});
  std::promise<SendResult> p;
  dead.send(item_for("62811", make_text("x")), [&p](SendResult r) { p.set_value(r); });
  auto r = p.get_future().get();
  CHECK(r.outcome == SendResult::Outcome::retry);
  CHECK(r.http_status == 0);
  CHECK_THAT(r.error_title, Catch::Contains("no answer"));
}

TEST_CASE("a 190 makes the channel re-read its token file, and reload_credentials re-reads it too") {
  test::TempDir dir;
  const std::string file = dir.file("token");
  std::ofstream(file) << "old-token\n";
  test::FakeGraphServer fake;
  fake.require_token("new-token");
  ChannelLoop loop(fake, "", file);

  std::ofstream(file) << "new-token\n";  // rotated on disk, no SIGHUP yet
  auto first = loop.send(item_for("62811", make_text("x")));
  CHECK(first.outcome == SendResult::Outcome::token_invalid);
  CHECK(first.error_code == 190);
  CHECK(loop.channel->reload_credentials());  // new-token was not rejected yet: worth a retry
  auto second = loop.send(item_for("62811", make_text("x")));  // the 190 made the channel re-read
  CHECK(second.outcome == SendResult::Outcome::accepted);
  auto reqs = fake.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].headers["authorization"] == "Bearer old-token");
  CHECK(reqs[1].headers["authorization"] == "Bearer new-token");

  fake.require_token("third-token");
  std::ofstream(file) << "  third-token  \n";
  loop.channel->reload_credentials();
  CHECK(loop.send(item_for("62811", make_text("x"))).outcome == SendResult::Outcome::accepted);

  std::ofstream(file) << "";  // an emptied file keeps the last good token
  CHECK(loop.channel->reload_credentials());
  CHECK(loop.send(item_for("62811", make_text("x"))).outcome == SendResult::Outcome::accepted);
  // Graph now refuses the token the file still holds: a reload has nothing new to offer.
  fake.require_token("fourth-token");
  CHECK(loop.send(item_for("62811", make_text("x"))).outcome == SendResult::Outcome::token_invalid);
  CHECK_FALSE(loop.channel->reload_credentials());
}

TEST_CASE("a stored message of unknown shape fails permanently without a request") {
  test::FakeGraphServer fake;
  ChannelLoop loop(fake, "tok");
  OutboundItem it;
  it.channel = "graph";
  it.to = "62811";
  it.message = {{"kind", "hologram"}};
  CHECK(loop.send(it).outcome == SendResult::Outcome::permanent);
  CHECK(fake.count() == 0);
}
