// transport/graph_payload: exact wire JSON per message kind, the media multipart body,
// classification of Graph answers, and retry delays.
#include "transport/graph_payload.hpp"

#include <catch2/catch.hpp>

#include <climits>
#include <string>
#include <vector>

using namespace aduan;
using namespace aduan::graph;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

const Recipient kPhone{"6281234567890", ""};
const Recipient kUsername{"", "ID.13491208655302741918"};

}  // namespace

// --- message payloads -----------------------------------------------------------------------

TEST_CASE("a text message has Meta's exact shape with link previews off") {
  CHECK(message_payload(OutText{"Halo"}, kPhone) == json::parse(R"({
    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "6281234567890",
    "type": "text", "text": {"body": "Halo", "preview_url": false}})"));
}

TEST_CASE("a username user is addressed by the business-scoped user id recipient field") {
  CHECK(message_payload(OutText{"Halo"}, kUsername) == json::parse(R"({
    "messaging_product": "whatsapp", "recipient_type": "individual",
    "recipient": "ID.13491208655302741918",
    "type": "text", "text": {"body": "Halo", "preview_url": false}})"));
}

TEST_CASE("a phone number wins over a user id when both are known") {
  const json p = message_payload(OutText{"x"}, Recipient{"628111", "ID.1"});
  CHECK(p.at("to") == "628111");
  CHECK_FALSE(p.contains("recipient"));
}

TEST_CASE("an interactive list has header, body, footer, button and sections") {
  const OutList m{"Aduan", "Pilih menu", "Ketik menu", "Menu",
                  {{"Layanan", {{"cert", "Sertifikat", "Tidak bisa diunduh"}, {"status", "Status vaksin", ""}}}}};
  CHECK(message_payload(m, kPhone) == json::parse(R"({
    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "6281234567890",
    "type": "interactive",
    "interactive": {
      "type": "list",
      "header": {"type": "text", "text": "Aduan"},
      "body": {"text": "Pilih menu"},
      "footer": {"text": "Ketik menu"},
      "action": {"button": "Menu", "sections": [
        {"title": "Layanan", "rows": [
          {"id": "cert", "title": "Sertifikat", "description": "Tidak bisa diunduh"},
          {"id": "status", "title": "Status vaksin"}]}]}}})"));
}

TEST_CASE("an interactive list omits an empty header, footer and section title") {
  const OutList m{"", "Pilih", "", "Menu", {{"", {{"a", "A", ""}}}}};
  CHECK(message_payload(m, kPhone).at("interactive") == json::parse(R"({
      "type": "list", "body": {"text": "Pilih"},
      "action": {"button": "Menu", "sections": [{"rows": [{"id": "a", "title": "A"}]}]}})"));
}

TEST_CASE("reply buttons have Meta's exact shape") {
  const OutButtons m{"", "Data benar?", "Balas YA atau BATAL", {{"yes", "YA"}, {"no", "BATAL"}}};
  CHECK(message_payload(m, kPhone) == json::parse(R"({
    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "6281234567890",
    "type": "interactive",
    "interactive": {
      "type": "button",
      "body": {"text": "Data benar?"},
      "footer": {"text": "Balas YA atau BATAL"},
      "action": {"buttons": [
        {"type": "reply", "reply": {"id": "yes", "title": "YA"}},
        {"type": "reply", "reply": {"id": "no", "title": "BATAL"}}]}}})"));
}

