#include "certs/certificate_pdf.hpp"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "certs/pdf_text.hpp"
#include "certs/qr_code.hpp"

namespace aduan::certs {
namespace {

// Page geometry (points; A4 is 595 x 842).
constexpr float kMargin = 56;
constexpr float kTitleY = 780, kSubtitleY = 758, kRuleY = 742;
constexpr float kTitleSize = 18, kSubtitleSize = 13, kLabelSize = 9, kValueSize = 11, kCaptionSize = 8;
constexpr float kFirstRowY = 716, kRowHeight = 22;
constexpr float kValueX = 236;
// The QR is drawn this wide including its quiet zone, with modules of at most kMaxModulePt:
// ~2.5 pt per module for a typical payload, i.e. ~5 px at 150 dpi, ~0.9 mm on paper.
constexpr float kQrSidePt = 230, kMaxModulePt = 6, kQrGapBelowRows = 24, kCaptionGap = 14;
constexpr float kLabelGrey = 0.35f;
constexpr const char* kEllipsis = "...";
constexpr const char* kFont = "Helvetica";
constexpr const char* kBoldFont = "Helvetica-Bold";
constexpr const char* kEncoding = "WinAnsiEncoding";

constexpr const char* kTitleId = "Sertifikat Vaksinasi COVID-19";
constexpr const char* kTitleEn = "COVID-19 Vaccination Certificate";
constexpr const char* kCaption = "Pindai kode QR untuk memverifikasi / Scan the QR code to verify";
constexpr const char* kKeywordsKey = "/Keywords";

// libharu calls this on every error. It only records: no longjmp, no abort, no throw
// (it is called from C code). The first error is the one worth reporting.
struct HaruStatus {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};
void on_haru_error(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
  auto* status = static_cast<HaruStatus*>(user);
  if (status->error == HPDF_OK) {
    status->error = error;
    status->detail = detail;
  }
}

std::string haru_reason(const HaruStatus& s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "libharu error 0x%04X (detail %u)", static_cast<unsigned>(s.error),
                static_cast<unsigned>(s.detail));
  return buf;
}

struct DocFree {
  void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};
using DocPtr = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocFree>;

// Cuts WinAnsi text (one byte per glyph) so it fits max_width at the page's current font.
std::string fit(HPDF_Page page, std::string text, float max_width) {
  if (HPDF_Page_TextWidth(page, text.c_str()) <= max_width) return text;
  while (!text.empty() && HPDF_Page_TextWidth(page, (text + kEllipsis).c_str()) > max_width) text.pop_back();
  return text + kEllipsis;
}

void text_at(HPDF_Page page, HPDF_Font font, float size, float x, float y, const std::string& winansi) {
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, size);
  HPDF_Page_TextOut(page, x, y, winansi.c_str());
  HPDF_Page_EndText(page);
}

struct Row {
  const char* label;  // ASCII, bilingual
  std::string value;  // UTF-8
};

std::vector<Row> rows_of(const CertificateData& d) {
  return {
      {"Nama / Name", d.name},
      {"NIK", d.nik_masked},
      {"Tanggal lahir / Date of birth", d.birth_date},
      {"Dosis / Dose", std::to_string(d.dose)},
      {"Vaksin / Vaccine", d.vaccine},
      {"Tanggal vaksinasi / Vaccination date", d.date},
      {"Fasilitas / Facility", d.facility},
      {"Nomor batch / Batch", d.batch},
      {"Nomor sertifikat / Certificate no.", d.number},
      {"Diterbitkan / Issued at", d.issued_at},
  };
}

