// The fast citizen row reader reads what decode_citizen reads, or declines (nullopt).
#include <catch2/catch.hpp>

#include <random>

#include <nlohmann/json.hpp>

#include "storage/citizen_codec.hpp"
#include "storage/citizen_row_reader.hpp"
#include "storage/codec.hpp"
#include "storage/msgpack_writer.hpp"

using namespace aduan;
using namespace aduan::storage;
using nlohmann::json;

namespace {

CitizenProfile sample(std::mt19937_64& gen) {
  auto text = [&](std::size_t max) { return std::string(gen() % (max + 1), static_cast<char>('a' + gen() % 26)); };
  CitizenProfile c;
  c.id = CitizenId("C" + std::to_string(gen() % 10'000'000'000ULL));
  c.nik = text(16);
  c.name = text(300);
  c.birth_date = text(10);
  c.sex = text(1);
  c.phone = text(13);
  c.email = text(40);
  c.version = gen() % 3 == 0 ? gen() : gen() % 100;
  for (std::size_t i = gen() % 3; i > 0; --i) c.flags.push_back(text(30));
  for (std::size_t i = gen() % 7; i > 0; --i)
    c.provenance[text(12)] = FieldProvenance{text(8), static_cast<TimeMs>(gen() >> 1) * (gen() % 2 ? 1 : -1)};
  c.last_import_at = static_cast<TimeMs>(gen() >> (gen() % 64)) * (gen() % 5 == 0 ? -1 : 1);
  for (std::size_t i = gen() % 5; i > 0; --i) {
    VaccinationDose d;
    d.dose = static_cast<int>(gen() % 12) - 1;
    d.vaccine = text(20);
    d.date = text(10);
    d.facility = text(70'000 * (gen() % 50 == 0));
    d.batch = text(8);
    d.certificate = gen() % 2;
    d.certificate_number = text(14);
    c.vaccinations.push_back(d);
  }
  return c;
}

}  // namespace

TEST_CASE("Rows written by encode_citizen or the generic encoder read back as decode_citizen reads them") {
  std::mt19937_64 gen(2026);
  for (int i = 0; i < 500; ++i) {
    const CitizenProfile c = sample(gen);
    for (const std::string& row : {encode_citizen(c), encode(json(c))}) {
      const auto fast = read_citizen_row(row);
      REQUIRE(fast);
      CHECK(json(*fast) == json(decode_citizen(row)));
      CHECK(json(*fast) == json(c));
    }
  }
}

TEST_CASE("Rows of another shape are declined, for decode_citizen to read") {
  CitizenProfile c;
  c.id = CitizenId("C0000000001");
  c.name = "Siti";
  c.provenance["name"] = FieldProvenance{"registry", 5};
  c.vaccinations.push_back(VaccinationDose{});
  const json base = json(c);
  auto declined = [](const json& j) {
    const std::string row = encode(j);
    CHECK_NOTHROW(decode_citizen(row));  // the generic path still reads it
    return !read_citizen_row(row);
  };
  json j = base;
  j["email"] = nullptr;
  CHECK(declined(j));
  j = base;
  j["version"] = 2.0;
  CHECK(declined(j));
  j = base;
  j["provenance"]["name"]["at"] = nullptr;
  CHECK(declined(j));
  j = base;
  j["vaccinations"][0]["certificate"] = nullptr;
  CHECK(declined(j));
  j = base;
  j.erase("flags");  // an older row without a field: the generic path gives the default
  CHECK(read_citizen_row(encode(j)));
  j["future_field"] = 1;
  CHECK(declined(j));

  CHECK_FALSE(read_citizen_row(""));
  CHECK_FALSE(read_citizen_row(std::string(1, '\x02') + encode(base).substr(1)));  // other codec version
  const std::string row = encode(base);
  CHECK_FALSE(read_citizen_row(row.substr(0, row.size() - 1)));  // truncated
  CHECK_FALSE(read_citizen_row(row + "x"));                        // trailing bytes
  // A repeated key (written by neither encoder) is left to the generic reader: last one wins.
  MsgpackWriter twice;
  twice.map(2);
  twice.kv("id", "C0000000001");
  twice.kv("id", "C0000000002");
  const std::string repeated = twice.take();
  CHECK_FALSE(read_citizen_row(repeated));
  CHECK(decode_citizen(repeated).id.str() == "C0000000002");
}
