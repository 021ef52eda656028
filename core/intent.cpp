#include "core/intent.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace aduan {
namespace {

// ---- tables -------------------------------------------------------------------------
// Written in plain spelling; every key goes through the same collapse as the input.

// Chat abbreviations and spelling variants → canonical words (may be several words).
const std::vector<std::pair<const char*, const char*>>& abbreviation_table() {
  static const std::vector<std::pair<const char*, const char*>> t{
      {"sy", "saya"},        {"sya", "saya"},       {"aku", "saya"},       {"aq", "saya"},
      {"gw", "saya"},        {"gue", "saya"},       {"gua", "saya"},       {"ane", "saya"},
      {"i", "saya"},         {"my", "saya"},        {"me", "saya"},
      {"gak", "tidak"},      {"ga", "tidak"},       {"nggak", "tidak"},    {"ngga", "tidak"},
      {"enggak", "tidak"},   {"engga", "tidak"},    {"gk", "tidak"},       {"tdk", "tidak"},
      {"tak", "tidak"},      {"ndak", "tidak"},     {"kagak", "tidak"},    {"g", "tidak"},
      {"nda", "tidak"},      {"ndk", "tidak"},      {"cant", "tidak bisa"}, {"cannot", "tidak bisa"},
      {"blm", "belum"},      {"blum", "belum"},     {"udh", "sudah"},      {"udah", "sudah"},
      {"sdh", "sudah"},      {"dah", "sudah"},      {"bs", "bisa"},        {"bsa", "bisa"},
      {"yg", "yang"},        {"dgn", "dengan"},     {"utk", "untuk"},      {"sm", "sama"},
      {"ama", "sama"},       {"dr", "dari"},        {"jg", "juga"},        {"krn", "karena"},
      {"msh", "masih"},      {"gmn", "gimana"},     {"gmna", "gimana"},    {"bagaimana", "gimana"},
      {"gimn", "gimana"},    {"tgl", "tanggal"},    {"tggl", "tanggal"},   {"nmr", "nomor"},
      {"nomer", "nomor"},    {"no", "no"},          {"telp", "telepon"},   {"tlp", "telepon"},
      {"tlpn", "telepon"},   {"telpon", "telepon"}, {"hape", "hp"},        {"handphone", "hp"},
      {"dl", "download"},    {"donlod", "download"}, {"donlot", "download"}, {"donload", "download"},
      {"downlod", "download"}, {"dwnld", "download"}, {"dwonload", "download"},
      {"serti", "sertifikat"}, {"sertif", "sertifikat"}, {"sertifkt", "sertifikat"},
      {"srtfkt", "sertifikat"}, {"sertipikat", "sertifikat"}, {"cert", "sertifikat"},
      {"certif", "sertifikat"}, {"vaksinasi", "vaksin"}, {"vaksinnya", "vaksin"},
      {"vax", "vaksin"},     {"vaccine", "vaksin"}, {"vaccination", "vaksin"},
      {"org", "orang"},      {"tlg", "tolong"},     {"mksh", "terima kasih"},
      {"makasih", "terima kasih"}, {"trims", "terima kasih"}, {"thx", "terima kasih"},
      {"tq", "terima kasih"}, {"pengen", "mau"},    {"pingin", "mau"},     {"ingin", "mau"},
      {"mo", "mau"},         {"pgn", "mau"},        {"want", "mau"},       {"oke", "ok"},
      {"okay", "ok"},        {"okey", "ok"},        {"okeh", "ok"},        {"sip", "ok"},
      {"siap", "ok"},        {"iya", "ya"},         {"iy", "ya"},          {"yoi", "ya"},
      {"yup", "ya"},         {"yap", "ya"},         {"yes", "ya"},         {"y", "ya"},
      {"bener", "benar"},    {"betul", "benar"},    {"pke", "pakai"},      {"pake", "pakai"},
      {"email", "email"},    {"imel", "email"},     {"surel", "email"},    {"gmail", "email"},
      {"ktp", "ktp"},        {"jk", "kelamin"},     {"cowok", "laki"},     {"cowo", "laki"},
      {"cewek", "perempuan"}, {"cewe", "perempuan"}, {"pria", "laki"},     {"wanita", "perempuan"},
      {"ptgs", "petugas"},   {"cs", "cs"},          {"rubah", "ubah"},     {"merubah", "ubah"},
      {"benerin", "perbaiki"}, {"betulin", "perbaiki"}, {"betulkan", "perbaiki"},
      {"batalin", "batal"},  {"gajadi", "tidak jadi"}, {"gjd", "tidak jadi"},
      {"tiketnya", "tiket"}, {"tix", "tiket"},      {"assalamualaikum", "salam"},
      {"assalamu", "salam"}, {"askum", "salam"},    {"ass", "salam"},      {"samlekom", "salam"},
      {"hallo", "halo"},     {"helo", "halo"},      {"hello", "halo"},     {"hi", "halo"},
      {"hai", "halo"},       {"hey", "halo"},       {"hei", "halo"},       {"pagi", "halo"},
      {"siang", "halo"},     {"sore", "halo"},      {"malam", "halo"},     {"permisi", "halo"},
      {"p", "halo"},         {"wa", "whatsapp"},    {"sms", "sms"},        {"otp", "kode"},
      {"code", "kode"},      {"eng", "english"},    {"indo", "indonesia"},
  };
  return t;
}

// Yes/no words; fillers that may accompany them ("iya kak benar") without changing them.
const std::unordered_set<std::string>& yes_words() {
  static const std::unordered_set<std::string> s{"ya", "ok", "benar", "boleh", "lanjut", "setuju",
                                                 "sure", "confirm", "correct", "right", "yess",
                                                 "siap", "oke", "gas", "yo"};
  return s;
}
const std::unordered_set<std::string>& no_words() {
  static const std::unordered_set<std::string> s{"tidak", "no", "nope", "jangan", "bukan", "salah",
                                                 "nah", "not", "wrong"};
  return s;
}
const std::unordered_set<std::string>& thanks_words() {
  static const std::unordered_set<std::string> s{"terima", "kasih", "thanks", "thank", "you",
                                                 "nuhun", "suwun", "matur", "hatur"};
  return s;
}
const std::unordered_set<std::string>& yes_no_fillers() {
  static const std::unordered_set<std::string> s{"terima", "kasih", "sudah", "thanks", "thank",
                                                 "you", "sudah", "udah", "please", "mau", "saya",
                                                 "sekali", "banget", "sangat", "itu", "ini", "kok"};
  return s;
}

struct Keyword {
  Intent intent;
  const char* phrase;  // one or more words
  double weight;
};

const std::vector<Keyword>& keyword_table() {
  using I = Intent;
  static const std::vector<Keyword> t{
      // certificate
      {I::certificate, "sertifikat", 1.0}, {I::certificate, "certificate", 1.0},
      {I::certificate, "sertifikasi", 0.8}, {I::certificate, "kartu vaksin", 0.9},
      {I::certificate, "bukti vaksin", 0.9}, {I::certificate, "pdf", 0.6},
      {I::certificate, "download", 0.6}, {I::certificate, "unduh", 0.6},
      {I::certificate, "cetak", 0.6}, {I::certificate, "print", 0.6},
      {I::certificate, "qr", 0.5}, {I::certificate, "barcode", 0.5},
      {I::certificate, "dokumen", 0.4}, {I::certificate, "kartu", 0.4},
      {I::certificate, "bukti", 0.5},
      // status
      {I::status, "status", 0.8}, {I::status, "riwayat", 1.0}, {I::status, "history", 1.0},
      {I::status, "dosis", 0.5}, {I::status, "dose", 0.5}, {I::status, "booster", 0.6},
      {I::status, "berapa kali", 0.6}, {I::status, "lengkap", 0.4}, {I::status, "vaksin", 0.3},
      {I::status, "jenis vaksin", 0.6}, {I::status, "tanggal vaksin", 0.8},
      {I::status, "data vaksin", 0.6}, {I::status, "cek vaksin", 0.6},
      {I::status, "sudah vaksin berapa", 0.6}, {I::status, "vaksin ke berapa", 0.8},
      {I::status, "record", 0.5}, {I::status, "tercatat", 0.5}, {I::status, "info vaksin", 0.6}, {I::status, "catatan", 0.5},
      // data change (field hints add to this, see score_intents)
      {I::data_change, "ganti", 0.6}, {I::data_change, "ubah", 0.6},
      {I::data_change, "change", 0.6}, {I::data_change, "edit", 0.6},
      {I::data_change, "update", 0.6}, {I::data_change, "perbaiki", 0.7},
      {I::data_change, "perbaikan", 0.7}, {I::data_change, "koreksi", 0.8},
      {I::data_change, "correction", 0.8}, {I::data_change, "salah", 0.7},
      {I::data_change, "keliru", 0.7}, {I::data_change, "typo", 0.7},
      {I::data_change, "wrong", 0.7}, {I::data_change, "beda", 0.5},
      {I::data_change, "tidak sesuai", 0.7}, {I::data_change, "tidak cocok", 0.6},
      {I::data_change, "data", 0.4}, {I::data_change, "data diri", 0.8},
      {I::data_change, "data pribadi", 0.8}, {I::data_change, "personal data", 0.8},
      {I::data_change, "dipakai", 0.4}, {I::data_change, "terpakai", 0.4},
      {I::data_change, "digunakan", 0.4}, {I::data_change, "terdaftar", 0.4}, {I::data_change, "ejaan", 0.5},
      {I::data_change, "kurang huruf", 0.7}, {I::data_change, "ketik", 0.3},
      // officer
      {I::officer, "petugas", 1.0}, {I::officer, "admin", 0.9}, {I::officer, "operator", 0.9},
      {I::officer, "cs", 0.9}, {I::officer, "customer service", 1.0}, {I::officer, "agent", 0.8},
      {I::officer, "agen", 0.8}, {I::officer, "officer", 1.0}, {I::officer, "manusia", 0.8},
      {I::officer, "human", 0.8}, {I::officer, "orang asli", 0.8}, {I::officer, "staf", 0.8},
      {I::officer, "staff", 0.8}, {I::officer, "ngomong", 0.5}, {I::officer, "bicara", 0.5},
      {I::officer, "hubungi", 0.5}, {I::officer, "hubungkan", 0.5}, {I::officer, "sambungkan", 0.5}, {I::officer, "ngobrol", 0.5}, {I::officer, "orang beneran", 0.8}, {I::officer, "kontak", 0.4}, {I::officer, "contact", 0.4},
      {I::officer, "talk", 0.5}, {I::officer, "speak", 0.5}, {I::officer, "komplain", 0.6},
      {I::officer, "keluhan", 0.6}, {I::officer, "lapor", 0.5}, {I::officer, "aduan", 0.6},
      {I::officer, "pengaduan", 0.6}, {I::officer, "call center", 0.8},
      {I::officer, "callcenter", 0.8}, {I::officer, "complaint", 0.6},
      // tickets
      {I::tickets, "tiket", 1.2}, {I::tickets, "ticket", 1.2}, {I::tickets, "laporan", 1.0},
      {I::tickets, "status laporan", 0.6}, {I::tickets, "status tiket", 0.6},
      {I::tickets, "tk", 0.8}, {I::tickets, "jawaban petugas", 1.0}, {I::tickets, "jawaban", 0.5},
      {I::tickets, "balasan", 0.5}, {I::tickets, "jawab", 0.5},
      // menu
      {I::menu, "menu", 1.2}, {I::menu, "kembali", 0.8}, {I::menu, "balik", 0.6},
      {I::menu, "utama", 0.4}, {I::menu, "home", 0.8}, {I::menu, "start", 0.8},
      {I::menu, "mulai", 0.7}, {I::menu, "awal", 0.4}, {I::menu, "back", 0.7},
      {I::menu, "pilihan", 0.6}, {I::menu, "opsi", 0.6}, {I::menu, "option", 0.6},
      {I::menu, "options", 0.6},
      // cancel
      {I::cancel, "batal", 1.2}, {I::cancel, "batalkan", 1.2}, {I::cancel, "cancel", 1.2}, {I::cancel, "tidak jadi", 1.2},
      {I::cancel, "stop", 0.8}, {I::cancel, "abort", 0.8},
      // help
      {I::help, "bantuan", 1.0}, {I::help, "help", 1.0}, {I::help, "bingung", 0.8},
      {I::help, "panduan", 0.8}, {I::help, "cara pakai", 0.8}, {I::help, "tidak mengerti", 0.8},
      {I::help, "tidak paham", 0.8}, {I::help, "info", 0.5}, {I::help, "informasi", 0.5},
      {I::help, "tolong", 0.5}, {I::help, "cara menggunakan", 0.8}, {I::help, "layanan", 0.3},
      // exit
      {I::exit, "keluar", 1.2}, {I::exit, "exit", 1.2}, {I::exit, "logout", 1.2},
      {I::exit, "log out", 1.2}, {I::exit, "selesai", 0.9}, {I::exit, "quit", 1.0},
      {I::exit, "bye", 0.9}, {I::exit, "dadah", 0.9}, {I::exit, "sampai jumpa", 0.9},
      {I::exit, "akhiri", 0.9}, {I::exit, "udahan", 0.9}, {I::exit, "end", 0.6},
      // "belum keluar" is "not issued yet", the opposite of leaving.
      {I::exit, "belum keluar", -1.2}, {I::exit, "tidak keluar", -1.2},
      {I::certificate, "belum keluar", 0.4}, {I::certificate, "tidak keluar", 0.4},
      // language
      {I::lang_en, "english", 1.5}, {I::lang_en, "inggris", 1.5}, {I::lang_en, "en", 0.8},
      {I::lang_id, "bahasa", 1.0}, {I::lang_id, "indonesia", 1.0},
      // greeting
      {I::greeting, "halo", 0.6}, {I::greeting, "salam", 0.6}, {I::greeting, "selamat", 0.6},
      {I::greeting, "good morning", 0.6},
      // resend
      {I::resend, "kirim ulang", 1.5}, {I::resend, "kirim lagi", 1.2}, {I::resend, "kirim kode", 1.2}, {I::resend, "resend", 1.5},
      {I::resend, "send again", 1.2}, {I::resend, "kode baru", 1.2}, {I::resend, "new kode", 1.2},
      {I::resend, "minta kode", 1.0}, {I::resend, "belum masuk", 0.8},
      {I::resend, "tidak masuk", 0.8}, {I::resend, "belum dapat", 0.7},
      {I::resend, "tidak dapat", 0.6}, {I::resend, "belum terima", 0.7}, {I::resend, "tidak menerima", 0.8}, {I::resend, "belum menerima", 0.8}, {I::resend, "kode tidak ada", 0.8}, {I::resend, "tidak ada kode", 0.8}, {I::resend, "ulang", 0.6},
      {I::resend, "sms", 0.4}, {I::resend, "kode", 0.3},
      // switch person
      {I::switch_person, "ganti orang", 1.5}, {I::switch_person, "orang lain", 0.5},
      {I::switch_person, "pilih orang", 1.2}, {I::switch_person, "ganti anggota", 1.2},
      {I::switch_person, "anggota keluarga", 0.9}, {I::switch_person, "keluarga", 0.5},
      {I::switch_person, "switch person", 1.5}, {I::switch_person, "other person", 1.0},
      {I::switch_person, "another person", 1.0}, {I::switch_person, "ganti akun", 1.0},
      {I::switch_person, "ganti profil", 1.0}, {I::switch_person, "anak", 0.5},
      {I::switch_person, "istri", 0.5}, {I::switch_person, "suami", 0.5},
      {I::switch_person, "ayah", 0.5}, {I::switch_person, "ibu", 0.5},
      {I::switch_person, "orang tua", 0.5}, {I::switch_person, "urus", 0.4},
  };
  return t;
}

struct FieldKeyword {
  const char* field;
  const char* phrase;
  double weight;
};

const std::vector<FieldKeyword>& field_table() {
  static const std::vector<FieldKeyword> t{
      {"name", "nama", 1.0}, {"name", "name", 1.0}, {"name", "nama lengkap", 0.5},
      {"name", "ejaan", 0.6},
      {"birth_date", "tanggal lahir", 1.2}, {"birth_date", "lahir", 1.0},
      {"birth_date", "ttl", 1.0}, {"birth_date", "birth", 1.0}, {"birth_date", "birthday", 1.0},
      {"birth_date", "dob", 1.0}, {"birth_date", "date of birth", 1.0},
      {"birth_date", "tahun lahir", 0.5}, {"birth_date", "ulang tahun", 1.0},
      {"sex", "jenis kelamin", 1.2}, {"sex", "kelamin", 1.0}, {"sex", "gender", 1.0},
      {"sex", "sex", 1.0}, {"sex", "laki", 1.0}, {"sex", "perempuan", 1.0},
      {"sex", "male", 1.0}, {"sex", "female", 1.0},
      {"phone", "hp", 1.0}, {"phone", "nomor hp", 0.5}, {"phone", "telepon", 1.0},
      {"phone", "ponsel", 1.0}, {"phone", "whatsapp", 0.8}, {"phone", "phone", 1.0},
      {"phone", "nomor", 0.3}, {"phone", "mobile", 0.8},
      {"email", "email", 1.2}, {"email", "e mail", 1.2}, {"email", "mail", 0.8},
      {"nik", "nik", 1.2}, {"nik", "ktp", 0.9}, {"nik", "nomor ktp", 0.5}, {"nik", "nomor induk", 1.2},
      {"nik", "kependudukan", 1.0}, {"nik", "national id", 1.2},
  };
  return t;
}

// Common words that must never be "corrected" into a keyword ("kata" is not "data").
const std::unordered_set<std::string>& stopwords() {
  static const std::unordered_set<std::string> s{
      "saya", "kata", "pada", "mama", "papa", "ada", "apa", "mana", "lagi", "tapi", "belum",
      "sudah", "tidak", "masih", "kasih", "terima", "karena", "kenapa", "gimana", "kapan",
      "siapa", "anak", "bapak", "kalau", "kalo", "harus", "bagus", "baru", "lama", "lain",
      "nama", "data", "dosa", "jadi", "bisa", "buka", "baca", "kode", "mode", "kado", "kita",
      "kami", "mereka", "orang", "hari", "bulan", "tahun", "waktu", "jam", "mohon", "sini",
      "situ", "sana", "cuma", "hanya", "semua", "setiap", "tiap", "dapat", "dapet", "masuk",
      "keluarga", "keluar", "benar", "dipakai", "pakai", "sama", "muncul", "hilang", "lupa",
      "tahu", "tau", "udah", "cara", "caranya", "where", "when", "have", "does", "this", "that",
      "there", "their", "then", "than", "your", "with", "from", "into", "done", "make"};
  return s;
}

// ---- normalisation ------------------------------------------------------------------

// Collapses letter runs ("sertifikaaat" → "sertifikat", "maaf" → "maf"); digits untouched.
std::string collapse(const std::string& w) {
  std::string out;
  out.reserve(w.size());
  for (char c : w) {
    if (!out.empty() && c == out.back() && std::isalpha(static_cast<unsigned char>(c))) continue;
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(collapse(cur));
    cur.clear();
  };
  std::size_t n = std::min(text.size(), intent_limits::kMaxInputBytes);
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool alpha = std::isalpha(c) && c < 0x80, digit = std::isdigit(c) && c < 0x80;
    if (!alpha && !digit) {  // punctuation, spaces, emoji and other UTF-8 bytes
      flush();
      continue;
    }
    // "dosis2" → "dosis 2": a letter/digit boundary separates words.
    if (!cur.empty() && (std::isdigit(static_cast<unsigned char>(cur.back())) != 0) != digit) flush();
    cur.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return words;
}

const std::unordered_map<std::string, std::vector<std::string>>& abbreviations() {
  static const auto m = [] {
    std::unordered_map<std::string, std::vector<std::string>> out;
    for (auto& [k, v] : abbreviation_table()) out[collapse(k)] = split_words(v);
    return out;
  }();
  return m;
}

const std::unordered_set<std::string>& nomor_followers() {
  static const std::unordered_set<std::string> s{"hp", "hape", "telp", "tlp", "telepon", "wa",
                                                 "ktp", "nik", "tiket", "handphone", "whatsapp"};
  return s;
}

std::vector<std::string> expand(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  const auto& ab = abbreviations();
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    // "no hp" is "nomor hp", a bare "no" stays the English no.
    if (w == "no" && i + 1 < words.size() && nomor_followers().count(words[i + 1])) {
      out.push_back("nomor");
      continue;
    }
    auto it = ab.find(w);
    if (it != ab.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    } else {
      out.push_back(w);
    }
  }
  return out;
}

