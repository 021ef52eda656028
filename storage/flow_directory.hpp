// flow::Directory over one read (or write) transaction: the snapshot a conversation step
// reads. Valid only while the transaction is open; used on the calling thread only.
#pragma once
#include "core/flow/flow.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

class TxnDirectory final : public flow::Directory {
 public:
  explicit TxnDirectory(const Txn& txn) : txn_(txn) {}
  std::vector<CitizenProfile> citizens_by_phone(const std::string& phone_e164) override;
  std::optional<CitizenProfile> citizen(const std::string& citizen_id) override;
  std::optional<CitizenProfile> citizen_by_nik(const std::string& nik) override;
  std::vector<Ticket> tickets_of_chat(const std::string& chat_key) override;
  int otp_sends_since(const std::string& phone_e164, TimeMs since) override;

 private:
  const Txn& txn_;
};

}  // namespace aduan::storage
