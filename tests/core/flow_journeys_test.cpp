// Menu routing, vaccination status, certificates, tickets, talking to an officer, officer
// answers, media and reactions (issue 7 §4–7, issue 8 §4).
#include "flow_test_support.hpp"

using namespace flowtest;

namespace {

const OutDocument* document_in(const Effects& fx) {
  for (auto& r : fx.replies)
    if (auto* d = std::get_if<OutDocument>(&r)) return d;
  return nullptr;
}

}  // namespace

TEST_CASE("the menu is a list with stable ids and a numbered text fallback", "[flow][menu]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  auto fx = chat.login(kSinglePhone);
  const OutList* list = nullptr;
  for (auto& r : fx.replies) list = list ? list : std::get_if<OutList>(&r);
  REQUIRE(list);
  std::vector<std::string> actions;
  for (auto& id : option_ids(fx.replies)) actions.push_back(id.substr(0, id.find(':')));
  CHECK(actions == std::vector<std::string>{"menu.cert", "menu.status", "menu.data", "menu.officer", "menu.tickets"});
  CHECK(list->body.find("1. ") != std::string::npos);
  CHECK(list->body.find("5. ") != std::string::npos);
  CHECK(fx.replies.size() == 1);  // "verified" text merged into the list body
}

TEST_CASE("menu options route on the id, never on the title", "[flow][menu]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  auto menu = chat.login(kSinglePhone);
  auto fx = chat.tap(id_of(menu, "menu.status"), "Sertifikat vaksin");  // misleading title
  CHECK(says(fx, "status.primary_complete"));
}

TEST_CASE("numbers and free text route like the list", "[flow][menu]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  CHECK(step_name(chat.state) == "menu");
  chat.text("1");
  CHECK(step_name(chat.state) == "certificate");
  chat.text("menu");
  CHECK(step_name(chat.state) == "menu");
  chat.text("sertifikat gak bisa di download");
  CHECK(step_name(chat.state) == "certificate");
  chat.text("menu");
  chat.text("ganti nama dong");
  CHECK(step_name(chat.state) == "correction_value");
  CHECK(chat.state.data["draft"]["field"] == "name");
  chat.text("batal");
  CHECK(step_name(chat.state) == "menu");
  chat.text("mau ngomong sama petugas");
  CHECK(step_name(chat.state) == "officer_describe");
  chat.text("menu");
  auto fx = chat.text("status vaksin sy");
  CHECK(says(fx, "status.header", "id", {{"name", "A*** S****"}}));
}

TEST_CASE("when the text is unclear the flow asks instead of guessing", "[flow][menu]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  auto fx = chat.text("data di sertifikat salah");
  CHECK(says(fx, "choose.question"));
  CHECK(step_name(chat.state) == "disambiguate");
  fx = chat.tap(id_of(fx, "pick.certificate"));
  CHECK(step_name(chat.state) == "certificate");
  chat.text("menu");
  fx = chat.text("cuaca hari ini cerah");
  CHECK(says(fx, "not_understood"));
  CHECK(step_name(chat.state) == "menu");
}

TEST_CASE("status lists each dose with vaccine, date and facility, and the primary series", "[flow][status]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  chat.login(kFamilyPhone, 1);  // Siti
  auto fx = chat.text("status");
  const std::string seen = all_text(fx);
  CHECK(seen.find("Dosis 1: Sinovac, 02-07-2021, Puskesmas Tebet") != std::string::npos);
  CHECK(seen.find("Dosis 2: Sinovac, 30-07-2021, Puskesmas Tebet") != std::string::npos);
  CHECK(seen.find("Booster 1: Pfizer, 10-02-2022, RS Fatmawati") != std::string::npos);
  CHECK(says(fx, "status.primary_complete"));
  CHECK(says(fx, "status.boosters", "id", {{"count", "1"}}));
  // Budi has one AstraZeneca dose: not complete.
  fx = chat.text("ganti orang");
  fx = chat.tap(id_of(fx, "fam.0"));
  fx = chat.text("status vaksin");
  CHECK(says(fx, "status.primary_incomplete"));
  CHECK(says(fx, "status.no_booster"));
}

TEST_CASE("one Janssen dose completes the primary series", "[flow][status]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  CHECK(says(chat.text("riwayat vaksin"), "status.primary_complete"));
}

TEST_CASE("no recorded vaccination is said plainly", "[flow][status]") {
  FakeStore store;
  store.citizens["C-AGUS"].vaccinations.clear();
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  CHECK(says(chat.text("status"), "status.none"));
}

