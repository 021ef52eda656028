#include "storage/outbox_store.hpp"

#include <algorithm>

#include "core/outbound.hpp"
#include "storage/codec.hpp"

namespace aduan::storage {
namespace {

using json = nlohmann::json;

json row_json(const OutboxRow& r) {
  return json{{"chat", r.chat},       {"to", r.to},
              {"uid", r.user_id},     {"ch", r.channel},
              {"msg", r.message},     {"st", r.status},
              {"att", r.attempts},    {"wamid", r.wamid},
              {"ec", r.error_code},   {"et", r.error_title},
              {"c", r.created_at},    {"u", r.updated_at},
              {"n", r.next_attempt_at}, {"fb", r.fallback_done},
              {"fbo", r.fallback_of}};
}

// Takes the decoded row by value: the message subtree is moved out, not copied.
OutboxRow row_from(std::uint64_t seq, json j) {
  OutboxRow r;
  r.seq = seq;
  r.chat = j.value("chat", "");
  r.to = j.value("to", "");
  r.user_id = j.value("uid", "");
  r.channel = j.value("ch", "graph");
  if (auto it = j.find("msg"); it != j.end())
    r.message = std::move(*it);
  else
    r.message = json::object();
  r.status = j.value("st", "pending");
  r.attempts = j.value("att", 0);
  r.wamid = j.value("wamid", "");
  r.error_code = j.value("ec", 0);
  r.error_title = j.value("et", "");
  r.created_at = j.value("c", TimeMs{0});
  r.updated_at = j.value("u", TimeMs{0});
  r.next_attempt_at = j.value("n", TimeMs{0});
  r.fallback_done = j.value("fb", false);
  r.fallback_of = j.value("fbo", std::uint64_t{0});
  return r;
}

bool is_open(const std::string& s) { return s == "pending" || s == "in_flight"; }

// Open index value: tag, status letter, next attempt (8 bytes big-endian), recipient key.
constexpr char kOpenRefTag = '\x01';
constexpr std::size_t kOpenRefHeader = 10;

std::string encode_open_ref(const OutboxRow& r) {
  std::string v;
  v.reserve(kOpenRefHeader + r.channel.size() + 1 + std::max(r.to.size(), r.user_id.size()));
  v.push_back(kOpenRefTag);
  v.push_back(r.status == "in_flight" ? 'i' : 'p');
  auto next = static_cast<std::uint64_t>(r.next_attempt_at < 0 ? 0 : r.next_attempt_at);
  for (int shift = 56; shift >= 0; shift -= 8) v.push_back(static_cast<char>((next >> shift) & 0xff));
  v += recipient_key(r);
  return v;
}

void bump(Txn& w, const std::string& status, int delta) {
  std::string key = "outbox_count:" + status;
  auto v = w.get(w.dbs().meta, key);
  std::int64_t n = v ? static_cast<std::int64_t>(u64_from_key(*v)) : 0;
  n += delta;
  if (n < 0) n = 0;
  w.put(w.dbs().meta, key, u64_key(static_cast<std::uint64_t>(n)));
}

}  // namespace

int status_rank(const std::string& s) {
  if (s == "pending" || s == "in_flight") return 0;
  if (s == "accepted" || s == "sent") return 1;
  if (s == "delivered") return 2;
  if (s == "read" || s == "played") return 3;
  if (s == "failed") return 4;
  return -1;
}

std::uint64_t add_outbox(Txn& w, OutboxRow row) {
  row.seq = next_sequence(w, "outbox");
  row.status = "pending";
  put_outbox(w, row, "");
  return row.seq;
}

std::optional<OutboxRow> get_outbox(const Txn& t, std::uint64_t seq) {
  auto v = t.get(t.dbs().outbox, u64_key(seq));
  if (!v) return std::nullopt;
  return row_from(seq, decode(*v));
}

void put_outbox(Txn& w, const OutboxRow& row, const std::string& previous_status) {
  w.put(w.dbs().outbox, u64_key(row.seq), encode(row_json(row)));
  if (previous_status != row.status) {
    if (!previous_status.empty()) bump(w, previous_status, -1);
    bump(w, row.status, +1);
  }
  if (is_open(row.status))
    w.put(w.dbs().outbox_open, u64_key(row.seq), encode_open_ref(row));
  else
    w.del(w.dbs().outbox_open, u64_key(row.seq));
  if (!row.wamid.empty()) w.put(w.dbs().wamid, row.wamid, u64_key(row.seq));
}

std::vector<OutboxRow> open_rows(const Txn& t, std::uint64_t after, std::size_t limit) {
  std::vector<OutboxRow> out;
  t.scan(t.dbs().outbox_open, u64_key(after + 1), [&](std::string_view k, std::string_view) {
    if (auto r = get_outbox(t, u64_from_key(k))) out.push_back(std::move(*r));
    return out.size() < limit;
  });
  return out;
}

std::string recipient_key(const OutboxRow& r) { return r.channel + ":" + (r.to.empty() ? r.user_id : r.to); }

std::vector<OpenRef> open_refs(const Txn& t, std::size_t limit) {
  std::vector<OpenRef> out;
  t.scan(t.dbs().outbox_open, u64_key(1), [&](std::string_view k, std::string_view v) {
    OpenRef ref;
    ref.seq = u64_from_key(k);
    if (v.size() >= kOpenRefHeader && v[0] == kOpenRefTag) {
      ref.in_flight = v[1] == 'i';
      std::uint64_t next = 0;
      for (std::size_t i = 2; i < kOpenRefHeader; ++i) next = (next << 8) | static_cast<unsigned char>(v[i]);
      ref.next_attempt_at = static_cast<TimeMs>(next);
      ref.recipient.assign(v.substr(kOpenRefHeader));
    } else if (auto r = get_outbox(t, ref.seq)) {  // an index entry written before the tag existed
      ref.in_flight = r->status == "in_flight";
      ref.next_attempt_at = r->next_attempt_at;
      ref.recipient = recipient_key(*r);
    } else {
      return true;
    }
    out.push_back(std::move(ref));
    return out.size() < limit;
  });
  return out;
}

std::optional<std::uint64_t> apply_status(Txn& w, const StatusEvent& s, TimeMs now,
                                          const std::optional<TemplateFallback>& fallback) {
  auto key = w.get(w.dbs().wamid, s.id);
  if (!key) return std::nullopt;
  auto row = get_outbox(w, u64_from_key(*key));
  if (!row) return std::nullopt;
  const std::string prev = row->status;
  std::string incoming = s.status == "sent" ? "accepted" : s.status == "played" ? "read" : s.status;
  int have = status_rank(prev), got = status_rank(incoming);
  if (got < 0 || prev == "failed") return std::nullopt;  // unknown status, or terminal
  if (incoming == "failed") {
    row->status = "failed";
    row->error_code = s.error_codes.empty() ? 0 : s.error_codes.front();
    row->error_title = s.error_title;
  } else if (got > have) {
    row->status = incoming;
  } else {
    return std::nullopt;
  }
  row->updated_at = now;
  bool schedule_fallback = row->status == "failed" && row->error_code == 131047 && fallback &&
                           !row->fallback_done && row->fallback_of == 0 && row->channel == "graph";
  if (schedule_fallback) {
    row->fallback_done = true;
    OutboxRow t;
    t.chat = row->chat;
    t.to = row->to;
    t.user_id = row->user_id;
    t.channel = "graph";
    std::string text;
    try {
      auto m = outbound_from_json(row->message);
      if (auto* tx = std::get_if<OutText>(&m)) text = tx->body;
    } catch (const std::exception&) {
    }
    if (text.empty()) text = "-";
    // Template parameters may not hold newlines: fold them.
    for (auto& ch : text)
      if (ch == '\n' || ch == '\t') ch = ' ';
    t.message = outbound_to_json(make_template(fallback->name, fallback->language, {clamp_utf8(text, limits::kTemplateParam)}));
    t.created_at = now;
    t.fallback_of = row->seq;
    add_outbox(w, t);
  }
  put_outbox(w, *row, prev);
  return row->seq;
}

std::map<std::string, std::uint64_t> outbox_counts(const Txn& t) {
  std::map<std::string, std::uint64_t> out;
  for (const char* s : {"pending", "in_flight", "accepted", "delivered", "read", "failed"}) {
    auto v = t.get(t.dbs().meta, std::string("outbox_count:") + s);
    out[s] = v ? u64_from_key(*v) : 0;
  }
  return out;
}

std::vector<OutboxRow> rows_to(const Txn& t, const std::string& channel, const std::string& to,
                               std::uint64_t after, std::size_t limit) {
  std::vector<OutboxRow> out;
  t.scan(t.dbs().outbox, u64_key(after + 1), [&](std::string_view k, std::string_view v) {
    auto r = row_from(u64_from_key(k), decode(v));
    if (r.channel == channel && (to.empty() || r.to == to || r.user_id == to)) out.push_back(std::move(r));
    return out.size() < limit;
  });
  return out;
}

}  // namespace aduan::storage
