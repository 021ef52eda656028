#include "core/intent.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <utility>
#include <vector>

using aduan::Intent;
using aduan::intent_name;
using aduan::match_intent;

namespace {

struct Case {
  const char* text;
  Intent intent;
};

// Realistic informal phrasings, the way citizens wrote to the programme's hotline.
const std::vector<Case>& phrasings() {
  static const std::vector<Case> c{
      // certificate
      {"sertifikat gak bisa di download", Intent::certificate},
      {"Sertifikat vaksin saya tidak muncul", Intent::certificate},
      {"gmn cara dapet sertifikat vaksin?", Intent::certificate},
      {"sertifikaaat sy mana???", Intent::certificate},
      {"mau download serti dong", Intent::certificate},
      {"ga bisa dl sertifikat", Intent::certificate},
      {"minta sertifikat booster", Intent::certificate},
      {"sertifkat dosis 2 blm keluar", Intent::certificate},
      {"mau cetak kartu vaksin", Intent::certificate},
      {"bukti vaksin saya hilang", Intent::certificate},
      {"I can't download my certificate", Intent::certificate},
      {"certificate please", Intent::certificate},
      {"sertifikatnya kok ga ada ya kak", Intent::certificate},
      {"pdf sertifikat", Intent::certificate},
      {"kak, sertipikat sy ga bs dibuka 🙏", Intent::certificate},
      // status
      {"status vaksin sy", Intent::status},
      {"cek status vaksinasi", Intent::status},
      {"riwayat vaksin saya", Intent::status},
      {"sy udah vaksin berapa kali ya", Intent::status},
      {"vaksin ke berapa saya", Intent::status},
      {"what is my vaccination status", Intent::status},
      {"statusnya gimana", Intent::status},
      {"cek vaksin dong", Intent::status},
      {"history vaksin", Intent::status},
      {"jenis vaksin apa yg sy dapat", Intent::status},
      // data change
      {"ganti nama dong", Intent::data_change},
      {"nama saya salah", Intent::data_change},
      {"nama di sertifikat salah ketik", Intent::data_change},
      {"tgl lahir salah", Intent::data_change},
      {"tanggal lahir saya keliru", Intent::data_change},
      {"mau ganti no hp", Intent::data_change},
      {"email saya salah", Intent::data_change},
      {"nik saya dipakai orang lain", Intent::data_change},
      {"jenis kelamin salah, harusnya perempuan", Intent::data_change},
      {"mau ubah data diri", Intent::data_change},
      {"perbaiki nik", Intent::data_change},
      {"change my name", Intent::data_change},
      {"data pribadi tidak sesuai", Intent::data_change},
      {"mengganti nomor telepon", Intent::data_change},
      {"namanya kurang huruf", Intent::data_change},
      // officer
      {"mau ngomong sama petugas", Intent::officer},
      {"bicara dengan admin", Intent::officer},
      {"hubungi cs", Intent::officer},
      {"saya mau komplain ke petugas", Intent::officer},
      {"talk to an officer", Intent::officer},
      {"mau chat sama manusia aja", Intent::officer},
      {"sambungkan ke operator", Intent::officer},
      {"ptgs tolong bantu", Intent::officer},
      // tickets
      {"cek tiket", Intent::tickets},
      {"tiket saya gimana", Intent::tickets},
      {"status laporan saya", Intent::tickets},
      {"my tickets", Intent::tickets},
      {"mana jawaban petugas", Intent::tickets},
      // menu / cancel / help / exit
      {"menu", Intent::menu},
      {"kembali ke menu utama", Intent::menu},
      {"MENU!!", Intent::menu},
      {"batal", Intent::cancel},
      {"gak jadi deh", Intent::cancel},
      {"batalkan", Intent::cancel},
      {"cancel", Intent::cancel},
      {"bantuan", Intent::help},
      {"help", Intent::help},
      {"saya bingung", Intent::help},
      {"keluar", Intent::exit},
      {"logout", Intent::exit},
      {"selesai", Intent::exit},
      // language
      {"english", Intent::lang_en},
      {"english please", Intent::lang_en},
      {"bahasa inggris", Intent::lang_en},
      {"bahasa", Intent::lang_id},
      {"bahasa indonesia", Intent::lang_id},
      // greeting
      {"halo", Intent::greeting},
      {"Hai kak", Intent::greeting},
      {"assalamualaikum", Intent::greeting},
      {"selamat pagi", Intent::greeting},
      {"P", Intent::greeting},
      // yes / no
      {"ya", Intent::yes},
      {"iya", Intent::yes},
      {"YES", Intent::yes},
      {"betul", Intent::yes},
      {"ok", Intent::yes},
      {"iya kak benar", Intent::yes},
      {"oke siap", Intent::yes},
      {"tidak", Intent::no},
      {"no", Intent::no},
      {"gak", Intent::no},
      {"bukan", Intent::no},
      // resend / switch person
      {"kirim ulang", Intent::resend},
      {"kirim ulang kodenya", Intent::resend},
      {"kode blm masuk", Intent::resend},
      {"resend", Intent::resend},
      {"minta kode baru", Intent::resend},
      {"ganti orang", Intent::switch_person},
      {"pilih orang lain", Intent::switch_person},
      {"ganti anggota keluarga", Intent::switch_person},
      {"mau urus data istri", Intent::switch_person},
      // more of each, as people actually write
      {"bisa dihubungkan ke cs?", Intent::officer},
      {"mau ngobrol sama orang beneran", Intent::officer},
      {"vaksin saya sudah tercatat belum", Intent::status},
      {"tanggal lahir tidak sesuai ktp", Intent::data_change},
      {"laporan saya sudah sampai mana", Intent::tickets},
      {"tidak menerima sms", Intent::resend},
      {"betul sekali", Intent::yes},
      {"bukan itu", Intent::no},
      {"udahan", Intent::exit},
      {"bagaimana cara menggunakan layanan ini", Intent::help},
  };
  return c;
}

}  // namespace

