// The certificate as a one-page A4 PDF (libharu): bilingual title, the certificate fields,
// and the QR code of the signed payload. The payload is also stored in the PDF information
// dictionary (/Keywords) so `aduan verify-cert FILE.pdf` can read it without decoding the image.
//
// Threads: any thread; each call builds its own HPDF_Doc. Errors: libharu's error handler only
// records the error (no longjmp, no abort); render returns std::nullopt and a reason in *error.
// Text: only the built-in Helvetica fonts are used, so text is transliterated to WinAnsi
// (certs/pdf_text.hpp); the payload itself keeps the exact UTF-8 data.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "certs/certificate.hpp"

namespace aduan::certs {

inline constexpr const char* kPdfMimeType = "application/pdf";
// PDFs this module reads back are its own (a few KB); larger input is not searched.
inline constexpr std::size_t kMaxPdfBytesToSearch = 16 * 1024 * 1024;

// Returns the PDF bytes (starting "%PDF-").
std::optional<std::string> render_certificate_pdf(const CertificateData& data, const std::string& payload,
                                                  std::string* error);

// The payload from the /Keywords entry of the PDF's information dictionary (literal string with
// escapes, hex string, or UTF-16BE with BOM are all understood). The last entry that holds an
// "ADUAN…" payload wins (incremental updates append). std::nullopt if none; never throws.
// The result is NOT verified: pass it to verify_payload.
std::optional<std::string> extract_payload_from_pdf(std::string_view pdf_bytes);

// File name for a certificate, e.g. "sertifikat-CRT-8F2K-dosis-2.pdf" (ASCII, no path separators).
std::string certificate_file_name(const CertificateData& data);

}  // namespace aduan::certs
