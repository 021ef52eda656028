// Internal to core/flow: the working context of one step() call and the handlers of each
// journey, split by file (verify, menu, correction). Not for use outside core/flow.
//
// Chat state layout (ChatState::data, versioned by "v"):
//   v, lang ("id"|"en"), step, n (nonce of the live options), opts ([action...] valid now),
//   last_in (ms of the citizen's last message: the 24-hour window), nag (media note sent),
//   otp (otp::Pending of the code awaited), otp_phone (the number being verified),
//   guard ({phone: otp::Guard} — per (this chat, phone)),
//   sess ({phone, exp, citizen, family:[ids]} — a verified session),
//   draft ({field, old, new, ver, mode, kind, other, reason}) for a correction,
//   att ([attachments] collected for an officer ticket), attach_to (the officer ticket just
//   opened: media sent before the next text are attached to it), choices (disambiguation).
// Option ids are "<action>:<n>": valid only while n is the live nonce and the action is in
// opts, so a tap on an old list or button can never skip a step.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalogue.hpp"
#include "core/flow/flow.hpp"
#include "core/flow/flow_config.hpp"
#include "core/flow/reply.hpp"
#include "core/intent.hpp"

namespace aduan::flow {

namespace steps {
constexpr const char* kStart = "start";
constexpr const char* kPhone = "phone";
constexpr const char* kOtp = "otp";
constexpr const char* kFamily = "family";
constexpr const char* kMenu = "menu";
constexpr const char* kCert = "certificate";
constexpr const char* kField = "correction_field";
constexpr const char* kValue = "correction_value";
constexpr const char* kConfirm = "correction_confirm";
constexpr const char* kNewPhoneOtp = "new_phone_otp";
constexpr const char* kOfficer = "officer_describe";
constexpr const char* kChoose = "disambiguate";
}  // namespace steps

constexpr int kStateVersion = 1;
constexpr std::size_t kMaxGuardPhones = 20;      // numbers one chat may try within an hour
constexpr std::size_t kMaxAttachments = 10;      // per officer ticket description
constexpr std::size_t kMaxTicketsListed = 10;
constexpr std::size_t kMaxFamilyShown = 10;      // list rows limit
constexpr std::size_t kMaxDetailsBytes = 2000;   // citizen's words kept on a ticket

struct Turn {
  nlohmann::json& s;
  const StepContext& ctx;
  Directory& dir;
  const FlowConfig& cfg;
  const Catalogue& cat;
  Effects& fx;
  Reply reply;
  std::string user_id;  // business-scoped id of the sender, when known

  std::string lang() const;
  std::string t(const std::string& key, const Catalogue::Params& p = {}) const;
  void say(const std::string& key, const Catalogue::Params& p = {}) { reply.say(t(key, p)); }
  std::string step() const;
  void set_step(const std::string& step);

  // Options: starts a new set (new nonce) and returns the id for each action.
  void offer(const std::vector<std::string>& actions);
  std::string id_for(const std::string& action) const;
  std::vector<std::string> options() const;
  // The action a typed number or a tapped id picks in the current step, or "".
  // *stale is set when the input was a tap on an old message.
  std::string action_from_reply_id(const std::string& reply_id, bool* stale) const;
  std::string action_from_number(const std::string& text) const;

  // Session
  bool verified() const;
  std::string session_phone() const;
  std::string citizen_id() const;
  std::optional<CitizenProfile> citizen();  // the chosen citizen, re-read, still on the phone
  void touch_session();
  void end_session();

  // Tickets
  Ticket new_ticket(const std::string& kind) const;
  std::string sla_text() const;
};

// ---- journeys (one file each) ---------------------------------------------------------
// verify: greeting, phone entry, OTP, family choice
void show_greeting_and_phone_prompt(Turn& t);
void prompt_phone(Turn& t);
void on_phone_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m);
void on_otp_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m);
void show_family(Turn& t);
void on_family_step(Turn& t, const std::string& action, const IntentMatch& m);
void on_sms_failed(Turn& t, const SmsOutcome& o);
// Sends a code to phone for purpose ("otp_login"/"otp_new_phone"); false when refused (the
// reason has been said). Sets otp + the expiry timer.
bool send_code(Turn& t, const std::string& phone, const std::string& purpose);
std::string otp_refusal_key(int verdict);

// menu: menu, status, certificate, tickets, officer, disambiguation
void show_menu(Turn& t);
void route_intent(Turn& t, const IntentMatch& m);  // verified: act on a free-text intent
void on_menu_action(Turn& t, const std::string& action);
void show_status(Turn& t);
void show_certificates(Turn& t);
void on_cert_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m);
void show_tickets(Turn& t);
void start_officer(Turn& t);
void on_officer_text(Turn& t, const std::string& text);
void on_officer_media(Turn& t, const InboundMessage& m);
void attach_to_open_ticket(Turn& t, const InboundMessage& m);
void ask_disambiguation(Turn& t, const IntentMatch& m);
void on_choose_step(Turn& t, const std::string& action, const IntentMatch& m);

// correction: field → value → confirm (→ new phone OTP) → ChangeOp or TicketOp
void show_fields(Turn& t);
void on_field_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m);
void ask_value(Turn& t, const std::string& field);
void on_value_step(Turn& t, const std::string& text, const std::string& action);
void show_confirm(Turn& t);
void on_confirm_step(Turn& t, const std::string& action, const IntentMatch& m);
void on_new_phone_otp_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m);

// Shared helpers
// obj[key] as a string, or def when obj is not an object or the key is absent/not a string.
std::string str_at(const nlohmann::json& obj, const char* key, const std::string& def = "");
std::string field_label(const Turn& t, const std::string& field);
std::string display_value(const Turn& t, const std::string& field, const std::string& value);
bool is_single_command(const std::string& text);  // "batal", "menu", "bantuan", ...

}  // namespace aduan::flow
