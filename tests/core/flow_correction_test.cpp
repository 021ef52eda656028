// Personal-data correction: every field in place, rejections, the new phone's OTP, policy
// tickets (NIK conflict, NIK/birth date/sex contradictions, large name changes), BATAL,
// repeated YA and a record changed between preview and YA (issue 8).
#include "flow_test_support.hpp"

#include "core/mask.hpp"

using namespace flowtest;

namespace {

// Logs in as Agus and starts a correction of `field`.
Effects start_correction(Chat& chat, const std::string& field) {
  auto menu = chat.login(kSinglePhone);
  auto fields = chat.tap(id_of(menu, "menu.data"));
  REQUIRE(step_name(chat.state) == "correction_field");
  return chat.tap(id_of(fields, "field." + field));
}

const ChangeOp& only_change(const Effects& fx) {
  REQUIRE(fx.changes.size() == 1);
  return fx.changes[0];
}

}  // namespace

TEST_CASE("a small name fix is applied in place on YA, with the done reply in the same effects", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "name");
  auto preview = chat.text("Agus Saleem");
  CHECK(preview.changes.empty());
  CHECK(step_name(chat.state) == "correction_confirm");
  CHECK(all_text(preview).find("Agus Salim") != std::string::npos);
  CHECK(all_text(preview).find("Agus Saleem") != std::string::npos);
  auto fx = chat.tap(id_of(preview, "yes"));
  const ChangeOp& op = only_change(fx);
  CHECK(op.citizen_id == "C-AGUS");
  CHECK(op.expected_version == 5);
  CHECK(op.field == "name");
  CHECK(op.old_value == "Agus Salim");
  CHECK(op.new_value == "Agus Saleem");
  CHECK(op.who == std::string("citizen:") + kSinglePhone);
  CHECK(op.ticket.empty());
  CHECK(says(fx, "change.done", "id", {{"field", "Nama"}, {"value", "Agus Saleem"}}));
  CHECK(fx.tickets.empty());
  CHECK(store.citizens["C-AGUS"].name == "Agus Saleem");
  CHECK(store.citizens["C-AGUS"].version == 6);
  // The re-issued certificate is offered at once.
  CHECK(says(fx, "change.cert_offer"));
  CHECK(step_name(chat.state) == "certificate");
  auto doc = chat.tap(id_of(fx, "dose.1"));
  bool sent = false;
  for (auto& r : doc.replies)
    if (auto* d = std::get_if<OutDocument>(&r)) sent = d->certificate_ref == "C-AGUS:1";
  CHECK(sent);
}

TEST_CASE("a birth date that agrees with the NIK is applied in place", "[flow][correction]") {
  FakeStore store;
  store.citizens["C-AGUS"].birth_date = "1975-02-20";  // registry typo; the NIK says 20-01-1975
  Chat chat(store, kSinglePhone);
  start_correction(chat, "birth_date");
  auto preview = chat.text("20-01-1975");
  auto fx = chat.text("ya");
  const ChangeOp& op = only_change(fx);
  CHECK(op.field == "birth_date");
  CHECK(op.old_value == "1975-02-20");
  CHECK(op.new_value == "1975-01-20");
}

TEST_CASE("a sex that agrees with the NIK is applied in place", "[flow][correction]") {
  FakeStore store;
  store.citizens["C-AGUS"].sex = "F";
  Chat chat(store, kSinglePhone);
  auto ask = start_correction(chat, "sex");
  auto preview = chat.tap(id_of(ask, "sex.M"));
  auto fx = chat.tap(id_of(preview, "yes"));
  const ChangeOp& op = only_change(fx);
  CHECK(op.field == "sex");
  CHECK(op.new_value == "M");
}

TEST_CASE("an e-mail is applied in place", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "email");
  chat.text("agus.salim@example.id");
  auto fx = chat.text("iya");
  CHECK(only_change(fx).new_value == "agus.salim@example.id");
  CHECK(step_name(chat.state) == "menu");  // e-mail is not on the certificate
}