// Particles only: used by match_intent (the content words stay for phrases like "tidak jadi").
const std::unordered_set<std::string>& particles() {
  static const std::unordered_set<std::string> s{"dong", "deh", "sih", "nih", "kok", "lho",
                                                 "loh", "lah", "kah", "toh", "kak", "kakak",
                                                 "min", "gan", "sis", "bro", "mas", "mbak",
                                                 "mba", "pak", "bu", "bang", "please", "pls",
                                                 "plis", "mohon", "nya"};
  return s;
}

// ---- token matching -----------------------------------------------------------------

struct Vocabulary {
  std::unordered_set<std::string> words;  // every keyword word, abbreviation output, stopword
};

const std::vector<std::vector<std::string>>& keyword_words() {
  static const auto v = [] {
    std::vector<std::vector<std::string>> out;
    for (auto& k : keyword_table()) out.push_back(split_words(k.phrase));
    return out;
  }();
  return v;
}
const std::vector<std::vector<std::string>>& field_words() {
  static const auto v = [] {
    std::vector<std::vector<std::string>> out;
    for (auto& k : field_table()) out.push_back(split_words(k.phrase));
    return out;
  }();
  return v;
}

const Vocabulary& vocabulary() {
  static const Vocabulary v = [] {
    Vocabulary out;
    for (auto& p : keyword_words()) out.words.insert(p.begin(), p.end());
    for (auto& p : field_words()) out.words.insert(p.begin(), p.end());
    for (auto& [k, words] : abbreviations()) out.words.insert(words.begin(), words.end());
    for (auto& w : stopwords()) out.words.insert(collapse(w));
    for (auto& w : yes_words()) out.words.insert(collapse(w));
    for (auto& w : no_words()) out.words.insert(collapse(w));
    return out;
  }();
  return v;
}

