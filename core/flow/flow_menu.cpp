// The verified menu and its read-only journeys: vaccination status, certificates (issue 7
// §4–6), the citizen's tickets and talking to an officer (issue 8 §4), and the "did you
// mean" question when free text is ambiguous.
#include <algorithm>
#include <cctype>

#include "core/civil_date.hpp"
#include "core/flow/flow_internal.hpp"
#include "core/mask.hpp"

namespace aduan::flow {
namespace {

using nlohmann::json;

constexpr int kPrimaryDoses = 2;
constexpr std::size_t kMaxDoseRows = limits::kListRowsTotal - 2;  // + "wrong data" + "missing"

const std::vector<std::string>& menu_actions() {
  static const std::vector<std::string> a{"menu.cert", "menu.status", "menu.data", "menu.officer",
                                          "menu.tickets"};
  return a;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool single_dose_primary(const std::string& vaccine) {
  const std::string v = lower(vaccine);
  return v.find("janssen") != std::string::npos || v.find("johnson") != std::string::npos ||
         v.find("j&j") != std::string::npos || v.find("ad26") != std::string::npos;
}

std::string dose_label(const Turn& t, int dose) {
  if (dose <= kPrimaryDoses) return t.t("dose.primary", {{"n", std::to_string(dose)}});
  return t.t("dose.booster", {{"n", std::to_string(dose - kPrimaryDoses)}});
}

std::string display_date(const std::string& iso) {
  auto d = parse_iso_date(iso);
  if (!d) return iso;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d-%02d-%04d", d->day, d->month, d->year);
  return buf;
}

bool lost_citizen(Turn& t, const std::optional<CitizenProfile>& c) {
  if (c) return false;
  t.say("citizen.unavailable");
  if (t.verified()) {
    show_family(t);
  } else {
    show_greeting_and_phone_prompt(t);
  }
  return true;
}

const VaccinationDose* find_dose(const CitizenProfile& c, int dose) {
  for (const auto& v : c.vaccinations)
    if (v.dose == dose) return &v;
  return nullptr;
}

void open_missing_ticket(Turn& t, const CitizenProfile& c, int dose) {
  const std::string dose_s = std::to_string(dose);
  for (const auto& tk : t.dir.tickets_of_chat(t.ctx.chat_key)) {
    if (tk.kind == "certificate_missing" && tk.status == "open" && tk.field == "dose" &&
        tk.proposed_value == dose_s && !tk.citizens.empty() && tk.citizens[0] == c.id.str()) {
      t.say("ticket.exists", {{"ticket", tk.id}});
      return show_menu(t);
    }
  }
  TicketOp op;
  op.ticket = t.new_ticket("certificate_missing");
  op.ticket.field = "dose";
  op.ticket.proposed_value = dose_s;
  if (const VaccinationDose* v = find_dose(c, dose)) {
    op.ticket.summary = "certificate missing for dose " + dose_s;
    op.ticket.details = "dose " + dose_s + ": " + v->vaccine + ", " + v->date + ", " + v->facility;
  } else {
    op.ticket.summary = "vaccination not recorded";
    op.ticket.details = "citizen reports a dose that is not in the registry";
  }
  t.say("ticket.opened", {{"ticket", op.ticket.id}, {"minutes", t.sla_text()}});
  t.fx.log.push_back("ticket " + op.ticket.id + " certificate_missing");
  t.fx.tickets.push_back(std::move(op));
  show_menu(t);
}

void deliver_dose(Turn& t, int dose) {
  auto c = t.citizen();
  if (lost_citizen(t, c)) return;
  const VaccinationDose* v = find_dose(*c, dose);
  if (!v) {
    t.say("cert.unknown_dose");
    return show_certificates(t);
  }
  const std::string label = dose_label(t, dose);
  if (!v->certificate) {
    t.say("cert.not_issued", {{"dose", label}});
    return open_missing_ticket(t, *c, dose);
  }
  t.reply.document(make_certificate_document(
      c->id.str() + ":" + std::to_string(dose), "sertifikat-vaksin-dosis-" + std::to_string(dose) + ".pdf",
      t.t("cert.caption", {{"dose", label}, {"vaccine", v->vaccine}, {"date", display_date(v->date)}})));
  t.say("cert.sent", {{"dose", label}});
  t.fx.log.push_back("certificate sent for dose " + std::to_string(dose));
  show_menu(t);
}

// A dose named in free text: "dosis 2", "2", "booster", "booster 2".
int dose_in_text(const CitizenProfile& c, const std::string& text) {
  auto tokens = normalize_tokens(text);
  bool booster = false;
  int number = 0;
  for (const auto& tok : tokens) {
    if (tok == "booster" || tok == "lanjutan") booster = true;
    if (!tok.empty() && tok.size() <= 2 && std::all_of(tok.begin(), tok.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }))
      number = std::stoi(tok);
    if (tok == "pertama" || tok == "first") number = 1;
    if (tok == "kedua" || tok == "second") number = 2;
    if (tok == "ketiga" || tok == "third") number = 3;
  }
  if (booster) {
    int wanted = number > 0 ? kPrimaryDoses + number : 0;
    for (const auto& v : c.vaccinations)
      if (v.dose > kPrimaryDoses && (wanted == 0 || v.dose == wanted)) return v.dose;
    return 0;
  }
  return number > 0 && find_dose(c, number) ? number : 0;
}

bool is_topic(Intent i) {
  return i == Intent::certificate || i == Intent::status || i == Intent::data_change ||
         i == Intent::officer || i == Intent::tickets;
}

}  // namespace

void show_menu(Turn& t) {
  if (!t.verified()) return show_greeting_and_phone_prompt(t);
  if (t.citizen_id().empty()) return show_family(t);
  t.set_step(steps::kMenu);
  t.s.erase("draft");
  t.s.erase("att");
  t.s.erase("choices");
  std::vector<std::string> actions = menu_actions();
  const json& fam = t.s["sess"]["family"];
  if (fam.is_array() && fam.size() > 1) actions.push_back("menu.switch");
  t.offer(actions);
  std::string body = t.t("menu.body");
  std::vector<ListRow> rows;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const std::string title = t.t("row." + actions[i]);
    body += "\n" + std::to_string(i + 1) + ". " + title;
    rows.push_back({t.id_for(actions[i]), title, t.t("desc." + actions[i])});
  }
  t.reply.interactive(make_list(body, t.t("list.menu"), {{t.t("row.section.menu"), rows}}));
}