TEST_CASE("a document goes by uploaded media id, stored media id or link") {
  const OutDocument cert{"", "", "C1:2", "sertifikat.pdf", "Sertifikat dosis 2"};
  SECTION("an uploaded certificate") {
    CHECK(message_payload(cert, kPhone, "MEDIA-77") == json::parse(R"({
      "messaging_product": "whatsapp", "recipient_type": "individual", "to": "6281234567890",
      "type": "document",
      "document": {"id": "MEDIA-77", "filename": "sertifikat.pdf", "caption": "Sertifikat dosis 2"}})"));
  }
  SECTION("a stored media id") {
    CHECK(message_payload(OutDocument{"M1", "", "", "a.pdf", ""}, kPhone).at("document") ==
          json::parse(R"({"id": "M1", "filename": "a.pdf"})"));
  }
  SECTION("a link") {
    CHECK(message_payload(OutDocument{"", "https://example.id/a.pdf", "", "", "c"}, kPhone).at("document") ==
          json::parse(R"({"link": "https://example.id/a.pdf", "caption": "c"})"));
  }
  SECTION("a certificate not uploaded yet cannot be expressed") {
    CHECK(message_payload(cert, kPhone).is_null());
  }
}

TEST_CASE("a template carries name, language code and body text parameters") {
  CHECK(message_payload(OutTemplate{"aduan_ticket_answer", "id", {"Jawaban petugas", "TK-1"}}, kPhone) ==
        json::parse(R"({
    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "6281234567890",
    "type": "template",
    "template": {"name": "aduan_ticket_answer", "language": {"code": "id"},
      "components": [{"type": "body", "parameters": [
        {"type": "text", "text": "Jawaban petugas"}, {"type": "text", "text": "TK-1"}]}]}})"));
}

TEST_CASE("a template without parameters has no components") {
  CHECK(message_payload(OutTemplate{"hello", "en", {}}, kPhone).at("template") ==
        json::parse(R"({"name": "hello", "language": {"code": "en"}})"));
}

TEST_CASE("mark-as-read names the message only") {
  CHECK(message_payload(OutMarkRead{"wamid.ABC"}, kPhone) ==
        json::parse(R"({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.ABC"})"));
}

// --- media upload ---------------------------------------------------------------------------

namespace {

std::size_t occurrences(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) ++n;
  return n;
}

// PDF-like bytes with NULs, CR LF and dashes that look like multipart syntax.
std::string tricky_bytes() {
  std::string b = "%PDF-1.4\n";
  b += std::string("\0\x01\xFF", 3);
  b += "\r\n--not-a-boundary\r\nContent-Disposition: x\r\n\r\n%%EOF";
  return b;
}

}  // namespace

TEST_CASE("the media upload body has the three fields and the bytes exactly once") {
  const std::string bytes = tricky_bytes();
  const Multipart m = media_upload_body(bytes, "application/pdf", "sertifikat.pdf");
  const std::string prefix = "multipart/form-data; boundary=";
  REQUIRE(m.content_type.rfind(prefix, 0) == 0);
  const std::string boundary = m.content_type.substr(prefix.size());
  REQUIRE_FALSE(boundary.empty());
  CHECK(bytes.find(boundary) == std::string::npos);
  CHECK(occurrences(m.body, bytes) == 1);
  const std::string dash = "--" + boundary;
  CHECK(m.body == dash + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n" +
                      dash + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\napplication/pdf\r\n" + dash +
                      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sertifikat.pdf\"\r\n"
                      "Content-Type: application/pdf\r\n\r\n" +
                      bytes + "\r\n" + dash + "--\r\n");
}

TEST_CASE("each media upload gets a fresh random boundary") {
  const auto a = media_upload_body("x", "application/pdf", "a.pdf");
  const auto b = media_upload_body("x", "application/pdf", "a.pdf");
  CHECK(a.content_type != b.content_type);
}

TEST_CASE("a boundary candidate found in the bytes is skipped") {
  const std::string bytes = "abc--CLASHdef";
  std::vector<std::string> candidates = {"CLASH", "FREE1"};
  std::size_t next = 0;
  const Multipart m = media_upload_body(bytes, "application/pdf", "a.pdf", [&] { return candidates[next++]; });
  CHECK(m.content_type == "multipart/form-data; boundary=FREE1");
  CHECK(next == 2);
}

TEST_CASE("a media upload fails rather than emit a boundary that occurs in the bytes") {
  CHECK_THROWS(media_upload_body("all CLASH", "application/pdf", "a.pdf", [] { return std::string("CLASH"); }));
}

TEST_CASE("a filename cannot break out of its quoted header value") {
  const Multipart m = media_upload_body("x", "application/pdf", "a\"b\r\nX-Evil: 1.pdf");
  CHECK(m.body.find("filename=\"a_b__X-Evil: 1.pdf\"") != std::string::npos);
  CHECK(m.body.find("\r\nX-Evil") == std::string::npos);
}

// --- classify_response ----------------------------------------------------------------------

namespace {

std::string error_body(int code, const std::string& message = "boom") {
  return json{{"error", {{"message", message}, {"type", "OAuthException"}, {"code", code}, {"fbtrace_id", "A1"}}}}
      .dump();
}

}  // namespace

TEST_CASE("a 2xx with messages[0].id is accepted with that id") {
  const auto r = classify_response(200, R"({"messaging_product":"whatsapp",
      "contacts":[{"input":"6281234567890","wa_id":"6281234567890"}],
      "messages":[{"id":"wamid.HBgM"}]})");
  CHECK(r.outcome == Outcome::accepted);
  CHECK(r.message_id == "wamid.HBgM");
  CHECK(r.media_id.empty());
  CHECK(r.http_status == 200);
}