// Dark modules as filled rectangles (one per horizontal run), one fill for the whole symbol so
// rasterisers leave no seams between neighbouring modules.
void draw_qr(HPDF_Page page, const QrMatrix& qr, float left, float bottom, float module) {
  const int total = qr.size + 2 * kQrQuietZoneModules;
  HPDF_Page_SetRGBFill(page, 1, 1, 1);
  HPDF_Page_Rectangle(page, left, bottom, module * total, module * total);
  HPDF_Page_Fill(page);
  HPDF_Page_SetRGBFill(page, 0, 0, 0);
  const float origin_x = left + module * kQrQuietZoneModules;
  const float top = bottom + module * (total - kQrQuietZoneModules);
  for (int y = 0; y < qr.size; ++y) {
    int x = 0;
    while (x < qr.size) {
      if (!qr.at(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < qr.size && qr.at(x, y)) ++x;
      HPDF_Page_Rectangle(page, origin_x + module * start, top - module * (y + 1), module * (x - start), module);
    }
  }
  HPDF_Page_Fill(page);
}

bool is_pdf_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0'; }
bool is_pdf_delimiter(char c) {
  return is_pdf_space(c) || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// PDF literal string starting at s[i] == '(' (PDF 32000-1 §7.3.4.2).
std::optional<std::string> parse_literal(std::string_view s, std::size_t i) {
  std::string out;
  int depth = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '(') {
      if (depth++ > 0) out.push_back(c);
    } else if (c == ')') {
      if (--depth == 0) return out;
      out.push_back(c);
    } else if (c == '\r') {
      out.push_back('\n');  // an unescaped EOL is read as \n whatever its form
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (c != '\\') {
      out.push_back(c);
    } else if (++i < s.size()) {
      const char e = s[i];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case '\r':  // backslash + EOL: line continuation, nothing is added
          if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
          break;
        case '\n': break;
        default:
          if (e >= '0' && e <= '7') {
            int value = 0, digits = 0;
            while (digits < 3 && i < s.size() && s[i] >= '0' && s[i] <= '7') {
              value = value * 8 + (s[i] - '0');
              ++i, ++digits;
            }
            --i;
            out.push_back(static_cast<char>(value & 0xFF));
          } else {
            out.push_back(e);  // \( \) \\ and any other escaped character stand for themselves
          }
      }
    }
    if (out.size() > kMaxPayloadChars * 2) return std::nullopt;
  }
  return std::nullopt;  // unterminated
}

// PDF hex string starting at s[i] == '<' (§7.3.4.3): whitespace ignored, odd final digit padded.
std::optional<std::string> parse_hex(std::string_view s, std::size_t i) {
  std::string out;
  int high = -1;
  for (++i; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '>') {
      if (high >= 0) out.push_back(static_cast<char>(high << 4));
      return out;
    }
    if (is_pdf_space(c)) continue;
    const int v = hex_value(c);
    if (v < 0) return std::nullopt;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<char>((high << 4) | v));
      high = -1;
    }
    if (out.size() > kMaxPayloadChars * 4) return std::nullopt;
  }
  return std::nullopt;
}

// A text string may be UTF-16BE with a BOM; a payload is ASCII, so only ASCII is accepted there.
std::optional<std::string> text_string_to_ascii(const std::string& bytes) {
  constexpr std::string_view kUtf16BeBom("\xFE\xFF", 2);
  if (std::string_view(bytes).substr(0, kUtf16BeBom.size()) != kUtf16BeBom) return bytes;
  if (bytes.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = kUtf16BeBom.size(); i + 1 < bytes.size(); i += 2) {
    if (bytes[i] != '\0' || static_cast<unsigned char>(bytes[i + 1]) >= 0x80) return std::nullopt;
    out.push_back(bytes[i + 1]);
  }
  return out;
}

std::string trim_ascii(std::string s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.back())) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && space(s[start])) ++start;
  return s.substr(start);
}

std::string safe_file_part(const std::string& s) {
  std::string out;
  for (char c : s)
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
      out.push_back(c);
  return out.empty() ? "sertifikat" : out;
}

}  // namespace

