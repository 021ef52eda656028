// A scenario file (tests/scenarios/*.yaml, format in tests/scenarios/README.md): which
// registry the server starts with, which WhatsApp id the citizen writes from, and the
// steps — what the citizen or an officer does, what the runner does to the server, and
// what must then be true. Loading checks the shape (known step and expectation names,
// required fields) and names the file and line of the first problem; what a step's values
// mean is the runner's business. Step arguments stay YAML nodes so ${variables} can be
// substituted when the step runs. Pure; any thread (one Scenario per thread).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace aduan::app {

struct Expectation {
  std::string kind;  // contains, matches, list, sms, citizen, … (tests/scenarios/README.md)
  YAML::Node arg;
  int line = 0;
  std::string describe() const;  // "line 12: contains: Halo" — how a failure names it
};

struct Step {
  std::string kind;  // say, tap, login, restart, … (tests/scenarios/README.md)
  YAML::Node arg;
  YAML::Node node;   // the whole step (options such as remember:, title:)
  int line = 0;
  std::string as;     // another WhatsApp id for this step (default: the scenario's citizen)
  std::string label;  // names the posted webhook for a later `redeliver`
  bool settle = true; // wait until the server has answered before the next step
  std::vector<Expectation> expect;
  std::string describe() const;  // "line 7: tap: Sertifikat vaksin"
};

struct Scenario {
  std::string file;      // as given
  std::string dir;       // folder of the file: webhook and fixture paths are relative to it
  std::string name;
  std::string registry = "demo";  // "demo", or a JSONL file relative to dir
  std::string citizen;            // WhatsApp id (digits)
  std::string profile_name = "Warga";
  bool needs_fakes = false;       // `requires: fakes` — skipped with --url
  std::vector<Step> steps;
};

struct LoadResult {
  std::optional<Scenario> scenario;
  std::string error;  // "FILE:LINE: what is wrong"
};

LoadResult load_scenario(const std::string& path);
LoadResult parse_scenario(const std::string& yaml_text, const std::string& path);

// The names the loader accepts (for error messages and the README).
const std::vector<std::string>& step_kinds();
const std::vector<std::string>& expectation_kinds();
const std::vector<std::string>& message_step_kinds();  // allowed inside `batch`

}  // namespace aduan::app