TEST_CASE("a 2xx media answer is accepted with the media id") {
  const auto r = classify_response(200, R"({"id":"1037543291543636"})");
  CHECK(r.outcome == Outcome::accepted);
  CHECK(r.media_id == "1037543291543636");
  CHECK(r.message_id.empty());
}

TEST_CASE("a 2xx read-receipt answer is accepted") {
  CHECK(classify_response(200, R"({"success":true})").outcome == Outcome::accepted);
  CHECK(classify_response(200, R"({"success":false})").outcome == Outcome::permanent);
}

TEST_CASE("a 2xx without any id is never taken as accepted") {
  for (const char* body : {"", "not json", "{}", R"({"messages":[]})", R"({"messages":[{"id":""}]})", "[1]"}) {
    INFO(body);
    CHECK(classify_response(200, body).outcome == Outcome::permanent);
  }
}

TEST_CASE("throttling and transient error codes are retried") {
  for (const int code : {4, 80007, 130429, 131000, 131016, 131057, 133004}) {
    for (const int status : {400, 429, 500, 503}) {
      INFO("code " << code << " status " << status);
      const auto r = classify_response(status, error_body(code));
      CHECK(r.outcome == Outcome::retry);
      CHECK(r.error_code == code);
      CHECK(r.http_status == status);
    }
  }
}

TEST_CASE("the pair rate limit 131056 slows only that recipient") {
  const auto r = classify_response(400, error_body(131056, "(#131056) Pair rate limit hit"));
  CHECK(r.outcome == Outcome::retry_pair_limited);
  CHECK(r.error_code == 131056);
  CHECK(r.error_title == "(#131056) Pair rate limit hit");
}

TEST_CASE("an invalid token (190 or 0) stops sending") {
  CHECK(classify_response(401, error_body(190)).outcome == Outcome::token_invalid);
  CHECK(classify_response(400, error_body(190)).outcome == Outcome::token_invalid);
  const auto zero = classify_response(401, error_body(0));
  CHECK(zero.outcome == Outcome::token_invalid);
  CHECK(zero.error_code == 0);
}

TEST_CASE("permanent error codes are not retried, even under a 5xx") {
  for (const int code : {100, 131026, 131047, 131051, 131062, 132000, 132001, 132012, 132999, 368}) {
    for (const int status : {400, 403, 500}) {
      INFO("code " << code << " status " << status);
      const auto r = classify_response(status, error_body(code));
      CHECK(r.outcome == Outcome::permanent);
      CHECK(r.error_code == code);
    }
  }
}

TEST_CASE("an unknown error code follows the HTTP status") {
  CHECK(classify_response(400, error_body(987654)).outcome == Outcome::permanent);
  CHECK(classify_response(404, error_body(987654)).outcome == Outcome::permanent);
  CHECK(classify_response(503, error_body(987654)).outcome == Outcome::retry);
  CHECK(classify_response(429, error_body(987654)).outcome == Outcome::retry);
}