std::optional<std::string> render_certificate_pdf(const CertificateData& data, const std::string& payload,
                                                  std::string* error) {
  const auto fail = [&](std::string reason) -> std::optional<std::string> {
    if (error) *error = std::move(reason);
    return std::nullopt;
  };
  try {
    const auto qr = encode_qr(payload);
    if (!qr) return fail("payload is empty or too long for a QR code");

    HaruStatus status;
    DocPtr doc(HPDF_New(on_haru_error, &status));
    if (!doc) return fail("libharu: cannot create a document");
    HPDF_SetCompressionMode(doc.get(), HPDF_COMP_ALL);
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_TITLE, "Sertifikat Vaksinasi COVID-19 / COVID-19 Vaccination Certificate");
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_CREATOR, "aduan");
    HPDF_SetInfoAttr(doc.get(), HPDF_INFO_KEYWORDS, payload.c_str());

    HPDF_Page page = HPDF_AddPage(doc.get());
    HPDF_Font regular = HPDF_GetFont(doc.get(), kFont, kEncoding);
    HPDF_Font bold = HPDF_GetFont(doc.get(), kBoldFont, kEncoding);
    if (status.error != HPDF_OK || !page || !regular || !bold) return fail(haru_reason(status));
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    const float width = HPDF_Page_GetWidth(page);

    text_at(page, bold, kTitleSize, kMargin, kTitleY, kTitleId);
    text_at(page, regular, kSubtitleSize, kMargin, kSubtitleY, kTitleEn);
    HPDF_Page_SetLineWidth(page, 1);
    HPDF_Page_MoveTo(page, kMargin, kRuleY);
    HPDF_Page_LineTo(page, width - kMargin, kRuleY);
    HPDF_Page_Stroke(page);

    float y = kFirstRowY;
    for (const auto& row : rows_of(data)) {
      HPDF_Page_SetGrayFill(page, kLabelGrey);
      text_at(page, regular, kLabelSize, kMargin, y, row.label);
      HPDF_Page_SetGrayFill(page, 0);
      HPDF_Page_BeginText(page);
      HPDF_Page_SetFontAndSize(page, bold, kValueSize);
      const std::string value = fit(page, to_winansi(row.value), width - kMargin - kValueX);
      HPDF_Page_TextOut(page, kValueX, y, value.c_str());
      HPDF_Page_EndText(page);
      y -= kRowHeight;
    }

    const int total_modules = qr->size + 2 * kQrQuietZoneModules;
    const float module = std::min(kMaxModulePt, kQrSidePt / static_cast<float>(total_modules));
    const float side = module * static_cast<float>(total_modules);
    const float qr_bottom = y + kRowHeight - kQrGapBelowRows - side;
    draw_qr(page, *qr, (width - side) / 2, qr_bottom, module);

    HPDF_Page_SetGrayFill(page, kLabelGrey);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, regular, kCaptionSize);
    const float caption_width = HPDF_Page_TextWidth(page, kCaption);
    HPDF_Page_TextOut(page, (width - caption_width) / 2, qr_bottom - kCaptionGap, kCaption);
    HPDF_Page_EndText(page);

    if (status.error != HPDF_OK) return fail(haru_reason(status));
    if (HPDF_SaveToStream(doc.get()) != HPDF_OK) return fail(haru_reason(status));
    HPDF_ResetStream(doc.get());
    std::string out(HPDF_GetStreamSize(doc.get()), '\0');
    std::size_t filled = 0;
    while (filled < out.size()) {
      HPDF_UINT32 chunk = static_cast<HPDF_UINT32>(out.size() - filled);
      const HPDF_STATUS rc =
          HPDF_ReadFromStream(doc.get(), reinterpret_cast<HPDF_BYTE*>(out.data() + filled), &chunk);
      filled += chunk;
      if (rc == HPDF_STREAM_EOF || chunk == 0) break;
      if (rc != HPDF_OK) return fail(haru_reason(status));
    }
    out.resize(filled);
    if (out.compare(0, 5, "%PDF-") != 0) return fail("libharu produced no PDF");
    return out;
  } catch (const std::exception& e) {
    return fail(std::string("cannot render the certificate: ") + e.what());
  }
}

std::optional<std::string> extract_payload_from_pdf(std::string_view pdf) {
  try {
    if (pdf.size() > kMaxPdfBytesToSearch) return std::nullopt;
    const std::string_view key(kKeywordsKey);
    std::optional<std::string> found;
    for (std::size_t at = pdf.find(key); at != std::string_view::npos; at = pdf.find(key, at + 1)) {
      std::size_t i = at + key.size();
      if (i < pdf.size() && !is_pdf_delimiter(pdf[i])) continue;  // e.g. "/KeywordsX"
      while (i < pdf.size() && is_pdf_space(pdf[i])) ++i;
      if (i >= pdf.size()) break;
      std::optional<std::string> raw;
      if (pdf[i] == '(') raw = parse_literal(pdf, i);
      else if (pdf[i] == '<' && (i + 1 >= pdf.size() || pdf[i + 1] != '<')) raw = parse_hex(pdf, i);
      if (!raw) continue;
      auto text = text_string_to_ascii(*raw);
      if (!text) continue;
      std::string candidate = trim_ascii(std::move(*text));
      if (candidate.rfind("ADUAN", 0) == 0 && candidate.size() <= kMaxPayloadChars) found = std::move(candidate);
    }
    return found;
  } catch (...) {
    return std::nullopt;  // allocation failure only
  }
}

std::string certificate_file_name(const CertificateData& data) {
  return "sertifikat-" + safe_file_part(data.number) + "-dosis-" + std::to_string(data.dose) + ".pdf";
}

}  // namespace aduan::certs