void on_menu_action(Turn& t, const std::string& action) {
  if (action == "menu.cert") return show_certificates(t);
  if (action == "menu.status") return show_status(t);
  if (action == "menu.data") return show_fields(t);
  if (action == "menu.officer") return start_officer(t);
  if (action == "menu.tickets") return show_tickets(t);
  if (action == "menu.switch") return show_family(t);
  show_menu(t);
}

void route_intent(Turn& t, const IntentMatch& m) {
  if (!t.verified()) return show_greeting_and_phone_prompt(t);
  switch (m.intent) {
    case Intent::certificate: return show_certificates(t);
    case Intent::status: return show_status(t);
    case Intent::data_change:
      if (!m.field_hint.empty()) return ask_value(t, m.field_hint);
      return show_fields(t);
    case Intent::officer: return start_officer(t);
    case Intent::tickets: return show_tickets(t);
    case Intent::menu: return show_menu(t);
    case Intent::cancel:
      t.say(t.s.contains("draft") ? "confirm.cancelled" : "cancel.done");
      return show_menu(t);
    case Intent::switch_person: {
      const json& fam = t.s["sess"]["family"];
      if (fam.is_array() && fam.size() > 1) return show_family(t);
      t.say("family.only_one");
      return show_menu(t);
    }
    case Intent::greeting:
      t.say("greeting.verified");
      return show_menu(t);
    case Intent::yes:
    case Intent::no:
    case Intent::resend:
      // A late "YA" (typed twice, or redelivered) finds nothing to confirm.
      t.say("nothing_pending");
      return show_menu(t);
    case Intent::ambiguous:
      if (is_topic(m.best) && is_topic(m.runner_up)) return ask_disambiguation(t, m);
      [[fallthrough]];
    default:
      t.say("not_understood");
      return show_menu(t);
  }
}

