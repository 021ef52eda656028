// Greeting, phone entry, OTP rules, session expiry and family choice (issue 7 §1–3).
#include "flow_test_support.hpp"

#include "core/mask.hpp"

using namespace flowtest;

TEST_CASE("a first message gets the greeting and the phone prompt with the WhatsApp-number button", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  auto fx = chat.text("P");
  CHECK(says(fx, "greeting"));
  CHECK_FALSE(id_of(fx, "phone.wa").empty());
  CHECK(fx.replies.size() == 1);  // greeting merged into the button message
  CHECK(step_name(chat.state) == "phone");
  CHECK_FALSE(is_verified(chat.state, chat.now));
}

TEST_CASE("tapping 'use this WhatsApp number' sends a code to the chat's own number", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  auto fx = chat.text("halo");
  fx = chat.tap(id_of(fx, "phone.wa"));
  REQUIRE(fx.sms.size() == 1);
  CHECK(fx.sms[0].phone == kFamilyPhone);
  CHECK(fx.sms[0].purpose == "otp_login");
  CHECK(six_digit_run(fx.sms[0].text).size() == 6);
  CHECK(step_name(chat.state) == "otp");
  // "1" typed instead of tapped does the same.
  Chat typed(store, kSinglePhone);
  typed.text("halo");
  auto fx2 = typed.text("1");
  REQUIRE(fx2.sms.size() == 1);
  CHECK(fx2.sms[0].phone == kSinglePhone);
}

TEST_CASE("the reply never reveals whether a number is registered", "[flow][verify]") {
  FakeStore store;
  Chat a(store, "6281100000001"), b(store, "6281100000002");
  a.text("halo");
  b.text("halo");
  auto registered = a.text("0812-3456-7890");
  auto unregistered = b.text("0819 9998 8888");
  CHECK(registered.sms.size() == 1);
  CHECK(unregistered.sms.empty());  // nobody to send to; nothing else differs
  auto mask_digits = [](std::string s) {
    for (auto& c : s)
      if (std::isdigit(static_cast<unsigned char>(c))) c = '#';
    return s;
  };
  CHECK(mask_digits(all_text(registered)) == mask_digits(all_text(unregistered)));
  CHECK(registered.timers.size() == unregistered.timers.size());
  CHECK(step_name(a.state) == step_name(b.state));
  // Any code for the unregistered number fails like a wrong one.
  auto wrong = b.text("000000");
  CHECK(says(wrong, "otp.wrong", "id", {{"left", "4"}}));
}

TEST_CASE("the right code verifies a single citizen straight to the menu", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  auto fx = chat.login(kSinglePhone);
  CHECK(says(fx, "verify.ok"));
  CHECK_FALSE(id_of(fx, "menu.cert").empty());
  CHECK(step_name(chat.state) == "menu");
  CHECK(verified_phone(chat.state) == kSinglePhone);
  bool session_timer = false;
  for (auto& t : fx.timers) session_timer = session_timer || (t.kind == "session_expiry" && t.due == chat.now + 30 * kMinute);
  CHECK(session_timer);
}

TEST_CASE("only a hash of the code is kept in the chat state", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  chat.text(kSinglePhone);
  const std::string code = chat.last_code(kSinglePhone);
  CHECK(chat.state.data.dump().find(code) == std::string::npos);
}

TEST_CASE("'menu', '2' and other text while waiting for the code are not attempts", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  chat.text(kSinglePhone);
  for (const char* t : {"menu", "2", "halo", "sertifikat", "12345"}) {
    INFO(t);
    auto fx = chat.text(t);
    CHECK(fx.sms.empty());
    CHECK(step_name(chat.state) == "otp");
  }
  CHECK(chat.state.data["guard"][kSinglePhone]["f"] == 0);
  // Five real wrong attempts are still available.
  for (int i = 0; i < 4; ++i) chat.text("000000");
  auto fx = chat.text(chat.last_code(kSinglePhone));
  CHECK(says(fx, "verify.ok"));
}

