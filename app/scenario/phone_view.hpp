// How a phone shows one message the bot sent (a Graph wire payload): its text, the choices
// of a list or of reply buttons, a document, a template. Shared by the chat simulator
// (numbered choices the person can pick) and the scenario runner (transcripts, taps by
// title or action). Pure; any thread; unknown shapes come back as kind "other".
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aduan::app {

struct Choice {
  std::string id, title, description;
};

struct PhoneMessage {
  std::string kind;        // text, list, buttons, document, template, other
  std::string text;        // text body, interactive body, document caption
  std::string header, footer;
  std::string list_button; // the label of a list's open button
  std::vector<Choice> choices;
  std::string media_id, filename, link;  // document
  std::string template_name, template_language;
  std::vector<std::string> template_params;

  bool interactive() const { return kind == "list" || kind == "buttons"; }
  // Everything a person reads in it, for "contains" checks: text, header, footer, choice
  // titles and descriptions, caption, file name, template name and parameters.
  std::string readable() const;
};

PhoneMessage read_payload(const nlohmann::json& payload);

// The action of a choice id: option ids are "<action>:<nonce>" (core/flow), so "menu.cert:7"
// → "menu.cert". An id without a colon is its own action.
std::string action_of(const std::string& choice_id);

// Lines as a phone would show them. With numbered=true the choices are "[1] title — desc"
// (the chat simulator lets the person pick by number); else "[action] title".
std::vector<std::string> phone_lines(const PhoneMessage& m, bool numbered);

}  // namespace aduan::app