void show_status(Turn& t) {
  auto c = t.citizen();
  if (lost_citizen(t, c)) return;
  if (c->vaccinations.empty()) {
    t.say("status.none");
    return show_menu(t);
  }
  std::string text = t.t("status.header", {{"name", mask_name(c->name)}});
  bool has1 = false, has2 = false, single = false;
  int boosters = 0;
  for (const auto& v : c->vaccinations) {
    text += "\n" + t.t("status.dose", {{"dose", dose_label(t, v.dose)},
                                       {"vaccine", v.vaccine},
                                       {"date", display_date(v.date)},
                                       {"facility", v.facility.empty() ? "-" : v.facility}});
    if (v.dose == 1) {
      has1 = true;
      single = single_dose_primary(v.vaccine);
    }
    if (v.dose == 2) has2 = true;
    if (v.dose > kPrimaryDoses) ++boosters;
  }
  const bool complete = has1 && (has2 || single);
  text += "\n\n" + t.t(complete ? "status.primary_complete" : "status.primary_incomplete");
  text += "\n" + (boosters > 0 ? t.t("status.boosters", {{"count", std::to_string(boosters)}}) : t.t("status.no_booster"));
  t.reply.say(text);
  show_menu(t);
}

void show_certificates(Turn& t) {
  auto c = t.citizen();
  if (lost_citizen(t, c)) return;
  t.set_step(steps::kCert);
  std::vector<std::string> actions;
  std::string body = t.t(c->vaccinations.empty() ? "cert.no_doses" : "cert.choose");
  std::vector<ListRow> rows;
  std::size_t n = 0;
  for (const auto& v : c->vaccinations) {
    const std::string action = "dose." + std::to_string(v.dose);
    actions.push_back(action);
    const std::string label = dose_label(t, v.dose);
    const std::string desc = v.vaccine + " · " + display_date(v.date) + (v.certificate ? "" : " · " + t.t("cert.not_issued_short"));
    body += "\n" + std::to_string(++n) + ". " + label + " (" + desc + ")";
    if (rows.size() < kMaxDoseRows) rows.push_back({action, label, desc});
  }
  actions.push_back("cert.wrong");
  actions.push_back("cert.missing");
  body += "\n" + std::to_string(++n) + ". " + t.t("row.cert.wrong");
  body += "\n" + std::to_string(++n) + ". " + t.t("row.cert.missing");
  rows.push_back({"cert.wrong", t.t("row.cert.wrong"), t.t("desc.cert.wrong")});
  rows.push_back({"cert.missing", t.t("row.cert.missing"), t.t("desc.cert.missing")});
  t.offer(actions);
  for (auto& r : rows) r.id = t.id_for(r.id);
  t.reply.interactive(make_list(body, t.t("list.cert"), {{t.t("row.section.cert"), rows}}));
}

void on_cert_step(Turn& t, const std::string& text, const std::string& action, const IntentMatch& m) {
  if (action.rfind("dose.", 0) == 0) return deliver_dose(t, std::stoi(action.substr(5)));
  if (action == "cert.wrong") return show_fields(t);
  if (action == "cert.missing") {
    auto c = t.citizen();
    if (lost_citizen(t, c)) return;
    return open_missing_ticket(t, *c, 0);
  }
  if (!action.empty()) return show_certificates(t);
  if (m.intent == Intent::certificate || m.intent == Intent::status || m.intent == Intent::unknown) {
    auto c = t.citizen();
    if (lost_citizen(t, c)) return;
    if (int d = dose_in_text(*c, text)) return deliver_dose(t, d);
    if (m.intent == Intent::unknown) {
      t.say("cert.which");
      return show_certificates(t);
    }
  }
  route_intent(t, m);
}

