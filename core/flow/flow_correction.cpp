// Personal-data correction (issue 8 §1–3, 5): field → value → validation → before/after →
// YA/BATAL → one ChangeOp (in place) or one TicketOp (policy), with the "done" reply in the
// same Effects so the writer commits both or neither. A phone change first proves the new
// number with its own OTP. The draft remembers the profile version it was shown from; a YA
// against a changed profile re-asks instead of overwriting someone else's change, and the
// ChangeOp's expected_version lets the writer refuse a race at commit time.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/civil_date.hpp"
#include "core/flow/flow_internal.hpp"
#include "core/flow/otp.hpp"
#include "core/mask.hpp"
#include "core/nik.hpp"
#include "core/phone.hpp"
#include "core/registry_record.hpp"

namespace aduan::flow {
namespace {

using nlohmann::json;

constexpr const char* kNewPhone = "otp_new_phone";

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Fields printed on the certificate: changing one re-issues it, so it is offered again.
bool on_certificate(const std::string& field) {
  return field == "name" || field == "birth_date" || field == "sex" || field == "nik";
}

struct Decision {
  std::string mode = "apply";  // apply | ticket | refuse
  std::string kind, other, reason;
};

Decision decide(Turn& t, const CitizenProfile& c, const std::string& field, const std::string& value) {
  Decision d;
  if (field == "name") {
    if (t.cfg.large_name_change_review &&
        edit_distance(lower_ascii(c.name), lower_ascii(value)) > static_cast<std::size_t>(t.cfg.name_max_edit_distance))
      d = {"ticket", "correction_review", "", "name_large"};
    return d;
  }
  if (field == "birth_date" || field == "sex") {
    auto info = parse_nik(c.nik);
    auto bd = parse_iso_date(field == "birth_date" ? value : c.birth_date);
    const std::string sex = field == "sex" ? value : c.sex;
    if (info && bd && !sex.empty() && !nik_matches(*info, *bd, sex[0]) && t.cfg.mismatch_review)
      d = {"ticket", "correction_review", "", "contradicts_nik"};
    return d;
  }
  if (field == "nik") {
    auto holder = t.dir.citizen_by_nik(value);
    if (holder && holder->id != c.id) {
      if (t.cfg.nik_conflict_ticket) return {"ticket", "nik_conflict", holder->id.str(), "review"};
      return {"refuse", "", "", "nik_in_use"};
    }
    auto info = parse_nik(value);
    auto bd = parse_iso_date(c.birth_date);
    if (info && bd && !c.sex.empty() && !nik_matches(*info, *bd, c.sex[0]) && t.cfg.mismatch_review)
      d = {"ticket", "correction_review", "", "nik_mismatch"};
    return d;
  }
  return d;  // phone (OTP first) and email apply in place
}

void decide_and_confirm(Turn& t, const CitizenProfile& c, const std::string& field, const std::string& value) {
  Decision d = decide(t, c, field, value);
  if (d.mode == "refuse") {
    t.say("reject." + d.reason);
    return show_menu(t);
  }
  t.s["draft"] = json{{"field", field},       {"old", c.field(field)}, {"new", value},
                      {"ver", c.version},     {"mode", d.mode},        {"kind", d.kind},
                      {"other", d.other},     {"reason", d.reason},    {"citizen", c.id.str()}};
  show_confirm(t);
}

void emit_change(Turn& t, const CitizenProfile& c, const json& d) {
  ChangeOp op;
  op.citizen_id = c.id.str();
  op.expected_version = c.version;
  op.field = d.value("field", "");
  op.old_value = c.field(op.field);
  op.new_value = d.value("new", "");
  op.who = "citizen:" + t.session_phone();
  t.fx.log.push_back("change " + op.field + " of " + op.citizen_id);
  t.say("change.done", {{"field", field_label(t, op.field)}, {"value", display_value(t, op.field, op.new_value)}});
  const std::string field = op.field;
  t.fx.changes.push_back(std::move(op));
  t.s.erase("draft");
  bool any_certificate = std::any_of(c.vaccinations.begin(), c.vaccinations.end(), [](const VaccinationDose& v) { return v.certificate; });
  if (on_certificate(field) && any_certificate) {
    t.say("change.cert_offer");
    return show_certificates(t);
  }
  show_menu(t);
}

void open_review_ticket(Turn& t, const CitizenProfile& c, const json& d) {
  TicketOp op;
  op.ticket = t.new_ticket(d.value("kind", "correction_review"));
  op.ticket.field = d.value("field", "");
  op.ticket.proposed_value = d.value("new", "");
  op.ticket.summary = op.ticket.kind + ": " + op.ticket.field;
  op.ticket.details = op.ticket.field + ": " + c.field(op.ticket.field) + " -> " + op.ticket.proposed_value +
                      " (" + d.value("reason", "") + ")";
  const std::string other = d.value("other", "");
  if (!other.empty()) {
    op.ticket.citizens.push_back(other);
    op.expect_nik_holder = other;
  }
  t.say("ticket.review_opened", {{"ticket", op.ticket.id}, {"minutes", t.sla_text()}});
  t.fx.log.push_back("ticket " + op.ticket.id + " " + op.ticket.kind);
  t.fx.tickets.push_back(std::move(op));
  t.s.erase("draft");
  show_menu(t);
}

bool lost(Turn& t, const std::optional<CitizenProfile>& c) {
  if (c) return false;
  t.s.erase("draft");
  t.say("citizen.unavailable");
  show_family(t);
  return true;
}

void adopt_new_phone(Turn& t, const std::string& citizen_id, const std::string& phone) {
  // The new number is proven too; the session follows the citizen to it.
  json family = json::array({citizen_id});
  for (const auto& c : t.dir.citizens_by_phone(phone))
    if (c.id.str() != citizen_id) family.push_back(c.id.str());
  t.s["sess"]["phone"] = phone;
  t.s["sess"]["family"] = family;
}

}  // namespace

std::string field_label(const Turn& t, const std::string& field) { return t.t("field." + field); }

std::string display_value(const Turn& t, const std::string& field, const std::string& value) {
  if (value.empty()) return "-";
  if (field == "nik") return mask_nik(value);
  if (field == "sex") return t.t(value == "F" ? "sex.F" : "sex.M");
  if (field == "phone") return phone_local_form(value);
  if (field == "birth_date") {
    if (auto d = parse_iso_date(value)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02d-%02d-%04d", d->day, d->month, d->year);
      return buf;
    }
  }
  return value;
}

void show_fields(Turn& t) {
  if (t.citizen_id().empty()) return show_family(t);
  t.set_step(steps::kField);
  std::vector<std::string> actions;
  for (const auto& f : correctable_fields()) actions.push_back("field." + f);
  t.offer(actions);
  std::string body = t.t("field.choose");
  std::vector<ListRow> rows;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const std::string title = field_label(t, correctable_fields()[i]);
    body += "\n" + std::to_string(i + 1) + ". " + title;
    rows.push_back({t.id_for(actions[i]), title, ""});
  }
  t.reply.interactive(make_list(body, t.t("list.field"), {{t.t("row.section.field"), rows}}));
}

