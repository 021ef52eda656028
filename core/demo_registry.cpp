#include "core/demo_registry.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/civil_date.hpp"
#include "core/demo_registry_data.hpp"
#include "core/phone.hpp"

namespace aduan {
namespace {

using namespace aduan::demo;

constexpr int kFirstGeneratedSerial = 10;  // persona NIKs use serials 0001–0009
constexpr int kLastSerial = 9999;
constexpr int kMaxDoses = 4;
constexpr int kOldestBirthYear = 1945;
constexpr int kBirthYearSpread = 35;  // birth year = oldest + two draws of 0..spread (peak ~1980)
constexpr int kYoungestBirthYear = 2015;  // children 6+ were vaccinated from December 2021
constexpr int kFamilyHeadLatestYear = 1990;
constexpr int kEmailMinAgeYear = 2005;
constexpr int kBoosterMinGapDays = 180;
constexpr int kCertificateMissingPerMille = 30;

// Programme dates that shape plausible histories.
constexpr CivilDate kHealthWorkersStart{2021, 1, 13};
constexpr CivilDate kElderlyStart{2021, 2, 8};
constexpr CivilDate kAdultsStart{2021, 3, 1};
constexpr CivilDate kTeensStart{2021, 7, 1};
constexpr CivilDate kChildrenStart{2021, 12, 14};
constexpr CivilDate kFirstBoosterStart{2022, 1, 12};
constexpr CivilDate kSecondBoosterStart{2023, 1, 24};
constexpr CivilDate kProgrammeEnd{2023, 12, 31};

// --- PRNG: splitmix64 seeds xoshiro256**; both fully specified, so output is identical on every
// platform and standard library (std::uniform_*_distribution is not).

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : s_) s = splitmix64(seed);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) by a 128-bit multiply; the bias (< n / 2^64) is irrelevant here.
  std::uint32_t below(std::uint64_t n) {
    return static_cast<std::uint32_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  bool percent(int p) { return below(100) < static_cast<std::uint32_t>(p); }
  const char* pick(const Pool& p) { return p.items[below(p.size)]; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// --- output: one fixed buffer, flushed to the stream in large writes. Appends are inline
// copies; callers reserve room for a whole family first, so no per-append bounds checks.

class Sink {
 public:
  static constexpr std::size_t kFlushBytes = 1 << 20;
  static constexpr std::size_t kFamilyRoom = 64 * 1024;  // far above 4 lines of ≤ 4 doses

  explicit Sink(std::ostream& os) : os_(os), buf_(kFlushBytes + kFamilyRoom), p_(buf_.data()) {}
  ~Sink() { flush(); }
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  // Called before each record or family: writes out the buffer once it is nearly full.
  void make_room() {
    if (static_cast<std::size_t>(p_ - buf_.data()) >= kFlushBytes) flush();
  }
  void flush() {
    os_.write(buf_.data(), static_cast<std::streamsize>(p_ - buf_.data()));
    p_ = buf_.data();
  }
  template <std::size_t N>
  void lit(const char (&s)[N]) {
    std::memcpy(p_, s, N - 1);
    p_ += N - 1;
  }
  void str(const char* s) { raw(s, std::strlen(s)); }
  void raw(const char* s, std::size_t n) {
    std::memcpy(p_, s, n);
    p_ += n;
  }
  void push_back(char c) { *p_++ = c; }

 private:
  std::ostream& os_;
  std::vector<char> buf_;
  char* p_;
};


// Zero-padded decimal, two digits per step from a table: dates and NIKs are mostly digits.
void put_digits(Sink& out, unsigned v, int width) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char buf[12];
  int i = width;
  while (i >= 2) {
    const char* pair = kPairs + 2 * (v % 100);
    buf[--i] = pair[1];
    buf[--i] = pair[0];
    v /= 100;
  }
  if (i == 1) buf[0] = static_cast<char>('0' + v % 10);
  out.raw(buf, static_cast<std::size_t>(width));
}

void put_int(Sink& out, int v) {
  char buf[12];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n > 0) out.push_back(buf[--n]);
}

