#include "app/certificate_service.hpp"

#include "certs/certificate.hpp"
#include "certs/certificate_pdf.hpp"
#include "core/civil_date.hpp"
#include "core/mask.hpp"
#include "storage/cert_store.hpp"
#include "storage/citizen_store.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::app {

std::optional<transport::RenderedDocument> CertificateService::render(const std::string& ref) const {
  auto colon = ref.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string citizen_id = ref.substr(0, colon);
  int dose = 0;
  try {
    dose = std::stoi(ref.substr(colon + 1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  certs::CertificateData data;
  {
    storage::Txn txn(*env_, false);
    auto c = storage::get_citizen(txn, citizen_id);
    if (!c) return std::nullopt;
    auto number = storage::current_certificate(txn, citizen_id, dose);
    if (!number) return std::nullopt;
    const VaccinationDose* d = nullptr;
    for (auto& v : c->vaccinations)
      if (v.dose == dose) d = &v;
    if (!d) return std::nullopt;
    auto rec = storage::certificate_by_number(txn, *number);
    data.number = *number;
    data.citizen_id = citizen_id;
    data.nik_masked = mask_nik(c->nik);
    data.name = c->name;
    data.birth_date = c->birth_date;
    data.dose = dose;
    data.vaccine = d->vaccine;
    data.date = d->date;
    data.facility = d->facility;
    data.batch = d->batch;
    data.issued_at = format_rfc3339(rec ? rec->issued_at : 0);
  }
  std::string payload = certs::make_payload(data, *key_);
  if (payload.empty()) return std::nullopt;
  std::string error;
  auto pdf = certs::render_certificate_pdf(data, payload, &error);
  if (!pdf) return std::nullopt;
  transport::RenderedDocument doc;
  doc.bytes = std::move(*pdf);
  doc.filename = "sertifikat-vaksin-dosis-" + std::to_string(dose) + ".pdf";
  return doc;
}

}  // namespace aduan::app