void show_tickets(Turn& t) {
  auto tickets = t.dir.tickets_of_chat(t.ctx.chat_key);
  if (tickets.empty()) {
    t.say("tickets.none");
    return show_menu(t);
  }
  std::sort(tickets.begin(), tickets.end(), [](const Ticket& a, const Ticket& b) { return a.opened_at > b.opened_at; });
  std::string text = t.t("tickets.header");
  for (std::size_t i = 0; i < tickets.size() && i < kMaxTicketsListed; ++i) {
    const Ticket& tk = tickets[i];
    text += "\n" + t.t("tickets.line", {{"ticket", tk.id},
                                        {"kind", t.t("ticket.kind." + tk.kind)},
                                        {"status", t.t("ticket.status." + tk.status)},
                                        {"date", display_date(to_iso(civil_date_at(tk.opened_at, kWibOffsetMinutes)))}});
  }
  t.reply.say(text);
  show_menu(t);
}

void start_officer(Turn& t) {
  if (t.citizen_id().empty()) return show_family(t);
  t.set_step(steps::kOfficer);
  t.s["att"] = json::array();
  t.say("officer.prompt");
}

void on_officer_text(Turn& t, const std::string& text) {
  if (text.empty()) return t.say("officer.prompt");
  TicketOp op;
  op.ticket = t.new_ticket("officer_requested");
  op.ticket.summary = "citizen asked for an officer";
  op.ticket.details = clamp_utf8(text, kMaxDetailsBytes);
  if (t.s.contains("att") && t.s["att"].is_array())
    for (const auto& a : t.s["att"])
      op.ticket.attachments.push_back({a.value("media_id", ""), a.value("mime_type", ""), a.value("kind", "")});
  t.say("ticket.opened", {{"ticket", op.ticket.id}, {"minutes", t.sla_text()}});
  t.say("officer.attach_hint");
  t.fx.log.push_back("ticket " + op.ticket.id + " officer_requested");
  const std::string id = op.ticket.id;
  t.fx.tickets.push_back(std::move(op));
  show_menu(t);
  t.s["attach_to"] = id;
}

void on_officer_media(Turn& t, const InboundMessage& m) {
  json& att = t.s["att"];
  if (!att.is_array()) att = json::array();
  if (att.size() >= kMaxAttachments) return t.say("officer.too_many");
  att.push_back({{"media_id", m.media_id}, {"mime_type", m.mime_type}, {"kind", m.type}});
  if (m.text.empty()) t.say("officer.media_received");
}

void attach_to_open_ticket(Turn& t, const InboundMessage& m) {
  TicketAttach a;
  a.ticket_id = t.s.value("attach_to", "");
  a.attachment = {m.media_id, m.mime_type, m.type};
  t.fx.attachments.push_back(std::move(a));
  t.say("officer.attached", {{"ticket", t.s.value("attach_to", "")}});
}

void ask_disambiguation(Turn& t, const IntentMatch& m) {
  t.set_step(steps::kChoose);
  const std::string a = std::string("pick.") + intent_name(m.best), b = std::string("pick.") + intent_name(m.runner_up);
  t.s["choices"] = {{"field", m.field_hint}};
  t.offer({a, b, "pick.menu"});
  t.reply.interactive(make_buttons(t.t("choose.question"), {{t.id_for(a), t.t(std::string("btn.intent.") + intent_name(m.best))},
                                                            {t.id_for(b), t.t(std::string("btn.intent.") + intent_name(m.runner_up))},
                                                            {t.id_for("pick.menu"), t.t("btn.menu")}}));
}

void on_choose_step(Turn& t, const std::string& action, const IntentMatch& m) {
  if (action.rfind("pick.", 0) == 0) {
    const std::string name = action.substr(5);
    IntentMatch chosen;
    chosen.field_hint = str_at(t.s.value("choices", json()), "field");
    for (Intent i : {Intent::certificate, Intent::status, Intent::data_change, Intent::officer, Intent::tickets})
      if (name == intent_name(i)) chosen.intent = i;
    if (chosen.intent == Intent::unknown) return show_menu(t);
    return route_intent(t, chosen);
  }
  route_intent(t, m);
}

}  // namespace aduan::flow
