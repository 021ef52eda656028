// The scenario runner's checks: on the bot's replies since the step began, on the SMS
// gateway, and on the data through the admin API (tests/scenarios/README.md lists them).
// Each check returns "" when it holds, else a sentence saying what was found instead.
#include <algorithm>
#include <regex>
#include <thread>

#include "app/scenario/runner_internal.hpp"
#include "core/phone.hpp"

namespace aduan::app::scenario_detail {

using nlohmann::json;

namespace {

constexpr auto kExpectPoll = std::chrono::milliseconds(100);
constexpr std::size_t kAdminPage = 200;

std::string joined_actions(const PhoneMessage& m) {
  std::string out;
  for (const auto& c : m.choices) out += (out.empty() ? "" : ", ") + action_of(c.id);
  return "[" + out + "]";
}

std::string seen(const std::vector<PhoneMessage>& msgs) {
  if (msgs.empty()) return "no bot message since the step began";
  std::string out = std::to_string(msgs.size()) + " bot message(s) since the step began";
  return out;
}

// A phone given the way a person writes it, as E.164 digits.
std::string phone_digits(const std::string& p) {
  if (auto e = normalize_phone(p)) return *e;
  return digits_only(p);
}

std::string json_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

std::string Run::check(const Expectation& e, const std::string& wa) {
  const std::string& k = e.kind;
  const YAML::Node& a = e.arg;
  auto opt = [&](const char* key, const std::string& def = "") {
    return a.IsMap() && a[key] ? scalar(a[key]) : def;
  };

  if (k == "contains" || k == "not_contains" || k == "matches") {
    const std::string want = scalar(a);
    auto msgs = window_messages(wa);
    std::size_t hits = 0;
    std::regex re;
    if (k == "matches") {
      try {
        re = std::regex(want, std::regex::ECMAScript);
      } catch (const std::regex_error& x) {
        return std::string("bad regular expression: ") + x.what();
      }
    }
    for (const auto& m : msgs) {
      const std::string text = m.readable();
      if (k == "matches" ? std::regex_search(text, re) : text.find(want) != std::string::npos) ++hits;
    }
    if (k == "not_contains") return hits == 0 ? "" : std::to_string(hits) + " bot message(s) contain it";
    return hits > 0 ? "" : seen(msgs) + " and none " + (k == "matches" ? "matches" : "contains it");
  }

  if (k == "list" || k == "buttons") {
    std::vector<std::string> want;
    for (const auto& x : a) want.push_back(sub(x.as<std::string>()));
    auto msgs = window_messages(wa);
    const PhoneMessage* last = nullptr;
    for (const auto& m : msgs)
      if (m.kind == k) last = &m;
    if (!last) return seen(msgs) + ", none of them " + (k == "list" ? "a list" : "reply buttons");
    std::vector<std::string> got;
    for (const auto& c : last->choices) got.push_back(action_of(c.id));
    if (got == want) return "";
    return "the last " + k + " offers " + joined_actions(*last);
  }

  if (k == "offers") {
    const std::string want = scalar(a);
    for (const auto& m : window_messages(wa))
      for (const auto& c : m.choices)
        if (action_of(c.id) == want || c.title == want) return "";
    return "no list or buttons since the step began offer it";
  }

  if (k == "document") {
    auto msgs = window_messages(wa);
    const PhoneMessage* doc = nullptr;
    for (const auto& m : msgs)
      if (m.kind == "document") doc = &m;
    if (!doc) return seen(msgs) + ", no document among them";
    const std::string filename = opt("filename");
    if (!filename.empty() && doc->filename != filename) return "the document is named \"" + doc->filename + "\"";
    const std::string caption = opt("caption_contains");
    if (!caption.empty() && doc->text.find(caption) == std::string::npos)
      return "the document's caption is \"" + doc->text + "\"";
    const bool pdf = a.IsScalar() ? scalar(a) == "pdf" : opt("pdf", "true") == "true";
    if (pdf) {
      if (doc->media_id.empty()) return "the document has no media id (link: " + doc->link + ")";
      auto bytes = feed_->media(doc->media_id);
      if (!bytes) return "media " + doc->media_id + " was never uploaded";
      if (bytes->bytes.compare(0, 5, "%PDF-") != 0) return "media " + doc->media_id + " does not start with %PDF-";
      if (bytes->bytes.find("%%EOF") == std::string::npos) return "media " + doc->media_id + " has no %%EOF trailer";
    }
    return "";
  }

  if (k == "template") {
    const std::string name = a.IsScalar() ? scalar(a) : opt("name");
    const std::string has = opt("contains");
    auto msgs = window_messages(wa);
    for (const auto& m : msgs)
      if (m.kind == "template" && (name.empty() || m.template_name == name) &&
          (has.empty() || m.readable().find(has) != std::string::npos))
        return "";
    return seen(msgs) + ", no such template among them";
  }

  if (k == "replies") {
    const auto want = static_cast<std::size_t>(std::stoul(scalar(a)));
    auto n = window_messages(wa).size();
    return n == want ? "" : std::to_string(n) + " bot message(s) since the step began";
  }

  if (k == "sms" || k == "no_sms") {
    std::string to = a.IsScalar() ? scalar(a) : opt("to", wa);
    if (to.empty()) to = wa;
    to = phone_digits(to);
    const std::vector<SmsMessage> sms = window_sms();
    const SmsMessage* last = nullptr;
    std::size_t n = 0;
    for (const auto& m : sms)
      if (m.to == to) {
        last = &m;
        ++n;
      }
    if (k == "no_sms") return n == 0 ? "" : std::to_string(n) + " SMS reached " + to;
    if (!last) return "no SMS reached " + to + " since the step began";
    const std::string has = opt("contains");
    if (!has.empty() && last->text.find(has) == std::string::npos) return "the SMS reads \"" + last->text + "\"";
    const std::string code = otp_code_in(last->text);
    if (code.empty()) return "the SMS has no single six-digit code: \"" + last->text + "\"";
    vars_[opt("save", "otp")] = code;
    // A code that is certainly wrong, for "wrong code" steps.
    std::string wrong = code;
    wrong[0] = static_cast<char>('0' + (wrong[0] - '0' + 1) % 10);
    vars_[opt("save", "otp") + "_wrong"] = wrong;
    return "";
  }

  if (k == "citizen") {
    const std::string nik = scalar(a["nik"]), field = scalar(a["field"]), want = scalar(a["equals"]);
    auto r = api_get("/admin/citizens/" + url_escape(nik) + "?reveal=1");
    if (r.status == 404 && want == "absent") return "";
    if (!r.ok()) return "GET /admin/citizens/" + nik + ": " + r.error;
    if (!r.body.contains(field)) return "the record has no field \"" + field + "\"";
    const std::string got = json_text(r.body[field]);
    return got == want ? "" : field + " is \"" + got + "\"";
  }

  if (k == "ticket" || k == "no_ticket") {
    const std::string kind = a.IsScalar() ? scalar(a) : opt("kind");
    const std::string status = k == "no_ticket" ? opt("status", "any") : opt("status", "open");
    auto r = api_get("/admin/tickets?status=all&limit=" + std::to_string(kAdminPage));
    if (!r.ok() || !r.body["items"].is_array()) return "GET /admin/tickets: " + r.error;
    std::vector<json> match;
    for (const auto& t : r.body["items"])
      if ((kind.empty() || t.value("kind", "") == kind) && (status == "any" || t.value("status", "") == status))
        match.push_back(t);
    if (k == "no_ticket") return match.empty() ? "" : std::to_string(match.size()) + " such ticket(s), e.g. " + match[0].value("id", "");
    const std::string count = opt("count");
    if (!count.empty() && match.size() != std::stoul(count)) return std::to_string(match.size()) + " such ticket(s)";
    if (match.empty()) {
      std::string all;
      for (const auto& t : r.body["items"]) all += " " + t.value("id", "") + "/" + t.value("kind", "") + "/" + t.value("status", "");
      return "no such ticket; tickets:" + (all.empty() ? std::string(" none") : all);
    }
    std::sort(match.begin(), match.end(), [](const json& x, const json& y) { return x.value("id", "") < y.value("id", ""); });
    const std::string id = match.back().value("id", "");
    vars_[opt("save", "ticket")] = id;
    const std::string records = opt("records");
    if (!records.empty()) {
      auto t = api_get("/admin/tickets/" + url_escape(id));
      if (!t.ok()) return "GET /admin/tickets/" + id + ": " + t.error;
      const auto n = t.body["records"].is_array() ? t.body["records"].size() : 0;
      if (n != std::stoul(records)) return id + " holds " + std::to_string(n) + " citizen record(s)";
    }
    const std::string attachments = opt("attachments");
    if (!attachments.empty()) {
      const auto n = match.back()["attachments"].is_array() ? match.back()["attachments"].size() : 0;
      if (n != std::stoul(attachments)) return id + " has " + std::to_string(n) + " attachment(s)";
    }
    const std::string summary = opt("summary_contains");
    if (!summary.empty() && match.back().value("summary", "").find(summary) == std::string::npos)
      return id + "'s summary is \"" + match.back().value("summary", "") + "\"";
    return "";
  }

  if (k == "audit") {
    const std::string nik = scalar(a["nik"]);
    const std::string field = opt("field");
    auto r = api_get("/admin/audit?nik=" + url_escape(nik) + "&reveal=1&limit=" + std::to_string(kAdminPage));
    if (!r.ok() || !r.body["items"].is_array()) return "GET /admin/audit?nik=" + nik + ": " + r.error;
    std::vector<json> rows;
    for (const auto& x : r.body["items"]) {
      const std::string f = x.value("field", "");
      if (field.empty() ? f != "reveal" : f == field) rows.push_back(x);
    }
    const std::string count = opt("count");
    if (!count.empty() && rows.size() != std::stoul(count))
      return std::to_string(rows.size()) + " audit row(s)" + (field.empty() ? "" : " for " + field);
    if (count.empty() && rows.empty()) return "no audit row" + (field.empty() ? std::string() : " for " + field);
    const std::string want_new = opt("new"), who = opt("who");
    for (const auto& x : rows) {
      if (!want_new.empty() && json_text(x["new"]) != want_new) continue;
      if (!who.empty() && x.value("who", "").rfind(who, 0) != 0) continue;
      return "";
    }
    if (want_new.empty() && who.empty()) return "";
    std::string got;
    for (const auto& x : rows) got += " {" + x.value("who", "") + ": " + json_text(x["old"]) + " → " + json_text(x["new"]) + "}";
    return "no row with that new value / who; rows:" + got;
  }

  if (k == "outbox") {
    const std::string want = scalar(a["status"]);
    std::uint64_t after = 0;
    json last;
    for (;;) {
      auto r = api_get("/sandbox/outbox?to=" + url_escape(wa) + "&after=" + std::to_string(after));
      if (!r.ok() || !r.body["items"].is_array()) return "GET /sandbox/outbox: " + r.error;
      if (r.body["items"].empty()) break;
      last = r.body["items"].back();
      after = last.value("seq", after);
    }
    if (last.is_null()) return "no outbox row for " + wa;
    const std::string got = last.value("status", "");
    return got == want ? "" : "the last outbox row to " + wa + " is " + got;
  }

  if (k == "http") {
    const int want = std::stoi(scalar(a));
    return last_http_ == want ? "" : "the webhook was answered " + std::to_string(last_http_);
  }
  return "unknown expectation " + k;
}

void Run::expect_all(const std::vector<Expectation>& list, const std::string& wa, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (const auto& e : list) {
    std::string why;
    for (;;) {
      try {
        why = check(e, wa);
      } catch (const StepFailed& f) {
        why = f.what;
      } catch (const std::exception& x) {
        why = std::string("check failed: ") + x.what();
      }
      if (why.empty() || std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(kExpectPoll);
      absorb();
    }
    if (!why.empty()) throw StepFailed{"expected (" + e.describe() + ")\nbut " + why};
  }
}

}  // namespace aduan::app::scenario_detail
