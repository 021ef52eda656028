#include "storage/flow_directory.hpp"

#include "storage/citizen_store.hpp"
#include "storage/ticket_store.hpp"

namespace aduan::storage {

std::vector<CitizenProfile> TxnDirectory::citizens_by_phone(const std::string& phone_e164) {
  return storage::citizens_by_phone(txn_, phone_e164);
}
std::optional<CitizenProfile> TxnDirectory::citizen(const std::string& citizen_id) {
  return get_citizen(txn_, citizen_id);
}
std::optional<CitizenProfile> TxnDirectory::citizen_by_nik(const std::string& nik) {
  return storage::citizen_by_nik(txn_, nik);
}
std::vector<Ticket> TxnDirectory::tickets_of_chat(const std::string& chat_key) {
  return storage::tickets_of_chat(txn_, chat_key);
}
int TxnDirectory::otp_sends_since(const std::string& phone_e164, TimeMs since) {
  int n = 0;
  txn_.dups(txn_.dbs().otp_sends, phone_e164, [&](std::string_view v) {
    if (static_cast<TimeMs>(u64_from_key(v)) >= since) ++n;
    return true;
  });
  return n;
}

}  // namespace aduan::storage