TEST_CASE("five wrong codes lock that (chat, phone) pair for thirty minutes", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  chat.text(kSinglePhone);
  const std::string code = chat.last_code(kSinglePhone);
  Effects fx;
  for (int i = 0; i < 5; ++i) fx = chat.text(code == "111111" ? "222222" : "111111");
  CHECK(says(fx, "otp.locked", "id", {{"minutes", "30"}}));
  CHECK(fx.events == std::vector<std::string>{"otp_locked"});  // counted once, for /metrics
  CHECK(step_name(chat.state) == "phone");
  // The right code no longer works, and no new code is sent while locked.
  fx = chat.text(kSinglePhone);
  CHECK(fx.sms.empty());
  CHECK(says(fx, "otp.locked", "id", {{"minutes", "30"}}));
  chat.now += 29 * kMinute;
  fx = chat.text(kSinglePhone);
  CHECK(fx.sms.empty());
  // After the lock the pair may try again with a fresh count.
  chat.now += 2 * kMinute;
  fx = chat.text(kSinglePhone);
  REQUIRE(fx.sms.size() == 1);
  fx = chat.text(chat.last_code(kSinglePhone));
  CHECK(is_verified(chat.state, chat.now));
}

TEST_CASE("a stranger's chat cannot lock the citizen out of their own chat", "[flow][verify]") {
  FakeStore store;
  Chat stranger(store, "6289900001111"), owner(store, kSinglePhone);
  stranger.text("halo");
  stranger.text(kSinglePhone);
  for (int i = 0; i < 5; ++i) stranger.text("999999");
  CHECK(stranger.state.data["guard"][kSinglePhone]["lock"].get<TimeMs>() > stranger.now);
  owner.now = stranger.now;
  auto fx = owner.login(kSinglePhone);
  CHECK(says(fx, "verify.ok"));
}

TEST_CASE("the locked chat may still verify another number", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  chat.text(kFamilyPhone);
  for (int i = 0; i < 5; ++i) chat.text("999999");
  auto fx = chat.text(kSinglePhone);
  REQUIRE(fx.sms.size() == 1);
  chat.text(chat.last_code(kSinglePhone));
  CHECK(is_verified(chat.state, chat.now));
}

TEST_CASE("resend waits for the cool-down and never resets the failure count", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  chat.text(kSinglePhone);
  chat.text("999999");
  chat.text("999998");
  auto fx = chat.text("kirim ulang");
  CHECK(fx.sms.empty());
  CHECK(says(fx, "otp.cooldown", "id", {{"seconds", "60"}}));
  chat.now += 60'000;
  fx = chat.text("kirim ulang");
  REQUIRE(fx.sms.size() == 1);
  CHECK(chat.state.data["guard"][kSinglePhone]["f"] == 2);
  // Three more wrong codes (five in all) lock, although a new code was sent.
  for (int i = 0; i < 3; ++i) fx = chat.text("999997");
  CHECK(says(fx, "otp.locked", "id", {{"minutes", "30"}}));
}

TEST_CASE("the resend button is tied to its message", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  auto sent = chat.text(kSinglePhone);
  const std::string resend = id_of(sent, "otp.resend");
  REQUIRE_FALSE(resend.empty());
  chat.now += 61'000;
  auto fx = chat.tap(resend);
  CHECK(fx.sms.size() == 1);
  chat.now += 61'000;
  fx = chat.tap(resend);  // the old message's button: stale
  CHECK(fx.sms.empty());
  CHECK(says(fx, "button.stale"));
}

TEST_CASE("at most five codes an hour go to one phone from one chat", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  chat.text(kSinglePhone);
  int sent = 1;
  for (int i = 0; i < 6; ++i) {
    chat.now += 61'000;
    sent += static_cast<int>(chat.text("kirim ulang").sms.size());
  }
  CHECK(sent == 5);
  CHECK(says(chat.history.back(), "otp.cap", "id", {{"minutes", "54"}}));
  chat.now += 56 * kMinute;
  CHECK(chat.text("kirim ulang").sms.size() == 1);
}

