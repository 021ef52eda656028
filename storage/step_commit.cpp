#include "storage/step_commit.hpp"

#include "core/flow/otp.hpp"
#include "core/mask.hpp"
#include "core/outbound.hpp"
#include "storage/chat_store.hpp"
#include "storage/citizen_store.hpp"
#include "storage/inbox_store.hpp"
#include "storage/outbox_store.hpp"
#include "storage/ticket_store.hpp"

namespace aduan::storage {

namespace {

// OTP sends are counted over otp::kCapWindowMs (the flow's per-phone cap); older entries are
// dropped as new ones are written, with a margin so a clock step never undercounts.
constexpr TimeMs kOtpSendsKeepMs = 2 * flow::otp::kCapWindowMs;

void record_otp_send(Txn& w, const std::string& phone, TimeMs now) {
  std::vector<std::string> old;
  w.dups(w.dbs().otp_sends, phone, [&](std::string_view v) {
    if (static_cast<TimeMs>(u64_from_key(v)) >= now - kOtpSendsKeepMs) return false;  // sorted: the rest is newer
    old.emplace_back(v);
    return true;
  });
  for (auto& v : old) w.del_dup(w.dbs().otp_sends, phone, v);
  w.put(w.dbs().otp_sends, phone, u64_key(static_cast<std::uint64_t>(now)));
}

std::string outbound_summary(const OutboundMessage& m, const FreeTextMask& mask) {
  // Transcript lines are masked summaries: kind and a clamped first line, personal data masked.
  std::string text;
  if (auto* t = std::get_if<OutText>(&m)) text = t->body;
  else if (auto* l = std::get_if<OutList>(&m)) text = l->body;
  else if (auto* b = std::get_if<OutButtons>(&m)) text = b->body;
  else if (auto* d = std::get_if<OutDocument>(&m)) text = "[document] " + d->filename;
  else if (auto* tp = std::get_if<OutTemplate>(&m)) text = "[template] " + tp->name;
  auto nl = text.find('\n');
  if (nl != std::string::npos) text = text.substr(0, nl);
  return std::string("[") + kind_of(m) + "] " + clamp_utf8(mask(text), kTranscriptLineChars);
}

}  // namespace

StepCommitResult commit_step(Txn& w, const StepCommit& c) {
  StepCommitResult result;
  if (c.inbox_seq && !is_pending(w, c.inbox_seq)) {
    result.already_done = true;  // a replay of a committed step (or a parked row): exactly-once
    return result;
  }
  // 1. Preconditions and citizen changes (the one change path checks them inside this txn).
  for (auto& op : c.effects.changes) {
    auto r = apply_change(w, change_request_from(op), c.now);
    if (r.outcome == ChangeOutcome::stale || r.outcome == ChangeOutcome::conflict ||
        r.outcome == ChangeOutcome::not_found)
      throw StaleStep(std::string("change precondition failed: ") + outcome_name(r.outcome));
    if (r.outcome == ChangeOutcome::invalid) throw StaleStep("change rejected: " + r.reason);
  }
  for (auto& op : c.effects.tickets) {
    if (!op.expect_nik_holder.empty()) {
      std::string nik = op.ticket.proposed_value;
      auto holder = citizen_by_nik(w, nik);
      if (!holder || holder->id.value != op.expect_nik_holder) throw StaleStep("NIK holder changed");
    }
    open_ticket(w, op.ticket);
  }
  for (auto& a : c.effects.attachments) attach_media(w, a.ticket_id, a.attachment);

  // 2. Chat record: state, timers, transcript, window.
  ChatRecord chat = get_chat(w, c.chat).value_or(ChatRecord{});
  chat.key = c.chat;
  if (!c.wa_id.empty()) chat.wa_id = c.wa_id;
  if (!c.user_id.empty()) chat.user_id = c.user_id;
  chat.state_blob = c.state_blob;
  chat.updated_at = c.now;
  if (c.inbound_from_citizen) chat.last_inbound = c.now;
  chat.processed += 1;
  if (c.inbox_seq) chat.last_seq = c.inbox_seq;
  for (auto& t : c.effects.timers) {
    if (t.due <= 0)
      chat.timers.erase(t.kind);
    else
      chat.timers[t.kind] = t.due;
  }
  if (!c.transcript_in.empty()) append_transcript(w, chat, c.now, "in", c.transcript_in);
  const FreeTextMask& mask = c.text_mask ? *c.text_mask : FreeTextMask::every_word();
  for (auto& m : c.effects.replies) append_transcript(w, chat, c.now, "out", outbound_summary(m, mask));
  for (auto& note : c.effects.log) append_transcript(w, chat, c.now, "note", note);
  put_chat(w, chat);

  // 3. Outbox rows: replies (split long texts) then SMS.
  for (auto& m : c.effects.replies) {
    std::vector<OutboundMessage> parts;
    if (auto* t = std::get_if<OutText>(&m); t && meta_length(t->body) > limits::kTextBody) {
      for (auto& p : split_text(t->body)) parts.push_back(make_text(p));
    } else {
      parts.push_back(m);
    }
    for (auto& p : parts) {
      OutboxRow row;
      row.chat = c.chat;
      row.to = chat.wa_id;
      row.user_id = chat.user_id;
      row.channel = "graph";
      row.message = outbound_to_json(p);
      row.created_at = c.now;
      add_outbox(w, row);
      ++result.outbox_rows;
    }
  }
  for (auto& s : c.effects.sms) {
    OutboxRow row;
    row.chat = c.chat;
    row.to = s.phone;
    row.channel = "sms";
    row.message = nlohmann::json{{"text", s.text}, {"purpose", s.purpose}};
    row.created_at = c.now;
    add_outbox(w, row);
    ++result.outbox_rows;
    if (s.counts_as_otp) record_otp_send(w, s.phone, c.now);
  }
  // 4. The inbox row is done in the same transaction.
  if (c.inbox_seq) mark_done(w, c.inbox_seq);
  return result;
}

void park_dead_letter(Txn& w, std::uint64_t inbox_seq, const std::string& reason, const std::string& apology,
                      TimeMs now) {
  auto row = get_inbox(w, inbox_seq);
  if (!row || row->status != "pending") return;
  mark_dead(w, inbox_seq, reason);
  auto chat = get_chat(w, row->chat);
  OutboxRow out;
  out.chat = row->chat;
  out.to = chat ? chat->wa_id : row->wa_id;
  out.user_id = chat ? chat->user_id : row->user_id;
  out.channel = "graph";
  out.message = outbound_to_json(make_text(apology));
  out.created_at = now;
  if (!out.to.empty() || !out.user_id.empty()) add_outbox(w, out);
}

}  // namespace aduan::storage