TEST_CASE("a free NIK that matches the profile is applied in place", "[flow][correction]") {
  FakeStore store;
  const std::string fixed = nik_for(1975, 1, 20, 'M', 12);
  Chat chat(store, kSinglePhone);
  start_correction(chat, "nik");
  auto preview = chat.text(fixed);
  CHECK(all_text(preview).find(fixed) == std::string::npos);  // shown masked only
  const std::string old = store.citizens["C-AGUS"].nik;
  CHECK(all_text(preview).find(mask_nik_diff(fixed, old, true)) != std::string::npos);
  CHECK(all_text(preview).find(mask_nik_diff(old, fixed, false)) != std::string::npos);
  auto fx = chat.text("ya");
  const ChangeOp& op = only_change(fx);
  CHECK(op.field == "nik");
  CHECK(op.new_value == fixed);
  CHECK(fx.tickets.empty());
}

TEST_CASE("a NIK held by another citizen becomes a nik_conflict ticket with both records and no change", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  auto menu = chat.login(kFamilyPhone, 1);  // Siti
  chat.text("ganti nik");
  auto preview = chat.text(store.citizens["C-DEWI"].nik);
  CHECK(says(preview, "confirm.review_note.review"));
  const std::string seen = all_text(preview);
  CHECK(seen.find("Dewi") == std::string::npos);
  auto fx = chat.tap(id_of(preview, "yes"));
  CHECK(fx.changes.empty());
  REQUIRE(fx.tickets.size() == 1);
  const TicketOp& op = fx.tickets[0];
  CHECK(op.ticket.kind == "nik_conflict");
  CHECK(op.ticket.citizens == std::vector<std::string>{"C-SITI", "C-DEWI"});
  CHECK(op.expect_nik_holder == "C-DEWI");
  CHECK(op.ticket.field == "nik");
  CHECK(op.ticket.proposed_value == store.citizens["C-DEWI"].nik);
  CHECK(op.ticket.sla_due == chat.now + 60 * kMinute);
  CHECK(says(fx, "ticket.review_opened", "id", {{"ticket", op.ticket.id}, {"minutes", "60"}}));
  CHECK(store.citizens["C-SITI"].nik == siti().nik);
}

TEST_CASE("a NIK that contradicts the birth date or sex goes to correction_review", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "nik");
  auto preview = chat.text(nik_for(1975, 1, 20, 'F', 12));  // encodes a woman
  CHECK(says(preview, "confirm.review_note.nik_mismatch"));
  auto fx = chat.text("ya");
  CHECK(fx.changes.empty());
  REQUIRE(fx.tickets.size() == 1);
  CHECK(fx.tickets[0].ticket.kind == "correction_review");
  CHECK(fx.tickets[0].expect_nik_holder.empty());
}

TEST_CASE("a birth date or sex that contradicts the NIK goes to correction_review", "[flow][correction]") {
  FakeStore store;
  {
    Chat chat(store, kSinglePhone);
    start_correction(chat, "birth_date");
    auto preview = chat.text("21-01-1975");
    CHECK(says(preview, "confirm.review_note.contradicts_nik"));
    auto fx = chat.text("ya");
    CHECK(fx.changes.empty());
    REQUIRE(fx.tickets.size() == 1);
    CHECK(fx.tickets[0].ticket.kind == "correction_review");
    CHECK(fx.tickets[0].ticket.proposed_value == "1975-01-21");
  }
  {
    Chat chat(store, kSinglePhone);
    chat.now += 2 * kMinute;
    auto ask = start_correction(chat, "sex");
    auto preview = chat.tap(id_of(ask, "sex.F"));
    auto fx = chat.tap(id_of(preview, "yes"));
    CHECK(fx.changes.empty());
    REQUIRE(fx.tickets.size() == 1);
    CHECK(fx.tickets[0].ticket.kind == "correction_review");
  }
}

TEST_CASE("policy toggles switch the review off", "[flow][correction]") {
  FakeStore store;
  FlowConfig cfg = test_config();
  REQUIRE(apply_flow_overrides(cfg, {{"mismatch_review", false}, {"large_name_change_review", false}}) == "");
  Chat chat(store, kSinglePhone, cfg);
  start_correction(chat, "birth_date");
  chat.text("21-01-1975");
  CHECK(only_change(chat.text("ya")).new_value == "1975-01-21");
}

TEST_CASE("a large name change goes to correction_review", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "name");
  auto preview = chat.text("Bambang Pamungkas");
  CHECK(says(preview, "confirm.review_note.name_large"));
  auto fx = chat.text("ya");
  CHECK(fx.changes.empty());
  REQUIRE(fx.tickets.size() == 1);
  CHECK(fx.tickets[0].ticket.kind == "correction_review");
  CHECK(fx.tickets[0].ticket.proposed_value == "Bambang Pamungkas");
  CHECK(store.citizens["C-AGUS"].name == "Agus Salim");
}