void on_field_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m) {
  if (action.rfind("field.", 0) == 0) return ask_value(t, action.substr(6));
  if (action.empty()) {
    const std::string f = match_field(text);
    if (!f.empty() && m.intent != Intent::menu && m.intent != Intent::cancel) return ask_value(t, f);
  }
  if (m.intent == Intent::unknown) {
    t.say("field.not_understood");
    return show_fields(t);
  }
  route_intent(t, m);
}

void ask_value(Turn& t, const std::string& field) {
  auto c = t.citizen();
  if (lost(t, c)) return;
  const bool known = std::find(correctable_fields().begin(), correctable_fields().end(), field) != correctable_fields().end();
  if (!known) return show_fields(t);
  t.set_step(steps::kValue);
  t.s["draft"] = json{{"field", field}};
  const Catalogue::Params p{{"current", display_value(t, field, c->field(field))}};
  if (field == "sex") {
    t.offer({"sex.M", "sex.F"});
    t.reply.interactive(make_buttons(t.t("value.prompt.sex", p), {{t.id_for("sex.M"), t.t("btn.sex.M")},
                                                                  {t.id_for("sex.F"), t.t("btn.sex.F")}}));
    return;
  }
  t.say("value.prompt." + field, p);
}

void on_value_step(Turn& t, const std::string& text, const std::string& action) {
  const std::string field = str_at(t.s.value("draft", json()), "field");
  std::string input = text;
  if (action == "sex.M") input = "M";
  if (action == "sex.F") input = "F";
  if (input.empty()) return ask_value(t, field);
  auto c = t.citizen();
  if (lost(t, c)) return;
  FieldCheck fc = check_field(field, input, t.ctx.now);
  if (!fc.ok) {
    const std::string key = "reject." + fc.reason_key;
    t.say(t.cat.has(key) ? key : "reject.generic");
    return ask_value(t, field);
  }
  if (fc.value == c->field(field)) {
    t.say("value.same");
    return show_menu(t);
  }
  decide_and_confirm(t, *c, field, fc.value);
}

void show_confirm(Turn& t) {
  const json& d = t.s["draft"];
  if (!d.is_object() || !d.contains("new")) return show_menu(t);
  t.set_step(steps::kConfirm);
  const std::string field = d.value("field", "");
  std::string old_value = d.value("old", ""), new_value = d.value("new", "");
  std::string old_shown = display_value(t, field, old_value), new_shown = display_value(t, field, new_value);
  if (field == "nik") {  // both masked alike would hide the very digit being fixed
    old_shown = mask_nik_diff(old_value, new_value, false);  // the registry's digits stay hidden
    new_shown = mask_nik_diff(new_value, old_value, true);   // the citizen typed these
  }
  std::string body = t.t("confirm.preview", {{"field", field_label(t, field)}, {"old", old_shown}, {"new", new_shown}});
  if (d.value("mode", "") == "ticket") body += "\n\n" + t.t("confirm.review_note." + d.value("reason", "review"));
  if (field == "phone") body += "\n\n" + t.t("confirm.phone_note");
  body += "\n\n" + t.t("confirm.question");
  t.offer({"yes", "no"});
  t.reply.interactive(make_buttons(body, {{t.id_for("yes"), t.t("btn.yes")}, {t.id_for("no"), t.t("btn.no")}}));
}

