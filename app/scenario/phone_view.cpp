#include "app/scenario/phone_view.hpp"

namespace aduan::app {

using nlohmann::json;

namespace {

std::string str(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& at(const json& j, const char* key) {
  static const json null_json;
  if (!j.is_object()) return null_json;
  auto it = j.find(key);
  return it == j.end() ? null_json : *it;
}

// Splits on '\n' so a multi-line body keeps its shape on screen.
void add_lines(std::vector<std::string>& out, const std::string& text) {
  std::size_t start = 0;
  for (;;) {
    auto nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

}  // namespace

std::string action_of(const std::string& choice_id) {
  auto colon = choice_id.rfind(':');
  return colon == std::string::npos ? choice_id : choice_id.substr(0, colon);
}

std::string PhoneMessage::readable() const {
  std::string out = header + "\n" + text + "\n" + footer + "\n" + list_button;
  for (const auto& c : choices) out += "\n" + c.title + "\n" + c.description;
  if (!filename.empty()) out += "\n" + filename;
  if (!template_name.empty()) out += "\n" + template_name;
  for (const auto& p : template_params) out += "\n" + p;
  return out;
}

PhoneMessage read_payload(const json& p) {
  PhoneMessage m;
  const std::string type = str(p, "type");
  if (type == "text") {
    m.kind = "text";
    m.text = str(at(p, "text"), "body");
  } else if (type == "interactive") {
    const json& in = at(p, "interactive");
    const std::string itype = str(in, "type");
    m.text = str(at(in, "body"), "text");
    m.header = str(at(in, "header"), "text");
    m.footer = str(at(in, "footer"), "text");
    const json& action = at(in, "action");
    if (itype == "list") {
      m.kind = "list";
      m.list_button = str(action, "button");
      const json& sections = at(action, "sections");
      if (sections.is_array())
        for (const auto& s : sections) {
          const json& rows = at(s, "rows");
          if (rows.is_array())
            for (const auto& r : rows) m.choices.push_back({str(r, "id"), str(r, "title"), str(r, "description")});
        }
    } else if (itype == "button") {
      m.kind = "buttons";
      const json& buttons = at(action, "buttons");
      if (buttons.is_array())
        for (const auto& b : buttons) {
          const json& reply = at(b, "reply");
          m.choices.push_back({str(reply, "id"), str(reply, "title"), ""});
        }
    } else {
      m.kind = "other";
    }
  } else if (type == "document") {
    m.kind = "document";
    const json& d = at(p, "document");
    m.media_id = str(d, "id");
    m.link = str(d, "link");
    m.filename = str(d, "filename");
    m.text = str(d, "caption");
  } else if (type == "template") {
    m.kind = "template";
    const json& t = at(p, "template");
    m.template_name = str(t, "name");
    m.template_language = str(at(t, "language"), "code");
    const json& comps = at(t, "components");
    if (comps.is_array())
      for (const auto& c : comps) {
        const json& params = at(c, "parameters");
        if (params.is_array())
          for (const auto& x : params) m.template_params.push_back(str(x, "text"));
      }
  } else {
    m.kind = "other";
    m.text = p.dump();
  }
  return m;
}

std::vector<std::string> phone_lines(const PhoneMessage& m, bool numbered) {
  std::vector<std::string> out;
  if (!m.header.empty()) out.push_back("*" + m.header + "*");
  if (m.kind == "document") {
    out.push_back("[document " + (m.filename.empty() ? std::string("(no name)") : m.filename) + "]");
  } else if (m.kind == "template") {
    std::string params;
    for (const auto& p : m.template_params) params += (params.empty() ? "" : " | ") + p;
    out.push_back("[template " + m.template_name + "/" + m.template_language + "] " + params);
  }
  if (!m.text.empty()) add_lines(out, m.text);
  if (!m.footer.empty()) out.push_back("_" + m.footer + "_");
  if (m.kind == "list" && !m.list_button.empty()) out.push_back("(list: " + m.list_button + ")");
  for (std::size_t i = 0; i < m.choices.size(); ++i) {
    const auto& c = m.choices[i];
    std::string line = numbered ? "  [" + std::to_string(i + 1) + "] " + c.title
                                : "  [" + action_of(c.id) + "] " + c.title;
    if (!c.description.empty()) line += " — " + c.description;
    out.push_back(line);
  }
  return out;
}

}  // namespace aduan::app
