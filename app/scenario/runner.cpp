// The scenario runner's steps (what the citizen, the officer and the operator do); the
// checks live in expectations.cpp. See runner.hpp for the contract.
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/scenario/runner_internal.hpp"
#include "core/config.hpp"
#include "core/phone.hpp"

namespace aduan::app {

using nlohmann::json;
using scenario_detail::Run;
using scenario_detail::StepFailed;

namespace scenario_detail {

namespace {

// The session manager turns due timers into inbox rows on a 1 s tick
// (actors/session_manager.cpp); after moving the test clock the runner waits a little
// longer than one tick before it waits for the server to settle.
constexpr auto kTimerTickWait = std::chrono::milliseconds(1300);
constexpr std::size_t kMaxRepeat = 10000;

[[noreturn]] void fail(const std::string& what) { throw StepFailed{what}; }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string resolve_path(const std::string& dir, const std::string& file) {
  std::filesystem::path p(file);
  return p.is_absolute() ? file : (std::filesystem::path(dir) / p).string();
}

bool step_needs_own_server(const Step& s) {
  return s.kind == "restart" || s.kind == "status";
}

std::string short_text(const std::string& s, std::size_t max = 160) {
  std::string one;
  for (char c : s) one += (c == '\n' ? ' ' : c);
  if (one.size() <= max) return one;
  return one.substr(0, max) + "… (" + std::to_string(s.size()) + " bytes)";
}

}  // namespace

double parse_duration_s(const std::string& text) {
  if (text.empty()) return -1;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    return -1;
  }
  std::string unit = text.substr(used);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  if (unit.empty() || unit == "s") return v;
  if (unit == "m" || unit == "min") return v * 60;
  if (unit == "h") return v * 3600;
  if (unit == "d") return v * 86400;
  return -1;
}

std::string otp_code_in(const std::string& text) {
  std::string found;
  int runs = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j - i == 6) {
      found = text.substr(i, 6);
      ++runs;
    }
    i = j;
  }
  return runs == 1 ? found : std::string();
}

Run::~Run() {
  if (server_) server_->stop(SIGKILL);
  server_.reset();
  fake_.reset();
  if (!r_.data_dir.empty() && r_.outcome == Outcome::passed && !opt_.keep_data) {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(r_.data_dir).parent_path(), ec);
    r_.data_dir.clear();
  }
}

std::string Run::diagnostics() {
  std::string out;
  if (fake_) {
    const std::string p = fake_->problems();
    if (!p.empty()) out += "\nthe fake Graph/SMS servers noticed: " + p;
  }
  if (sandbox_) {
    const std::string p = sandbox_->problems();
    if (!p.empty()) out += "\nreading /sandbox: " + p;
  }
  if (server_) out += "\nserver log (last lines):\n" + server_->log_tail(12);
  return out;
}

std::optional<std::string> Run::skip_reason() const {
  if (!opt_.target) return std::nullopt;
  if (sc_.needs_fakes) return std::string("needs the runner's own server and fakes (requires: fakes)");
  if (sc_.registry != "demo") return "loads the fixture " + sc_.registry + " (only a fresh server can)";
  for (const auto& s : sc_.steps)
    if (step_needs_own_server(s)) return s.kind + " needs a server the runner started";
  return std::nullopt;
}

