// Privacy scan (issue 7): many journeys in several chats, every reply, SMS, ticket summary
// and transcript note checked for a full NIK and for any personal data of a citizen other
// than the one the chat has verified and chosen at that moment.
#include "flow_test_support.hpp"

#include <regex>
#include <set>

using namespace flowtest;

namespace {

struct Secret {
  std::string owner, what, value;
};

std::vector<Secret> secrets_of(const FakeStore& store) {
  std::vector<Secret> out;
  for (const auto& [id, c] : store.citizens) {
    out.push_back({id, "nik", c.nik});
    out.push_back({id, "name", c.name});
    // Each part of a name too: "Budi" alone still identifies a family member.
    std::string word;
    for (char ch : c.name + " ") {
      if (ch == ' ') {
        if (word.size() >= 4) out.push_back({id, "name part", word});
        word.clear();
      } else {
        word.push_back(ch);
      }
    }
    if (!c.email.empty()) out.push_back({id, "email", c.email});
    out.push_back({id, "birth date", c.birth_date});
    if (c.birth_date.size() == 10)  // as the flow displays it: DD-MM-YYYY
      out.push_back({id, "birth date", c.birth_date.substr(8, 2) + "-" + c.birth_date.substr(5, 2) + "-" +
                                           c.birth_date.substr(0, 4)});
  }
  return out;
}

bool has_sixteen_digit_run(const std::string& s) {
  static const std::regex run("[0-9]{16}");
  return std::regex_search(s, run);
}

std::string chosen(const Chat& chat) {
  const auto& s = chat.state.data;
  if (!s.contains("sess") || !s["sess"].is_object()) return "";
  return s["sess"].value("citizen", "");
}

// Runs one input and scans everything it produced.
class Scanner {
 public:
  explicit Scanner(FakeStore& store) : store_(store) {}
  int replies_scanned = 0;

  Effects run(Chat& chat, const std::function<Effects(Chat&)>& input) {
    const std::string before = chosen(chat);
    const auto secrets = secrets_of(store_);  // values as they are before the step
    Effects fx = input(chat);
    const std::string after = chosen(chat);
    std::string seen = visible_text(fx.replies);
    for (auto& s : fx.sms) seen += "\n" + s.text;
    for (auto& t : fx.tickets) seen += "\n" + t.ticket.summary;
    for (auto& l : fx.log) seen += "\n" + l;
    ++replies_scanned;
    INFO("chat " << chat.wa_id() << " output:\n" << seen);
    CHECK_FALSE(has_sixteen_digit_run(seen));
    std::set<std::string> allowed;  // values of the citizens this chat may see right now
    for (const auto& s : secrets)
      if (s.owner == before || s.owner == after) allowed.insert(s.value);
    for (const auto& s : secrets) {
      if (allowed.count(s.value)) continue;
      INFO("leaks " << s.what << " of " << s.owner);
      CHECK(seen.find(s.value) == std::string::npos);
    }
    // Summaries and transcript notes are masked even for the citizen's own data.
    std::string internal;
    for (auto& t : fx.tickets) internal += t.ticket.summary + "\n";
    for (auto& l : fx.log) internal += l + "\n";
    for (const auto& s : secrets) CHECK(internal.find(s.value) == std::string::npos);
    return fx;
  }

 private:
  FakeStore& store_;
};

}  // namespace

TEST_CASE("no reply shows a full NIK or another citizen's data", "[flow][privacy]") {
  FakeStore store;
  Scanner scan(store);
  auto text = [](const std::string& t) { return [t](Chat& c) { return c.text(t); }; };
  auto tap = [](const Effects& fx, const std::string& action) {
    const std::string id = id_of(fx, action);
    return [id](Chat& c) { return c.tap(id.empty() ? "none:0" : id); };
  };

  // Family chat: verify, look at both people, correct Siti's NIK into Dewi's (conflict).
  Chat family(store, kFamilyPhone);
  scan.run(family, text("halo"));
  scan.run(family, text(kFamilyPhone));
  auto fx = scan.run(family, text(family.last_code(kFamilyPhone)));
  fx = scan.run(family, tap(fx, "fam.1"));
  for (const char* t : {"status", "sertifikat", "dosis 1", "cek tiket", "ganti nik"}) fx = scan.run(family, text(t));
  fx = scan.run(family, text(store.citizens["C-DEWI"].nik));
  fx = scan.run(family, text("ya"));
  fx = scan.run(family, text("ganti orang"));
  fx = scan.run(family, tap(fx, "fam.0"));
  for (const char* t : {"status vaksin", "sertifikat", "booster", "cek tiket", "ganti nama", "Budi Santosa", "ya",
                        "ganti tgl lahir", "06-03-1988", "ya", "mau ngomong sama petugas",
                        "NIK istri saya dipakai orang lain", "menu", "bantuan", "english", "status", "ganti orang"})
    fx = scan.run(family, text(t));
  scan.run(family, [](Chat& c) { return c.officer_answer("TK-000001", "Sudah kami periksa."); });

  // A stranger tries the family's number and Dewi's number: learns nothing.
  Chat stranger(store, "6289911112222");
  scan.run(stranger, text("halo"));
  for (const char* p : {kFamilyPhone, kOtherPhone, kUnregisteredPhone}) {
    stranger.now += 2 * kMinute;
    scan.run(stranger, text(p));
    for (const char* t : {"123456", "menu", "status", "sertifikat", "ganti orang"}) scan.run(stranger, text(t));
  }
  scan.run(stranger, [&](Chat& c) { return c.tap(id_of(fx, "menu.status")); });  // someone else's button

  // Agus: every field of his own, a phone change, tickets.
  Chat agus_chat(store, kSinglePhone);
  scan.run(agus_chat, text("pagi"));
  scan.run(agus_chat, text("1"));
  fx = scan.run(agus_chat, text(agus_chat.last_code(kSinglePhone)));
  for (const char* t : {"status", "ganti email", "agus.baru@example.id", "ya", "ganti nik", "3174050101900001",
                        "batal", "ganti no hp", "0813-5555-6666", "ya"})
    fx = scan.run(agus_chat, text(t));
  scan.run(agus_chat, text(agus_chat.last_code("6281355556666")));
  scan.run(agus_chat, text("cek tiket"));

  // Dewi's own chat sees her own data, nobody else's.
  Chat dewi_chat(store, kOtherPhone);
  scan.run(dewi_chat, text("hai"));
  scan.run(dewi_chat, text(kOtherPhone));
  scan.run(dewi_chat, text(dewi_chat.last_code(kOtherPhone)));
  for (const char* t : {"status", "sertifikat", "1", "ganti nama", "Dewi Lestary", "ya"}) scan.run(dewi_chat, text(t));

  CHECK(scan.replies_scanned > 60);
  CHECK(store.citizens["C-SITI"].nik == siti().nik);  // the conflict changed nothing
}