TEST_CASE("at most ten codes an hour go to one phone across chats", "[flow][verify]") {
  FakeStore store;
  int sent = 0;
  std::vector<std::unique_ptr<Chat>> chats;
  for (int i = 0; i < 12; ++i) {
    chats.push_back(std::make_unique<Chat>(store, "628770000" + std::to_string(1000 + i)));
    chats.back()->text("halo");
    auto fx = chats.back()->text(kSinglePhone);
    sent += static_cast<int>(fx.sms.size());
    if (i >= 10) CHECK(says(fx, "otp.cap", "id", {{"minutes", "60"}}));
  }
  CHECK(sent == 10);
}

TEST_CASE("a code expires after five minutes of the test clock", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  auto fx = chat.text(kSinglePhone);
  bool expiry_timer = false;
  for (auto& t : fx.timers) expiry_timer = expiry_timer || (t.kind == "otp_expiry" && t.due == chat.now + 5 * kMinute);
  CHECK(expiry_timer);
  const std::string code = chat.last_code(kSinglePhone);
  chat.now += 5 * kMinute;
  fx = chat.text(code);
  CHECK(says(fx, "otp.expired"));
  CHECK_FALSE(is_verified(chat.state, chat.now));
  CHECK(chat.state.data["guard"][kSinglePhone]["f"] == 0);  // not an attempt
  // The expiry timer clears the stored hash.
  chat.timer("otp_expiry");
  CHECK_FALSE(chat.state.data.contains("otp"));
  fx = chat.text("kirim ulang");
  REQUIRE(fx.sms.size() == 1);
  chat.text(chat.last_code(kSinglePhone));
  CHECK(is_verified(chat.state, chat.now));
}

TEST_CASE("an SMS failure is told to the citizen", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  chat.text(kSinglePhone);
  auto fx = chat.sms_outcome("otp_login", false);
  CHECK(says(fx, "sms.failed"));
  CHECK(chat.sms_outcome("otp_login", true).replies.empty());
}

TEST_CASE("a stale menu button before verification skips nothing", "[flow][verify]") {
  FakeStore store;
  Chat old_session(store, kSinglePhone);
  auto menu = old_session.login(kSinglePhone);
  const std::string cert = id_of(menu, "menu.cert");
  REQUIRE_FALSE(cert.empty());
  old_session.text("keluar");
  CHECK_FALSE(is_verified(old_session.state, old_session.now));
  auto fx = old_session.tap(cert);
  CHECK(says(fx, "button.stale"));
  for (auto& r : fx.replies) CHECK_FALSE(std::holds_alternative<OutDocument>(r));
  CHECK_FALSE(is_verified(old_session.state, old_session.now));
  CHECK(step_name(old_session.state) == "phone");
  // A forged id with a plausible nonce is refused too.
  fx = old_session.tap("dose.1:1");
  CHECK(says(fx, "button.stale"));
}

TEST_CASE("a verified session ends after thirty idle minutes", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  chat.now += 29 * kMinute;
  chat.text("status");
  chat.now += 29 * kMinute;  // activity extended it
  CHECK(is_verified(chat.state, chat.now));
  chat.now += 2 * kMinute;
  auto fx = chat.timer("session_expiry");
  CHECK(says(fx, "session.expired"));
  CHECK_FALSE(is_verified(chat.state, chat.now));
  fx = chat.text("sertifikat");
  CHECK(step_name(chat.state) == "phone");
  for (auto& r : fx.replies) CHECK_FALSE(std::holds_alternative<OutDocument>(r));
}

TEST_CASE("an expired session is noticed even without the timer", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  auto menu = chat.login(kSinglePhone);
  chat.now += 31 * kMinute;
  auto fx = chat.tap(id_of(menu, "menu.status"));
  CHECK(says(fx, "session.expired"));
  CHECK_FALSE(is_verified(chat.state, chat.now));
}

TEST_CASE("a stale session timer does not end a session that was extended", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  chat.now += 20 * kMinute;
  chat.text("menu");
  chat.now += 11 * kMinute;
  auto fx = chat.timer("session_expiry");
  CHECK(fx.replies.empty());
  CHECK(is_verified(chat.state, chat.now));
}