void Run::start() {
  if (opt_.target) {
    api_.emplace(*opt_.target);
    sandbox_ = std::make_unique<SandboxFeed>(*api_);
    sandbox_->skip_sms_history("");
    feed_ = sandbox_.get();
    if (!api_->ready()) fail("the server at " + opt_.target->webhook_url + " is not ready (GET /readyz)");
    note("runner", "using the running server at " + opt_.target->webhook_url);
    return;
  }
  std::string root = opt_.temp_root;
  if (root.empty()) root = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  std::string tmpl = root + "/aduan-scenario-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) fail("cannot create a temp dir under " + root);
  r_.data_dir = std::string(buf.data()) + "/data";

  try {
    fake_ = std::make_unique<FakeMeta>(sandbox_defaults::kPhoneNumberId, kScenarioGraphToken, kScenarioSmsToken);
  } catch (const std::exception& e) {
    fail(std::string("fake Graph/SMS server: ") + e.what());
  }
  feed_ = fake_.get();
  const bool demo = sc_.registry == "demo";
  std::map<std::string, std::string> env{{"ADUAN_MODE", "sandbox"},
                                         {"ADUAN_CLOCK", "test"},
                                         {"ADUAN_DEMO", demo ? "1" : "0"},
                                         {"ADUAN_ADMIN_TOKEN", kScenarioOpsToken},
                                         {"WHATSAPP_APP_SECRET", sandbox_defaults::kAppSecret},
                                         {"WHATSAPP_PHONE_NUMBER_ID", sandbox_defaults::kPhoneNumberId},
                                         {"WHATSAPP_GRAPH_URL", fake_->graph_url()},
                                         {"WHATSAPP_ACCESS_TOKEN", kScenarioGraphToken},
                                         {"WHATSAPP_ACCESS_TOKEN_FILE", ""},
                                         {"SMS_GATEWAY_URL", fake_->sms_url()},
                                         {"SMS_GATEWAY_TOKEN", kScenarioSmsToken}};
  if (!demo) {
    const std::string fixture = resolve_path(sc_.dir, sc_.registry);
    if (!std::filesystem::exists(fixture)) fail("registry fixture " + fixture + " does not exist");
    int code = run_child(opt_.binary, {"import", fixture},
                         {{"ADUAN_DATA_DIR", r_.data_dir}, {"ADUAN_MODE", "sandbox"}, {"ADUAN_DEMO", "0"}},
                         r_.data_dir + ".log");
    if (code != 0) fail("aduan import " + fixture + " exited " + std::to_string(code) + " (see " + r_.data_dir + ".log)");
    note("runner", "registry fixture " + sc_.registry + " imported");
  }
  server_ = std::make_unique<ServerProcess>(ServerSpec{opt_.binary, r_.data_dir, env});
  std::string error;
  if (!server_->start(&error)) fail("aduan serve did not start: " + error);
  aim_api_at_server();
  note("runner", "server ready (" + std::string(demo ? "demo registry" : sc_.registry) + ", test clock)");
}

void Run::aim_api_at_server() {
  api_.emplace(ServerTarget{server_->webhook_url(), server_->admin_url(), kScenarioOpsToken,
                            sandbox_defaults::kAppSecret, sandbox_defaults::kPhoneNumberId});
}