bool ends_with(const std::string& s, const char* suffix) {
  std::string_view x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}
bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// Forms of a word with common Indonesian affixes removed ("sertifikatnya", "didownload",
// "mengganti", "batalkan"). Only forms of >= 3 letters.
std::vector<std::string> affix_forms(const std::string& w) {
  std::vector<std::string> forms;
  static const char* suffixes[] = {"nya", "kan", "ku", "mu", "in", "lah"};
  static const char* prefixes[] = {"meng", "mem", "men", "di", "ke", "ter", "ber", "nge", "me"};
  std::vector<std::string> stems{w};
  for (const char* s : suffixes)
    if (ends_with(w, s) && w.size() >= std::string_view(s).size() + 3)
      stems.push_back(w.substr(0, w.size() - std::string_view(s).size()));
  for (const auto& stem : stems) {
    if (stem != w) forms.push_back(stem);
    for (const char* p : prefixes)
      if (starts_with(stem, p) && stem.size() >= std::string_view(p).size() + 3)
        forms.push_back(stem.substr(std::string_view(p).size()));
  }
  // "mengganti" → "ganti": meng- drops a leading consonant that the stem keeps.
  if (starts_with(w, "meng") && w.size() > 6) forms.push_back("g" + w.substr(4));
  return forms;
}

