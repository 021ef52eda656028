// Static tables behind the demo registry generator: naming styles of Indonesia's regions,
// sampled regencies with their Kemendagri codes, vaccines and facility name parts.
// Contract: constant data with static storage, read-only, safe from any thread. Internal to
// core/demo_registry.cpp and its tests; names are synthetic combinations, not real people.
#pragma once
#include <cstddef>
#include <cstdint>

namespace aduan::demo {

struct Pool {
  const char* const* items = nullptr;
  std::size_t size = 0;
};

template <std::size_t N>
constexpr Pool pool(const char* const (&a)[N]) {
  return Pool{a, N};
}

enum Style : std::uint8_t {
  kJavanese, kSundanese, kUrban, kBatak, kMinang, kAceh, kMalay, kBugis, kBalinese, kChinese,
  kMinahasa, kMaluku, kPapuan, kNtt, kSasak, kBanjar, kDayak, kSulawesi, kStyleCount
};

// A name is "[prefix ]given[ middle][ last]".
struct NameStyle {
  const char* label;
  Pool male_given, female_given, male_last, female_last;
  bool family_name;        // last names are surnames shared by a family and always present
  const char* male_prefix;  // e.g. "I", "Andi", "Teuku"; nullptr for none
  const char* female_prefix;
  int prefix_percent;
  int middle_percent;       // a second given name from the same pool
  int no_last_percent;      // single-name people (only when !family_name)
};

const NameStyle& name_style(Style s);

struct StyleWeight {
  Style style;
  int weight;
};

struct Regency {
  int province;
  int code;             // 01–69 regency, 71–99 city (kota)
  const char* name;     // used in facility names
  int districts;        // number of district codes sampled (also the population weight)
};

struct ProvinceMix {
  int province;
  StyleWeight styles[4];  // weight 0 ends the list
};

const Regency* regency_table(std::size_t* count);
const ProvinceMix* province_mix(int province);  // nullptr if the province has no entry

struct Vaccine {
  const char* name;
  const char* batch_prefix;
  int primary_weight, booster_weight, second_booster_weight, child_weight;
  int second_dose_gap_days;  // 0: a single-dose primary series (Janssen)
};
const Vaccine* vaccine_table(std::size_t* count);

extern const Pool kPuskesmasNames;  // place names seen in many regencies
extern const Pool kClinicNames;
extern const Pool kMobileOperatorPrefixes;  // 3-digit NSN prefixes used by generated phones
extern const Pool kEmailDomains;

}  // namespace aduan::demo
