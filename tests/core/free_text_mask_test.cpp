// Free-text masking for transcripts: the bot's own words stay, everything else a citizen
// might have typed (names, e-mails, addresses, numbers) is masked, and the result is valid
// UTF-8 whatever came in.
#include <catch2/catch.hpp>

#include "core/catalogue.hpp"
#include "core/free_text_mask.hpp"
#include "core/outbound.hpp"

using namespace aduan;

namespace {

const Catalogue& real_catalogue() {
  static const Catalogue c = [] {
    std::string error;
    auto loaded = Catalogue::load(std::string(ADUAN_SOURCE_DIR) + "/config/messages.json", &error);
    if (!loaded) throw std::runtime_error(error);
    return std::move(*loaded);
  }();
  return c;
}

}  // namespace

TEST_CASE("free text mask keeps catalogue words and masks names, e-mails and digits") {
  const FreeTextMask mask(real_catalogue());
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"Nama saya Budi Santoso", "Nama saya B*** S******"},
      {"nama saya budi", "nama saya b***"},  // case does not matter for catalogue words
      {"NIK 3174055708900002", "NIK ################"},
      {"budi.santoso@gmail.com", "b***.s******@g****.c**"},
      {"Rina 😀", "R*** 😀"},  // one code point: the first character stays
      {"Sékar", "S****"},     // é is one character, one '*'
      {"", ""},
  };
  for (const auto& r : rows) {
    INFO(r.in);
    CHECK(mask(r.in) == r.out);
  }
}

TEST_CASE("free text mask without a catalogue masks every word") {
  const FreeTextMask mask;
  CHECK(mask("Nama saya Budi") == "N*** s*** B***");
  CHECK_FALSE(mask.known("nama"));
}

TEST_CASE("free text mask output is valid UTF-8 even for broken input") {
  const FreeTextMask mask(real_catalogue());
  const std::string broken[] = {"Rina \xC3", "\xFF\xFE abc", "a\xE2\x82", std::string("x\0y", 3), "\xF0\x9F\x98"};
  for (const auto& in : broken) {
    const std::string out = mask(in);
    INFO(out);
    CHECK(is_valid_utf8(out));
  }
}
