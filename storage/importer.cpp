#include "storage/importer.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/registry_record.hpp"
#include "storage/citizen_store.hpp"
#include "storage/id_allocator.hpp"

namespace aduan::storage {
namespace {

using Clock = std::chrono::steady_clock;

bool blank(const std::string& s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

// A validated NIK is 16 digits, so it fits a u64: a compact key for the file-wide NIK map.
std::uint64_t nik_number(const std::string& nik) {
  std::uint64_t v = 0;
  for (char c : nik) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

// Parsing is pure and the larger part of the work, so chunks of lines are parsed on worker
// threads while this thread writes earlier chunks, in file order.
constexpr std::size_t kParseChunkLines = 2'000;

struct ParsedLine {
  std::uint64_t number = 0;
  RegistryParse parse;
};
using ParsedChunk = std::vector<ParsedLine>;

struct RawLine {
  std::uint64_t number = 0;
  std::string text;
};

ParsedChunk parse_chunk(std::vector<RawLine> raw) {
  ParsedChunk out;
  out.reserve(raw.size());
  for (auto& l : raw) out.push_back(ParsedLine{l.number, parse_registry_line(l.text)});
  return out;
}

class Importer {
 public:
  Importer(Env& env, const ImportOptions& opts) : env_(env), opts_(opts) {}

  // Writes one batch; on a full map grows it and writes the batch again from the start.
  void run_batch(const std::vector<ParsedLine>& lines, ImportReport& report) {
    for (;;) {
      Outcome out;
      try {
        Txn w(env_, true);
        IdAllocator ids(w);
        ImportIndexBatch index;  // new citizens' index entries, written sorted at the end
        for (const auto& line : lines) process(w, ids, index, line, out);
        index.flush(w);
        ids.flush();
        w.commit();
      } catch (const StorageError& e) {
        if (e.code != MDB_MAP_FULL) throw;
        for (std::uint64_t nik : out.niks_added) first_line_.erase(nik);
        env_.grow();
        continue;
      }
      fold(out, report);
      return;
    }
  }

 private:
  struct Outcome {
    std::uint64_t added = 0, updated = 0, unchanged = 0, rejected = 0, conflicts = 0;
    std::vector<std::string> messages;
    std::vector<std::uint64_t> niks_added;
  };

  void process(Txn& w, IdAllocator& ids, ImportIndexBatch& index, const ParsedLine& line, Outcome& out) {
    auto where = [&] { return "line " + std::to_string(line.number) + ": "; };
    const RegistryParse& parsed = line.parse;
    if (!parsed.citizen) {
      ++out.rejected;
      out.messages.push_back(where() + parsed.error);
      return;
    }
    const std::uint64_t nik = nik_number(parsed.citizen->nik);
    auto [it, fresh] = first_line_.emplace(nik, line.number);
    if (!fresh) {
      ++out.rejected;
      out.messages.push_back(where() + "NIK repeated (first on line " + std::to_string(it->second) + ")");
      return;
    }
    out.niks_added.push_back(nik);
    const RegistryMerge m = merge_registry_citizen(w, ids, *parsed.citizen, opts_.now, &index);
    switch (m.kind) {
      case RegistryMerge::Kind::added: ++out.added; break;
      case RegistryMerge::Kind::updated: ++out.updated; break;
      case RegistryMerge::Kind::unchanged: ++out.unchanged; break;
    }
    for (const auto& f : m.kept_fields) {
      ++out.conflicts;
      out.messages.push_back(where() + "kept " + f + " changed through aduan");
    }
  }

  void fold(Outcome& out, ImportReport& report) {
    report.added += out.added;
    report.updated += out.updated;
    report.unchanged += out.unchanged;
    report.rejected += out.rejected;
    report.conflicts += out.conflicts;
    for (auto& m : out.messages) {
      if (opts_.on_message) opts_.on_message(m);
      if (report.messages.size() < opts_.messages_kept) report.messages.push_back(std::move(m));
    }
  }

  Env& env_;
  const ImportOptions& opts_;
  // NIK → line of its first accepted occurrence in this file.
  std::unordered_map<std::uint64_t, std::uint64_t> first_line_;
};


// Parsed chunks of lines in file order: the reader thread pushes, the writer pops. Bounded, so
// parsing runs at most this far ahead of writing.
class ChunkQueue {
 public:
  explicit ChunkQueue(std::size_t capacity) : capacity_(capacity) {}

  // Blocks while full; false when the writer stopped (the chunk is dropped).
  bool push(std::future<ParsedChunk> chunk) {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return stopped_ || chunks_.size() < capacity_; });
    if (stopped_) return false;
    chunks_.push_back(std::move(chunk));
    ready_.notify_one();
    return true;
  }
  // The reader is done: lines read (numbering includes blank lines) and non-blank lines.
  void finish(std::uint64_t numbered, std::uint64_t lines, std::exception_ptr error = nullptr) {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
    numbered_ = numbered;
    lines_ = lines;
    error_ = error;
    ready_.notify_one();
  }
  // The next chunk; nullopt when the reader is done and everything was popped.
  std::optional<std::future<ParsedChunk>> pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return finished_ || !chunks_.empty(); });
    if (chunks_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return std::nullopt;
    }
    auto chunk = std::move(chunks_.front());
    chunks_.pop_front();
    room_.notify_one();
    return chunk;
  }
  // The writer gives up (an exception): the reader stops at its next push.
  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    room_.notify_all();
  }
  std::uint64_t numbered() const { return numbered_; }  // after pop() returned nullopt
  std::uint64_t lines() const { return lines_; }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<std::future<ParsedChunk>> chunks_;
  bool finished_ = false, stopped_ = false;
  std::uint64_t numbered_ = 0, lines_ = 0;
  std::exception_ptr error_;
};