TEST_CASE("a name change of exactly the allowed distance is applied", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "name");
  chat.text("Agus Salimah");  // two letters added: within the default distance of 3
  CHECK(only_change(chat.text("ya")).new_value == "Agus Salimah");
}

TEST_CASE("each rejection reason is explained and nothing changes", "[flow][correction]") {
  struct Case {
    const char* field;
    std::string input;
    const char* reason;
  };
  const std::vector<Case> cases{
      {"name", "A", "name_too_short"},          {"name", std::string(300, 'a'), "name_too_long"},
      {"name", "Agus 123", "name_invalid"},     {"birth_date", "31-02-1990", "date_invalid"},
      {"birth_date", "01-01-2050", "date_future"}, {"phone", "12345678", "phone_invalid"},
      {"email", "agus@", "email_invalid"},      {"nik", "123", "nik_invalid"},
  };
  for (const auto& c : cases) {
    INFO(c.field << " " << c.reason);
    FakeStore store;
    Chat chat(store, kSinglePhone);
    start_correction(chat, c.field);
    auto fx = chat.text(c.input);
    CHECK(says(fx, std::string("reject.") + c.reason));
    CHECK(fx.changes.empty());
    CHECK(fx.tickets.empty());
    CHECK(step_name(chat.state) == "correction_value");
  }
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "sex");
  auto fx = chat.text("X");
  CHECK(says(fx, "reject.sex_invalid"));
}

TEST_CASE("typing the current value changes nothing", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "email");
  auto fx = chat.text("agus@example.id");
  CHECK(says(fx, "value.same"));
  CHECK(fx.changes.empty());
}

TEST_CASE("a new phone number is applied only after the code sent to it is entered", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "phone");
  auto preview = chat.text("0813-2222-3333");
  CHECK(says(preview, "confirm.phone_note"));
  auto fx = chat.text("ya");
  CHECK(fx.changes.empty());
  REQUIRE(fx.sms.size() == 1);
  CHECK(fx.sms[0].phone == "6281322223333");
  CHECK(fx.sms[0].purpose == "otp_new_phone");
  CHECK(step_name(chat.state) == "new_phone_otp");
  // The login code of the old number does not count, and a wrong code changes nothing.
  fx = chat.text("ya");
  CHECK(fx.changes.empty());
  fx = chat.text(chat.last_code(kSinglePhone) == chat.last_code("6281322223333") ? "000001" : chat.last_code(kSinglePhone));
  CHECK(fx.changes.empty());
  CHECK(says(fx, "otp.wrong", "id", {{"left", "4"}}));
  fx = chat.text(chat.last_code("6281322223333"));
  const ChangeOp& op = only_change(fx);
  CHECK(op.field == "phone");
  CHECK(op.old_value == kSinglePhone);
  CHECK(op.new_value == "6281322223333");
  CHECK(op.who == std::string("citizen:") + kSinglePhone);
  CHECK(says(fx, "change.done", "id", {{"field", "Nomor HP"}, {"value", "0813-2222-3333"}}));
  // The session follows the citizen to the proven new number.
  CHECK(verified_phone(chat.state) == "6281322223333");
  CHECK(says(chat.text("status"), "status.primary_complete"));
}

TEST_CASE("cancelling the new phone's code changes nothing", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "phone");
  chat.text("0813-2222-3333");
  chat.text("ya");
  auto fx = chat.text("batal");
  CHECK(fx.changes.empty());
  CHECK(says(fx, "confirm.cancelled"));
  CHECK(store.citizens["C-AGUS"].phone == kSinglePhone);
}

TEST_CASE("BATAL drops the change", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "name");
  auto preview = chat.text("Agus Saleem");
  auto fx = chat.tap(id_of(preview, "no"));
  CHECK(fx.changes.empty());
  CHECK(fx.tickets.empty());
  CHECK(says(fx, "confirm.cancelled"));
  CHECK(store.citizens["C-AGUS"].name == "Agus Salim");
  // The YA button of that preview is dead now.
  fx = chat.tap(id_of(preview, "yes"));
  CHECK(fx.changes.empty());
  CHECK(says(fx, "button.stale"));
  // Typed BATAL works the same.
  start_correction(chat, "name");
  chat.text("Agus Saleem");
  fx = chat.text("BATAL");
  CHECK(fx.changes.empty());
  CHECK(store.citizens["C-AGUS"].version == 5);
}