std::size_t fuzzy_budget(std::size_t a, std::size_t b) {
  std::size_t m = std::min(a, b);
  if (m >= 8) return 2;
  if (m >= 4) return 1;
  return 0;
}

bool word_matches(const std::string& token, const std::string& kw) {
  if (token == kw) return true;
  const bool known = vocabulary().words.count(token) > 0;
  if (!known) {
    std::size_t budget = fuzzy_budget(token.size(), kw.size());
    if (budget && edit_distance(token, kw) <= budget) return true;
  }
  for (const auto& f : affix_forms(token)) {
    if (f == kw) return true;
    if (!known && f.size() >= 6 && edit_distance(f, kw) <= fuzzy_budget(f.size(), kw.size()) &&
        fuzzy_budget(f.size(), kw.size()) > 0)
      return true;
  }
  return false;
}

bool phrase_occurs(const std::vector<std::string>& tokens, const std::vector<std::string>& phrase) {
  if (phrase.empty() || phrase.size() > tokens.size()) return false;
  for (std::size_t i = 0; i + phrase.size() <= tokens.size(); ++i) {
    bool all = true;
    for (std::size_t j = 0; j < phrase.size() && all; ++j) all = word_matches(tokens[i + j], phrase[j]);
    if (all) return true;
  }
  return false;
}

