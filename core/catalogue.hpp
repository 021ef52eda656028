// The message catalogue: every citizen-facing text, in Bahasa Indonesia ("id") and English
// ("en"), loaded from config/messages.json at start so wording changes need no rebuild.
//
// File shape: {"messages": {"<key>": {"id": "...", "en": "..."}, ...}} (a top-level
// "_about" string is allowed for editors). Texts may hold {placeholders}.
//
// load()/from_json() validate everything up front and return an error naming the key:
// both languages present and non-empty, no unknown language, the same placeholders in
// both languages, and each text within the Meta limit of its kind, chosen by key prefix:
//   "btn."  reply-button title (20)     "row."  list row title (24)
//   "desc." list row description (72)   "list." list button label (20)
//   anything else: a message body, kept <= 1024 so it can also be an interactive body.
// After loading the object is immutable: text() is const and safe from any thread.
// text() never throws: an unknown key or language yields "[key]" (tests catch that).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aduan {

namespace catalogue_limits {
constexpr std::size_t kBodyText = 1024;  // interactive body, the tightest body limit
}  // namespace catalogue_limits

class Catalogue {
 public:
  using Params = std::map<std::string, std::string>;

  static std::optional<Catalogue> load(const std::string& path, std::string* error);
  static std::optional<Catalogue> from_json(const nlohmann::json& j, std::string* error);

  // The text for key in lang ("id" or "en"; anything else falls back to "id") with each
  // {name} replaced by params' value; unknown placeholders are left as written.
  std::string text(const std::string& key, const std::string& lang, const Params& params = {}) const;
  bool has(const std::string& key) const;
  std::vector<std::string> keys() const;
  // The limit a key's texts are held to (see the prefix table above).
  static std::size_t limit_for(const std::string& key);

  static const std::vector<std::string>& languages();  // {"id", "en"}

 private:
  std::map<std::string, std::map<std::string, std::string>> texts_;  // key → lang → text
};

}  // namespace aduan
