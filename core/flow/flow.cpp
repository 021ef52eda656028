// step(): decodes the input, applies the chat-wide rules (reactions, system messages,
// session expiry, media, stale taps, language/help/exit) and hands the rest to the
// journey of the current step (flow_verify.cpp, flow_menu.cpp, flow_correction.cpp).
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/flow/flow_internal.hpp"
#include "core/flow/otp.hpp"
#include "core/mask.hpp"
#include "core/outbound.hpp"

namespace aduan::flow {
namespace {

using nlohmann::json;

constexpr int kTicketDigits = 6;

std::string trim(const std::string& s) {
  std::size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

bool verified_step(const std::string& step) {
  return step == steps::kFamily || step == steps::kMenu || step == steps::kCert || step == steps::kField ||
         step == steps::kValue || step == steps::kConfirm || step == steps::kNewPhoneOtp ||
         step == steps::kOfficer || step == steps::kChoose;
}


void reprompt(Turn& t) {
  const std::string step = t.step();
  if (step == steps::kStart) return show_greeting_and_phone_prompt(t);
  if (step == steps::kPhone) return prompt_phone(t);
  if (step == steps::kOtp) return t.say("otp.reminder");
  if (!t.verified()) return show_greeting_and_phone_prompt(t);
  if (step == steps::kFamily) return show_family(t);
  if (step == steps::kCert) return show_certificates(t);
  if (step == steps::kField) return show_fields(t);
  if (step == steps::kValue) return ask_value(t, str_at(t.s.value("draft", json()), "field", "name"));
  if (step == steps::kConfirm) return show_confirm(t);
  if (step == steps::kNewPhoneOtp) return t.say("newphone.reminder");
  if (step == steps::kOfficer) return t.say("officer.prompt");
  show_menu(t);
}

bool is_media(const InboundMessage& m) { return !m.media_id.empty(); }

bool is_textual(const InboundMessage& m) {
  return m.type == "text" || m.type == "interactive" || m.type == "button" || !m.reply_id.empty();
}

void on_message(Turn& t, const InboundMessage& m) {
  json& s = t.s;
  if (m.type == "reaction") return;  // never answered, not even counted as activity
  if (m.type == "system") {
    if (m.system_type == "user_changed_number") {
      t.end_session();
      s.erase("otp");
      t.set_step(steps::kStart);
      t.fx.log.push_back("session ended: user changed number");
    }
    return;
  }
  s["last_in"] = t.ctx.now;
  t.user_id = m.from_user_id;

  // A verified session past its idle limit ends before anything else is read.
  if (s.contains("sess") && s["sess"].value("exp", TimeMs{0}) <= t.ctx.now) {
    t.end_session();
    t.set_step(steps::kStart);
    t.say("session.expired");
  }
  if (t.verified()) t.touch_session();
  if (!t.verified() && verified_step(t.step())) t.set_step(steps::kStart);

  if (!is_textual(m)) {
    if (s.contains("attach_to") && is_media(m)) return attach_to_open_ticket(t, m);
    if (t.step() == steps::kOfficer && is_media(m)) {
      on_officer_media(t, m);
      if (!trim(m.text).empty()) on_officer_text(t, m.text);  // a caption describes it
      return;
    }
    if (m.type == "request_welcome") return show_greeting_and_phone_prompt(t);
    if (!s.value("nag", false)) {
      t.say("media.please_text");
      s["nag"] = true;
    }
    return;
  }
  s["nag"] = false;
  s.erase("attach_to");  // media after the next text no longer belongs to that ticket

  std::string action;
  IntentMatch mm;
  const std::string text = trim(m.text);
  if (!m.reply_id.empty()) {
    bool stale = false;
    action = t.action_from_reply_id(m.reply_id, &stale);
    if (stale || action.empty()) {
      t.say("button.stale");
      return reprompt(t);
    }
  } else {
    // "2" while a code is awaited is neither an attempt nor an option (issue 7 §2).
    if (t.step() != steps::kOtp && t.step() != steps::kNewPhoneOtp) action = t.action_from_number(text);
    mm = match_intent(text);
  }

  const std::string step = t.step();
  // Chat-wide commands. While a value is being typed only a bare command word counts, so a
  // name like "Bahasa Putri" is a value, not a language switch.
  const bool commands = action.empty() && (step != steps::kValue || is_single_command(text)) &&
                        !(step == steps::kOtp && otp::extract_code(text));
  if (commands) {
    switch (mm.intent) {
      case Intent::lang_en:
      case Intent::lang_id:
        s["lang"] = mm.intent == Intent::lang_en ? "en" : "id";
        t.say("lang.set");
        return reprompt(t);
      case Intent::help:
        t.say(t.verified() ? "help.verified" : "help.unverified");
        return reprompt(t);
      case Intent::exit:
        t.end_session();
        s.erase("otp");
        t.set_step(steps::kStart);
        t.say("exit.done");
        return;
      case Intent::thanks:
        t.say("thanks.reply");
        return;
      default:
        break;
    }
  }

  if (step == steps::kStart) return on_phone_step(t, text, action, mm);
  if (step == steps::kPhone) return on_phone_step(t, text, action, mm);
  if (step == steps::kOtp) return on_otp_step(t, text, action, mm);
  if (step == steps::kFamily) return on_family_step(t, action, mm);
  if (step == steps::kCert) return on_cert_step(t, text, action, mm);
  if (step == steps::kField) return on_field_step(t, text, action, mm);
  if (step == steps::kValue) {
    if (action.empty() && is_single_command(text)) return route_intent(t, mm);
    return on_value_step(t, text, action);
  }
  if (step == steps::kConfirm) return on_confirm_step(t, action, mm);
  if (step == steps::kNewPhoneOtp) return on_new_phone_otp_step(t, text, action, mm);
  if (step == steps::kChoose) return on_choose_step(t, action, mm);
  if (step == steps::kOfficer) {
    if (mm.intent == Intent::menu || mm.intent == Intent::cancel) return route_intent(t, mm);
    return on_officer_text(t, text);
  }
  // Menu (and anything unexpected): options by id or number, else free text.
  if (!action.empty()) return on_menu_action(t, action);
  route_intent(t, mm);
}

void on_timer(Turn& t, const TimerFired& f) {
  json& s = t.s;
  if (f.kind == "otp_expiry") {
    auto p = otp::pending_from_json(s.value("otp", json()));
    if (p && p->expires <= t.ctx.now) s.erase("otp");  // the code can no longer be used
    return;
  }
  if (f.kind == "session_expiry") {
    if (s.contains("sess") && s["sess"].value("exp", TimeMs{0}) <= t.ctx.now) {
      t.end_session();
      t.set_step(steps::kStart);
      // A late timer (after downtime or a clock jump) stays silent outside the 24-hour
      // window: Meta would refuse free text there (131047).
      const TimeMs last_in = s.value("last_in", TimeMs{0});
      if (last_in != 0 && t.ctx.now - last_in < t.cfg.answer_window_ms()) t.say("session.expired");
    }
  }
}

void on_officer_answer(Turn& t, const OfficerAnswer& a) {
  const TimeMs last_in = t.s.value("last_in", TimeMs{0});
  const bool window_open = last_in != 0 && t.ctx.now - last_in < t.cfg.answer_window_ms();
  if (window_open) {
    t.say("officer.answer", {{"ticket", a.ticket_id}, {"text", a.text}});
  } else {
    std::string param = clamp_utf8(a.ticket_id + ": " + a.text, limits::kTemplateParam);
    t.fx.replies.push_back(make_template(t.cfg.template_name, t.cfg.template_language, {param}));
  }
  t.fx.log.push_back(std::string("officer answer for ") + a.ticket_id + (window_open ? " as text" : " as template"));
}

}  // namespace

// ---- Turn -------------------------------------------------------------------------------

std::string Turn::lang() const {
  std::string l = s.value("lang", "id");
  return l == "en" ? "en" : "id";
}

std::string Turn::t(const std::string& key, const Catalogue::Params& p) const { return cat.text(key, lang(), p); }

std::string Turn::step() const { return s.value("step", std::string(steps::kStart)); }

void Turn::set_step(const std::string& step) {
  s["step"] = step;
  s.erase("opts");  // options of the previous step die with it
}

void Turn::offer(const std::vector<std::string>& actions) {
  s["n"] = s.value("n", 0) + 1;
  s["opts"] = actions;
}

std::string Turn::id_for(const std::string& action) const {
  return action + ":" + std::to_string(s.value("n", 0));
}

std::vector<std::string> Turn::options() const {
  std::vector<std::string> out;
  if (s.contains("opts") && s["opts"].is_array())
    for (auto& o : s["opts"])
      if (o.is_string()) out.push_back(o.get<std::string>());
  return out;
}

std::string Turn::action_from_reply_id(const std::string& reply_id, bool* stale) const {
  *stale = true;
  auto colon = reply_id.rfind(':');
  if (colon == std::string::npos) return "";
  std::string action = reply_id.substr(0, colon), nonce = reply_id.substr(colon + 1);
  if (nonce != std::to_string(s.value("n", 0))) return "";
  auto opts = options();
  if (std::find(opts.begin(), opts.end(), action) == opts.end()) return "";
  *stale = false;
  return action;
}

std::string Turn::action_from_number(const std::string& text) const {
  std::string x = text;
  while (!x.empty() && (x.back() == '.' || x.back() == ')')) x.pop_back();
  if (x.empty() || x.size() > 2 || !std::all_of(x.begin(), x.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return "";
  auto opts = options();
  std::size_t k = static_cast<std::size_t>(std::stoi(x));
  if (k < 1 || k > opts.size()) return "";
  return opts[k - 1];
}

bool Turn::verified() const {
  return s.contains("sess") && s["sess"].is_object() && s["sess"].value("exp", TimeMs{0}) > ctx.now;
}

std::string Turn::session_phone() const { return verified() ? s["sess"].value("phone", "") : std::string(); }

std::string Turn::citizen_id() const { return verified() ? s["sess"].value("citizen", "") : std::string(); }

std::optional<CitizenProfile> Turn::citizen() {
  const std::string id = citizen_id();
  if (id.empty()) return std::nullopt;
  auto p = dir.citizen(id);
  // Invariant 4: only citizens registered to the proven phone.
  if (!p || p->phone != session_phone()) return std::nullopt;
  return p;
}

void Turn::touch_session() {
  const TimeMs exp = ctx.now + cfg.session_idle_ms();
  s["sess"]["exp"] = exp;
  fx.timers.push_back({"session_expiry", exp});
}

void Turn::end_session() {
  if (s.contains("sess")) fx.timers.push_back({"session_expiry", 0});
  s.erase("sess");
  s.erase("draft");
  s.erase("att");
  s.erase("choices");
  s.erase("opts");
}

Ticket Turn::new_ticket(const std::string& kind) const {
  Ticket tk;
  tk.id = ticket_id_for(ctx.event_seq);
  tk.kind = kind;
  tk.status = "open";
  tk.chat = ctx.chat_key;
  tk.wa_id = ctx.wa_id;
  tk.user_id = user_id;
  if (!citizen_id().empty()) tk.citizens.push_back(citizen_id());
  tk.opened_at = ctx.now;
  tk.sla_due = ctx.now + cfg.sla_ms();
  tk.language = lang();
  return tk;
}

std::string Turn::sla_text() const { return std::to_string(cfg.sla_minutes); }

std::string str_at(const nlohmann::json& obj, const char* key, const std::string& def) {
  if (!obj.is_object()) return def;
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : def;
}

bool is_single_command(const std::string& text) {
  auto tokens = normalize_tokens(text);
  if (tokens.size() != 1) return false;
  static const std::vector<std::string> words{"batal", "cancel", "menu", "bantuan", "help", "keluar",
                                              "exit", "english", "bahasa", "indonesia", "logout"};
  return std::find(words.begin(), words.end(), tokens[0]) != words.end();
}

// ---- public API -----------------------------------------------------------------------

namespace {
void run_input(Turn& t, const Input& input);
}  // namespace

std::string ticket_id_for(std::uint64_t event_seq) {
  std::string digits = std::to_string(event_seq);
  if (digits.size() < kTicketDigits) digits.insert(0, kTicketDigits - digits.size(), '0');
  return "TK-" + digits;
}

StepResult step(const ChatState& state, const Input& input, const StepContext& ctx, Directory& dir,
                const FlowConfig& cfg, const Catalogue& catalogue) {
  StepResult r;
  r.state = state;
  json& s = r.state.data;
  const bool current = s.is_object() && s.contains("v") && s["v"].is_number_integer() && s["v"] == kStateVersion;
  if (!current) {
    // Unknown or missing layout: start clean but keep the citizen's language.
    std::string lang = str_at(s, "lang", "id");
    s = json::object();
    s["v"] = kStateVersion;
    s["lang"] = lang;
    s["step"] = steps::kStart;
  }
  Turn t{s, ctx, dir, cfg, catalogue, r.effects, Reply{}, {}};
  try {
    run_input(t, input);
  } catch (const nlohmann::json::exception& e) {
    // Only a damaged stored state gets here (inputs are typed): start the chat over rather
    // than fail the same event forever. OTP guards survive so a reset unlocks nothing.
    json guard = json::object();
    if (s.is_object() && s.contains("guard") && s["guard"].is_object())
      for (auto it = s["guard"].begin(); it != s["guard"].end(); ++it) {
        try {
          guard[it.key()] = otp::guard_to_json(otp::guard_from_json(it.value()));
        } catch (const json::exception&) {
          // an unreadable guard is dropped
        }
      }
    const std::string lang = str_at(state.data, "lang", "id") == "en" ? "en" : "id";
    s = json{{"v", kStateVersion}, {"lang", lang}, {"step", steps::kStart}, {"guard", guard}};
    r.effects = Effects{};
    r.effects.log.push_back(std::string("chat state reset: ") + e.what());
    Turn fresh{s, ctx, dir, cfg, catalogue, r.effects, Reply{}, {}};
    fresh.say("not_understood");
    show_greeting_and_phone_prompt(fresh);
    auto msgs = fresh.reply.finish();
    r.effects.replies.insert(r.effects.replies.end(), msgs.begin(), msgs.end());
    return r;
  }
  auto msgs = t.reply.finish();
  r.effects.replies.insert(r.effects.replies.begin(), msgs.begin(), msgs.end());
  return r;
}

namespace {
void run_input(Turn& t, const Input& input) {
  std::visit(
      [&](const auto& in) {
        using T = std::decay_t<decltype(in)>;
        if constexpr (std::is_same_v<T, InboundMessage>) on_message(t, in);
        if constexpr (std::is_same_v<T, TimerFired>) on_timer(t, in);
        if constexpr (std::is_same_v<T, OfficerAnswer>) on_officer_answer(t, in);
        if constexpr (std::is_same_v<T, SmsOutcome>) {
          if (!in.delivered) on_sms_failed(t, in);
        }
      },
      input);
}
}  // namespace

std::string step_name(const ChatState& state) { return str_at(state.data, "step", steps::kStart); }

bool is_verified(const ChatState& state, TimeMs now) {
  const json& s = state.data;
  if (!s.is_object() || !s.contains("sess") || !s["sess"].is_object()) return false;
  const json& sess = s["sess"];
  return sess.contains("exp") && sess["exp"].is_number_integer() && sess["exp"].get<TimeMs>() > now;
}

// The phone of the last verified session (expiry is not checked: no clock here).
std::string verified_phone(const ChatState& state) {
  const json& s = state.data;
  if (!s.is_object() || !s.contains("sess")) return "";
  return str_at(s["sess"], "phone");
}

std::string language_of(const ChatState& state) { return str_at(state.data, "lang", "id") == "en" ? "en" : "id"; }

}  // namespace aduan::flow
