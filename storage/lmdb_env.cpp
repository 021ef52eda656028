#include "storage/lmdb_env.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace aduan::storage {
namespace {

constexpr unsigned kMaxDbs = 32;
constexpr int kMapResizedRetries = 3;

[[noreturn]] void fail(int rc, const std::string& what) {
  throw StorageError(rc, what + ": " + mdb_strerror(rc));
}

MDB_val val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
std::string_view view(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

}  // namespace

std::shared_ptr<Env> Env::open(const EnvOptions& opts) {
  std::shared_ptr<Env> env(new Env());
  env->dir_ = opts.dir;
  env->read_only_ = opts.read_only;
  if (!opts.read_only) {
    std::error_code ec;
    std::filesystem::create_directories(opts.dir, ec);
    if (ec) throw StorageError(EIO, "cannot create data dir " + opts.dir + ": " + ec.message());
    ::chmod(opts.dir.c_str(), 0700);
  }
  int rc = mdb_env_create(&env->env_);
  if (rc) fail(rc, "mdb_env_create");
  mdb_env_set_maxdbs(env->env_, kMaxDbs);
  mdb_env_set_maxreaders(env->env_, opts.max_readers);
  mdb_env_set_mapsize(env->env_, opts.map_size_bytes);
  unsigned flags = MDB_NOTLS | (opts.read_only ? MDB_RDONLY : 0);
  rc = mdb_env_open(env->env_, opts.dir.c_str(), flags, 0600);
  if (rc) fail(rc, "cannot open LMDB environment in " + opts.dir);
  env->clear_stale_readers();

  struct Spec {
    MDB_dbi* dbi;
    const char* name;
    unsigned flags;
  };
  Dbs& d = env->dbs_;
  const Spec specs[] = {
      {&d.meta, "meta", 0},           {&d.inbox, "inbox", 0},
      {&d.pending, "pending", 0},     {&d.seen, "seen", 0},
      {&d.outbox, "outbox", 0},       {&d.outbox_open, "outbox_open", 0},
      {&d.wamid, "wamid", 0},         {&d.chats, "chats", 0},
      {&d.timers, "timers", 0},       {&d.citizens, "citizens", 0},
      {&d.nik_idx, "nik_idx", 0},     {&d.phone_idx, "phone_idx", MDB_DUPSORT},
      {&d.tickets, "tickets", 0},     {&d.chat_tickets, "chat_tickets", MDB_DUPSORT},
      {&d.audit, "audit", 0},         {&d.audit_by_citizen, "audit_by_citizen", MDB_DUPSORT},
      {&d.certs, "certs", 0},         {&d.officers, "officers", 0},
      {&d.otp_sends, "otp_sends", MDB_DUPSORT}, {&d.transcripts, "transcripts", 0},
  };
  MDB_txn* txn = nullptr;
  rc = mdb_txn_begin(env->env_, nullptr, opts.read_only ? MDB_RDONLY : 0, &txn);
  if (rc) fail(rc, "begin open txn");
  for (auto& s : specs) {
    rc = mdb_dbi_open(txn, s.name, s.flags | (opts.read_only ? 0 : MDB_CREATE), s.dbi);
    if (rc) {
      mdb_txn_abort(txn);
      fail(rc, std::string("open database ") + s.name);
    }
  }
  rc = mdb_txn_commit(txn);
  if (rc) fail(rc, "commit open txn");
  return env;
}

Env::~Env() {
  if (env_) mdb_env_close(env_);
}

int Env::clear_stale_readers() {
  int dead = 0;
  mdb_reader_check(env_, &dead);
  return dead;
}

void Env::adopt_map_size() const {
  std::unique_lock<std::shared_mutex> lock(resize_mutex_);  // no txn of this process is open
  int rc = mdb_env_set_mapsize(env_, 0);
  if (rc) fail(rc, "adopt map size");
}

void Env::grow() {
  std::unique_lock<std::shared_mutex> lock(resize_mutex_);
  MDB_envinfo info;
  mdb_env_info(env_, &info);
  int rc = mdb_env_set_mapsize(env_, info.me_mapsize * 2);
  if (rc) fail(rc, "grow map");
}

Env::Usage Env::usage() const {
  MDB_envinfo info;
  MDB_stat st;
  mdb_env_info(env_, &info);
  mdb_env_stat(env_, &st);
  Usage u;
  u.map_size = info.me_mapsize;
  u.used_bytes = static_cast<std::uint64_t>(info.me_last_pgno + 1) * st.ms_psize;
  u.readers_used = info.me_numreaders;
  u.max_readers = info.me_maxreaders;
  return u;
}

void Env::backup_to(const std::string& dir) const {
  int rc = mdb_env_copy2(env_, dir.c_str(), MDB_CP_COMPACT);
  if (rc) fail(rc, "backup to " + dir);
}

Txn::Txn(const Env& env, bool write, Txn* parent) : env_(env) {
  if (!parent) resize_guard_ = std::shared_lock<std::shared_mutex>(env.resize_mutex());
  int rc = mdb_txn_begin(env.raw(), parent ? parent->txn_ : nullptr, write ? 0 : MDB_RDONLY, &txn_);
  // Another process (an import, a backup) grew the map: adopt its size, then begin again
  // (a few times, should it keep growing meanwhile).
  for (int tries = 0; rc == MDB_MAP_RESIZED && !parent && tries < kMapResizedRetries; ++tries) {
    resize_guard_.unlock();
    env.adopt_map_size();
    resize_guard_.lock();
    rc = mdb_txn_begin(env.raw(), nullptr, write ? 0 : MDB_RDONLY, &txn_);
  }
  if (rc) fail(rc, write ? "begin write txn" : "begin read txn");
}

Txn::~Txn() {
  if (txn_) mdb_txn_abort(txn_);
}

void Txn::commit() {
  MDB_txn* t = txn_;
  txn_ = nullptr;
  int rc = mdb_txn_commit(t);
  if (rc) fail(rc, "commit");
}

void Txn::abort() {
  if (txn_) mdb_txn_abort(txn_);
  txn_ = nullptr;
}

std::optional<std::string> Txn::get(MDB_dbi dbi, std::string_view key) const {
  MDB_val k = val(key), v;
  int rc = mdb_get(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  if (rc) fail(rc, "get");
  return std::string(view(v));
}

bool Txn::exists(MDB_dbi dbi, std::string_view key) const {
  MDB_val k = val(key), v;
  int rc = mdb_get(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return false;
  if (rc) fail(rc, "get");
  return true;
}

void Txn::put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  MDB_val k = val(key), v = val(value);
  int rc = mdb_put(txn_, dbi, &k, &v, flags);
  if (rc == MDB_KEYEXIST) return;
  if (rc) fail(rc, "put");
}

void Txn::put_append(MDB_dbi dbi, std::string_view key, std::string_view value) {
  MDB_val k = val(key), v = val(value);
  int rc = mdb_put(txn_, dbi, &k, &v, MDB_APPEND);
  if (rc == MDB_KEYEXIST) return put(dbi, key, value);  // not the largest key after all
  if (rc) fail(rc, "put");
}

bool Txn::put_new(MDB_dbi dbi, std::string_view key, std::string_view value) {
  MDB_val k = val(key), v = val(value);
  int rc = mdb_put(txn_, dbi, &k, &v, MDB_NOOVERWRITE);
  if (rc == MDB_KEYEXIST) return false;
  if (rc) fail(rc, "put");
  return true;
}

bool Txn::del(MDB_dbi dbi, std::string_view key) {
  MDB_val k = val(key);
  int rc = mdb_del(txn_, dbi, &k, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  if (rc) fail(rc, "del");
  return true;
}

bool Txn::del_dup(MDB_dbi dbi, std::string_view key, std::string_view value) {
  MDB_val k = val(key), v = val(value);
  int rc = mdb_del(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return false;
  if (rc) fail(rc, "del");
  return true;
}

namespace {
struct Cursor {
  MDB_cursor* c = nullptr;
  Cursor(MDB_txn* t, MDB_dbi d) {
    int rc = mdb_cursor_open(t, d, &c);
    if (rc) fail(rc, "cursor");
  }
  ~Cursor() { mdb_cursor_close(c); }
};
}  // namespace

void Txn::scan(MDB_dbi dbi, std::string_view from,
               const std::function<bool(std::string_view, std::string_view)>& f) const {
  Cursor cur(txn_, dbi);
  MDB_val k = val(from), v;
  int rc = from.empty() ? mdb_cursor_get(cur.c, &k, &v, MDB_FIRST) : mdb_cursor_get(cur.c, &k, &v, MDB_SET_RANGE);
  while (rc == 0) {
    if (!f(view(k), view(v))) return;
    rc = mdb_cursor_get(cur.c, &k, &v, MDB_NEXT);
  }
  if (rc != MDB_NOTFOUND) fail(rc, "scan");
}

void Txn::scan_reverse(MDB_dbi dbi, std::string_view from,
                       const std::function<bool(std::string_view, std::string_view)>& f) const {
  Cursor cur(txn_, dbi);
  MDB_val k = val(from), v;
  int rc;
  if (from.empty()) {
    rc = mdb_cursor_get(cur.c, &k, &v, MDB_LAST);
  } else {
    rc = mdb_cursor_get(cur.c, &k, &v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND)
      rc = mdb_cursor_get(cur.c, &k, &v, MDB_LAST);
    else if (rc == 0 && view(k) > from)
      rc = mdb_cursor_get(cur.c, &k, &v, MDB_PREV);
  }
  while (rc == 0) {
    if (!f(view(k), view(v))) return;
    rc = mdb_cursor_get(cur.c, &k, &v, MDB_PREV);
  }
  if (rc != MDB_NOTFOUND) fail(rc, "scan");
}

void Txn::dups(MDB_dbi dbi, std::string_view key, const std::function<bool(std::string_view)>& f) const {
  Cursor cur(txn_, dbi);
  MDB_val k = val(key), v;
  int rc = mdb_cursor_get(cur.c, &k, &v, MDB_SET_KEY);
  while (rc == 0) {
    if (!f(view(v))) return;
    rc = mdb_cursor_get(cur.c, &k, &v, MDB_NEXT_DUP);
  }
  if (rc != MDB_NOTFOUND) fail(rc, "dups");
}

std::uint64_t Txn::count(MDB_dbi dbi) const {
  MDB_stat st;
  int rc = mdb_stat(txn_, dbi, &st);
  if (rc) fail(rc, "stat");
  return st.ms_entries;
}

std::string u64_key(std::uint64_t v) {
  std::string k(8, '\0');
  for (int i = 7; i >= 0; --i) {
    k[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return k;
}

std::uint64_t u64_from_key(std::string_view k) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8 && i < k.size(); ++i) v = (v << 8) | static_cast<unsigned char>(k[i]);
  return v;
}

std::uint64_t current_sequence(const Txn& txn, std::string_view name) {
  auto v = txn.get(txn.dbs().meta, std::string("seq:") + std::string(name));
  return v ? u64_from_key(*v) : 0;
}

std::uint64_t next_sequence(Txn& txn, std::string_view name) {
  std::uint64_t next = current_sequence(txn, name) + 1;
  txn.put(txn.dbs().meta, std::string("seq:") + std::string(name), u64_key(next));
  return next;
}

}  // namespace aduan::storage