TEST_CASE("a YA typed twice or tapped twice applies the change once", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "email");
  auto preview = chat.text("baru@example.id");
  auto first = chat.tap(id_of(preview, "yes"));
  CHECK(first.changes.size() == 1);
  auto second = chat.tap(id_of(preview, "yes"));
  CHECK(second.changes.empty());
  auto third = chat.text("YA");
  CHECK(third.changes.empty());
  CHECK(says(third, "nothing_pending"));
  CHECK(store.applied.size() == 1);
}

TEST_CASE("a record changed between preview and YA is shown again, never overwritten blindly", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  chat.login(kFamilyPhone, 1);
  chat.text("ganti email");
  auto preview = chat.text("siti.baru@example.id");
  // Another chat of the family changes Siti's e-mail meanwhile.
  store.citizens["C-SITI"].email = "siti.lain@example.id";
  ++store.citizens["C-SITI"].version;
  auto fx = chat.tap(id_of(preview, "yes"));
  CHECK(fx.changes.empty());
  CHECK(says(fx, "confirm.changed_meanwhile"));
  CHECK(all_text(fx).find("siti.lain@example.id") != std::string::npos);
  fx = chat.tap(id_of(fx, "yes"));
  const ChangeOp& op = only_change(fx);
  CHECK(op.old_value == "siti.lain@example.id");
  CHECK(op.expected_version == 4);
}

TEST_CASE("the writer refusing a stale version leaves the chat where it was", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  start_correction(chat, "email");
  auto preview = chat.text("baru@example.id");
  const ChatState before = chat.state;
  // The change lands between this step's read and its commit: simulate by bumping the
  // version after the step computed its ChangeOp.
  chat.commit_effects = false;
  auto fx = chat.text("ya");
  REQUIRE(fx.changes.size() == 1);
  ++store.citizens["C-AGUS"].version;
  CHECK_FALSE(store.commit(fx, chat.now));
  // The actor steps again from the old state with a fresh directory: re-asked, no change.
  chat.state = before;
  chat.commit_effects = true;
  auto retry = chat.text("ya");
  CHECK(retry.changes.empty());
  CHECK(says(retry, "confirm.changed_meanwhile"));
}

TEST_CASE("a field named in free text goes straight to its value", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  auto fx = chat.text("tgl lahir saya salah");
  CHECK(step_name(chat.state) == "correction_value");
  CHECK(chat.state.data["draft"]["field"] == "birth_date");
  chat.text("menu");
  fx = chat.text("ubah data");
  CHECK(step_name(chat.state) == "correction_field");
  fx = chat.text("email");
  CHECK(chat.state.data["draft"]["field"] == "email");
}

TEST_CASE("a correction is answered in English when the session is English", "[flow][correction]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("english");
  start_correction(chat, "email");
  auto preview = chat.text("new@example.id");
  CHECK(says(preview, "confirm.question", "en"));
  auto fx = chat.text("yes");
  CHECK(says(fx, "change.done", "en", {{"field", "E-mail"}, {"value", "new@example.id"}}));
}

TEST_CASE("nik_preview_masked_both_alike: the preview shows which digit of the NIK changes", "[flow][correction]") {
  FakeStore store;
  const std::string old = store.citizens["C-AGUS"].nik;
  std::string fixed = old;
  fixed[10] = fixed[10] == '9' ? '8' : static_cast<char>(fixed[10] + 1);  // one digit typed wrong on site
  Chat chat(store, kSinglePhone);
  start_correction(chat, "nik");
  auto preview = chat.text(fixed);
  const std::string text = all_text(preview);
  CHECK(text.find(fixed) == std::string::npos);  // never the whole NIK
  CHECK(text.find(old) == std::string::npos);
  CHECK(text.find(mask_nik_diff(old, fixed, false)) != std::string::npos);  // "…^…": changed here
  CHECK(text.find(mask_nik_diff(fixed, old, true)) != std::string::npos);   // the new digit
  CHECK(mask_nik_diff(old, fixed, false)[10] == kDiffMark);  // the registry's hidden digit is not shown
}
