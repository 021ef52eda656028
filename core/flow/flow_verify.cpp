// Greeting, phone entry, OTP login and the family choice (issue 7 §1–3).
//
// Registration is never revealed: the reply to a number is the same whether or not
// citizens_by_phone() finds someone. For an unregistered number a code is still drawn,
// hashed and awaited (same state, timers, replies) but no SMS is sent and the code is
// marked undeliverable so it can never verify. Known residual signals, accepted: the
// per-phone hourly cap (Directory::otp_sends_since counts real SMS only) and an SMS
// failure report can only ever concern a registered number.
#include <algorithm>
#include <cctype>

#include "core/flow/flow_internal.hpp"
#include "core/flow/otp.hpp"
#include "core/mask.hpp"
#include "core/phone.hpp"

namespace aduan::flow {
namespace {

using nlohmann::json;

constexpr std::size_t kMinPhoneDigits = 8;  // fewer digits are not a phone attempt
constexpr TimeMs kMinuteMs = 60'000;
constexpr const char* kLogin = "otp_login";

std::size_t digit_count(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }));
}

std::string minutes_until(TimeMs from, TimeMs to) {
  TimeMs m = (to - from + kMinuteMs - 1) / kMinuteMs;
  return std::to_string(std::max<TimeMs>(1, m));
}

void prune_guards(Turn& t) {
  json& g = t.s["guard"];
  if (!g.is_object()) g = json::object();
  for (auto it = g.begin(); it != g.end();) {
    otp::Guard guard = otp::guard_from_json(it.value());
    otp::refresh(guard, t.ctx.now);
    if (guard.failures == 0 && guard.locked_until == 0 && guard.sends.empty()) {
      it = g.erase(it);
    } else {
      it.value() = otp::guard_to_json(guard);
      ++it;
    }
  }
}

void begin_login(Turn& t, const std::string& phone) {
  t.s["otp_phone"] = phone;
  if (send_code(t, phone, kLogin)) {
    t.set_step(steps::kOtp);
    t.offer({"otp.resend", "otp.change"});
    t.reply.interactive(make_buttons(t.t("otp.buttons"), {{t.id_for("otp.resend"), t.t("btn.resend")},
                                                          {t.id_for("otp.change"), t.t("btn.change_phone")}}));
  } else if (t.step() != steps::kOtp) {
    t.set_step(steps::kPhone);
  }
}

void login_success(Turn& t, const std::string& phone) {
  t.s.erase("otp");
  t.fx.timers.push_back({"otp_expiry", 0});
  json family = json::array();
  for (const auto& c : t.dir.citizens_by_phone(phone)) family.push_back(c.id.str());
  if (family.empty()) {
    // Only reachable if the records left the phone after the code was sent.
    t.say("verify.no_records");
    return prompt_phone(t);
  }
  t.s["sess"] = json{{"phone", phone}, {"exp", 0}, {"citizen", ""}, {"family", family}};
  t.touch_session();
  t.fx.log.push_back("verified " + mask_phone(phone));
  t.say("verify.ok");
  if (family.size() == 1) {
    t.s["sess"]["citizen"] = family[0];
    return show_menu(t);
  }
  show_family(t);
}

}  // namespace

std::string otp_refusal_key(int verdict) {
  switch (static_cast<otp::SendVerdict>(verdict)) {
    case otp::SendVerdict::locked: return "otp.locked";
    case otp::SendVerdict::cooldown: return "otp.cooldown";
    // Both caps read the same, so the per-phone count says nothing about registration.
    case otp::SendVerdict::cap_chat_phone:
    case otp::SendVerdict::cap_phone: return "otp.cap";
    case otp::SendVerdict::ok: break;
  }
  return "otp.cap";
}

void show_greeting_and_phone_prompt(Turn& t) {
  t.say("greeting");
  prompt_phone(t);
}

void prompt_phone(Turn& t) {
  t.set_step(steps::kPhone);
  if (!t.ctx.wa_id.empty() && normalize_phone(t.ctx.wa_id)) {
    t.offer({"phone.wa"});
    t.reply.interactive(make_buttons(t.t("phone.prompt_wa"), {{t.id_for("phone.wa"), t.t("btn.use_wa")}}));
  } else {
    t.say("phone.prompt");
  }
}