TEST_CASE("informal phrasings route to the intended option", "[intent]") {
  REQUIRE(phrasings().size() >= 60);
  for (const auto& c : phrasings()) {
    INFO("text: " << c.text);
    auto m = match_intent(c.text);
    INFO("got: " << intent_name(m.intent) << " best " << intent_name(m.best) << " score " << m.score
                 << " runner-up " << intent_name(m.runner_up));
    CHECK(m.intent == c.intent);
  }
}

TEST_CASE("a data change names the field it is about", "[intent]") {
  CHECK(match_intent("ganti nama dong").field_hint == "name");
  CHECK(match_intent("tgl lahir salah").field_hint == "birth_date");
  CHECK(match_intent("jenis kelamin salah").field_hint == "sex");
  CHECK(match_intent("mau ganti no hp").field_hint == "phone");
  CHECK(match_intent("email saya salah").field_hint == "email");
  CHECK(match_intent("no ktp saya salah").field_hint == "nik");
  CHECK(match_intent("nik saya dipakai orang lain").field_hint == "nik");
  CHECK(aduan::match_field("tanggal lahir") == "birth_date");
  CHECK(aduan::match_field("gender") == "sex");
  CHECK(aduan::match_field("e-mail") == "email");
  CHECK(aduan::match_field("pokoknya itu") == "");
}

TEST_CASE("normalisation lowercases, strips punctuation and emoji, collapses and expands", "[intent]") {
  CHECK(aduan::normalize_text("Sertifikaaat!!! 😭😭") == "sertifikat");
  CHECK(aduan::normalize_text("sy gak bisa dl dong") == "saya tidak bisa download");
  CHECK(aduan::normalize_text("no hp") == "nomor hp");
  CHECK(aduan::normalize_text("no") == "no");
  CHECK(aduan::normalize_text("dosis2") == "dosis 2");
  CHECK(aduan::normalize_text("") == "");
}

TEST_CASE("negation inside a request is not read as no", "[intent]") {
  CHECK(match_intent("gak bisa download").intent == Intent::certificate);
  CHECK(match_intent("tidak bisa buka sertifikat").intent == Intent::certificate);
  CHECK(match_intent("tidak jadi").intent == Intent::cancel);
}

