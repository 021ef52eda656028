#include "storage/citizen_store.hpp"

#include <algorithm>
#include <map>

#include "core/civil_date.hpp"
#include "core/nik.hpp"
#include "core/registry_record.hpp"
#include "storage/audit_store.hpp"
#include "storage/cert_store.hpp"
#include "storage/citizen_codec.hpp"
#include "storage/citizen_row_reader.hpp"

namespace aduan::storage {
namespace {

constexpr std::string_view kFormerNikPrefix = "nik_former:";
// The registry fields an import compares, in a fixed order (audit rows come out in this order).
const char* const kRegistryFields[] = {"nik", "name", "birth_date", "sex", "phone", "email"};

std::string former_nik_key(const std::string& nik) { return std::string(kFormerNikPrefix) + nik; }

CitizenProfile read_citizen(std::string_view bytes) { return decode_citizen(bytes); }

void write_citizen(Txn& w, const CitizenProfile& c) { w.put(w.dbs().citizens, c.id.str(), encode_citizen(c)); }

// A new citizen's id sorts after every stored id (ids only grow), so its row is appended: LMDB
// then fills pages instead of splitting them in half, and skips the search. Should an id ever
// not sort last, MDB_APPEND refuses with MDB_KEYEXIST and the row is put the ordinary way.
void write_new_citizen(Txn& w, const CitizenProfile& c) {
  w.put_append(w.dbs().citizens, c.id.str(), encode_citizen(c));
}

void set_field(CitizenProfile& c, const std::string& field, const std::string& value) {
  if (field == "nik") c.nik = value;
  else if (field == "name") c.name = value;
  else if (field == "birth_date") c.birth_date = value;
  else if (field == "sex") c.sex = value;
  else if (field == "phone") c.phone = value;
  else if (field == "email") c.email = value;
}

bool is_correctable(const std::string& field) {
  const auto& f = correctable_fields();
  return std::find(f.begin(), f.end(), field) != f.end();
}

// The NIK/birth-date flag follows the current NIK, birth date and sex; other flags are kept.
void refresh_flags(CitizenProfile& c) {
  auto& flags = c.flags;
  flags.erase(std::remove(flags.begin(), flags.end(), std::string(kFlagNikMismatch)), flags.end());
  const auto info = parse_nik(c.nik);
  const auto birth = parse_iso_date(c.birth_date);
  if (!info || !birth || c.sex.size() != 1) return;
  if (!nik_matches(*info, *birth, c.sex[0])) flags.emplace_back(kFlagNikMismatch);
}

// Index updates when a field's value moves from old_value to new_value.
void reindex(Txn& w, const std::string& id, const std::string& field, const std::string& old_value,
             const std::string& new_value) {
  if (field == "nik") {
    if (!old_value.empty()) {
      w.del(w.dbs().nik_idx, old_value);
      w.put(w.dbs().meta, former_nik_key(old_value), id);
    }
    w.put(w.dbs().nik_idx, new_value, id);
    w.del(w.dbs().meta, former_nik_key(new_value));
  } else if (field == "phone") {
    if (!old_value.empty()) w.del_dup(w.dbs().phone_idx, old_value, id);
    if (!new_value.empty()) w.put(w.dbs().phone_idx, new_value, id);
  }
}

// Every issued certificate of the citizen gets a new number (its printed data changed).
std::vector<std::string> reissue_all(Txn& w, IdAllocator& ids, CitizenProfile& c, TimeMs now) {
  std::vector<std::string> fresh;
  for (auto& d : c.vaccinations) {
    if (!d.certificate) continue;
    std::string number = ids.next_certificate_number();
    if (d.certificate_number.empty())
      issue_certificate(w, number, c.id.str(), d.dose, now);
    else
      reissue_certificate(w, d.certificate_number, number, c.id.str(), d.dose, now);
    d.certificate_number = number;
    fresh.push_back(std::move(number));
  }
  return fresh;
}

std::optional<std::string> holder_of_nik(const Txn& r, const std::string& nik) {
  return r.get(r.dbs().nik_idx, nik);
}

bool same_dose_content(const VaccinationDose& a, const VaccinationDose& b) {
  return a.dose == b.dose && a.vaccine == b.vaccine && a.date == b.date && a.facility == b.facility &&
         a.batch == b.batch && a.certificate == b.certificate;
}

RegistryMerge add_citizen(Txn& w, IdAllocator& ids, const CitizenProfile& incoming, TimeMs now,
                          ImportIndexBatch* deferred) {
  CitizenProfile c = incoming;
  c.id = CitizenId(ids.next_citizen_id());
  c.version = 1;
  c.last_import_at = now;
  c.provenance.clear();
  for (const char* f : kRegistryFields) c.provenance[f] = FieldProvenance{kSourceRegistry, now};
  refresh_flags(c);
  for (auto& d : c.vaccinations) {
    d.certificate_number.clear();
    if (!d.certificate) continue;
    d.certificate_number = ids.next_certificate_number();
    issue_certificate(w, d.certificate_number, c.id.str(), d.dose, now);
  }
  write_new_citizen(w, c);
  if (deferred) {
    deferred->nik.emplace_back(c.nik, c.id.str());
    if (!c.phone.empty()) deferred->phone.emplace_back(c.phone, c.id.str());
  } else {
    w.put(w.dbs().nik_idx, c.nik, c.id.str());
    if (!c.phone.empty()) w.put(w.dbs().phone_idx, c.phone, c.id.str());
  }
  return RegistryMerge{RegistryMerge::Kind::added, c.id.str(), {}};
}

// Doses follow the registry; a certificate keeps its number while neither the dose nor the
// printed identity changed, is re-issued when one did, and is revoked when the dose or its
// certificate disappeared from the registry. Returns true when anything changed.
bool merge_doses(Txn& w, IdAllocator& ids, CitizenProfile& c, std::vector<VaccinationDose> incoming,
                 bool identity_changed, TimeMs now) {
  std::map<int, VaccinationDose> old;
  for (auto& d : c.vaccinations) old.emplace(d.dose, d);
  bool changed = incoming.size() != c.vaccinations.size();
  for (auto& d : incoming) {
    d.certificate_number.clear();
    auto it = old.find(d.dose);
    const VaccinationDose* prev = it == old.end() ? nullptr : &it->second;
    const bool same = prev && same_dose_content(*prev, d);
    if (!same) changed = true;
    const std::string prev_number = prev && prev->certificate ? prev->certificate_number : "";
    if (d.certificate) {
      if (!prev_number.empty() && same && !identity_changed) {
        d.certificate_number = prev_number;
      } else {
        d.certificate_number = ids.next_certificate_number();
        if (prev_number.empty())
          issue_certificate(w, d.certificate_number, c.id.str(), d.dose, now);
        else
          reissue_certificate(w, prev_number, d.certificate_number, c.id.str(), d.dose, now);
      }
    } else if (!prev_number.empty()) {
      revoke_certificate(w, prev_number);
    }
    if (it != old.end()) old.erase(it);
  }
  for (auto& [dose, d] : old)
    if (!d.certificate_number.empty()) revoke_certificate(w, d.certificate_number);
  if (!old.empty()) changed = true;
  c.vaccinations = std::move(incoming);
  return changed;
}

RegistryMerge update_citizen(Txn& w, IdAllocator& ids, CitizenProfile c, const CitizenProfile& incoming,
                             TimeMs now) {
  RegistryMerge res;
  res.citizen_id = c.id.str();
  bool values_changed = false, identity_changed = false, dirty = false;
  std::vector<AuditRecord> audit;
  for (const char* f : kRegistryFields) {
    const std::string field = f;
    const std::string cur = c.field(field), inc = incoming.field(field);
    auto prov = c.provenance.find(field);
    const bool through_aduan = prov != c.provenance.end() && prov->second.source == kSourceAduan;
    if (cur == inc) {
      // The registry caught up with the correction: the value is the registry's again.
      if (through_aduan) {
        prov->second = FieldProvenance{kSourceRegistry, now};
        dirty = true;
      }
      continue;
    }
    // Changed through aduan and the registry still disagrees: kept, whatever the times say
    // (a test clock or a clock stepped back once made a correction look older than the last
    // import, and the import reverted it).
    if (through_aduan) {
      res.kept_fields.push_back(field);
      continue;
    }
    if (field == "nik") {
      // Reached through a former NIK: the registry's NIK must still be free to take it back.
      auto holder = holder_of_nik(w, inc);
      if (holder && *holder != c.id.str()) {
        res.kept_fields.push_back(field);
        continue;
      }
    }
    reindex(w, c.id.str(), field, cur, inc);
    set_field(c, field, inc);
    c.provenance[field] = FieldProvenance{kSourceRegistry, now};
    values_changed = true;
    if (printed_on_certificate(field)) identity_changed = true;
    audit.push_back(AuditRecord{now, kWhoImport, c.id.str(), "", field, cur, inc, ""});
  }
  const bool doses_changed = merge_doses(w, ids, c, incoming.vaccinations, identity_changed, now);
  // When the registry last delivered this citizen (a record only: kept fields stay protected
  // by their aduan provenance, not by this time).
  if (c.last_import_at != now) {
    c.last_import_at = now;
    dirty = true;
  }
  if (values_changed || doses_changed) {
    ++c.version;
    refresh_flags(c);
    res.kind = RegistryMerge::Kind::updated;
  }
  if (values_changed || doses_changed || dirty) write_citizen(w, c);
  for (auto& a : audit) {
    a.nik = c.nik;
    append_audit(w, a);
  }
  return res;
}

}  // namespace

const char* outcome_name(ChangeOutcome o) {
  switch (o) {
    case ChangeOutcome::applied: return "applied";
    case ChangeOutcome::unchanged: return "unchanged";
    case ChangeOutcome::stale: return "stale";
    case ChangeOutcome::conflict: return "conflict";
    case ChangeOutcome::invalid: return "invalid";
    case ChangeOutcome::not_found: return "not_found";
  }
  return "unknown";
}

bool printed_on_certificate(const std::string& field) {
  return field == "name" || field == "nik" || field == "birth_date";
}

ChangeRequest change_request_from(const flow::ChangeOp& op) {
  ChangeRequest r;
  r.citizen_id = op.citizen_id;
  r.field = op.field;
  r.value = op.new_value;
  if (op.expected_version != 0) r.expected_version = op.expected_version;
  r.who = op.who;
  r.ticket = op.ticket;
  return r;
}

ChangeResult apply_change(Txn& w, const ChangeRequest& r, TimeMs now) {
  ChangeResult res;
  auto found = get_citizen(w, r.citizen_id);
  if (!found) {
    res.outcome = ChangeOutcome::not_found;
    res.reason = "no such citizen";
    return res;
  }
  CitizenProfile c = std::move(*found);
  res.version = c.version;
  if (r.expected_version && *r.expected_version != c.version) {
    res.outcome = ChangeOutcome::stale;
    res.reason = "the record changed since it was read";
    return res;
  }
  if (!is_correctable(r.field)) {
    res.outcome = ChangeOutcome::invalid;
    res.reason = "field_unknown";
    return res;
  }
  const FieldCheck check = check_field(r.field, r.value, now);
  if (!check.ok) {
    res.outcome = ChangeOutcome::invalid;
    res.reason = check.reason_key;
    return res;
  }
  res.old_value = c.field(r.field);
  res.new_value = check.value;
  if (res.old_value == res.new_value) {
    res.outcome = ChangeOutcome::unchanged;
    return res;
  }
  // Uniqueness inside the write txn (DESIGN invariant 5): a NIK held by someone else is a conflict.
  if (r.field == "nik") {
    if (auto holder = holder_of_nik(w, res.new_value); holder && *holder != c.id.str()) {
      res.outcome = ChangeOutcome::conflict;
      res.holder = *holder;
      res.reason = "NIK held by " + *holder;
      return res;
    }
  }

  // Every check passed: from here on everything is written.
  reindex(w, c.id.str(), r.field, res.old_value, res.new_value);
  set_field(c, r.field, res.new_value);
  ++c.version;
  c.provenance[r.field] = FieldProvenance{kSourceAduan, now};
  refresh_flags(c);
  IdAllocator ids(w);
  if (printed_on_certificate(r.field)) res.reissued = reissue_all(w, ids, c, now);
  ids.flush();
  write_citizen(w, c);
  append_audit(w, AuditRecord{now, r.who, c.id.str(), c.nik, r.field, res.old_value, res.new_value, r.ticket});
  res.outcome = ChangeOutcome::applied;
  res.version = c.version;
  return res;
}

std::optional<CitizenProfile> get_citizen(const Txn& r, const std::string& citizen_id) {
  auto v = r.get(r.dbs().citizens, citizen_id);
  if (!v) return std::nullopt;
  return read_citizen(*v);
}

std::optional<CitizenProfile> citizen_by_nik(const Txn& r, const std::string& nik) {
  auto id = holder_of_nik(r, nik);
  if (!id) return std::nullopt;
  return get_citizen(r, *id);
}

std::vector<CitizenProfile> citizens_by_phone(const Txn& r, const std::string& phone_e164) {
  std::vector<CitizenProfile> out;
  r.dups(r.dbs().phone_idx, phone_e164, [&](std::string_view id) {
    if (auto c = get_citizen(r, std::string(id))) out.push_back(std::move(*c));
    return true;
  });
  return out;
}

CitizenPage list_citizens(const Txn& r, const std::string& cursor, std::size_t limit) {
  limit = std::clamp<std::size_t>(limit, 1, kCitizenPageMax);
  CitizenPage page;
  bool more = false;
  r.scan(r.dbs().citizens, cursor, [&](std::string_view k, std::string_view v) {
    if (!cursor.empty() && k == cursor) return true;
    if (page.items.size() == limit) {
      more = true;
      return false;
    }
    page.items.push_back(read_citizen(v));
    return true;
  });
  if (more) page.next = page.items.back().id.str();
  return page;
}

std::optional<std::string> current_certificate(const Txn& r, const std::string& citizen_id, int dose) {
  auto c = get_citizen(r, citizen_id);
  if (!c) return std::nullopt;
  for (const auto& d : c->vaccinations)
    if (d.dose == dose && d.certificate && !d.certificate_number.empty()) return d.certificate_number;
  return std::nullopt;
}

void ImportIndexBatch::flush(Txn& w) {
  // Sorted, the inserts walk each index's leaves in order instead of jumping around the tree.
  std::sort(nik.begin(), nik.end());
  for (auto& [key, id] : nik) w.put(w.dbs().nik_idx, key, id);
  std::sort(phone.begin(), phone.end());
  for (auto& [key, id] : phone) w.put(w.dbs().phone_idx, key, id);
  nik.clear();
  phone.clear();
}

RegistryMerge merge_registry_citizen(Txn& w, IdAllocator& ids, const CitizenProfile& incoming, TimeMs now,
                                     ImportIndexBatch* deferred) {
  auto id = holder_of_nik(w, incoming.nik);
  if (!id) id = w.get(w.dbs().meta, former_nik_key(incoming.nik));
  if (!id) return add_citizen(w, ids, incoming, now, deferred);
  const auto row = w.get(w.dbs().citizens, *id);
  if (!row) return add_citizen(w, ids, incoming, now, deferred);  // a dangling index entry: start afresh
  // Re-import reads every citizen: the SAX row reader when the row has the usual shape.
  auto existing = read_citizen_row(*row);
  return update_citizen(w, ids, existing ? std::move(*existing) : read_citizen(*row), incoming, now);
}

}  // namespace aduan::storage