bool send_code(Turn& t, const std::string& phone, const std::string& purpose) {
  prune_guards(t);
  json& guards = t.s["guard"];
  if (!guards.contains(phone) && guards.size() >= kMaxGuardPhones) {
    t.say("otp.too_many_numbers");
    return false;
  }
  otp::Guard g = otp::guard_from_json(guards.value(phone, json()));
  otp::refresh(g, t.ctx.now);
  const int phone_sends = t.dir.otp_sends_since(phone, t.ctx.now - otp::kCapWindowMs);
  auto check = otp::check_send(g, phone_sends, t.ctx.now, t.cfg);
  if (check.verdict != otp::SendVerdict::ok) {
    t.say(otp_refusal_key(static_cast<int>(check.verdict)),
          {{"minutes", minutes_until(t.ctx.now, check.retry_at)},
           {"seconds", std::to_string(std::max<TimeMs>(1, (check.retry_at - t.ctx.now + 999) / 1000))}});
    guards[phone] = otp::guard_to_json(g);
    return false;
  }
  const std::string code = otp::generate_code(t.cfg.random);
  otp::Pending p;
  p.phone = phone;
  p.purpose = purpose;
  p.hash = otp::code_hash(t.cfg.otp_hash_key, t.ctx.chat_key, phone, code);
  p.sent_at = t.ctx.now;
  p.expires = t.ctx.now + t.cfg.otp_validity_ms();
  p.deliverable = purpose != kLogin || !t.dir.citizens_by_phone(phone).empty();
  t.s["otp"] = otp::pending_to_json(p);
  g.sends.push_back(t.ctx.now);
  guards[phone] = otp::guard_to_json(g);
  if (p.deliverable) {
    SmsOut sms;
    sms.phone = phone;
    sms.purpose = purpose;
    sms.text = t.t("sms.otp", {{"code", code}, {"minutes", std::to_string(t.cfg.otp_validity_s / 60)}});
    t.fx.sms.push_back(std::move(sms));
  }
  t.fx.timers.push_back({"otp_expiry", p.expires});
  t.fx.log.push_back("code requested for " + mask_phone(phone) + " (" + purpose + ")");
  t.say(purpose == kLogin ? "otp.sent" : "newphone.sent",
        {{"phone", mask_phone(phone)}, {"minutes", std::to_string(t.cfg.otp_validity_s / 60)}});
  return true;
}

void on_phone_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m) {
  const bool first = t.step() == steps::kStart;
  if (action == "phone.wa") {
    auto phone = normalize_phone(t.ctx.wa_id);
    if (!phone) return prompt_phone(t);
    return begin_login(t, *phone);
  }
  if (digit_count(text) >= kMinPhoneDigits) {
    if (first) t.say("greeting");
    auto phone = normalize_phone(text);
    if (!phone) {
      t.say("phone.invalid");
      return prompt_phone(t);
    }
    return begin_login(t, *phone);
  }
  if (first) return show_greeting_and_phone_prompt(t);
  switch (m.intent) {
    case Intent::greeting:
    case Intent::menu:
      return show_greeting_and_phone_prompt(t);
    case Intent::certificate:
    case Intent::status:
    case Intent::data_change:
    case Intent::officer:
    case Intent::tickets:
    case Intent::switch_person:
      t.say("verify.first");
      return prompt_phone(t);
    default:
      t.say("phone.not_understood");
      return prompt_phone(t);
  }
}

