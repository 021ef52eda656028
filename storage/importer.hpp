// `aduan import FILE.jsonl`: loads or updates citizens from the registry format
// (CONTRACTS.md "Registry"; one citizen a line, rules in core/registry_record.hpp).
// Contract:
//  - Each line is all-or-nothing: it is validated completely (format, fields, and its NIK not
//    repeated from an earlier accepted line of the same file) before anything of it is written.
//    A bad line writes nothing and is reported as "line N: reason".
//  - Good lines are committed in batches of batch_lines per write txn for speed (one fsync per
//    batch). LMDB's writer lock serialises us with a running server; a batch of kImportBatchLines
//    holds it for about half a second (the random-key indexes make smaller batches rewrite most
//    of their pages at every commit: 10,000 lines ran at 2/3 of the speed).
//  - A reader thread reads the stream and parses chunks of lines on worker threads (one per
//    core at a time), running up to one batch ahead of the writing (this thread): up to about
//    two batches of parsed lines are held in memory. progress and on_message are called on the
//    calling thread; progress counts the lines that reached the writer.
//  - Re-importing a NIK updates registry fields but keeps fields changed through aduan since
//    that citizen's last import, reported as "line N: kept FIELD changed through aduan".
//  - The caller owns the Env and runs no other transaction in this thread meanwhile (a full
//    map is grown between batches, which needs no open transaction).
// Errors: bad lines are reported, not thrown; StorageError (disk, LMDB) propagates — the batches
// committed before it stay committed, and re-running the import is harmless.
#pragma once
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr std::size_t kImportBatchLines = 50'000;
constexpr std::size_t kImportProgressEvery = 100'000;
constexpr std::size_t kImportMessagesKept = 10'000;

struct ImportOptions {
  TimeMs now = 0;  // provenance and last-import time of every citizen written
  std::size_t batch_lines = kImportBatchLines;
  std::size_t progress_every = kImportProgressEvery;
  std::size_t messages_kept = kImportMessagesKept;  // report keeps the first N messages
  // Called once per message ("line N: ..."), in line order, as soon as its batch is committed.
  std::function<void(const std::string&)> on_message;
};

struct ImportProgress {
  std::uint64_t lines = 0;
  double seconds = 0;
};

struct ImportReport {
  std::uint64_t lines = 0;  // lines read (blank lines included in the numbering, not counted)
  std::uint64_t added = 0, updated = 0, unchanged = 0, rejected = 0;
  std::uint64_t conflicts = 0;        // fields kept because they were changed through aduan
  std::vector<std::string> messages;  // rejections and conflicts, the first messages_kept of them
  double seconds = 0;
  double rate() const { return seconds > 0 ? static_cast<double>(added + updated + unchanged) / seconds : 0; }
};

ImportReport import_registry(Env& env, std::istream& in, const ImportOptions& opts,
                             const std::function<void(const ImportProgress&)>& progress = {});

}  // namespace aduan::storage