void Run::note(const std::string& who, const std::string& text) {
  std::string pad = who.size() < 9 ? std::string(9 - who.size(), ' ') : std::string();
  std::size_t start = 0;
  bool first = true;
  for (;;) {
    auto nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    r_.transcript.push_back((first ? pad + who + " › " : std::string(pad.size() + who.size() + 3, ' ')) + line);
    first = false;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

std::string Run::sub(const std::string& text) const {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") == 0) {
      auto end = text.find('}', i + 2);
      if (end == std::string::npos) fail("unclosed ${ in \"" + text + "\"");
      const std::string name = text.substr(i + 2, end - i - 2);
      auto it = vars_.find(name);
      if (it == vars_.end()) fail("${" + name + "} is not set yet (set by sms:, ticket:, remember: or login:)");
      out += it->second;
      i = end + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string Run::scalar(const YAML::Node& n) const {
  if (!n || n.IsNull()) return "";
  if (!n.IsScalar()) fail("expected a text, got a list or map");
  return sub(n.as<std::string>());
}

ApiResult Run::api_get(const std::string& path) const { return api_->get(path); }

void Run::settle() {
  std::string why;
  if (!api_->settle(kSettleLimit, &why)) fail(why);
}

void Run::begin_window() {
  for (const auto& c : citizens_) window_from_[c] = feed_->messages_to(c).size();
  sms_window_from_ = feed_->sms_to("").size();
}

void Run::absorb() {
  for (const auto& c : citizens_) {
    auto msgs = feed_->messages_to(c);
    std::size_t& done = logged_[c];
    for (; done < msgs.size(); ++done) {
      PhoneMessage m = read_payload(msgs[done].payload);
      std::string text;
      for (const auto& l : phone_lines(m, false)) text += (text.empty() ? "" : "\n") + l;
      note(c == sc_.citizen ? "bot" : "bot→" + c, text);
      if (m.interactive()) last_interactive_[c] = msgs[done];
    }
  }
  auto sms = feed_->sms_to("");
  for (; sms_logged_ < sms.size(); ++sms_logged_) note("sms→" + sms[sms_logged_].to, sms[sms_logged_].text);
}

std::vector<PhoneMessage> Run::window_messages(const std::string& wa) {
  auto msgs = feed_->messages_to(wa);
  std::vector<PhoneMessage> out;
  for (std::size_t i = window_from_[wa]; i < msgs.size(); ++i) out.push_back(read_payload(msgs[i].payload));
  return out;
}

std::vector<SmsMessage> Run::window_sms() {
  auto all = feed_->sms_to("");
  return std::vector<SmsMessage>(all.begin() + static_cast<std::ptrdiff_t>(std::min(sms_window_from_, all.size())),
                                 all.end());
}

std::string Run::last_bot_wamid(const std::string& wa, std::size_t back) {
  auto msgs = feed_->messages_to(wa);
  if (msgs.size() <= back) return "";
  return msgs[msgs.size() - 1 - back].wamid;
}

void Run::post_raw(const std::string& body, bool sign, const std::string& label, const std::string& what) {
  auto res = api_->post_webhook(body, sign);
  last_http_ = res.status;
  posted_["last"] = body;
  if (!label.empty()) posted_[label] = body;
  if (res.status != 200)
    note("runner", what + ": webhook answered " + (res.status ? std::to_string(res.status) + " " + short_text(res.body)
                                                              : "nothing (" + res.error + ")"));
}

void Run::post(const std::string& wa, const std::vector<json>& messages, const std::string& label) {
  post_raw(messages_webhook(api_->target().phone_number_id, wa, sc_.profile_name, messages), true, label, "post");
  if (last_http_ != 200) fail("the webhook was answered " + std::to_string(last_http_) + ", expected 200");
}

json Run::message_for(const Step& s, const std::string& wa, const YAML::Node& arg, const std::string& kind) {
  CitizenMessage cm;
  const std::string who = wa == sc_.citizen ? "citizen" : "citizen " + wa;
  auto opt = [&](const char* key, const std::string& def) {
    return arg.IsMap() && arg[key] ? scalar(arg[key]) : def;
  };
  if (kind == "say") {
    cm.text = scalar(arg);
    note(who, cm.text);
  } else if (kind == "tap") {
    const std::string sel = scalar(arg);
    auto it = last_interactive_.find(wa);
    if (it == last_interactive_.end()) fail("tap \"" + sel + "\": no list or buttons have reached " + wa + " yet");
    PhoneMessage pm = read_payload(it->second.payload);
    const Choice* pick = nullptr;
    for (const auto& c : pm.choices)
      if (!pick && action_of(c.id) == sel) pick = &c;
    for (const auto& c : pm.choices)
      if (!pick && lower(c.title) == lower(sel)) pick = &c;
    if (!pick) {
      std::vector<const Choice*> partial;
      for (const auto& c : pm.choices)
        if (lower(c.title).find(lower(sel)) != std::string::npos) partial.push_back(&c);
      if (partial.size() == 1) pick = partial[0];
    }
    if (!pick) {
      std::string offered;
      for (const auto& c : pm.choices) offered += "\n    [" + action_of(c.id) + "] " + c.title;
      fail("tap \"" + sel + "\": the last " + pm.kind + " offers no such action or title; it offers:" + offered);
    }
    cm.type = "interactive";
    cm.reply_kind = pm.kind == "list" ? "list_reply" : "button_reply";
    cm.reply_id = pick->id;
    cm.reply_title = pick->title;
    cm.reply_description = pick->description;
    cm.context_id = it->second.wamid;
    if (s.node["remember"]) vars_[s.node["remember"].as<std::string>()] = pick->id;
    note(who, "[tap] " + pick->title + "  (" + pick->id + ")");
  } else if (kind == "tap_id") {
    cm.type = "interactive";
    cm.reply_kind = "button_reply";
    cm.reply_id = scalar(arg);
    cm.reply_title = s.node["title"] ? scalar(s.node["title"]) : cm.reply_id;
    note(who, "[tap an old button] " + cm.reply_title + "  (" + cm.reply_id + ")");
  } else if (kind == "send_image") {
    cm.type = "image";
    cm.text = arg.IsScalar() ? scalar(arg) : opt("caption", "");
    cm.mime_type = opt("mime_type", "image/jpeg");
    cm.media_id = opt("media_id", "");
    note(who, "[image]" + (cm.text.empty() ? "" : " " + cm.text));
  } else if (kind == "send_document") {
    cm.type = "document";
    cm.filename = arg.IsScalar() ? scalar(arg) : opt("filename", "dokumen.pdf");
    if (cm.filename.empty()) cm.filename = "dokumen.pdf";
    cm.text = opt("caption", "");
    cm.mime_type = opt("mime_type", "application/pdf");
    cm.media_id = opt("media_id", "");
    note(who, "[document " + cm.filename + "]" + (cm.text.empty() ? "" : " " + cm.text));
  } else if (kind == "send_sticker") {
    cm.type = "sticker";
    cm.mime_type = "image/webp";
    note(who, "[sticker]");
  } else if (kind == "send_audio") {
    cm.type = "audio";
    cm.mime_type = "audio/ogg; codecs=opus";
    cm.voice = !(arg.IsMap() && arg["voice"]) || arg["voice"].as<bool>();
    note(who, cm.voice ? "[voice note]" : "[audio]");
  } else if (kind == "send_video") {
    cm.type = "video";
    cm.mime_type = "video/mp4";
    cm.text = arg.IsScalar() ? scalar(arg) : opt("caption", "");
    note(who, "[video]");
  } else if (kind == "location") {
    cm.type = "location";
    cm.latitude = arg["latitude"].as<double>();
    cm.longitude = arg["longitude"].as<double>();
    cm.location_name = opt("name", "");
    note(who, "[location " + scalar(arg["latitude"]) + ", " + scalar(arg["longitude"]) + "]");
  } else if (kind == "react") {
    cm.type = "reaction";
    cm.emoji = scalar(arg);
    cm.reaction_to = last_bot_wamid(wa);
    if (cm.reaction_to.empty()) cm.reaction_to = "wamid.UNKNOWN";
    note(who, "[reaction " + cm.emoji + "]");
  } else if (kind == "send") {
    cm.type = scalar(arg["type"]);
    cm.text = opt("text", "");
    note(who, "[" + cm.type + " message]");
  } else {
    fail(kind + " cannot be sent as a message");
  }
  return message_object(wa, new_message_id(), unix_seconds_now(), cm);
}

void Run::do_login(const Step& s, const std::string& wa) {
  const YAML::Node& arg = s.arg;
  const bool use_wa = arg.IsMap() && arg["use_wa"] && arg["use_wa"].as<bool>();
  std::string phone = arg.IsScalar() ? scalar(arg) : (arg["phone"] ? scalar(arg["phone"]) : wa);
  auto e164 = normalize_phone(phone);
  if (!e164) fail("login: \"" + phone + "\" is not an Indonesian mobile number");
  auto send = [&](const std::string& kind, const std::string& value) {
    YAML::Node n(value);
    post(wa, {message_for(s, wa, n, kind)}, "");
    settle();
    absorb();
  };
  if (use_wa) {
    send("say", "halo");
    send("tap", "phone.wa");
  } else {
    send("say", phone);
  }
  std::string code;
  for (const auto& m : window_sms())
    if (m.to == *e164) code = otp_code_in(m.text);
  if (code.empty()) fail("login: no OTP SMS reached " + *e164 + " (registered? locked? see the transcript)");
  vars_["otp"] = code;
  vars_["otp_wrong"] = std::string(1, static_cast<char>('0' + (code[0] - '0' + 1) % 10)) + code.substr(1);
  send("say", code);
  auto menu_or_family = [&](const char* what) {
    auto it = last_interactive_.find(wa);
    bool ok = false;
    if (it != last_interactive_.end())
      for (const auto& c : read_payload(it->second.payload).choices) {
        const std::string a = action_of(c.id);
        if (a.rfind("menu.", 0) == 0 || (std::string(what) == "family" && a.rfind("fam.", 0) == 0)) ok = true;
      }
    if (!ok) fail(std::string("login: after the code no ") + what + " list arrived");
  };
  menu_or_family("family");
  if (arg.IsMap() && arg["person"]) {
    send("tap", scalar(arg["person"]));
    menu_or_family("menu");
  }
}

void Run::do_webhook(const Step& s, const std::string& wa) {
  const std::string file = s.arg.IsScalar() ? scalar(s.arg) : scalar(s.arg["file"]);
  const bool sign = !(s.arg.IsMap() && s.arg["signature"] && scalar(s.arg["signature"]) == "bad");
  std::string body = read_text_file(resolve_path(sc_.dir, file));
  auto saved = vars_;
  vars_["citizen"] = wa;
  vars_["phone_number_id"] = api_->target().phone_number_id;
  vars_["timestamp"] = std::to_string(unix_seconds_now());
  vars_["message_id"] = new_message_id();
  for (int i = 1; i <= 9; ++i) vars_["message_id_" + std::to_string(i)] = new_message_id();
  vars_["last_wamid"] = last_bot_wamid(wa);
  try {
    body = sub(body);
  } catch (...) {
    vars_ = saved;
    throw;
  }
  vars_ = saved;
  note("webhook", file + (sign ? "" : " (wrong signature)"));
  post_raw(body, sign, s.label, "webhook " + file);
}

void Run::do_status(const Step& s, const std::string& wa) {
  const std::string status = s.arg.IsScalar() ? scalar(s.arg) : scalar(s.arg["status"]);
  const std::size_t back = s.arg.IsMap() && s.arg["back"] ? s.arg["back"].as<std::size_t>() : 0;
  const std::string wamid = last_bot_wamid(wa, back);
  if (wamid.empty()) fail("status: no bot message with a Graph id to report on (needs the runner's fake Graph)");
  note("meta", "status " + status + " for " + wamid);
  post_raw(status_webhook(api_->target().phone_number_id, wa, wamid, status, unix_seconds_now()), true, s.label,
           "status");
}

void Run::do_resolve(const Step& s) {
  const YAML::Node& a = s.arg;
  const std::string ticket = a["ticket"] ? scalar(a["ticket"]) : sub("${ticket}");
  std::string reply = scalar(a["reply"]);
  if (a["repeat"]) {
    const auto n = std::min<std::size_t>(a["repeat"].as<std::size_t>(), kMaxRepeat);
    std::string one = reply;
    reply.clear();
    for (std::size_t i = 0; i < n; ++i) reply += one;
  }
  json body{{"reply", reply}};
  if (a["apply"]) {
    const YAML::Node& ap = a["apply"];
    std::string citizen;
    if (ap["nik"]) {
      auto c = api_->get("/admin/citizens/" + url_escape(scalar(ap["nik"])));
      if (!c.ok()) fail("resolve: citizen " + scalar(ap["nik"]) + ": " + c.error);
      citizen = c.body.value("id", "");
    } else {
      auto t = api_->get("/admin/tickets/" + url_escape(ticket));
      if (!t.ok() || !t.body["records"].is_array() || t.body["records"].empty())
        fail("resolve: ticket " + ticket + " has no citizen record: " + t.error);
      citizen = t.body["records"][0].value("id", "");
    }
    body["apply"] = {{"citizen", citizen}, {"field", scalar(ap["field"])}, {"value", scalar(ap["value"])}};
  }
  auto res = api_->admin("POST", "/admin/tickets/" + url_escape(ticket) + "/resolve", body);
  const int want = a["status"] ? a["status"].as<int>() : 200;
  const std::string as = res.body.is_object() ? res.body.value("delivered_as", "") : "";
  note("officer", "resolves " + ticket + ": \"" + short_text(reply, 100) + "\"" +
                      (body.contains("apply") ? " and applies " + body["apply"]["field"].get<std::string>() : "") +
                      " → HTTP " + std::to_string(res.status) + (as.empty() ? "" : ", delivered as " + as));
  if (res.status != want) fail("resolve " + ticket + ": HTTP " + std::to_string(res.status) + " (" + res.error + "), expected " + std::to_string(want));
  if (a["delivered_as"] && as != scalar(a["delivered_as"]))
    fail("resolve " + ticket + ": delivered as \"" + as + "\", expected \"" + scalar(a["delivered_as"]) + "\"");
  if (!as.empty()) vars_["delivered_as"] = as;
}

void Run::do_restart(const std::string& how) {
  if (!server_) fail("restart needs a server the runner started");
  const int sig = how == "kill" ? SIGKILL : SIGTERM;
  const int code = server_->stop(sig);
  note("runner", std::string(sig == SIGKILL ? "SIGKILL" : "SIGTERM") + " → the server exited with " + std::to_string(code));
  if (sig == SIGTERM && code != 0) fail("after SIGTERM the server exited with " + std::to_string(code) + ", expected 0:\n" + server_->log_tail(15));
  std::string error;
  if (!server_->start(&error)) fail("the server did not come back: " + error);
  aim_api_at_server();  // its ports may have moved if another process took one meanwhile
  note("runner", "server restarted on the same data dir and ready");
}

void Run::do_advance(const std::string& how) {
  const double s = parse_duration_s(how);
  if (s < 0) fail("advance_clock: \"" + how + "\" is not a duration (301, 301s, 5m, 24h, 2d)");
  auto res = api_->admin("POST", "/sandbox/clock", json{{"advance_s", s}});
  if (!res.ok()) fail("POST /sandbox/clock: " + res.error);
  note("runner", "test clock +" + how + " → " + res.body.value("now", std::string("?")));
  std::this_thread::sleep_for(kTimerTickWait);
}

void Run::step(const Step& s, std::size_t index) {
  const std::string wa = s.as.empty() ? sc_.citizen : sub(s.as);
  if (std::find(citizens_.begin(), citizens_.end(), wa) == citizens_.end()) {
    if (sandbox_) sandbox_->skip_history(wa);
    citizens_.push_back(wa);
    logged_[wa] = feed_->messages_to(wa).size();
    window_from_[wa] = logged_[wa];
  }
  r_.transcript.push_back("── step " + std::to_string(index) + ", " + s.describe());
  const bool acts = s.kind != "expect" && s.kind != "wait" && s.kind != "restart";
  if (acts) begin_window();
  const std::string& k = s.kind;
  if (k == "login") {
    do_login(s, wa);
  } else if (k == "batch") {
    std::vector<json> msgs;
    for (std::size_t i = 0; i < s.arg.size(); ++i) {
      const YAML::Node sub_node = s.arg[i];
      Step part;
      part.node = sub_node;
      for (auto it = sub_node.begin(); it != sub_node.end(); ++it) {
        const std::string key = it->first.as<std::string>();
        if (std::find(message_step_kinds().begin(), message_step_kinds().end(), key) != message_step_kinds().end()) {
          part.kind = key;
          part.arg = it->second;
        }
      }
      msgs.push_back(message_for(part, wa, part.arg, part.kind));
    }
    post(wa, msgs, s.label);
  } else if (std::find(message_step_kinds().begin(), message_step_kinds().end(), k) != message_step_kinds().end()) {
    auto m = message_for(s, wa, s.arg, k);
    post_raw(messages_webhook(api_->target().phone_number_id, wa, sc_.profile_name, {m}), true, s.label, k);
  } else if (k == "webhook") {
    do_webhook(s, wa);
  } else if (k == "redeliver") {
    const std::string label = scalar(s.arg);
    auto it = posted_.find(label);
    if (it == posted_.end()) fail("redeliver: no webhook was posted with label \"" + label + "\"");
    note("meta", "redelivers the webhook \"" + label + "\" (same message ids)");
    post_raw(it->second, true, "", "redeliver");
  } else if (k == "status") {
    do_status(s, wa);
  } else if (k == "restart") {
    do_restart(scalar(s.arg));
  } else if (k == "advance_clock") {
    do_advance(scalar(s.arg));
  } else if (k == "resolve") {
    do_resolve(s);
  } else if (k == "wait") {
    const double secs = s.arg.IsScalar() ? parse_duration_s(scalar(s.arg))
                                         : (s.arg["seconds"] ? parse_duration_s(scalar(s.arg["seconds"])) : 0);
    if (secs < 0) fail("wait: not a duration");
    if (secs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(secs * 1000)));
  }
  // A posting step without an `http` expectation must have been accepted.
  const bool posts = k != "login" && k != "batch" && k != "restart" && k != "advance_clock" && k != "resolve" &&
                     k != "wait" && k != "expect";
  const bool http_checked =
      std::any_of(s.expect.begin(), s.expect.end(), [](const Expectation& e) { return e.kind == "http"; });
  if (posts && !http_checked && last_http_ != 200)
    fail("the webhook was answered " + std::to_string(last_http_) + ", expected 200");
  if (s.settle && k != "expect") settle();
  absorb();
  if (!s.expect.empty()) {
    auto timeout = opt_.expect_timeout;
    if (k == "wait" && s.arg.IsMap() && s.arg["timeout"])
      timeout = std::chrono::milliseconds(static_cast<long>(parse_duration_s(scalar(s.arg["timeout"])) * 1000));
    expect_all(s.expect, wa, timeout);
    absorb();
  }
}

}  // namespace scenario_detail

ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  ScenarioResult r;
  r.file = scenario.file;
  r.name = scenario.name;
  const auto t0 = std::chrono::steady_clock::now();
  {
    Run run(scenario, options, r);
    if (auto why = run.skip_reason()) {
      r.outcome = Outcome::skipped;
      r.message = *why;
      return r;
    }
    std::size_t i = 0;
    try {
      run.start();
      for (i = 0; i < scenario.steps.size(); ++i) run.step(scenario.steps[i], i + 1);
      r.outcome = Outcome::passed;
    } catch (const StepFailed& f) {
      r.outcome = Outcome::failed;
      r.message = i < scenario.steps.size() ? scenario.file + ": step " + std::to_string(i + 1) + ", " +
                                                  scenario.steps[i].describe() + "\n" + f.what
                                            : scenario.file + ": " + f.what;
    } catch (const std::exception& e) {
      r.outcome = Outcome::failed;
      r.message = scenario.file + ": runner error: " + e.what();
    }
    if (r.outcome == Outcome::failed) r.message += run.diagnostics();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

std::string format_report(const ScenarioResult& r) {
  std::ostringstream out;
  if (r.outcome == Outcome::skipped) {
    out << "SKIP  " << r.name << "  (" << r.file << "): " << r.message << "\n";
    return out.str();
  }
  out << (r.outcome == Outcome::passed ? "PASS  " : "FAIL  ") << r.name << "  (" << r.file << ")\n";
  if (r.outcome == Outcome::failed) {
    std::istringstream msg(r.message);
    for (std::string line; std::getline(msg, line);) out << "  " << line << "\n";
    out << "  transcript:\n";
    for (const auto& l : r.transcript) out << "    " << l << "\n";
    if (!r.data_dir.empty()) out << "  data dir kept: " << r.data_dir << " (server log: " << r.data_dir << ".log)\n";
  }
  return out.str();
}

}  // namespace aduan::app
