#include "certs/certificate_pdf.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <thread>
#include <vector>

#include "cert_test_support.hpp"
#include "certs/qr_code.hpp"

using namespace aduan::certs;
using namespace aduan::certs::test;

namespace {

const SigningKey& test_key() {
  static const SigningKey key = *SigningKey::generate(nullptr);
  return key;
}

struct Rendered {
  std::string payload;
  std::string pdf;
};

Rendered render(const CertificateData& data) {
  Rendered r;
  r.payload = make_payload(data, test_key());
  std::string error;
  auto pdf = render_certificate_pdf(data, r.payload, &error);
  INFO(error);
  REQUIRE(pdf);
  r.pdf = std::move(*pdf);
  return r;
}

// Rasterises the PDF at 150 dpi and returns what zbarimg reads from the QR code.
std::string scan_qr(const TempDir& dir, const std::string& pdf) {
  REQUIRE(tool_available("pdftoppm"));
  REQUIRE(tool_available("zbarimg"));
  const std::string file = dir.file("cert.pdf");
  write_file(file, pdf);
  const auto raster = run_command("pdftoppm -r 150 -png -singlefile '" + file + "' '" + dir.file("page") + "' 2>&1");
  INFO(raster.output);
  REQUIRE(raster.exit_code == 0);
  const auto scan = run_command("zbarimg --raw -q -Sdisable -Sqrcode.enable '" + dir.file("page.png") + "' 2>/dev/null");
  REQUIRE(scan.exit_code == 0);
  std::string text = scan.output;
  if (!text.empty() && text.back() == '\n') text.pop_back();  // zbarimg ends each symbol with a newline
  return text;
}

}  // namespace

TEST_CASE("The certificate is a one-page A4 PDF that pdfinfo accepts") {
  const auto r = render(sample_data());
  CHECK(r.pdf.rfind("%PDF-", 0) == 0);
  CHECK(r.pdf.find("%%EOF") != std::string::npos);

  REQUIRE(tool_available("pdfinfo"));
  TempDir dir;
  write_file(dir.file("cert.pdf"), r.pdf);
  const auto info = run_command("pdfinfo '" + dir.file("cert.pdf") + "' 2>&1");
  INFO(info.output);
  REQUIRE(info.exit_code == 0);
  CHECK(std::regex_search(info.output, std::regex("\\nPages: +1\\n")));
  CHECK(info.output.find("(A4)") != std::string::npos);
  CHECK(info.output.find("COVID-19 Vaccination Certificate") != std::string::npos);
  CHECK(info.output.find(r.payload) != std::string::npos);  // Keywords entry
}

TEST_CASE("The QR code in the rendered PDF scans back to exactly the payload") {
  TempDir dir;
  for (const auto& data : {sample_data(), long_sample_data()}) {
    const auto r = render(data);
    INFO("payload length " << r.payload.size());
    CHECK(scan_qr(dir, r.pdf) == r.payload);
    CHECK(verify_payload(scan_qr(dir, r.pdf), test_key().public_key_pem()).valid);
  }
}

TEST_CASE("The page shows the certificate fields, with the masked NIK") {
  REQUIRE(tool_available("pdftotext"));
  TempDir dir;
  const auto data = sample_data();
  write_file(dir.file("cert.pdf"), render(data).pdf);
  const auto text = run_command("pdftotext -layout '" + dir.file("cert.pdf") + "' - 2>&1");
  REQUIRE(text.exit_code == 0);
  for (const std::string& expected :
       {std::string("Sertifikat Vaksinasi COVID-19"), std::string("COVID-19 Vaccination Certificate"), data.name,
        data.nik_masked, data.birth_date, data.vaccine, data.date, data.facility, data.batch, data.number,
        data.issued_at}) {
    INFO(expected);
    CHECK(text.output.find(expected) != std::string::npos);
  }
}

TEST_CASE("Names outside Latin-1 render transliterated and never break the PDF") {
  auto data = sample_data();
  data.name = "\xC5\x81ukasz Nguy\xE1\xBB\x85n \xE7\x8E\x8B";  // Łukasz Nguyễn 王
  data.facility = std::string("Klinik \0 Sehat\x01\xff", 17);
  TempDir dir;
  const auto r = render(data);
  write_file(dir.file("cert.pdf"), r.pdf);
  const auto text = run_command("pdftotext -layout '" + dir.file("cert.pdf") + "' - 2>&1");
  REQUIRE(text.exit_code == 0);
  CHECK(text.output.find("Lukasz Nguyen ?") != std::string::npos);
  CHECK(scan_qr(dir, r.pdf) == r.payload);
}

