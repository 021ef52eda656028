#include "storage/ticket_store.hpp"

#include <algorithm>

#include "storage/codec.hpp"

namespace aduan::storage {
namespace {

constexpr std::string_view kOpenPrefix = "tk_open:";
const std::string kStatusOpen = "open";
const std::string kStatusResolved = "resolved";

std::string open_key(const std::string& id) { return std::string(kOpenPrefix) + id; }

Ticket read_ticket(std::string_view bytes) { return decode(bytes).get<Ticket>(); }
void write_ticket(Txn& w, const Ticket& t) { w.put(w.dbs().tickets, t.id, encode(nlohmann::json(t))); }

// Visits ids in the open index (in id order), starting after `after` when not empty.
void scan_open_ids(const Txn& r, const std::string& after, const std::function<bool(const std::string&)>& f) {
  const std::string from = after.empty() ? std::string(kOpenPrefix) : open_key(after);
  r.scan(r.dbs().meta, from, [&](std::string_view k, std::string_view) {
    if (k.substr(0, kOpenPrefix.size()) != kOpenPrefix) return false;
    std::string id(k.substr(kOpenPrefix.size()));
    if (!after.empty() && id == after) return true;
    return f(id);
  });
}

}  // namespace

bool open_ticket(Txn& w, const Ticket& t) {
  if (w.exists(w.dbs().tickets, t.id)) return false;
  Ticket stored = t;
  if (stored.status.empty()) stored.status = kStatusOpen;
  write_ticket(w, stored);
  if (!stored.chat.empty()) w.put(w.dbs().chat_tickets, stored.chat, stored.id);
  if (stored.status == kStatusOpen) w.put(w.dbs().meta, open_key(stored.id), "");
  return true;
}

bool attach_media(Txn& w, const std::string& ticket_id, const TicketAttachment& a) {
  auto t = get_ticket(w, ticket_id);
  if (!t) return false;
  t->attachments.push_back(a);
  write_ticket(w, *t);
  return true;
}

std::optional<Ticket> get_ticket(const Txn& r, const std::string& ticket_id) {
  auto v = r.get(r.dbs().tickets, ticket_id);
  if (!v) return std::nullopt;
  return read_ticket(*v);
}

std::optional<TicketFilter> parse_ticket_filter(const std::string& s) {
  if (s == "open") return TicketFilter::open;
  if (s == "resolved") return TicketFilter::resolved;
  if (s == "all") return TicketFilter::all;
  return std::nullopt;
}

TicketPage list_tickets(const Txn& r, TicketFilter filter, const std::string& cursor, std::size_t limit) {
  limit = std::clamp<std::size_t>(limit, 1, kTicketPageMax);
  TicketPage page;
  bool more = false;
  auto take = [&](Ticket t) {
    if (page.items.size() == limit) {
      more = true;
      return false;
    }
    page.items.push_back(std::move(t));
    return true;
  };
  if (filter == TicketFilter::open) {
    scan_open_ids(r, cursor, [&](const std::string& id) {
      auto t = get_ticket(r, id);
      return !t || take(std::move(*t));
    });
  } else {
    r.scan(r.dbs().tickets, cursor, [&](std::string_view k, std::string_view v) {
      if (!cursor.empty() && k == cursor) return true;
      Ticket t = read_ticket(v);
      if (filter == TicketFilter::resolved && t.status != kStatusResolved) return true;
      return take(std::move(t));
    });
  }
  if (more && !page.items.empty()) page.next = page.items.back().id;
  return page;
}

std::vector<Ticket> tickets_of_chat(const Txn& r, const std::string& chat_key) {
  std::vector<Ticket> out;
  r.dups(r.dbs().chat_tickets, chat_key, [&](std::string_view id) {
    if (auto t = get_ticket(r, std::string(id))) out.push_back(std::move(*t));
    return true;
  });
  return out;
}

TicketUpdate resolve_ticket(Txn& w, const std::string& ticket_id, const std::string& resolution,
                            const std::string& resolved_by, TimeMs now) {
  auto t = get_ticket(w, ticket_id);
  if (!t) return TicketUpdate::not_found;
  if (t->status == kStatusResolved) return TicketUpdate::unchanged;
  t->status = kStatusResolved;
  t->resolution = resolution;
  t->resolved_by = resolved_by;
  t->resolved_at = now;
  write_ticket(w, *t);
  w.del(w.dbs().meta, open_key(ticket_id));
  return TicketUpdate::ok;
}

TicketUpdate reopen_ticket(Txn& w, const std::string& ticket_id, TimeMs new_sla_due) {
  auto t = get_ticket(w, ticket_id);
  if (!t) return TicketUpdate::not_found;
  if (t->status == kStatusOpen) return TicketUpdate::unchanged;
  t->status = kStatusOpen;
  t->sla_due = new_sla_due;
  t->breach_logged = false;
  // The previous answer stays in the transcript; the ticket itself awaits a new one.
  t->resolution.clear();
  t->resolved_by.clear();
  t->resolved_at = 0;
  write_ticket(w, *t);
  w.put(w.dbs().meta, open_key(ticket_id), "");
  return TicketUpdate::ok;
}

TicketUpdate mark_breach_logged(Txn& w, const std::string& ticket_id) {
  auto t = get_ticket(w, ticket_id);
  if (!t) return TicketUpdate::not_found;
  if (t->breach_logged) return TicketUpdate::unchanged;
  t->breach_logged = true;
  write_ticket(w, *t);
  return TicketUpdate::ok;
}

TicketCounts count_tickets(const Txn& r, TimeMs now) {
  TicketCounts c;
  scan_open_ids(r, "", [&](const std::string& id) {
    ++c.open;
    if (auto t = get_ticket(r, id); t && t->sla_due != 0 && now > t->sla_due) ++c.breached;
    return true;
  });
  return c;
}

std::vector<Ticket> unlogged_breaches(const Txn& r, TimeMs now) {
  std::vector<Ticket> out;
  scan_open_ids(r, "", [&](const std::string& id) {
    auto t = get_ticket(r, id);
    if (t && t->sla_due != 0 && now > t->sla_due && !t->breach_logged) out.push_back(std::move(*t));
    return true;
  });
  return out;
}

}  // namespace aduan::storage