void on_otp_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m) {
  const std::string phone = t.s.value("otp_phone", "");
  if (phone.empty()) return prompt_phone(t);
  if (action == "otp.resend" || (action.empty() && m.intent == Intent::resend)) {
    if (send_code(t, phone, kLogin)) {
      t.offer({"otp.resend", "otp.change"});
      t.reply.interactive(make_buttons(t.t("otp.buttons"), {{t.id_for("otp.resend"), t.t("btn.resend")},
                                                            {t.id_for("otp.change"), t.t("btn.change_phone")}}));
    }
    return;
  }
  if (action == "otp.change" || (action.empty() && (m.intent == Intent::cancel || m.intent == Intent::no))) {
    t.s.erase("otp");
    t.fx.timers.push_back({"otp_expiry", 0});
    return prompt_phone(t);
  }
  if (auto code = otp::extract_code(text)) {
    auto pending = otp::pending_from_json(t.s.value("otp", json()));
    if (pending && pending->purpose != kLogin) pending.reset();
    json& guards = t.s["guard"];
    otp::Guard g = otp::guard_from_json(guards.value(phone, json()));
    auto r = otp::verify(pending, g, t.ctx.chat_key, *code, t.ctx.now, t.cfg);
    guards[phone] = otp::guard_to_json(g);
    if (pending) {
      t.s["otp"] = otp::pending_to_json(*pending);
    } else {
      t.s.erase("otp");
    }
    switch (r.verdict) {
      case otp::Verdict::ok: return login_success(t, phone);
      case otp::Verdict::wrong: return t.say("otp.wrong", {{"left", std::to_string(r.attempts_left)}});
      case otp::Verdict::locked_now:
      case otp::Verdict::locked:
        if (r.verdict == otp::Verdict::locked_now) t.fx.events.push_back("otp_locked");
        t.fx.timers.push_back({"otp_expiry", 0});
        t.say("otp.locked", {{"minutes", minutes_until(t.ctx.now, r.locked_until)}});
        return prompt_phone(t);
      case otp::Verdict::expired:
      case otp::Verdict::none: return t.say("otp.expired");
    }
  }
  // Another number typed while waiting: verify that one instead.
  if (digit_count(text) >= kMinPhoneDigits) {
    if (auto p = normalize_phone(text)) return begin_login(t, *p);
    return t.say("phone.invalid");
  }
  if (digit_count(text) > 0 && digit_count(text) == text.size()) return t.say("otp.six_digits");
  t.say("otp.reminder");
}

void show_family(Turn& t) {
  const std::string phone = t.session_phone();
  auto members = t.dir.citizens_by_phone(phone);
  if (members.empty()) {
    t.end_session();
    t.say("citizen.unavailable");
    return prompt_phone(t);
  }
  json ids = json::array();
  std::vector<std::string> actions;
  for (std::size_t i = 0; i < members.size(); ++i) {
    ids.push_back(members[i].id.str());
    actions.push_back("fam." + std::to_string(i));
  }
  t.s["sess"]["family"] = ids;
  t.s["sess"]["citizen"] = "";
  t.set_step(steps::kFamily);
  t.offer(actions);
  std::string body = t.t("family.prompt");
  std::vector<ListRow> rows;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::string masked = mask_name(members[i].name);
    body += "\n" + std::to_string(i + 1) + ". " + masked;
    if (rows.size() < kMaxFamilyShown) rows.push_back({t.id_for(actions[i]), masked, ""});
  }
  t.reply.interactive(make_list(body, t.t("list.family"), {{t.t("row.section.family"), rows}}));
}

void on_family_step(Turn& t, const std::string& action, const IntentMatch& m) {
  if (action.rfind("fam.", 0) == 0) {
    std::size_t idx = static_cast<std::size_t>(std::stoul(action.substr(4)));
    const json& fam = t.s["sess"]["family"];
    if (fam.is_array() && idx < fam.size()) {
      const std::string id = fam[idx].get<std::string>();
      // Still registered to the proven phone right now (invariant 4).
      for (const auto& c : t.dir.citizens_by_phone(t.session_phone())) {
        if (c.id.str() != id) continue;
        t.s["sess"]["citizen"] = id;
        t.say("family.chosen", {{"name", mask_name(c.name)}});
        return show_menu(t);
      }
    }
    return show_family(t);
  }
  if (m.intent != Intent::switch_person && m.intent != Intent::menu) t.say("family.choose");
  show_family(t);
}

void on_sms_failed(Turn& t, const SmsOutcome& o) {
  if (o.purpose == kLogin || o.purpose == "otp_new_phone") t.say("sms.failed");
}

}  // namespace aduan::flow