void put_escaped(Sink& out, const char* s) {
  for (; *s; ++s) {
    unsigned char c = static_cast<unsigned char>(*s);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(*s);
    } else if (c < 0x20) {
      out.lit("\\u00");
      out.push_back("0123456789abcdef"[c >> 4]);
      out.push_back("0123456789abcdef"[c & 15]);
    } else {
      out.push_back(*s);
    }
  }
}

void put_date(Sink& out, const CivilDate& d) {
  put_digits(out, d.year, 4);
  out.push_back('-');
  put_digits(out, d.month, 2);
  out.push_back('-');
  put_digits(out, d.day, 2);
}

void put_nik(Sink& out, int province, int regency, int district, const CivilDate& birth, char sex,
             int serial) {
  put_digits(out, province, 2);
  put_digits(out, regency, 2);
  put_digits(out, district, 2);
  put_digits(out, birth.day + (sex == 'F' ? 40 : 0), 2);
  put_digits(out, birth.month, 2);
  put_digits(out, birth.year % 100, 2);
  put_digits(out, serial, 4);
}

// --- personas ---------------------------------------------------------------------------

struct PersonaDose {
  int dose;
  const char* vaccine;
  const char* date;
  const char* facility;
  const char* batch;
  bool certificate;
};

struct PersonaRecord {
  const char* key;
  const char* role;
  const char* nik;
  const char* name;
  const char* birth_date;
  char sex;
  const char* phone_local;
  const char* email;  // nullptr: none
  std::array<PersonaDose, kMaxDoses> doses;
  int dose_count;
  const char* try_this;
};

