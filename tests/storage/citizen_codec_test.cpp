// The direct MessagePack encoder must store exactly the JSON shape of core/model.cpp.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "storage/citizen_codec.hpp"
#include "storage/codec.hpp"
#include "storage/msgpack_writer.hpp"

using namespace aduan;
using namespace aduan::storage;

TEST_CASE("A citizen encoded directly decodes to the same JSON as the generic encoder's") {
  CitizenProfile c;
  c.id = CitizenId("C0000000042");
  c.nik = "3174055708900002";
  c.name = std::string(40, 'x') + " Rahayu \xC3\xA9";  // longer than a fixstr, with UTF-8
  c.birth_date = "1990-08-17";
  c.sex = "F";
  c.phone = "6281234567890";
  c.email = "";
  c.version = 70'000;  // needs a uint32
  c.flags = {"nik_birthdate_mismatch"};
  c.provenance["name"] = FieldProvenance{"aduan", 1'796'264'102'000};
  c.provenance["nik"] = FieldProvenance{"registry", 0};
  c.last_import_at = 1'700'000'000'000;
  VaccinationDose d;
  d.dose = 3;
  d.vaccine = "Pfizer";
  d.date = "2022-01-05";
  d.facility = std::string(300, 'f');  // needs str16
  d.batch = "PF1";
  d.certificate = false;
  c.vaccinations = {d, d};
  c.vaccinations[1].dose = 4;
  c.vaccinations[1].certificate = true;
  c.vaccinations[1].certificate_number = "CRT-0000000009";

  const std::string direct = encode_citizen(c);
  CHECK(decode(direct) == nlohmann::json(c));
  const CitizenProfile back = decode_citizen(direct);
  CHECK(nlohmann::json(back) == nlohmann::json(c));
}

TEST_CASE("The MessagePack writer agrees with nlohmann's reader on every size class") {
  MsgpackWriter w;
  const std::vector<std::int64_t> ints{0, 1, 127, 128, 255, 256, 65'535, 65'536, 4'294'967'295LL,
                                       4'294'967'296LL, -1, -32, -33, -1'000'000'000'000LL};
  const std::vector<std::size_t> lengths{0, 31, 32, 255, 256, 65'535, 65'536};
  w.map(2);
  w.str("ints");
  w.array(ints.size());
  for (auto v : ints) w.integer(v);
  w.str("strs");
  w.array(lengths.size());
  for (auto n : lengths) w.str(std::string(n, 'a'));
  nlohmann::json expected = {{"ints", ints}, {"strs", nlohmann::json::array()}};
  for (auto n : lengths) expected["strs"].push_back(std::string(n, 'a'));
  CHECK(decode(w.take()) == expected);

  MsgpackWriter big;
  big.array(20);
  for (int i = 0; i < 20; ++i) big.boolean(i % 2 == 0);
  const auto arr = decode(big.take());
  REQUIRE(arr.size() == 20);
  CHECK(arr[0] == true);
  CHECK(arr[19] == false);
}