TEST_CASE("when unsure the matcher says so instead of guessing", "[intent]") {
  // Nothing the service does.
  for (const char* t : {"berapa harga tiket pesawat ke bali besok pagi jam 7?", "asdfgh qwerty",
                        "cuaca hari ini cerah", "😀😀😀", "12345", "kata mama saya"}) {
    INFO(t);
    auto m = match_intent(t);
    CHECK((m.intent == Intent::unknown || m.intent == Intent::ambiguous ||
           m.intent == Intent::tickets));  // "tiket pesawat" honestly mentions tickets
  }
  CHECK(match_intent("asdfgh qwerty").intent == Intent::unknown);
  CHECK(match_intent("cuaca hari ini cerah").intent == Intent::unknown);
  // Two requests with equal weight: the flow must ask.
  auto m = match_intent("data di sertifikat salah");
  CHECK(m.intent == Intent::ambiguous);
  CHECK(((m.best == Intent::certificate && m.runner_up == Intent::data_change) ||
         (m.best == Intent::data_change && m.runner_up == Intent::certificate)));
}

TEST_CASE("common words are never corrected into keywords", "[intent]") {
  CHECK(match_intent("kata").intent == Intent::unknown);   // not "data"
  CHECK(match_intent("mama").intent == Intent::unknown);   // not "nama"
  CHECK(match_intent("keluarga").intent != Intent::exit);  // not "keluar"
}

TEST_CASE("edit distance counts a transposition as one edit", "[intent]") {
  CHECK(aduan::edit_distance("sertifikat", "sertifiakt") == 1);
  CHECK(aduan::edit_distance("abc", "abc") == 0);
  CHECK(aduan::edit_distance("", "abc") == 3);
  CHECK(aduan::edit_distance("petugas", "ptgs") == 3);
}

// Held-out style check: phrasings the tables above never contain, produced by mutating
// base requests the way people mistype (a dropped, doubled or swapped letter in a long
// word, particles and emoji around it, random case). A lookup table of the test phrases
// would fail here; the matcher must route each one the same as its base.
TEST_CASE("mistyped and decorated variants route like their originals", "[intent][heldout]") {
  const std::vector<Case> bases{
      {"sertifikat saya tidak bisa diunduh", Intent::certificate},
      {"riwayat vaksinasi saya", Intent::status},
      {"perbaiki tanggal lahir", Intent::data_change},
      {"ingin berbicara dengan petugas", Intent::officer},
      {"batalkan", Intent::cancel},
      {"kirim ulang kode", Intent::resend},
      {"bahasa inggris", Intent::lang_en},
      {"bantuan", Intent::help},
  };
  std::mt19937 rng(20261203);
  const std::vector<std::string> decorations{"", " dong", " kak", " 🙏", "!!", " sih", "..."};
  auto mutate_word = [&](std::string w) {
    if (w.size() < 6) return w;  // short words are matched exactly by design
    std::uniform_int_distribution<std::size_t> pos(1, w.size() - 2);
    std::size_t p = pos(rng);
    switch (rng() % 3) {
      case 0: w.erase(p, 1); break;                      // dropped letter
      case 1: w.insert(p, 1, w[p]); break;               // doubled letter
      default: std::swap(w[p], w[p + 1]); break;         // swapped letters
    }
    return w;
  };
  int tried = 0;
  for (const auto& base : bases) {
    for (int round = 0; round < 6; ++round) {
      std::string text, word;
      std::string src = base.text;
      src.push_back(' ');
      for (char ch : src) {
        if (ch == ' ') {
          if (!word.empty()) text += (text.empty() ? "" : " ") + mutate_word(word);
          word.clear();
        } else {
          word.push_back(ch);
        }
      }
      text += decorations[rng() % decorations.size()];
      if (rng() % 2) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
      INFO("variant: " << text << " of: " << base.text);
      CHECK(match_intent(text).intent == base.intent);
      ++tried;
    }
  }
  CHECK(tried == 48);
}

TEST_CASE("thanks is recognised so the flow can answer politely", "[intent]") {
  CHECK(match_intent("terima kasih").intent == Intent::thanks);
  CHECK(match_intent("makasih kak").intent == Intent::thanks);
  CHECK(match_intent("thank you").intent == Intent::thanks);
}