// Fixed for every seed and documented in docs/personas.md; NIK serials 0001–0009 and the 0811
// phone prefix are never produced by the generator, so these stay unique.
const PersonaRecord kPersonaRecords[] = {
    {"complete", "complete citizen: three doses, every certificate issued", "3174055708900002",
     "Siti Rahayu", "1990-08-17", 'F', "0811-1000-0001", "siti.rahayu@example.com",
     {{{1, "Sinovac", "2021-07-02", "Puskesmas Tebet", "SN2107A", true},
       {2, "Sinovac", "2021-07-30", "Puskesmas Tebet", "SN2107C", true},
       {3, "Pfizer", "2022-02-15", "RSUD Pasar Minggu", "PF2202B", true}}},
     3, "ask for the certificate of dose 3, or for the vaccination status"},
    {"family_father", "family of three on one phone: father", "3374101204780003", "Agus Setiawan",
     "1978-04-12", 'M', "+62 811-1000-0002", nullptr,
     {{{1, "AstraZeneca", "2021-05-20", "Puskesmas Banyumanik", "AZ2105B", true},
       {2, "AstraZeneca", "2021-08-12", "Puskesmas Banyumanik", "AZ2108A", true},
       {3, "Moderna", "2022-03-09", "RSUD Kota Semarang", "MD2203D", true}}},
     3, "after the OTP the bot asks which of the three people you mean"},
    {"family_mother", "family of three on one phone: mother", "3374106509810001", "Dewi Lestari",
     "1981-09-25", 'F', "+62 811 1000 0002", "dewi.lestari81@example.net",
     {{{1, "Sinovac", "2021-06-14", "Puskesmas Banyumanik", "SN2106E", true},
       {2, "Sinovac", "2021-07-12", "Puskesmas Banyumanik", "SN2107F", true}}},
     2, "choose her in the family list; two doses, no booster"},
    {"family_child", "family of three on one phone: son (13 in 2021)", "3374103001080002", "Rizky Pratama",
     "2008-01-30", 'M', "081110000002", nullptr,
     {{{1, "Pfizer", "2021-08-16", "SMP Negeri 21 Semarang (Puskesmas Banyumanik)", "PF2108A", true},
       {2, "Pfizer", "2021-09-13", "SMP Negeri 21 Semarang (Puskesmas Banyumanik)", "PF2109B", true}}},
     2, "choose him in the family list; a teenager's primary series"},
    {"no_certificate", "dose 3 recorded but its certificate was never issued (certificate: false)", "5171020306850004",
     "I Made Wirawan", "1985-06-03", 'M', "6281110000003", nullptr,
     {{{1, "Sinovac", "2021-06-10", "Puskesmas Denpasar Selatan I", "SN2106B", true},
       {2, "Sinovac", "2021-07-08", "Puskesmas Denpasar Selatan I", "SN2107D", true},
       {3, "AstraZeneca", "2022-03-21", "RSUD Wangaya", "AZ2203C", false}}},
     3, "ask for the certificate of dose 3: no certificate exists, so a certificate_missing ticket opens"},
    {"name_typo", "name misspelt in the registry: Budi Santoso registered as Budi Santsoo",
     "3578080511720006", "Budi Santsoo", "1972-11-05", 'M', "811 1000 0004", "budi.santoso72@example.org",
     {{{1, "Sinovac", "2021-04-06", "Puskesmas Mulyorejo", "SN2104A", true},
       {2, "Sinovac", "2021-05-04", "Puskesmas Mulyorejo", "SN2105C", true},
       {3, "Pfizer", "2022-02-01", "RSUD dr. M. Soewandhie", "PF2202A", true}}},
     3, "change the name to \"Budi Santoso\": applied at once and the certificates are re-issued"},
    {"conflict_requester", "NIK conflict, the citizen: her record holds a mistyped NIK",
     "3273104503950002", "Rina Marlina", "1995-03-05", 'F', "+62 0811 1000 0005", nullptr,
     {{{1, "Sinovac", "2021-07-19", "Puskesmas Sukajadi", "SN2107B", true},
       {2, "Sinovac", "2021-08-16", "Puskesmas Sukajadi", "SN2108A", true}}},
     2, "change the NIK to her real one, 3273014503950002: it is held by conflict_holder, so a "
        "nik_conflict ticket opens"},
    {"conflict_holder", "NIK conflict, the other record: holds Rina Marlina's real NIK",
     "3273014503950002", "Yuliana Putri", "1995-03-05", 'F', "0811.1000.0006", nullptr,
     {{{1, "Pfizer", "2021-09-06", "RS Bhayangkara Sartika Asih", "PF2109D", true},
       {2, "Pfizer", "2021-09-27", "RS Bhayangkara Sartika Asih", "PF2109F", true}}},
     2, "an officer resolving the conflict sees this record beside Rina Marlina's"},
    {"nik_mismatch", "NIK encodes 25 Nov 1988, registry says 23 Nov 1988 (flagged, not rejected)",
     "7371052511880007", "Andi Muhammad Ilham", "1988-11-23", 'M', "0811-1000-0007", nullptr,
     {{{1, "Sinovac", "2021-06-28", "Puskesmas Tamalanrea", "SN2106D", true},
       {2, "Sinovac", "2021-07-26", "Puskesmas Tamalanrea", "SN2107E", true},
       {3, "Moderna", "2022-04-11", "RSUD Daya", "MD2204A", true}}},
     3, "the admin view shows the nik_birthdate_mismatch flag; correct the birth date to 1988-11-25"},
};

