// RAII over one LMDB environment with aduan's named databases. The only header that
// includes lmdb.h. Contract (lmdb.h caveats, CAF-LMDB-NOTES §4):
//  - One Env per process (never open the same dir twice). Opened with MDB_NOTLS because
//    CAF actors share OS threads; a txn must still be used by one thread at a time.
//  - Write transactions only on the storage writer's thread (or a CLI process that owns
//    the env alone); read transactions from any thread, short-lived, never across messages.
//  - Values copied out (std::string) before a transaction ends.
//  - Errors: every call returns a Status / throws StorageError carrying the mdb error code;
//    MDB_MAP_FULL is reported as StorageError{kMapFull} and the caller aborts and may grow.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include <lmdb.h>

namespace aduan::storage {

struct StorageError : std::runtime_error {
  int code;
  StorageError(int c, const std::string& what) : std::runtime_error(what), code(c) {}
};

// Named databases (DESIGN.md §3). DUPSORT ones are secondary indexes.
struct Dbs {
  MDB_dbi meta{}, inbox{}, pending{}, seen{}, outbox{}, outbox_open{}, wamid{}, chats{}, timers{},
      citizens{}, nik_idx{}, phone_idx{}, tickets{}, chat_tickets{}, audit{}, audit_by_citizen{},
      certs{}, officers{}, otp_sends{}, transcripts{};
};

struct EnvOptions {
  std::string dir;
  std::uint64_t map_size_bytes = 16ull << 30;  // address space, not disk
  unsigned max_readers = 256;
  bool read_only = false;
};

class Txn;

class Env {
 public:
  // Opens (creating dir and databases when writable). Throws StorageError with a message
  // naming the directory.
  static std::shared_ptr<Env> open(const EnvOptions& opts);
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  MDB_env* raw() const { return env_; }
  const Dbs& dbs() const { return dbs_; }
  const std::string& dir() const { return dir_; }
  bool read_only() const { return read_only_; }

  // Clears reader slots of dead processes; returns how many were cleared.
  int clear_stale_readers();
  // Grows the map by factor 2. Waits until no transaction of this process is open
  // (every Txn holds the resize lock shared); the caller must hold none itself.
  void grow();
  // Adopts a map size another process set (MDB_MAP_RESIZED); same locking as grow(). Both wait
  // for every top-level Txn of this process to end: a thread must never hold one while it
  // begins another top-level Txn (nest with the parent argument instead).
  void adopt_map_size() const;
  std::shared_mutex& resize_mutex() const { return resize_mutex_; }
  struct Usage {
    std::uint64_t map_size = 0, used_bytes = 0;
    unsigned readers_used = 0, max_readers = 0;
  };
  Usage usage() const;
  // Hot, consistent, compacted copy into dir (must exist and be empty).
  void backup_to(const std::string& dir) const;

 private:
  Env() = default;
  MDB_env* env_ = nullptr;
  Dbs dbs_;
  std::string dir_;
  bool read_only_ = false;
  mutable std::shared_mutex resize_mutex_;
};

// A transaction; read-only unless begun with write=true. Aborted on destruction unless
// committed. A nested write transaction (parent != nullptr) rolls back alone.
class Txn {
 public:
  Txn(const Env& env, bool write, Txn* parent = nullptr);
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;

  void commit();
  void abort();
  MDB_txn* raw() const { return txn_; }
  const Dbs& dbs() const { return env_.dbs(); }
  const Env& env() const { return env_; }

  std::optional<std::string> get(MDB_dbi dbi, std::string_view key) const;
  bool exists(MDB_dbi dbi, std::string_view key) const;
  void put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
  // For keys that only grow (ids, certificate numbers): appended without a tree search when
  // key is the largest, else an ordinary put.
  void put_append(MDB_dbi dbi, std::string_view key, std::string_view value);
  // Returns false when the key existed (MDB_NOOVERWRITE / MDB_NODUPDATA semantics).
  bool put_new(MDB_dbi dbi, std::string_view key, std::string_view value);
  bool del(MDB_dbi dbi, std::string_view key);
  bool del_dup(MDB_dbi dbi, std::string_view key, std::string_view value);
  // Visits key/value pairs with key >= from (all when from is empty) until f returns false.
  void scan(MDB_dbi dbi, std::string_view from,
            const std::function<bool(std::string_view, std::string_view)>& f) const;
  // Visits pairs in reverse order, starting at the last key <= from (the last when empty).
  void scan_reverse(MDB_dbi dbi, std::string_view from,
                    const std::function<bool(std::string_view, std::string_view)>& f) const;
  // Visits every duplicate value of key in a DUPSORT database.
  void dups(MDB_dbi dbi, std::string_view key, const std::function<bool(std::string_view)>& f) const;
  std::uint64_t count(MDB_dbi dbi) const;

 private:
  const Env& env_;
  MDB_txn* txn_ = nullptr;
  std::shared_lock<std::shared_mutex> resize_guard_;  // top-level txns only
};

// Big-endian u64 keys sort numerically.
std::string u64_key(std::uint64_t v);
std::uint64_t u64_from_key(std::string_view k);

// Next value of a named counter in meta (call inside a write txn).
std::uint64_t next_sequence(Txn& txn, std::string_view name);
std::uint64_t current_sequence(const Txn& txn, std::string_view name);

}  // namespace aduan::storage