TEST_CASE("A very long value is cut with an ellipsis instead of running off the page") {
  auto data = sample_data();
  data.facility = std::string(300, 'W');
  TempDir dir;
  write_file(dir.file("cert.pdf"), render(data).pdf);
  const auto text = run_command("pdftotext -layout '" + dir.file("cert.pdf") + "' - 2>&1");
  CHECK(text.output.find("WWW...") != std::string::npos);
  CHECK(text.output.find(std::string(300, 'W')) == std::string::npos);
}

TEST_CASE("The payload is read back from the PDF information dictionary") {
  const auto r = render(sample_data());
  CHECK(extract_payload_from_pdf(r.pdf) == r.payload);
  CHECK(verify_payload(*extract_payload_from_pdf(r.pdf), test_key().public_key_pem()).valid);
}

TEST_CASE("Payload extraction understands escaped, hex and UTF-16 PDF strings") {
  CHECK(extract_payload_from_pdf("<< /Keywords (ADUAN1.ab\\(c\\)\\\\d\\056e) >>") == std::string("ADUAN1.ab(c)\\d.e"));
  CHECK(extract_payload_from_pdf("<< /Keywords (ADUAN1.a(nested)b) >>") == std::string("ADUAN1.a(nested)b"));
  CHECK(extract_payload_from_pdf("<</Keywords<4144 55414E312E 61>>>") == std::string("ADUAN1.a"));
  CHECK(extract_payload_from_pdf("<</Keywords <FEFF0041004400550041004E0031002E0078>>>") ==
        std::string("ADUAN1.x"));
  CHECK(extract_payload_from_pdf("<</Keywords (ADUAN1.spl\\\nit)>>") == std::string("ADUAN1.split"));
  // The last entry wins (an incremental update appends a new information dictionary).
  CHECK(extract_payload_from_pdf("<</Keywords (ADUAN1.old)>> ... <</Keywords (ADUAN1.new)>>") ==
        std::string("ADUAN1.new"));
}

TEST_CASE("Payload extraction never throws on junk and finds nothing there") {
  const std::vector<std::string> junk = {
      "",
      "%PDF-1.4",
      "/Keywords",
      "/Keywords (",
      "/Keywords <414",
      "/Keywords <zz>",
      "/Keywords (not ours)",
      "/KeywordsX (ADUAN1.x)",
      "/Keywords <FEFF00>",
      "/Keywords <FEFF0100>",
      "/Keywords (" + std::string(20000, 'A') + ")",
      std::string(1000, '('),
  };
  for (const auto& input : junk) {
    INFO(input.substr(0, 30));
    std::optional<std::string> found;
    REQUIRE_NOTHROW(found = extract_payload_from_pdf(input));
    CHECK_FALSE(found);
  }
}

TEST_CASE("A payload too long for a QR code is an error, not a crash") {
  std::string error;
  CHECK_FALSE(render_certificate_pdf(sample_data(), std::string(kMaxQrBytes + 1, 'A'), &error));
  CHECK(error.find("QR") != std::string::npos);
  CHECK_FALSE(render_certificate_pdf(sample_data(), "", &error));
}

TEST_CASE("Certificates render concurrently on several threads") {
  constexpr int kThreads = 4, kPerThread = 5;
  std::vector<std::thread> threads;
  std::vector<int> ok(kThreads, 0);
  const std::string payload = make_payload(sample_data(), test_key());
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto pdf = render_certificate_pdf(sample_data(), payload, nullptr);
        if (pdf && extract_payload_from_pdf(*pdf) == payload) ++ok[static_cast<std::size_t>(t)];
      }
    });
  for (auto& th : threads) th.join();
  for (int n : ok) CHECK(n == kPerThread);
}

TEST_CASE("The certificate file name is safe ASCII naming the number and dose") {
  auto data = sample_data();
  CHECK(certificate_file_name(data) == "sertifikat-CRT-7Q4M2K9X8P-dosis-2.pdf");
  data.number = "../etc/passwd";
  CHECK(certificate_file_name(data) == "sertifikat-etcpasswd-dosis-2.pdf");
}