void put_persona(Sink& out, const PersonaRecord& p) {
  out.lit("{\"nik\":\"");
  put_escaped(out, p.nik);
  out.lit("\",\"name\":\"");
  put_escaped(out, p.name);
  out.lit("\",\"birth_date\":\"");
  put_escaped(out, p.birth_date);
  out.lit("\",\"sex\":\"");
  out.push_back(p.sex);
  out.lit("\",\"phone\":\"");
  put_escaped(out, p.phone_local);
  out.push_back('"');
  if (p.email) {
    out.lit(",\"email\":\"");
    put_escaped(out, p.email);
    out.push_back('"');
  }
  out.lit(",\"vaccinations\":[");
  for (int i = 0; i < p.dose_count; ++i) {
    const PersonaDose& d = p.doses[static_cast<std::size_t>(i)];
    if (i > 0) out.push_back(',');
    out.lit("{\"dose\":");
    put_int(out, d.dose);
    out.lit(",\"vaccine\":\"");
    put_escaped(out, d.vaccine);
    out.lit("\",\"date\":\"");
    put_escaped(out, d.date);
    out.lit("\",\"facility\":\"");
    put_escaped(out, d.facility);
    out.lit("\",\"batch\":\"");
    put_escaped(out, d.batch);
    out.str(d.certificate ? "\",\"certificate\":true}" : "\",\"certificate\":false}");
  }
  out.lit("]}\n");
}

// --- generated citizens -------------------------------------------------------------------

struct Slot {
  const Regency* regency;
  int district;
};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {
    std::size_t n = 0;
    const Regency* table = regency_table(&n);
    for (std::size_t i = 0; i < n; ++i) {
      for (int d = 1; d <= table[i].districts; ++d) slots_.push_back(Slot{&table[i], d});
    }
    next_serial_.assign(slots_.size(), kFirstGeneratedSerial);
    vaccines_ = vaccine_table(&vaccine_count_);
  }

  static std::size_t capacity() {
    std::size_t n = 0, total = 0;
    const Regency* table = regency_table(&n);
    for (std::size_t i = 0; i < n; ++i) total += static_cast<std::size_t>(table[i].districts);
    return total * static_cast<std::size_t>(kLastSerial - kFirstGeneratedSerial + 1);
  }

  // Appends one family (1–4 lines, at most `room`); returns the number of lines written.
  std::size_t family(Sink& out, std::size_t room);

 private:
  struct Member {
    char sex;
    CivilDate birth;
  };

  const StyleWeight& pick_style(int province);
  std::size_t take_slot(std::size_t preferred);
  void put_name(Sink& out, const NameStyle& style, char sex, const char* family_last,
                const char** given, const char** last);
  void put_phone(Sink& out, const char* nsn, std::size_t len);
  void put_email(Sink& out, const char* given, const char* last);
  CivilDate random_birth(int year);
  void put_doses(Sink& out, const Member& m, const Regency& reg);
  const Vaccine& pick_vaccine(int Vaccine::*weight);
  void put_facility(Sink& out, const Regency& reg, const char* home_puskesmas);

  Rng rng_;
  std::vector<Slot> slots_;
  std::vector<std::uint16_t> next_serial_;
  const Vaccine* vaccines_ = nullptr;
  std::size_t vaccine_count_ = 0;
};

const StyleWeight& Generator::pick_style(int province) {
  static const StyleWeight kFallback{kUrban, 1};
  const ProvinceMix* mix = province_mix(province);
  if (!mix) return kFallback;
  int total = 0;
  for (const auto& s : mix->styles) total += s.weight;
  int r = static_cast<int>(rng_.below(static_cast<std::uint64_t>(total)));
  for (const auto& s : mix->styles) {
    if (r < s.weight) return s;
    r -= s.weight;
  }
  return mix->styles[0];
}

// The slot (regency × district) keeps its own serial counter; a full slot passes to the next one.
std::size_t Generator::take_slot(std::size_t preferred) {
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    std::size_t s = (preferred + k) % slots_.size();
    if (next_serial_[s] <= kLastSerial) return s;
  }
  return slots_.size();  // unreachable while count ≤ capacity()
}

