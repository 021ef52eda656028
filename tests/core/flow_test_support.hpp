// Test support for the flow tests: an in-memory Directory that also plays the storage
// writer (applies ChangeOps with their version precondition, stores tickets, counts OTP
// SMS), fixture citizens with consistent NIKs, and a Chat driver that feeds inputs to
// flow::step and keeps every reply for inspection.
#pragma once
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/flow/flow.hpp"
#include "core/flow/flow_config.hpp"
#include "core/nik.hpp"
#include "core/outbound.hpp"

namespace flowtest {

using namespace aduan;
using namespace aduan::flow;

constexpr TimeMs kStart = 1'796'000'000'000;  // late 2026
constexpr TimeMs kMinute = 60'000;

inline const Catalogue& catalogue() {
  static const Catalogue c = [] {
    std::string err;
    auto loaded = Catalogue::load(std::string(ADUAN_SOURCE_DIR) + "/config/messages.json", &err);
    if (!loaded) FAIL("catalogue: " << err);
    return *loaded;
  }();
  return c;
}

// Deterministic "random" bytes: a counter, so successive codes differ.
inline RandomSource counting_source() {
  auto n = std::make_shared<std::uint32_t>(123456);
  return [n](std::size_t len) {
    std::string out(len, '\0');
    std::uint32_t v = (*n += 7919);
    for (std::size_t i = len; i-- > 0; v >>= 8) out[i] = static_cast<char>(v & 0xff);
    return out;
  };
}

inline FlowConfig test_config() {
  FlowConfig c;
  c.otp_hash_key = "flow-test-key";
  c.random = counting_source();
  return c;
}

// ---- fixture citizens ----------------------------------------------------------------
constexpr const char* kFamilyPhone = "6281234567890";   // Siti and Budi
constexpr const char* kSinglePhone = "6281311112222";   // Agus
constexpr const char* kOtherPhone = "6285700001111";    // Dewi (never verified in tests)
constexpr const char* kUnregisteredPhone = "6281999988888";

inline std::string nik_for(int y, int m, int d, char sex, int serial) {
  return make_nik(31, 74, 5, CivilDate{y, m, d}, sex, serial);
}

inline CitizenProfile siti() {
  CitizenProfile c;
  c.id = CitizenId("C-SITI");
  c.nik = nik_for(1990, 8, 17, 'F', 2);
  c.name = "Siti Rahayu";
  c.birth_date = "1990-08-17";
  c.sex = "F";
  c.phone = kFamilyPhone;
  c.email = "siti@example.id";
  c.version = 3;
  c.vaccinations = {{1, "Sinovac", "2021-07-02", "Puskesmas Tebet", "SN2107A", true, "N1"},
                    {2, "Sinovac", "2021-07-30", "Puskesmas Tebet", "SN2107B", true, "N2"},
                    {3, "Pfizer", "2022-02-10", "RS Fatmawati", "PF22A", false, ""}};
  return c;
}
inline CitizenProfile budi() {
  CitizenProfile c;
  c.id = CitizenId("C-BUDI");
  c.nik = nik_for(1988, 3, 5, 'M', 7);
  c.name = "Budi Santoso";
  c.birth_date = "1988-03-05";
  c.sex = "M";
  c.phone = kFamilyPhone;
  c.version = 1;
  c.vaccinations = {{1, "AstraZeneca", "2021-08-01", "Klinik Sehat", "AZ1", true, "N3"}};
  return c;
}
inline CitizenProfile agus() {
  CitizenProfile c;
  c.id = CitizenId("C-AGUS");
  c.nik = nik_for(1975, 1, 20, 'M', 11);
  c.name = "Agus Salim";
  c.birth_date = "1975-01-20";
  c.sex = "M";
  c.phone = kSinglePhone;
  c.email = "agus@example.id";
  c.version = 5;
  c.vaccinations = {{1, "Janssen", "2021-09-09", "RSUD Koja", "J1", true, "N4"}};
  return c;
}
inline CitizenProfile dewi() {
  CitizenProfile c;
  c.id = CitizenId("C-DEWI");
  c.nik = nik_for(1990, 8, 17, 'F', 9);  // same birth date and sex as Siti: a plausible mix-up
  c.name = "Dewi Lestari";
  c.birth_date = "1990-08-17";
  c.sex = "F";
  c.phone = kOtherPhone;
  c.version = 2;
  c.vaccinations = {{1, "Moderna", "2021-10-01", "Puskesmas Menteng", "MD1", true, "N5"}};
  return c;
}

// ---- directory + writer ----------------------------------------------------------------
class FakeStore final : public Directory {
 public:
  std::map<std::string, CitizenProfile> citizens;
  std::vector<Ticket> tickets;
  std::map<std::string, std::vector<TimeMs>> otp_sends;
  std::vector<ChangeOp> applied;
  int stale_commits = 0;