void on_confirm_step(Turn& t, const std::string& action, const IntentMatch& m) {
  const bool yes = action == "yes" || (action.empty() && m.intent == Intent::yes);
  const bool no = action == "no" || (action.empty() && (m.intent == Intent::no || m.intent == Intent::cancel));
  if (no) {
    t.s.erase("draft");
    t.say("confirm.cancelled");
    return show_menu(t);
  }
  if (!yes) {
    switch (m.intent) {
      case Intent::menu:
      case Intent::certificate:
      case Intent::status:
      case Intent::data_change:
      case Intent::officer:
      case Intent::tickets:
      case Intent::switch_person:
        t.s.erase("draft");
        return route_intent(t, m);
      default:
        t.say("confirm.again");
        return show_confirm(t);
    }
  }
  const json d = t.s["draft"];
  auto c = t.citizen();
  if (lost(t, c)) return;
  const std::string field = d.value("field", ""), value = d.value("new", "");
  if (c->id.str() != d.value("citizen", "") || c->version != d.value("ver", std::uint64_t{0})) {
    // Someone (a family member's chat, an officer) changed the record since the preview.
    t.say("confirm.changed_meanwhile");
    return decide_and_confirm(t, *c, field, value);
  }
  if (d.value("mode", "") == "ticket") return open_review_ticket(t, *c, d);
  if (field == "phone") {
    if (send_code(t, value, kNewPhone)) {
      t.set_step(steps::kNewPhoneOtp);
      t.offer({"otp.resend", "otp.cancel"});
      t.reply.interactive(make_buttons(t.t("otp.buttons"), {{t.id_for("otp.resend"), t.t("btn.resend")},
                                                            {t.id_for("otp.cancel"), t.t("btn.cancel")}}));
    }
    return;  // refused (cool-down, cap, lock): the reason was said; the draft stays for a later YA
  }
  emit_change(t, *c, d);
}

void on_new_phone_otp_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m) {
  const json d = t.s["draft"];
  const std::string phone = d.value("new", "");
  if (phone.empty()) return show_menu(t);
  if (action == "otp.resend" || (action.empty() && m.intent == Intent::resend)) {
    if (send_code(t, phone, kNewPhone)) {
      t.offer({"otp.resend", "otp.cancel"});
      t.reply.interactive(make_buttons(t.t("otp.buttons"), {{t.id_for("otp.resend"), t.t("btn.resend")},
                                                            {t.id_for("otp.cancel"), t.t("btn.cancel")}}));
    }
    return;
  }
  if (action == "otp.cancel" || (action.empty() && (m.intent == Intent::cancel || m.intent == Intent::no))) {
    t.s.erase("draft");
    t.s.erase("otp");
    t.fx.timers.push_back({"otp_expiry", 0});
    t.say("confirm.cancelled");
    return show_menu(t);
  }
  auto code = otp::extract_code(text);
  if (!code) {
    if (action.empty() && m.intent == Intent::menu) {
      t.s.erase("otp");
      return show_menu(t);
    }
    return t.say("newphone.reminder");
  }
  auto pending = otp::pending_from_json(t.s.value("otp", json()));
  if (pending && (pending->purpose != kNewPhone || pending->phone != phone)) pending.reset();
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
    case otp::Verdict::ok: {
      t.fx.timers.push_back({"otp_expiry", 0});
      auto c = t.citizen();
      if (lost(t, c)) return;
      if (c->id.str() != d.value("citizen", "") || c->version != d.value("ver", std::uint64_t{0})) {
        t.s.erase("draft");
        t.say("confirm.changed_meanwhile");
        return show_menu(t);
      }
      const std::string id = c->id.str();
      emit_change(t, *c, d);
      adopt_new_phone(t, id, phone);
      return;
    }
    case otp::Verdict::wrong: return t.say("otp.wrong", {{"left", std::to_string(r.attempts_left)}});
    case otp::Verdict::locked_now:
    case otp::Verdict::locked:
      t.fx.timers.push_back({"otp_expiry", 0});
      t.s.erase("draft");
      t.say("otp.locked", {{"minutes", std::to_string(std::max<TimeMs>(1, (r.locked_until - t.ctx.now + 59'999) / 60'000))}});
      return show_menu(t);
    case otp::Verdict::expired:
    case otp::Verdict::none: return t.say("otp.expired");
  }
}

}  // namespace aduan::flow
