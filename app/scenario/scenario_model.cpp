#include "app/scenario/scenario_model.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace aduan::app {

namespace {

const std::vector<std::string> kStepOptions{"as", "label", "settle", "expect", "remember", "title"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int line_of(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

std::string one_line(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "";
  YAML::Emitter e;
  e.SetMapFormat(YAML::Flow);
  e.SetSeqFormat(YAML::Flow);
  e << n;
  return e.c_str();
}

struct Failure {
  int line;
  std::string what;
};

// The one key of a step or expectation map that is not an option.
std::string action_key(const YAML::Node& map, const std::vector<std::string>& options, int line) {
  std::string key;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.as<std::string>();
    if (contains(options, k)) continue;
    if (!key.empty()) throw Failure{line, "one action per step, found both '" + key + "' and '" + k + "'"};
    key = k;
  }
  if (key.empty() && map["expect"]) return "expect";  // a standalone check
  if (key.empty()) throw Failure{line, "a step needs an action (" + joined(step_kinds()) + ")"};
  return key;
}

Expectation parse_expectation(const YAML::Node& n) {
  Expectation e;
  e.line = line_of(n);
  if (n.IsScalar()) {  // shorthand: a bare string is "contains"
    e.kind = "contains";
    e.arg = n;
    return e;
  }
  if (!n.IsMap() || n.size() != 1)
    throw Failure{e.line, "an expectation is a text or a map with one key (" + joined(expectation_kinds()) + ")"};
  e.kind = n.begin()->first.as<std::string>();
  e.arg = n.begin()->second;
  if (!contains(expectation_kinds(), e.kind))
    throw Failure{e.line, "unknown expectation '" + e.kind + "' (expected one of " + joined(expectation_kinds()) + ")"};
  auto need_map = [&](std::initializer_list<const char*> keys) {
    if (!e.arg.IsMap()) throw Failure{e.line, e.kind + ": expects a map"};
    for (const char* k : keys)
      if (!e.arg[k]) throw Failure{e.line, e.kind + ": '" + k + "' is required"};
  };
  if (e.kind == "list" || e.kind == "buttons") {
    if (!e.arg.IsSequence()) throw Failure{e.line, e.kind + ": expects a list of actions"};
  } else if (e.kind == "citizen") {
    need_map({"nik", "field", "equals"});
  } else if (e.kind == "audit") {
    need_map({"nik"});
  } else if (e.kind == "ticket" || e.kind == "no_ticket") {
    if (!e.arg.IsMap() && !e.arg.IsScalar()) throw Failure{e.line, e.kind + ": expects a kind or a map"};
  } else if (e.kind == "replies" || e.kind == "http") {
    if (!e.arg.IsScalar()) throw Failure{e.line, e.kind + ": expects a number"};
  } else if (e.kind == "outbox") {
    need_map({"status"});
  } else if (e.kind != "document" && e.kind != "template" && e.kind != "sms" && e.kind != "no_sms" &&
             !e.arg.IsScalar()) {
    throw Failure{e.line, e.kind + ": expects a text"};
  }
  return e;
}

std::vector<Expectation> parse_expectations(const YAML::Node& n, int line) {
  std::vector<Expectation> out;
  if (!n) return out;
  if (!n.IsSequence()) throw Failure{line, "expect: must be a list"};
  for (const auto& e : n) out.push_back(parse_expectation(e));
  return out;
}

Step parse_step(const YAML::Node& n, bool in_batch) {
  Step s;
  s.line = line_of(n);
  s.node = n;
  if (n.IsScalar()) throw Failure{s.line, "a step is a map such as {say: halo}"};
  if (!n.IsMap()) throw Failure{s.line, "a step is a map such as {say: halo}"};
  s.kind = action_key(n, kStepOptions, s.line);
  s.arg = n[s.kind];
  const auto& kinds = in_batch ? message_step_kinds() : step_kinds();
  if (!contains(kinds, s.kind))
    throw Failure{s.line, "unknown " + std::string(in_batch ? "batch message" : "step") + " '" + s.kind +
                              "' (expected one of " + joined(kinds) + ")"};
  if (n["as"]) s.as = n["as"].as<std::string>();
  if (n["label"]) s.label = n["label"].as<std::string>();
  if (n["settle"]) s.settle = n["settle"].as<bool>();
  if (s.kind == "expect") {
    s.expect = parse_expectations(s.arg, s.line);
  } else {
    s.expect = parse_expectations(n["expect"], s.line);
  }
  if (s.kind == "wait") {
    if (s.arg.IsMap()) {
      if (!s.arg["until"] && !s.arg["seconds"]) throw Failure{s.line, "wait: seconds, or {until: [expectations], timeout}"};
      for (auto& e : parse_expectations(s.arg["until"], s.line)) s.expect.push_back(e);
    } else if (!s.arg.IsScalar()) {
      throw Failure{s.line, "wait: seconds, or {until: [expectations], timeout}"};
    }
  }
  auto need_scalar = [&] {
    if (!s.arg.IsScalar()) throw Failure{s.line, s.kind + ": expects a text"};
  };
  if (s.kind == "say" || s.kind == "tap" || s.kind == "tap_id" || s.kind == "redeliver" || s.kind == "restart" ||
      s.kind == "advance_clock" || s.kind == "react")
    need_scalar();
  if (s.kind == "restart") {
    const std::string how = s.arg.as<std::string>();
    if (how != "kill" && how != "term") throw Failure{s.line, "restart: kill or term"};
  }
  if (s.kind == "batch") {
    if (!s.arg.IsSequence() || s.arg.size() < 2) throw Failure{s.line, "batch: a list of two or more messages"};
    for (const auto& m : s.arg) parse_step(m, true);
  }
  if (s.kind == "resolve" && (!s.arg.IsMap() || !s.arg["reply"]))
    throw Failure{s.line, "resolve: 'reply' is required"};
  if (s.kind == "location" && (!s.arg.IsMap() || !s.arg["latitude"] || !s.arg["longitude"]))
    throw Failure{s.line, "location: latitude and longitude are required"};
  if (s.kind == "send" && (!s.arg.IsMap() || !s.arg["type"])) throw Failure{s.line, "send: 'type' is required"};
  if (s.kind == "webhook" && !s.arg.IsScalar() && !(s.arg.IsMap() && s.arg["file"]))
    throw Failure{s.line, "webhook: a file name, or {file, signature}"};
  if (s.kind == "login" && !s.arg.IsScalar() && !s.arg.IsMap()) throw Failure{s.line, "login: a phone or a map"};
  return s;
}

}  // namespace

std::string Expectation::describe() const { return "line " + std::to_string(line) + ": " + kind + ": " + one_line(arg); }

std::string Step::describe() const { return "line " + std::to_string(line) + ": " + kind + ": " + one_line(arg); }

const std::vector<std::string>& step_kinds() {
  static const std::vector<std::string> k{"say",      "tap",        "tap_id",        "send_image", "send_document",
                                          "send_sticker", "send_audio", "send_video", "location",   "react",
                                          "send",     "webhook",    "redeliver",     "batch",      "status",
                                          "wait",     "expect",     "restart",       "advance_clock", "resolve",
                                          "login"};
  return k;
}

const std::vector<std::string>& message_step_kinds() {
  static const std::vector<std::string> k{"say",        "tap",          "tap_id",     "send_image", "send_document",
                                          "send_sticker", "send_audio", "send_video", "location",   "react", "send"};
  return k;
}

const std::vector<std::string>& expectation_kinds() {
  static const std::vector<std::string> k{"contains", "not_contains", "matches", "list",      "buttons", "offers",
                                          "document", "template",     "replies", "sms",       "no_sms",  "citizen",
                                          "ticket",   "no_ticket",    "audit",   "outbox",    "http"};
  return k;
}

LoadResult parse_scenario(const std::string& yaml_text, const std::string& path) {
  LoadResult r;
  try {
    YAML::Node root = YAML::Load(yaml_text);
    if (!root.IsMap()) throw Failure{1, "a scenario is a map with name, citizen and steps"};
    for (auto it = root.begin(); it != root.end(); ++it) {
      const std::string k = it->first.as<std::string>();
      static const std::vector<std::string> top{"name", "registry", "citizen", "profile_name", "requires", "steps"};
      if (!contains(top, k)) throw Failure{line_of(it->first), "unknown key '" + k + "' (expected " + joined(top) + ")"};
    }
    Scenario s;
    s.file = path;
    s.dir = std::filesystem::path(path).parent_path().string();
    if (s.dir.empty()) s.dir = ".";
    if (!root["name"] || !root["citizen"] || !root["steps"]) throw Failure{1, "name, citizen and steps are required"};
    s.name = root["name"].as<std::string>();
    s.citizen = root["citizen"].as<std::string>();
    if (root["registry"]) s.registry = root["registry"].as<std::string>();
    if (root["profile_name"]) s.profile_name = root["profile_name"].as<std::string>();
    if (root["requires"]) {
      const std::string req = root["requires"].as<std::string>();
      if (req != "fakes") throw Failure{line_of(root["requires"]), "requires: only 'fakes' is known"};
      s.needs_fakes = true;
    }
    const YAML::Node steps = root["steps"];
    if (!steps.IsSequence() || steps.size() == 0) throw Failure{line_of(steps), "steps: a non-empty list"};
    for (const auto& n : steps) s.steps.push_back(parse_step(n, false));
    r.scenario = std::move(s);
  } catch (const Failure& f) {
    r.error = path + ":" + std::to_string(f.line) + ": " + f.what;
  } catch (const YAML::Exception& e) {
    r.error = path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
  }
  return r;
}

LoadResult load_scenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) return LoadResult{std::nullopt, path + ": cannot read the file"};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_scenario(ss.str(), path);
}

}  // namespace aduan::app
