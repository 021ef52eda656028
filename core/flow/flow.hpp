// The conversation flow as pure logic: (state, input, now, directory) → (state', effects).
// No CAF, Beast or LMDB. Called by actors/conversation on the actor's own thread; the
// Directory is a read-only snapshot valid for the duration of one call.
//
// Commit protocol (who does what):
//  - step() never writes; it returns Effects. The storage writer applies state', every
//    effect and the inbox "done" mark in ONE transaction.
//  - ChangeOp and TicketOp carry preconditions (expected citizen version, NIK expected
//    free). If the writer finds a precondition false at commit time, nothing of the step
//    is applied and the actor calls step() again with a fresh Directory (optimistic
//    concurrency), so replies always describe what was committed.
//  - Ticket ids are derived from the inbound event's sequence (ticket_id_for), so a
//    replayed event yields the same id and the writer's "already exists" is harmless.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/inbound.hpp"
#include "core/model.hpp"
#include "core/outbound.hpp"
#include "core/types.hpp"

namespace aduan {
class Catalogue;  // core/catalogue.hpp
}  // namespace aduan

namespace aduan::flow {

// ---- inputs -------------------------------------------------------------------------
struct TimerFired {
  std::string kind;  // as set in TimerSet::kind
  TimeMs due = 0;
};
// An officer's answer to a ticket of this chat (delivered by the officer desk).
struct OfficerAnswer {
  std::string ticket_id;
  std::string text;
};
// Outcome of an SMS send requested by an earlier step (the SMS sender reports back).
struct SmsOutcome {
  std::string purpose;  // as in SmsOut::purpose
  bool delivered = false;
  std::string reason;
};
using Input = std::variant<InboundMessage, TimerFired, OfficerAnswer, SmsOutcome>;

struct StepContext {
  std::uint64_t event_seq = 0;  // inbox sequence of this input (unique, durable)
  std::string chat_key;         // "wa:<wa_id>" or "bu:<user id>"
  std::string wa_id;            // may be empty for username users
  TimeMs now = 0;
};

// ---- read-only view of storage ------------------------------------------------------
class Directory {
 public:
  virtual ~Directory() = default;
  virtual std::vector<CitizenProfile> citizens_by_phone(const std::string& phone_e164) = 0;
  virtual std::optional<CitizenProfile> citizen(const std::string& citizen_id) = 0;
  virtual std::optional<CitizenProfile> citizen_by_nik(const std::string& nik) = 0;
  virtual std::vector<Ticket> tickets_of_chat(const std::string& chat_key) = 0;
  // OTP codes sent to this phone (any chat) since `since`: the per-phone hourly cap.
  virtual int otp_sends_since(const std::string& phone_e164, TimeMs since) = 0;
};

// ---- effects ------------------------------------------------------------------------
struct SmsOut {
  std::string phone;    // E.164 digits
  std::string text;     // contains the code as its only run of six digits
  std::string purpose;  // "otp_login" or "otp_new_phone"; echoed in SmsOutcome
  bool counts_as_otp = true;
};
struct ChangeOp {
  std::string citizen_id;
  std::uint64_t expected_version = 0;  // precondition
  std::string field, old_value, new_value;
  std::string who;     // "citizen:<verified phone>"
  std::string ticket;  // empty for an in-place change
};
struct TicketOp {
  Ticket ticket;  // id from ticket_id_for(); status "open"; sla_due set by the flow
  // Precondition for nik_conflict tickets: the NIK is still held by this other citizen.
  std::string expect_nik_holder;
};
struct TicketAttach {
  std::string ticket_id;
  TicketAttachment attachment;
};
struct TimerSet {
  std::string kind;  // "otp_expiry", "session_expiry", ...
  TimeMs due = 0;    // 0 = clear the timer of this kind
};

struct Effects {
  std::vector<OutboundMessage> replies;  // to this chat, in order (coalesced by the flow)
  std::vector<SmsOut> sms;
  std::vector<ChangeOp> changes;
  std::vector<TicketOp> tickets;
  std::vector<TicketAttach> attachments;
  std::vector<TimerSet> timers;
  std::vector<std::string> log;  // masked notes for the transcript (no PII)
  std::vector<std::string> events;  // countable happenings for /metrics, e.g. "otp_locked"
};

// The chat's state, opaque to everyone but the flow; stored as versioned JSON.
struct ChatState {
  nlohmann::json data = nlohmann::json::object();
};

struct StepResult {
  ChatState state;
  Effects effects;
};

struct FlowConfig;  // core/flow/flow_config.hpp
// aduan::Catalogue (core/catalogue.hpp) is declared above the namespace.

std::string ticket_id_for(std::uint64_t event_seq);  // "TK-" + stable encoding of the seq

StepResult step(const ChatState& state, const Input& input, const StepContext& ctx, Directory& dir,
                const FlowConfig& cfg, const Catalogue& catalogue);

// For introspection (/admin/actors): current step name, verified or not, masked phone.
std::string step_name(const ChatState& state);
bool is_verified(const ChatState& state, TimeMs now);
std::string verified_phone(const ChatState& state);  // "" when not verified
std::string language_of(const ChatState& state);     // "id" or "en"

}  // namespace aduan::flow