// Pool strings are constant data without quotes or control characters (a test parses every
// generated line), so they are copied without escaping.
void Generator::put_name(Sink& out, const NameStyle& style, char sex, const char* family_last,
                         const char** given, const char** last) {
  bool male = sex == 'M';
  const char* prefix = male ? style.male_prefix : style.female_prefix;
  if (prefix && rng_.percent(style.prefix_percent)) {
    out.str(prefix);
    out.push_back(' ');
  }
  const Pool& given_pool = male ? style.male_given : style.female_given;
  *given = rng_.pick(given_pool);
  out.str(*given);
  if (style.middle_percent > 0 && rng_.percent(style.middle_percent)) {
    const char* middle = rng_.pick(given_pool);
    if (middle != *given) {
      out.push_back(' ');
      out.str(middle);
    }
  }
  *last = nullptr;
  if (style.family_name) {
    *last = family_last;
  } else if (!rng_.percent(style.no_last_percent)) {
    *last = rng_.pick(male ? style.male_last : style.female_last);
  }
  if (*last) {
    out.push_back(' ');
    out.str(*last);
  }
}

// One number, written in one of the local forms people actually type.
void Generator::put_phone(Sink& out, const char* nsn, std::size_t len) {
  static constexpr struct {
    const char* lead;
    char sep;
    int weight;
  } kForms[] = {{"0", '-', 25}, {"0", 0, 20}, {"+62 ", '-', 12}, {"62", 0, 15}, {"0", ' ', 10},
                {"+62", 0, 8},  {"", '-', 4}, {"+62 0", ' ', 3},  {"0", '.', 3}};
  int r = static_cast<int>(rng_.below(100));
  std::size_t f = 0;
  while (f + 1 < sizeof(kForms) / sizeof(kForms[0]) && r >= kForms[f].weight) r -= kForms[f++].weight;
  out.str(kForms[f].lead);
  for (std::size_t i = 0; i < len; ++i) {
    if (kForms[f].sep && (i == 3 || i == 7)) out.push_back(kForms[f].sep);
    out.push_back(nsn[i]);
  }
}

void Generator::put_email(Sink& out, const char* given, const char* last) {
  auto put_lower_letters = [&out](const char* s) {
    for (; *s; ++s) {
      char c = *s;
      if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
      else if (c >= 'a' && c <= 'z') out.push_back(c);
    }
  };
  put_lower_letters(given);
  if (last) {
    out.push_back('.');
    put_lower_letters(last);
  }
  put_digits(out, rng_.below(100), 2);
  out.push_back('@');
  out.str(rng_.pick(kEmailDomains));
}

CivilDate Generator::random_birth(int year) {
  int month = 1 + static_cast<int>(rng_.below(12));
  int day = 1 + static_cast<int>(rng_.below(static_cast<std::uint64_t>(days_in_month(year, month))));
  return CivilDate{year, month, day};
}

const Vaccine& Generator::pick_vaccine(int Vaccine::*weight) {
  int total = 0;
  for (std::size_t i = 0; i < vaccine_count_; ++i) total += vaccines_[i].*weight;
  int r = static_cast<int>(rng_.below(static_cast<std::uint64_t>(total)));
  for (std::size_t i = 0; i < vaccine_count_; ++i) {
    if (r < vaccines_[i].*weight) return vaccines_[i];
    r -= vaccines_[i].*weight;
  }
  return vaccines_[0];
}

// Most doses are given at the citizen's own puskesmas; the rest at hospitals, clinics and the
// police/army vaccination drives of 2021.
void Generator::put_facility(Sink& out, const Regency& reg, const char* home_puskesmas) {
  // Cities (codes ≥ 71) outside Jakarta are "Kota …" in facility names.
  auto put_place = [&] {
    if (reg.code >= 71 && reg.province != 31) out.lit("Kota ");
    out.str(reg.name);
  };
  std::uint32_t r = rng_.below(100);
  if (r < 60) {
    out.lit("Puskesmas ");
    out.str(home_puskesmas);
  } else if (r < 75) {
    out.lit("RSUD ");
    put_place();
  } else if (r < 87) {
    out.lit("Klinik ");
    out.str(rng_.pick(kClinicNames));
  } else if (r < 95) {
    out.lit("RS Bhayangkara ");
    put_place();
  } else {
    out.lit("Gerai Vaksinasi Kodim ");
    put_place();
  }
}