TEST_CASE("the certificate of the chosen dose is sent as a document", "[flow][certificate]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  chat.login(kFamilyPhone, 1);  // Siti
  auto list = chat.text("sertifikat");
  for (int dose : {1, 2}) {
    auto fx = chat.tap(id_of(list, "dose." + std::to_string(dose)));
    const OutDocument* d = document_in(fx);
    REQUIRE(d);
    CHECK(d->certificate_ref == "C-SITI:" + std::to_string(dose));
    CHECK(d->filename == "sertifikat-vaksin-dosis-" + std::to_string(dose) + ".pdf");
    CHECK(d->caption.find("Sinovac") != std::string::npos);
    CHECK(fx.tickets.empty());
    list = chat.text("sertifikat");
  }
  // Typed: "dosis 2", and "booster" names the booster.
  auto fx = chat.text("dosis 2");
  REQUIRE(document_in(fx));
  CHECK(document_in(fx)->certificate_ref == "C-SITI:2");
}

TEST_CASE("a dose without a certificate is explained and opens a certificate_missing ticket", "[flow][certificate]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  chat.login(kFamilyPhone, 1);
  auto list = chat.text("sertifikat");
  auto fx = chat.tap(id_of(list, "dose.3"));
  CHECK(document_in(fx) == nullptr);
  CHECK(says(fx, "cert.not_issued", "id", {{"dose", "Booster 1"}}));
  REQUIRE(fx.tickets.size() == 1);
  const Ticket t = fx.tickets[0].ticket;
  CHECK(t.kind == "certificate_missing");
  CHECK(t.status == "open");
  CHECK(t.id == ticket_id_for(chat.seq()));
  CHECK(t.citizens == std::vector<std::string>{"C-SITI"});
  CHECK(t.chat == chat.chat_key());
  CHECK(t.wa_id == kFamilyPhone);
  CHECK(t.sla_due == chat.now + 60 * kMinute);
  CHECK(t.proposed_value == "3");
  CHECK(says(fx, "ticket.opened", "id", {{"ticket", t.id}, {"minutes", "60"}}));
  // Asking again does not open a second ticket.
  list = chat.text("sertifikat");
  fx = chat.tap(id_of(list, "dose.3"));
  CHECK(fx.tickets.empty());
  CHECK(says(fx, "ticket.exists", "id", {{"ticket", t.id}}));
}

TEST_CASE("a dose that is not recorded at all opens a ticket too", "[flow][certificate]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  auto list = chat.text("sertifikat");
  auto fx = chat.tap(id_of(list, "cert.missing"));
  REQUIRE(fx.tickets.size() == 1);
  CHECK(fx.tickets[0].ticket.kind == "certificate_missing");
}

TEST_CASE("wrong data on the certificate leads into the correction flow", "[flow][certificate]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  auto list = chat.text("sertifikat");
  auto fx = chat.tap(id_of(list, "cert.wrong"));
  CHECK(step_name(chat.state) == "correction_field");
  CHECK_FALSE(id_of(fx, "field.name").empty());
}

TEST_CASE("cek tiket lists the chat's tickets with their status", "[flow][tickets]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  chat.login(kFamilyPhone, 1);
  CHECK(says(chat.text("cek tiket"), "tickets.none"));
  auto list = chat.text("sertifikat");
  auto opened = chat.tap(id_of(list, "dose.3"));
  REQUIRE(opened.tickets.size() == 1);
  const std::string id = opened.tickets[0].ticket.id;
  store.tickets.push_back(Ticket{});
  store.tickets.back().id = "TK-OTHER";
  store.tickets.back().chat = "wa:6280000000000";  // another chat's ticket
  store.tickets.back().kind = "officer_requested";
  store.tickets.back().status = "open";
  auto fx = chat.text("cek tiket");
  const std::string seen = all_text(fx);
  CHECK(seen.find(id) != std::string::npos);
  CHECK(seen.find("Sertifikat belum ada") != std::string::npos);
  CHECK(seen.find("diproses") != std::string::npos);
  CHECK(seen.find("TK-OTHER") == std::string::npos);
  store.tickets[0].status = "resolved";
  CHECK(all_text(chat.text("cek tiket")).find("selesai") != std::string::npos);
}

TEST_CASE("talking to an officer opens a ticket with the citizen's words and attachments", "[flow][officer]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  auto menu = chat.login(kSinglePhone);
  auto fx = chat.tap(id_of(menu, "menu.officer"));
  CHECK(says(fx, "officer.prompt"));
  fx = chat.media("image", "IMG-1");
  CHECK(says(fx, "officer.media_received"));
  CHECK(fx.tickets.empty());
  fx = chat.text("Sertifikat saya tertulis dosis 1 padahal saya sudah dua kali.");
  REQUIRE(fx.tickets.size() == 1);
  const Ticket t = fx.tickets[0].ticket;
  CHECK(t.kind == "officer_requested");
  CHECK(t.details == "Sertifikat saya tertulis dosis 1 padahal saya sudah dua kali.");
  REQUIRE(t.attachments.size() == 1);
  CHECK(t.attachments[0].media_id == "IMG-1");
  CHECK(t.attachments[0].mime_type == "image/jpeg");
  CHECK(t.attachments[0].kind == "image");
  CHECK(says(fx, "ticket.opened", "id", {{"ticket", t.id}, {"minutes", "60"}}));
  // A document sent right after is attached to the same ticket.
  fx = chat.media("document", "DOC-2");
  REQUIRE(fx.attachments.size() == 1);
  CHECK(fx.attachments[0].ticket_id == t.id);
  CHECK(fx.attachments[0].attachment.media_id == "DOC-2");
  // Once the citizen writes again, media no longer attach.
  chat.text("menu");
  fx = chat.media("image", "IMG-3");
  CHECK(fx.attachments.empty());
  CHECK(says(fx, "media.please_text"));
}

