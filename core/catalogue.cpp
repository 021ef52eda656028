#include "core/catalogue.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "core/outbound.hpp"

namespace aduan {
namespace {

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// Placeholder names in a text: "{name}" → "name" (letters, digits, '_' only, so a literal
// brace in prose is not mistaken for one).
std::set<std::string> placeholders(const std::string& t) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '{') continue;
    std::size_t j = i + 1;
    while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_')) ++j;
    if (j < t.size() && t[j] == '}' && j > i + 1) out.insert(t.substr(i + 1, j - i - 1));
  }
  return out;
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (auto& x : s) out += (out.empty() ? "" : ",") + x;
  return out;
}

}  // namespace

const std::vector<std::string>& Catalogue::languages() {
  static const std::vector<std::string> l{"id", "en"};
  return l;
}

std::size_t Catalogue::limit_for(const std::string& key) {
  if (starts_with(key, "btn.")) return limits::kReplyButtonTitle;
  if (starts_with(key, "row.")) return limits::kListRowTitle;
  if (starts_with(key, "desc.")) return limits::kListRowDescription;
  if (starts_with(key, "list.")) return limits::kListButton;
  return catalogue_limits::kBodyText;
}

std::optional<Catalogue> Catalogue::from_json(const nlohmann::json& j, std::string* error) {
  auto fail = [&](const std::string& e) -> std::optional<Catalogue> {
    if (error) *error = "messages: " + e;
    return std::nullopt;
  };
  if (!j.is_object()) return fail("top level is not an object");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "messages" && it.key() != "_about") return fail("unknown key '" + it.key() + "'");
  if (!j.contains("messages") || !j["messages"].is_object()) return fail("'messages' object missing");

  Catalogue c;
  for (auto it = j["messages"].begin(); it != j["messages"].end(); ++it) {
    const std::string& key = it.key();
    if (!it.value().is_object()) return fail("key '" + key + "': not an object of languages");
    std::set<std::string> first_params;
    bool first = true;
    for (auto lt = it.value().begin(); lt != it.value().end(); ++lt)
      if (lt.key() != "id" && lt.key() != "en")
        return fail("key '" + key + "': unknown language '" + lt.key() + "'");
    for (const auto& lang : languages()) {
      if (!it.value().contains(lang)) return fail("key '" + key + "': missing language '" + lang + "'");
      const auto& v = it.value()[lang];
      if (!v.is_string() || v.get<std::string>().empty())
        return fail("key '" + key + "' (" + lang + "): not a non-empty string");
      std::string t = v.get<std::string>();
      std::size_t len = meta_length(t), lim = limit_for(key);
      if (len > lim)
        return fail("key '" + key + "' (" + lang + "): " + std::to_string(len) + " over the limit " +
                    std::to_string(lim));
      auto ps = placeholders(t);
      if (first) {
        first_params = ps;
        first = false;
      } else if (ps != first_params) {
        return fail("key '" + key + "': placeholders differ between languages ({" + join(first_params) +
                    "} vs {" + join(ps) + "})");
      }
      c.texts_[key][lang] = std::move(t);
    }
  }
  return c;
}

std::optional<Catalogue> Catalogue::load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "messages: cannot read " + path;
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) {
    if (error) *error = "messages: " + path + " is not valid JSON";
    return std::nullopt;
  }
  return from_json(j, error);
}

std::string Catalogue::text(const std::string& key, const std::string& lang, const Params& params) const {
  auto it = texts_.find(key);
  if (it == texts_.end()) return "[" + key + "]";
  auto lt = it->second.find(lang);
  if (lt == it->second.end()) lt = it->second.find("id");
  if (lt == it->second.end()) return "[" + key + "]";
  const std::string& t = lt->second;
  if (params.empty()) return t;
  // One left-to-right pass: a value containing "{x}" is never expanded again.
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size();) {
    if (t[i] == '{') {
      std::size_t close = t.find('}', i + 1);
      if (close != std::string::npos) {
        auto p = params.find(t.substr(i + 1, close - i - 1));
        if (p != params.end()) {
          out += p->second;
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(t[i++]);
  }
  return out;
}

bool Catalogue::has(const std::string& key) const { return texts_.count(key) > 0; }

std::vector<std::string> Catalogue::keys() const {
  std::vector<std::string> out;
  for (auto& [k, v] : texts_) out.push_back(k);
  return out;
}

}  // namespace aduan