TEST_CASE("unreadable answers are classified by status alone") {
  struct Row {
    int status;
    const char* body;
    Outcome expect;
  };
  const std::vector<Row> rows = {
      {500, "<html>Internal error</html>", Outcome::retry},
      {502, "", Outcome::retry},
      {503, "Service Unavailable", Outcome::retry},
      {504, "{", Outcome::retry},
      {429, "Too Many Requests", Outcome::retry},
      {408, "", Outcome::retry},
      {0, "", Outcome::retry},  // no answer at all
      {400, "<html>Bad Request</html>", Outcome::permanent},
      {404, "", Outcome::permanent},
      {413, "too large", Outcome::permanent},
      {401, "", Outcome::token_invalid},
      {400, R"({"error":"a string, not an object"})", Outcome::permanent},
      {500, R"({"error":{"code":"190"}})", Outcome::retry},  // code of the wrong type
      {400, "null", Outcome::permanent},
  };
  for (const auto& row : rows) {
    INFO(row.status << " " << row.body);
    GraphResult r;
    REQUIRE_NOTHROW(r = classify_response(row.status, row.body));
    CHECK(r.outcome == row.expect);
    CHECK(r.http_status == row.status);
  }
}

TEST_CASE("the error title prefers Meta's user title and is kept short") {
  const std::string body =
      R"({"error":{"message":"(#131047) Re-engagement message","code":131047,"error_user_title":"Window closed"}})";
  CHECK(classify_response(400, body).error_title == "Window closed");
  const auto r = classify_response(400, error_body(100, std::string(5000, 'm')));
  CHECK(r.error_title.size() == kMaxErrorTitle);
}

TEST_CASE("outcomes have stable names for logs and metrics") {
  CHECK(std::string(to_string(Outcome::accepted)) == "accepted");
  CHECK(std::string(to_string(Outcome::retry)) == "retry");
  CHECK(std::string(to_string(Outcome::retry_pair_limited)) == "retry_pair_limited");
  CHECK(std::string(to_string(Outcome::permanent)) == "permanent");
  CHECK(std::string(to_string(Outcome::token_invalid)) == "token_invalid");
}

// --- delays ---------------------------------------------------------------------------------

TEST_CASE("backoff ceilings grow exponentially and stay capped") {
  const std::uint64_t top = UINT64_MAX;
  milliseconds previous{0};
  for (int attempt = 1; attempt <= 40; ++attempt) {
    const milliseconds d = backoff_delay(attempt, top);
    INFO("attempt " << attempt);
    CHECK(d >= previous);
    CHECK(d <= kBackoffCap);
    previous = d;
  }
  CHECK(backoff_delay(1, top) < backoff_delay(2, top));
  CHECK(backoff_delay(2, top) < backoff_delay(3, top));
  CHECK(backoff_delay(3, top) < backoff_delay(4, top));
  CHECK(backoff_delay(1, top) <= kBackoffBase);
  CHECK(backoff_delay(1, top) > kBackoffBase - milliseconds(2));
  CHECK(backoff_delay(40, top) > kBackoffCap - milliseconds(2));
  CHECK(backoff_delay(INT_MAX, top) <= kBackoffCap);
}

TEST_CASE("backoff jitter spans from the floor to the ceiling") {
  CHECK(backoff_delay(5, 0) == kBackoffFloor);
  CHECK(backoff_delay(0, 0) == kBackoffFloor);   // attempt below 1 is read as 1
  CHECK(backoff_delay(-7, UINT64_MAX) == backoff_delay(1, UINT64_MAX));
  const milliseconds mid = backoff_delay(6, UINT64_MAX / 2);
  CHECK(mid > kBackoffFloor);
  CHECK(mid < backoff_delay(6, UINT64_MAX));
  for (std::uint64_t bits : {std::uint64_t{1}, std::uint64_t{0x9E3779B97F4A7C15ULL}, UINT64_MAX - 1}) {
    for (int attempt = 1; attempt < 20; ++attempt) {
      const milliseconds d = backoff_delay(attempt, bits);
      CHECK(d >= kBackoffFloor);
      CHECK(d <= kBackoffCap);
    }
  }
}

TEST_CASE("the pair-limit pause is 4^n seconds, capped") {
  CHECK(pair_limit_delay(1) == milliseconds(4'000));
  CHECK(pair_limit_delay(2) == milliseconds(16'000));
  CHECK(pair_limit_delay(3) == milliseconds(64'000));
  CHECK(pair_limit_delay(4) == milliseconds(256'000));
  CHECK(pair_limit_delay(5) == kPairLimitCap);
  CHECK(pair_limit_delay(0) == milliseconds(4'000));
  CHECK(pair_limit_delay(INT_MAX) == kPairLimitCap);
}