TEST_CASE("user_changed_number ends the verified session", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  InboundMessage sys;
  sys.type = "system";
  sys.system_type = "user_changed_number";
  auto fx = chat.message(sys);
  CHECK(fx.replies.empty());
  CHECK_FALSE(is_verified(chat.state, chat.now));
}

TEST_CASE("a family chooses the person from masked names and can switch", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  chat.text("halo");
  chat.text(kFamilyPhone);
  auto fx = chat.text(chat.last_code(kFamilyPhone));
  CHECK(step_name(chat.state) == "family");
  const std::string seen = all_text(fx);
  CHECK(seen.find(mask_name("Siti Rahayu")) != std::string::npos);
  CHECK(seen.find(mask_name("Budi Santoso")) != std::string::npos);
  CHECK(seen.find("Siti Rahayu") == std::string::npos);
  CHECK(seen.find("Budi Santoso") == std::string::npos);
  // Menu before choosing shows the family again.
  fx = chat.text("menu");
  CHECK(step_name(chat.state) == "family");
  fx = chat.text("2");  // numbered fallback: the second person (Siti)
  CHECK(step_name(chat.state) == "menu");
  CHECK(chat.state.data["sess"]["citizen"] == "C-SITI");
  CHECK_FALSE(id_of(fx, "menu.switch").empty());
  fx = chat.text("ganti orang");
  CHECK(step_name(chat.state) == "family");
  fx = chat.tap(id_of(fx, "fam.0"));
  CHECK(chat.state.data["sess"]["citizen"] == "C-BUDI");
}

TEST_CASE("a person who left the phone cannot be chosen from an old list", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kFamilyPhone);
  chat.text("halo");
  chat.text(kFamilyPhone);
  auto fx = chat.text(chat.last_code(kFamilyPhone));
  store.citizens["C-BUDI"].phone = "6281222223333";  // moved by an officer meanwhile
  fx = chat.tap(id_of(fx, "fam.0"));
  CHECK(chat.state.data["sess"]["citizen"] == "");
  CHECK(step_name(chat.state) == "family");
}

TEST_CASE("English on request, and every reply in the session language", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  auto fx = chat.text("english");
  CHECK(says(fx, "lang.set", "en"));
  CHECK(says(fx, "greeting", "en"));
  CHECK(language_of(chat.state) == "en");
  fx = chat.text(kSinglePhone);
  CHECK(says(fx, "otp.sent", "en", {{"phone", mask_phone(kSinglePhone)}, {"minutes", "5"}}));
  fx = chat.text(chat.last_code(kSinglePhone));
  CHECK(says(fx, "verify.ok", "en"));
  CHECK(says(fx, "menu.body", "en"));
  fx = chat.text("bahasa");
  CHECK(language_of(chat.state) == "id");
  CHECK(says(fx, "menu.body", "id"));
}

TEST_CASE("help, thanks and exit work in any step", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.text("halo");
  CHECK(says(chat.text("bantuan"), "help.unverified"));
  chat.login(kSinglePhone);
  CHECK(says(chat.text("bantuan"), "help.verified"));
  CHECK(says(chat.text("terima kasih"), "thanks.reply"));
  CHECK(says(chat.text("keluar"), "exit.done"));
  CHECK_FALSE(is_verified(chat.state, chat.now));
}

// Regression: a session-expiry timer fired late (after downtime) sent free text 25 hours
// after the citizen's last message, which Meta refuses outside the 24-hour window.
TEST_CASE("a late session expiry outside the 24-hour window ends the session silently", "[flow][verify]") {
  FakeStore store;
  Chat chat(store, kSinglePhone);
  chat.login(kSinglePhone);
  chat.now += 25 * 60 * kMinute;
  auto fx = chat.timer("session_expiry");
  CHECK(fx.replies.empty());
  CHECK_FALSE(is_verified(chat.state, chat.now));
}