void Generator::put_doses(Sink& out, const Member& m, const Regency& reg) {
  // 0–4 doses: 7% none, 8% one, 35% two, 38% three, 12% four; minors had fewer boosters.
  std::uint32_t r = rng_.below(100);
  int doses = r < 7 ? 0 : r < 15 ? 1 : r < 50 ? 2 : r < 88 ? 3 : 4;
  CivilDate start = kAdultsStart;
  bool child = false;
  if (m.birth.year >= 2010) {
    start = kChildrenStart;
    child = true;
    doses = std::min(doses, 2);
  } else if (m.birth.year >= 2004) {
    start = kTeensStart;
    doses = std::min(doses, 3);
  } else if (m.birth.year <= 1961) {
    start = kElderlyStart;
  } else if (rng_.percent(3)) {
    start = kHealthWorkersStart;  // health workers went first
  }
  std::int64_t end = days_from_civil(kProgrammeEnd);
  std::int64_t day = days_from_civil(start) + rng_.below(240);
  const Vaccine* primary = &pick_vaccine(child ? &Vaccine::child_weight : &Vaccine::primary_weight);
  const char* home_puskesmas = rng_.pick(kPuskesmasNames);
  out.lit(",\"vaccinations\":[");
  for (int n = 1; n <= doses; ++n) {
    const Vaccine* v = primary;
    if (n == 2 && primary->second_dose_gap_days > 0) {
      day += primary->second_dose_gap_days + rng_.below(15);
    } else if (n >= 2) {
      // Boosters: a single-dose primary (Janssen) makes dose 2 the first booster.
      bool second_booster = n - (primary->second_dose_gap_days > 0 ? 2 : 1) >= 2;
      std::int64_t earliest = days_from_civil(second_booster ? kSecondBoosterStart : kFirstBoosterStart);
      day = std::max(day + kBoosterMinGapDays, earliest) + rng_.below(second_booster ? 200 : 240);
      v = &pick_vaccine(second_booster ? &Vaccine::second_booster_weight : &Vaccine::booster_weight);
    }
    if (day > end) break;
    CivilDate date = civil_from_days(day);
    if (n > 1) out.push_back(',');
    out.lit("{\"dose\":");
    put_int(out, n);
    out.lit(",\"vaccine\":\"");
    out.str(v->name);
    out.lit("\",\"date\":\"");
    put_date(out, date);
    out.lit("\",\"facility\":\"");
    put_facility(out, reg, home_puskesmas);
    out.lit("\",\"batch\":\"");
    out.str(v->batch_prefix);
    put_digits(out, date.year % 100, 2);
    put_digits(out, date.month, 2);
    out.push_back(static_cast<char>('A' + rng_.below(8)));
    if (rng_.percent(40)) put_digits(out, rng_.below(100), 2);
    out.str(rng_.below(1000) < kCertificateMissingPerMille ? "\",\"certificate\":false}"
                                                                : "\",\"certificate\":true}");
  }
  out.lit("]}\n");
}