TEST_CASE("the officer's answer arrives as text inside the window and as a template after it", "[flow][officer]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  auto fx = chat.officer_answer("TK-000042", "Data Anda sudah kami perbaiki.");
  REQUIRE(fx.replies.size() == 1);
  CHECK(all_text(fx).find("Jawaban petugas untuk TK-000042: Data Anda sudah kami perbaiki.") != std::string::npos);
  chat.now += 24 * 60 * kMinute;
  fx = chat.officer_answer("TK-000042", "Data Anda sudah kami perbaiki.");
  REQUIRE(fx.replies.size() == 1);
  auto* tpl = std::get_if<OutTemplate>(&fx.replies[0]);
  REQUIRE(tpl);
  CHECK(tpl->name == "aduan_ticket_answer");
  CHECK(tpl->language == "id");
  REQUIRE(tpl->body_params.size() == 1);
  CHECK(tpl->body_params[0] == "TK-000042: Data Anda sudah kami perbaiki.");
}

TEST_CASE("media get one polite note until the next text, reactions nothing", "[flow][media]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  CHECK(says(chat.media("sticker"), "media.please_text"));
  CHECK(chat.media("image").replies.empty());
  InboundMessage loc;
  loc.type = "location";
  loc.latitude = -6.2;
  loc.longitude = 106.8;
  CHECK(chat.message(loc).replies.empty());
  InboundMessage reaction;
  reaction.type = "reaction";
  reaction.reaction_emoji = "👍";
  CHECK(chat.message(reaction).replies.empty());
  chat.text("menu");
  InboundMessage voice;
  voice.type = "audio";
  voice.voice = true;
  voice.media_id = "VOICE";
  CHECK(says(chat.message(voice), "media.please_text"));
  InboundMessage future;
  future.type = "hologram";
  CHECK(chat.message(future).replies.empty());  // still within the same quiet period
}

TEST_CASE("a reaction does not count as the citizen's activity", "[flow][media]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  const TimeMs last = chat.state.data["last_in"];
  chat.now += kMinute;
  InboundMessage reaction;
  reaction.type = "reaction";
  chat.message(reaction);
  CHECK(chat.state.data["last_in"] == last);
}

TEST_CASE("replies of one step are coalesced into few messages", "[flow][menu]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  chat.login(kFamilyPhone, 1);
  for (const char* t : {"status", "cek tiket", "halo", "xyz", "bantuan", "batal"}) {
    INFO(t);
    auto fx = chat.text(t);
    int texts = 0, interactives = 0;
    for (auto& r : fx.replies) {
      texts += std::holds_alternative<OutText>(r);
      interactives += std::holds_alternative<OutList>(r) || std::holds_alternative<OutButtons>(r);
    }
    CHECK(texts <= 1);
    CHECK(interactives <= 1);
  }
}

TEST_CASE("ticket ids are stable for a replayed event", "[flow][tickets]") {
  CHECK(ticket_id_for(42) == "TK-000042");
  CHECK(ticket_id_for(1234567) == "TK-1234567");
  CHECK(ticket_id_for(42) == ticket_id_for(42));
}

TEST_CASE("a damaged stored state starts the chat over instead of failing every event", "[flow][state]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.state.data = {{"v", 1}, {"step", "correction_value"}, {"sess", {{"exp", "soon"}}}, {"draft", 5},
                     {"lang", "en"}, {"guard", {{kSinglePhone, {{"f", 2}, {"lock", 0}, {"sends", nlohmann::json::array()}}}}}};
  auto fx = chat.text("Agus");
  CHECK(says(fx, "greeting", "en"));
  CHECK(step_name(chat.state) == "phone");
  CHECK(chat.state.data["guard"][kSinglePhone]["f"] == 2);  // a reset unlocks nothing
  chat.state.data = "not even an object";
  CHECK(says(chat.text("halo"), "greeting"));
  CHECK_FALSE(is_verified(ChatState{{{"sess", {{"exp", "x"}}}}}, kStart));
  CHECK(verified_phone(ChatState{{{"sess", 3}}}).empty());
}