bool all_in(const std::vector<std::string>& tokens, const std::unordered_set<std::string>& words) {
  if (tokens.empty()) return false;
  bool any = false;
  for (const auto& t : tokens) {
    if (words.count(t)) {
      any = true;
      continue;
    }
    if (!yes_no_fillers().count(t) && !particles().count(t)) return false;
  }
  return any;
}

struct FieldScore {
  std::string field;
  double score = 0;
};

FieldScore best_field(const std::vector<std::string>& tokens) {
  std::map<std::string, double> sums;
  const auto& words = field_words();
  for (std::size_t i = 0; i < words.size(); ++i)
    if (phrase_occurs(tokens, words[i])) sums[field_table()[i].field] += field_table()[i].weight;
  FieldScore best;
  for (auto& [f, s] : sums)
    if (s > best.score) best = {f, s};
  return best;
}

constexpr double kFieldHintMin = 0.5;       // a field counts as named from this score
constexpr double kFieldHintBonus = 0.5;     // named field → data change more likely
constexpr double kWeakFieldBonus = 0.3;     // only a weak field word ("nomor")
constexpr double kFieldAndVerbBonus = 0.3;  // "nama ... salah": field and verb together

bool is_generic(Intent i) { return i == Intent::greeting || i == Intent::help; }

}  // namespace

