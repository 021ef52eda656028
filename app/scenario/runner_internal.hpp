// Internal to the scenario runner: the state of one run, shared by the step code
// (runner.cpp) and the expectation checks (expectations.cpp). Not for use elsewhere.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/scenario/fake_meta.hpp"
#include "app/scenario/phone_view.hpp"
#include "app/scenario/runner.hpp"
#include "app/scenario/sandbox_feed.hpp"
#include "app/scenario/server_api.hpp"
#include "app/scenario/server_process.hpp"
#include "app/scenario/webhook_builder.hpp"

namespace aduan::app::scenario_detail {

// Thrown inside a run only (caught by run_scenario): the step or expectation that failed.
struct StepFailed {
  std::string what;
};

class Run {
 public:
  Run(const Scenario& sc, const RunOptions& opt, ScenarioResult& result) : sc_(sc), opt_(opt), r_(result) {}
  ~Run();

  void start();                    // server + fakes, or the target
  void step(const Step& s, std::size_t index);
  std::optional<std::string> skip_reason() const;
  std::string diagnostics();  // fake servers' problems and the server log's tail

  // ---- used by the expectation checks -------------------------------------------------
  // Evaluates one expectation now; "" when it holds, else why not.
  std::string check(const Expectation& e, const std::string& wa);
  // Polls every expectation until all hold or the timeout passes; throws StepFailed.
  void expect_all(const std::vector<Expectation>& list, const std::string& wa, std::chrono::milliseconds timeout);

  std::vector<PhoneMessage> window_messages(const std::string& wa);
  std::vector<SmsMessage> window_sms();
  std::string sub(const std::string& text) const;  // ${variables}
  std::string scalar(const YAML::Node& n) const;  // a YAML scalar with ${variables}
  ApiResult api_get(const std::string& path) const;

 private:
  // steps
  void post(const std::string& wa, const std::vector<nlohmann::json>& messages, const std::string& label);
  void post_raw(const std::string& body, bool sign, const std::string& label, const std::string& what);
  nlohmann::json message_for(const Step& s, const std::string& wa, const YAML::Node& arg, const std::string& kind);
  void do_login(const Step& s, const std::string& wa);
  void do_webhook(const Step& s, const std::string& wa);
  void do_resolve(const Step& s);
  void do_restart(const std::string& how);
  void aim_api_at_server();
  void do_advance(const std::string& how);
  void do_status(const Step& s, const std::string& wa);
  void settle();
  void begin_window();
  void absorb();  // new bot messages and SMS into the transcript
  void note(const std::string& who, const std::string& text);
  std::string last_bot_wamid(const std::string& wa, std::size_t back = 0);

  const Scenario& sc_;
  const RunOptions& opt_;
  ScenarioResult& r_;
  std::unique_ptr<FakeMeta> fake_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<SandboxFeed> sandbox_;
  Feed* feed_ = nullptr;
  std::optional<ServerApi> api_;

  std::map<std::string, std::string> vars_;
  std::map<std::string, std::string> posted_;  // label → exact webhook body
  int last_http_ = 0;
  std::vector<std::string> citizens_;          // WhatsApp ids seen so far
  std::map<std::string, std::size_t> logged_;  // wa → messages already in the transcript
  std::size_t sms_logged_ = 0;
  std::map<std::string, std::size_t> window_from_;  // wa → first message of the window
  std::size_t sms_window_from_ = 0;
  std::map<std::string, BotMessage> last_interactive_;  // wa → newest list/buttons
};

// "24h", "90m", "301s", "2d", "301" → seconds; -1 when unreadable.
double parse_duration_s(const std::string& text);
// The only run of exactly six digits in an OTP text, or "".
std::string otp_code_in(const std::string& text);

}  // namespace aduan::app::scenario_detail