  FakeStore() {
    for (auto c : {siti(), budi(), agus(), dewi()}) citizens[c.id.str()] = c;
  }

  std::vector<CitizenProfile> citizens_by_phone(const std::string& phone) override {
    std::vector<CitizenProfile> out;
    for (auto& [id, c] : citizens)
      if (c.phone == phone) out.push_back(c);
    return out;
  }
  std::optional<CitizenProfile> citizen(const std::string& id) override {
    auto it = citizens.find(id);
    if (it == citizens.end()) return std::nullopt;
    return it->second;
  }
  std::optional<CitizenProfile> citizen_by_nik(const std::string& nik) override {
    for (auto& [id, c] : citizens)
      if (c.nik == nik) return c;
    return std::nullopt;
  }
  std::vector<Ticket> tickets_of_chat(const std::string& chat) override {
    std::vector<Ticket> out;
    for (auto& t : tickets)
      if (t.chat == chat) out.push_back(t);
    return out;
  }
  int otp_sends_since(const std::string& phone, TimeMs since) override {
    int n = 0;
    for (TimeMs t : otp_sends[phone])
      if (t > since) ++n;
    return n;
  }

  // What storage/step_commit does, in miniature: all or nothing.
  bool commit(const Effects& fx, TimeMs now) {
    for (auto& op : fx.changes) {
      auto it = citizens.find(op.citizen_id);
      if (it == citizens.end() || it->second.version != op.expected_version) {
        ++stale_commits;
        return false;
      }
    }
    for (auto& op : fx.changes) {
      auto& c = citizens[op.citizen_id];
      if (op.field == "name") c.name = op.new_value;
      if (op.field == "birth_date") c.birth_date = op.new_value;
      if (op.field == "sex") c.sex = op.new_value;
      if (op.field == "phone") c.phone = op.new_value;
      if (op.field == "email") c.email = op.new_value;
      if (op.field == "nik") c.nik = op.new_value;
      ++c.version;
      applied.push_back(op);
    }
    for (auto& op : fx.tickets) {
      bool exists = false;
      for (auto& t : tickets) exists = exists || t.id == op.ticket.id;
      if (!exists) tickets.push_back(op.ticket);
    }
    for (auto& a : fx.attachments)
      for (auto& t : tickets)
        if (t.id == a.ticket_id) t.attachments.push_back(a.attachment);
    for (auto& s : fx.sms)
      if (s.counts_as_otp) otp_sends[s.phone].push_back(now);
    return true;
  }
};

// ---- reading effects -----------------------------------------------------------------
// Every string a citizen could see in these replies.
inline std::string visible_text(const std::vector<OutboundMessage>& replies) {
  std::string out;
  for (const auto& m : replies) {
    if (auto* t = std::get_if<OutText>(&m)) out += t->body + "\n";
    if (auto* l = std::get_if<OutList>(&m)) {
      out += l->header + "\n" + l->body + "\n" + l->footer + "\n" + l->button + "\n";
      for (auto& s : l->sections) {
        out += s.title + "\n";
        for (auto& r : s.rows) out += r.title + "\n" + r.description + "\n";
      }
    }
    if (auto* b = std::get_if<OutButtons>(&m)) {
      out += b->header + "\n" + b->body + "\n" + b->footer + "\n";
      for (auto& x : b->buttons) out += x.title + "\n";
    }
    if (auto* d = std::get_if<OutDocument>(&m)) out += d->filename + "\n" + d->caption + "\n";
    if (auto* t = std::get_if<OutTemplate>(&m))
      for (auto& p : t->body_params) out += p + "\n";
  }
  return out;
}

inline std::vector<std::string> option_ids(const std::vector<OutboundMessage>& replies) {
  std::vector<std::string> ids;
  for (const auto& m : replies) {
    if (auto* l = std::get_if<OutList>(&m))
      for (auto& s : l->sections)
        for (auto& r : s.rows) ids.push_back(r.id);
    if (auto* b = std::get_if<OutButtons>(&m))
      for (auto& x : b->buttons) ids.push_back(x.id);
  }
  return ids;
}

// The id offered for an action ("menu.cert" → "menu.cert:7"), or "" when not offered.
inline std::string id_of(const Effects& fx, const std::string& action) {
  for (auto& id : option_ids(fx.replies))
    if (id.rfind(action + ":", 0) == 0) return id;
  return "";
}

inline std::string six_digit_run(const std::string& text) {
  std::string run, found;
  for (char c : text + " ") {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      run.push_back(c);
    } else {
      if (run.size() == 6) found = run;
      run.clear();
    }
  }
  return found;
}