const char* intent_name(Intent i) {
  switch (i) {
    case Intent::unknown: return "unknown";
    case Intent::ambiguous: return "ambiguous";
    case Intent::certificate: return "certificate";
    case Intent::status: return "status";
    case Intent::data_change: return "data_change";
    case Intent::officer: return "officer";
    case Intent::tickets: return "tickets";
    case Intent::menu: return "menu";
    case Intent::cancel: return "cancel";
    case Intent::help: return "help";
    case Intent::exit: return "exit";
    case Intent::lang_en: return "lang_en";
    case Intent::lang_id: return "lang_id";
    case Intent::greeting: return "greeting";
    case Intent::yes: return "yes";
    case Intent::no: return "no";
    case Intent::resend: return "resend";
    case Intent::switch_person: return "switch_person";
    case Intent::thanks: return "thanks";
  }
  return "unknown";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);  // transposition
    }
  }
  return d[n][m];
}

std::vector<std::string> normalize_tokens(std::string_view text) {
  std::vector<std::string> out;
  for (auto& w : expand(split_words(text)))
    if (!particles().count(w)) out.push_back(w);
  return out;
}

std::string normalize_text(std::string_view text) {
  std::string out;
  for (auto& t : normalize_tokens(text)) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

std::string match_field(std::string_view text) {
  FieldScore f = best_field(normalize_tokens(text));
  return f.score >= kFieldHintMin ? f.field : std::string();
}

namespace {
IntentMatch match_intent_uncached(std::string_view text);

// Citizens type the same short words again and again ("menu", "1", "ya"): a small
// per-thread cache of recent answers keeps the fuzzy matcher off the hot path.
constexpr std::size_t kIntentCacheEntries = 4096;
constexpr std::size_t kIntentCacheMaxText = 64;
}  // namespace

IntentMatch match_intent(std::string_view text) {
  if (text.size() > kIntentCacheMaxText) return match_intent_uncached(text);
  thread_local std::unordered_map<std::string, IntentMatch> cache;
  std::string key(text);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  IntentMatch m = match_intent_uncached(text);
  if (cache.size() >= kIntentCacheEntries) cache.clear();
  cache.emplace(std::move(key), m);
  return m;
}

namespace {
IntentMatch match_intent_uncached(std::string_view text) {
  IntentMatch result;
  const std::vector<std::string> tokens = normalize_tokens(text);
  if (tokens.empty()) return result;

  FieldScore field = best_field(tokens);
  if (field.score >= kFieldHintMin) result.field_hint = field.field;

  if (all_in(tokens, yes_words())) {
    result.intent = result.best = Intent::yes;
    result.score = 1;
    return result;
  }
  if (all_in(tokens, no_words())) {
    result.intent = result.best = Intent::no;
    result.score = 1;
    return result;
  }
  if (all_in(tokens, thanks_words())) {
    result.intent = result.best = Intent::thanks;
    result.score = 1;
    return result;
  }

  std::map<Intent, double> scores;
  const auto& words = keyword_words();
  for (std::size_t i = 0; i < words.size(); ++i)
    if (phrase_occurs(tokens, words[i])) scores[keyword_table()[i].intent] += keyword_table()[i].weight;

  if (field.score > 0) {
    double& dc = scores[Intent::data_change];
    const bool has_verb = dc > 0;
    dc += field.score >= kFieldHintMin ? kFieldHintBonus : kWeakFieldBonus;
    if (has_verb && field.score >= kFieldHintMin) dc += kFieldAndVerbBonus;
  }

  // Greeting and help yield to any concrete request in the same message.
  bool concrete = false;
  for (auto& [i, s] : scores)
    if (!is_generic(i) && s >= intent_limits::kMinScore) concrete = true;

  Intent best = Intent::unknown, second = Intent::unknown;
  double best_s = 0, second_s = 0;
  for (auto& [i, s] : scores) {
    if (concrete && is_generic(i)) continue;
    if (s > best_s) {
      second = best, second_s = best_s;
      best = i, best_s = s;
    } else if (s > second_s) {
      second = i, second_s = s;
    }
  }
  result.score = best_s;
  result.best = best;
  result.runner_up = second;
  if (best_s < intent_limits::kMinScore) return result;
  if (best_s - second_s < intent_limits::kMargin) {
    result.intent = Intent::ambiguous;
    return result;
  }
  result.intent = best;
  return result;
}
}  // namespace

}  // namespace aduan
