#include "storage/corrections_export.hpp"

#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "storage/audit_store.hpp"

namespace aduan::storage {
namespace {

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

bool is_correction(const AuditRecord& rec) {
  if (rec.field == "reveal") return false;
  return starts_with(rec.who, "citizen:") || starts_with(rec.who, "officer:") || rec.who == "ops";
}

std::string correction_line(const AuditRecord& rec) {
  nlohmann::ordered_json j;
  j["at"] = format_rfc3339(rec.at, kWibOffsetMinutes);
  j["citizen"] = rec.citizen;
  j["nik"] = rec.nik;
  j["field"] = rec.field;
  j["old"] = rec.old_value;
  j["new"] = rec.new_value;
  j["who"] = rec.who;
  j["ticket"] = rec.ticket.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(rec.ticket);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::uint64_t export_corrections(const Env& env, std::optional<TimeMs> since, std::ostream& out) {
  Txn r(env, false);
  std::uint64_t written = 0;
  scan_audit(r, [&](std::uint64_t, const AuditRecord& rec) {
    if (since && rec.at < *since) return true;
    if (!is_correction(rec)) return true;
    out << correction_line(rec) << '\n';
    ++written;
    return static_cast<bool>(out);
  });
  return written;
}

}  // namespace aduan::storage