// ---- the chat driver -------------------------------------------------------------------
class Chat {
 public:
  Chat(FakeStore& store, std::string wa_id, FlowConfig cfg = test_config())
      : store_(store), cfg_(std::move(cfg)), wa_id_(std::move(wa_id)) {}

  TimeMs now = kStart;
  ChatState state;
  std::vector<Effects> history;
  bool commit_effects = true;  // apply to the store like the writer does

  Effects text(const std::string& body) {
    InboundMessage m;
    m.type = "text";
    m.text = body;
    return message(m);
  }
  Effects tap(const std::string& reply_id, const std::string& title = "tapped") {
    InboundMessage m;
    m.type = "interactive";
    m.reply_kind = "list_reply";
    m.reply_id = reply_id;
    m.text = title;
    return message(m);
  }
  Effects media(const std::string& type, const std::string& media_id = "MEDIA1", const std::string& caption = "") {
    InboundMessage m;
    m.type = type;
    m.media_id = media_id;
    m.mime_type = type == "image" ? "image/jpeg" : "application/pdf";
    m.text = caption;
    return message(m);
  }
  Effects message(InboundMessage m) {
    m.id = "wamid." + std::to_string(seq_ + 1);
    m.from = wa_id_;
    return run(m);
  }
  Effects timer(const std::string& kind) { return run(TimerFired{kind, now}); }
  Effects officer_answer(const std::string& ticket, const std::string& body) { return run(OfficerAnswer{ticket, body}); }
  Effects sms_outcome(const std::string& purpose, bool delivered) { return run(SmsOutcome{purpose, delivered, "test"}); }

  Effects run(const Input& in) {
    StepContext ctx;
    ctx.event_seq = ++seq_;
    ctx.chat_key = "wa:" + wa_id_;
    ctx.wa_id = wa_id_;
    ctx.now = now;
    StepResult r = step(state, in, ctx, store_, cfg_, catalogue());
    if (commit_effects && !store_.commit(r.effects, now)) return r.effects;  // stale: state not kept
    state = r.state;
    for (auto& m : r.effects.replies) {
      auto err = validate(m);
      INFO("reply violates Meta limits: " << (err ? *err : ""));
      CHECK_FALSE(err);
    }
    const std::string seen = visible_text(r.effects.replies);
    INFO(seen);
    CHECK(seen.find("[") == std::string::npos);  // no missing catalogue key
    history.push_back(r.effects);
    return r.effects;
  }

  // The code from the last OTP SMS sent to phone in this chat's history.
  std::string last_code(const std::string& phone) const {
    for (auto it = history.rbegin(); it != history.rend(); ++it)
      for (auto& s : it->sms)
        if (s.phone == phone) return six_digit_run(s.text);
    return "";
  }

  // Greeting → phone → code → (family choice by index) → menu.
  Effects login(const std::string& phone, int family_index = -1) {
    text("halo");
    text(phone);
    std::string code = last_code(phone);
    REQUIRE(code.size() == 6);
    Effects fx = text(code);
    if (family_index >= 0) fx = tap(id_of(fx, "fam." + std::to_string(family_index)));
    REQUIRE(is_verified(state, now));
    return fx;
  }

  const std::string& wa_id() const { return wa_id_; }
  std::string chat_key() const { return "wa:" + wa_id_; }
  FlowConfig& cfg() { return cfg_; }
  std::uint64_t seq() const { return seq_; }

 private:
  FakeStore& store_;
  FlowConfig cfg_;
  std::string wa_id_;
  std::uint64_t seq_ = 0;
};

inline std::string all_text(const Effects& fx) { return visible_text(fx.replies); }
inline bool says(const Effects& fx, const std::string& key, const std::string& lang = "id",
                 const Catalogue::Params& p = {}) {
  return all_text(fx).find(catalogue().text(key, lang, p)) != std::string::npos;
}

}  // namespace flowtest
