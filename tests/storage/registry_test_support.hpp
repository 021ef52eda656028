// Test support for the registry-side storage tests: a real LMDB environment in a fresh temp
// dir (removed afterwards) and builders for registry lines with valid NIKs.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/civil_date.hpp"
#include "core/nik.hpp"
#include "storage/importer.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage::testing {

constexpr std::uint64_t kTestMapBytes = 256ull << 20;

struct TempEnv {
  std::string dir;
  std::shared_ptr<Env> env;
  TempEnv() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "aduan-registry-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    EnvOptions o;
    o.dir = dir;
    o.map_size_bytes = kTestMapBytes;
    env = Env::open(o);
  }
  ~TempEnv() {
    env.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

// A NIK consistent with birth date and sex (Jakarta Selatan, district 05).
inline std::string nik_for(const std::string& birth_date, char sex, int serial) {
  return make_nik(31, 74, 5, *parse_iso_date(birth_date), sex, serial);
}

// One registry line; `extra` is merged over the defaults (null removes a key).
inline nlohmann::json citizen_json(int serial, const std::string& name = "Siti Rahayu") {
  const std::string birth = "1990-08-17";
  return nlohmann::json{{"nik", nik_for(birth, 'F', serial)},
                        {"name", name},
                        {"birth_date", birth},
                        {"sex", "F"},
                        {"phone", "0812-3456-7890"},
                        {"email", "siti@example.id"},
                        {"vaccinations",
                         {{{"dose", 1}, {"vaccine", "Sinovac"}, {"date", "2021-07-02"},
                           {"facility", "Puskesmas Tebet"}, {"batch", "SN2107A"}, {"certificate", true}},
                          {{"dose", 2}, {"vaccine", "Sinovac"}, {"date", "2021-08-02"},
                           {"facility", "Puskesmas Tebet"}, {"batch", "SN2108B"}, {"certificate", true}}}}};
}

inline ImportReport import_text(Env& env, const std::string& text, TimeMs now) {
  std::istringstream in(text);
  ImportOptions o;
  o.now = now;
  return import_registry(env, in, o);
}

inline ImportReport import_lines(Env& env, const std::vector<nlohmann::json>& lines, TimeMs now) {
  std::string text;
  for (const auto& l : lines) text += l.dump() + "\n";
  return import_text(env, text, now);
}

}  // namespace aduan::storage::testing