std::size_t Generator::family(Sink& out, std::size_t room) {
  std::uint32_t r = rng_.below(100);
  std::size_t size = r < 75 ? 1 : r < 87 ? 2 : r < 95 ? 3 : 4;
  size = std::min(size, room);

  std::size_t slot = take_slot(rng_.below(slots_.size()));
  if (slot == slots_.size()) return 0;
  const Regency& reg = *slots_[slot].regency;
  const NameStyle& style = name_style(pick_style(reg.province).style);
  const char* family_last = style.family_name ? rng_.pick(style.male_last) : nullptr;

  // One phone for the family: an operator prefix (never 0811) and 7–9 more digits.
  char nsn[kMaxNsnDigits];
  const char* prefix = rng_.pick(kMobileOperatorPrefixes);
  std::uint32_t lr = rng_.below(100);
  std::size_t len = lr < 15 ? 10 : lr < 95 ? 11 : 12;
  nsn[0] = prefix[0];
  nsn[1] = prefix[1];
  nsn[2] = prefix[2];
  for (std::size_t i = 3; i < len; ++i) nsn[i] = static_cast<char>('0' + rng_.below(10));

  int head_year = kOldestBirthYear + static_cast<int>(rng_.below(kBirthYearSpread + 1) +
                                                      rng_.below(kBirthYearSpread + 1));
  if (size > 1) head_year = std::min(head_year, kFamilyHeadLatestYear);
  char head_sex = rng_.percent(50) ? 'M' : 'F';

  for (std::size_t i = 0; i < size; ++i) {
    Member m;
    if (i == 0) {
      m = Member{head_sex, random_birth(head_year)};
    } else if (i == 1) {
      int year = std::max(kOldestBirthYear, head_year - 3 + static_cast<int>(rng_.below(7)));
      m = Member{head_sex == 'M' ? 'F' : 'M', random_birth(year)};
    } else {
      int year = std::min(kYoungestBirthYear, head_year + 22 + static_cast<int>(rng_.below(14)));
      m = Member{rng_.percent(50) ? 'M' : 'F', random_birth(year)};
    }
    if (i > 0) slot = take_slot(slot);  // same district while it has serials left
    const Slot& s = slots_[slot];
    int serial = next_serial_[slot]++;

    out.lit("{\"nik\":\"");
    put_nik(out, s.regency->province, s.regency->code, s.district, m.birth, m.sex, serial);
    out.lit("\",\"name\":\"");
    const char *given = nullptr, *last = nullptr;
    put_name(out, style, m.sex, family_last, &given, &last);
    out.lit("\",\"birth_date\":\"");
    put_date(out, m.birth);
    out.lit("\",\"sex\":\"");
    out.push_back(m.sex);
    out.lit("\",\"phone\":\"");
    put_phone(out, nsn, len);
    out.push_back('"');
    if (m.birth.year <= kEmailMinAgeYear && rng_.percent(20)) {
      out.lit(",\"email\":\"");
      put_email(out, given, last);
      out.push_back('"');
    }
    put_doses(out, m, reg);
  }
  return size;
}

std::vector<DemoPersona> build_personas() {
  std::vector<DemoPersona> v;
  for (const auto& p : kPersonaRecords) {
    DemoPersona d;
    d.key = p.key;
    d.role = p.role;
    d.nik = p.nik;
    d.name = p.name;
    d.phone = normalize_phone(p.phone_local).value_or(std::string());
    d.phone_local = p.phone_local;
    d.try_this = p.try_this;
    v.push_back(std::move(d));
  }
  return v;
}

}  // namespace

const std::vector<DemoPersona>& demo_personas() {
  static const std::vector<DemoPersona> personas = build_personas();
  return personas;
}

std::size_t demo_persona_line_count() { return sizeof(kPersonaRecords) / sizeof(kPersonaRecords[0]); }

std::size_t demo_registry_capacity() { return demo_persona_line_count() + Generator::capacity(); }

void write_demo_registry(std::ostream& out, std::size_t count, std::uint64_t seed) {
  count = std::min(count, demo_registry_capacity());
  Sink sink(out);
  std::size_t written = 0;
  for (const auto& p : kPersonaRecords) {
    if (written == count) break;
    put_persona(sink, p);
    ++written;
  }
  Generator gen(seed);
  while (written < count) {
    sink.make_room();
    std::size_t n = gen.family(sink, count - written);
    if (n == 0) break;
    written += n;
  }
}

}  // namespace aduan