// Reads the stream into chunks of non-blank lines, parses up to `parallel` chunks at a time on
// worker threads, and queues them in file order (reader thread).
void read_chunks(std::istream& in, ChunkQueue& queue, std::size_t parallel) {
  std::uint64_t number = 0, lines = 0;
  try {
    std::deque<std::future<ParsedChunk>> parsing;
    // Hands the oldest chunk over once it is parsed, so that at most `parallel` run at once.
    auto hand_over = [&](std::size_t keep) {
      while (parsing.size() > keep) {
        parsing.front().wait();
        if (!queue.push(std::move(parsing.front()))) return false;
        parsing.pop_front();
      }
      return true;
    };
    std::vector<RawLine> raw;
    raw.reserve(kParseChunkLines);
    std::string text;
    while (std::getline(in, text)) {
      ++number;
      if (blank(text)) continue;
      ++lines;
      raw.push_back(RawLine{number, std::move(text)});
      text = std::string();
      if (raw.size() >= kParseChunkLines) {
        if (!hand_over(parallel - 1)) return;
        parsing.push_back(std::async(std::launch::async, parse_chunk, std::move(raw)));
        raw = {};
        raw.reserve(kParseChunkLines);
      }
    }
    if (!raw.empty()) parsing.push_back(std::async(std::launch::async, parse_chunk, std::move(raw)));
    if (!hand_over(0)) return;
    queue.finish(number, lines);
  } catch (...) {
    queue.finish(number, lines, std::current_exception());
  }
}

}  // namespace

ImportReport import_registry(Env& env, std::istream& in, const ImportOptions& opts,
                             const std::function<void(const ImportProgress&)>& progress) {
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  const std::size_t batch_lines = opts.batch_lines == 0 ? kImportBatchLines : opts.batch_lines;
  // Parsing runs up to a batch ahead, so that it goes on while a batch is written.
  const std::size_t parallel = std::max<std::size_t>(2, std::thread::hardware_concurrency());
  const std::size_t ahead = batch_lines / kParseChunkLines + parallel;
  ImportReport report;
  Importer importer(env, opts);
  std::vector<ParsedLine> batch;
  batch.reserve(batch_lines);

  // Progress by line number (blank lines included), reported on this thread as lines reach it.
  std::uint64_t reported = 0;
  auto report_progress = [&](std::uint64_t number) {
    if (!progress || !opts.progress_every) return;
    while (reported + opts.progress_every <= number) {
      reported += opts.progress_every;
      progress(ImportProgress{reported, elapsed()});
    }
  };

  ChunkQueue queue(ahead);
  std::thread reader(read_chunks, std::ref(in), std::ref(queue), parallel);
  struct Join {
    ChunkQueue& queue;
    std::thread& reader;
    ~Join() {
      queue.stop();
      reader.join();
    }
  } join{queue, reader};

  while (auto chunk = queue.pop()) {
    ParsedChunk lines = chunk->get();
    for (auto& l : lines) {
      const std::uint64_t number = l.number;
      batch.push_back(std::move(l));
      if (batch.size() >= batch_lines) {
        importer.run_batch(batch, report);
        batch.clear();
      }
      report_progress(number);
    }
  }
  if (!batch.empty()) importer.run_batch(batch, report);
  report_progress(queue.numbered());
  report.lines = queue.lines();
  report.seconds = elapsed();
  return report;
}

}  // namespace aduan::storage
