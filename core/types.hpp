// Strong types for identities that must never be mixed (STYLE.md habit 5).
// Pure value types: no allocation policy beyond std::string, safe on any thread.
#pragma once
#include <cstdint>
#include <string>
#include <utility>

namespace aduan {

template <class Tag>
struct StrongString {
  std::string value;
  StrongString() = default;
  explicit StrongString(std::string v) : value(std::move(v)) {}
  bool empty() const { return value.empty(); }
  const std::string& str() const { return value; }
  friend bool operator==(const StrongString& a, const StrongString& b) { return a.value == b.value; }
  friend bool operator!=(const StrongString& a, const StrongString& b) { return a.value != b.value; }
  friend bool operator<(const StrongString& a, const StrongString& b) { return a.value < b.value; }
};

struct WaIdTag {};
struct PhoneTag {};
struct NikTag {};
struct MessageIdTag {};
struct TicketIdTag {};
struct CitizenIdTag {};
struct ChatKeyTag {};

using WaId = StrongString<WaIdTag>;          // WhatsApp id of a chat (digits), as Meta sends it
using Phone = StrongString<PhoneTag>;        // E.164 digits without '+', e.g. 6281234567890
using Nik = StrongString<NikTag>;            // 16-digit national id number
using MessageId = StrongString<MessageIdTag>;  // Meta's wamid.*
using TicketId = StrongString<TicketIdTag>;  // TK-…
using CitizenId = StrongString<CitizenIdTag>;  // immutable internal id, C…
// Key of one chat: "wa:<wa_id>" or "bu:<user id>" for username users without a phone.
using ChatKey = StrongString<ChatKeyTag>;

// Milliseconds since the Unix epoch, from the injected clock (core/clock.hpp).
using TimeMs = std::int64_t;

}  // namespace aduan

namespace std {
template <class Tag>
struct hash<aduan::StrongString<Tag>> {
  size_t operator()(const aduan::StrongString<Tag>& s) const noexcept { return hash<string>()(s.value); }
};
}  // namespace std
