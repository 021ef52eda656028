// Tickets the bot opens for officers (CONTRACTS.md kinds: nik_conflict, certificate_missing,
// correction_review, officer_requested), shared by the conversation flow and the officer desk.
// Layout: tickets (id → ticket), chat_tickets (DUPSORT chat key → id), and an index of open
// tickets in meta ("tk_open:<id>") so counts and the open list never scan resolved history.
// Contract: writers inside a write txn (the storage writer's or a CLI's); readers on any txn.
// Ticket ids come from the caller (flow::ticket_id_for): opening an existing id is a no-op,
// so a replayed event cannot open a ticket twice. Errors: StorageError propagates.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "storage/lmdb_env.hpp"

namespace aduan::storage {

constexpr std::size_t kTicketPageMax = 500;

// Returns false (and writes nothing) when a ticket with this id already exists.
bool open_ticket(Txn& w, const Ticket& t);
// false when the ticket does not exist.
bool attach_media(Txn& w, const std::string& ticket_id, const TicketAttachment& a);

std::optional<Ticket> get_ticket(const Txn& r, const std::string& ticket_id);

enum class TicketFilter { open, resolved, all };
// "open" | "resolved" | "all"; nullopt for anything else.
std::optional<TicketFilter> parse_ticket_filter(const std::string& s);

struct TicketPage {
  std::vector<Ticket> items;
  std::optional<std::string> next;  // cursor: pass back to get the following page
};
// Tickets in id order; cursor "" for the first page. limit clamped to [1, kTicketPageMax].
TicketPage list_tickets(const Txn& r, TicketFilter filter, const std::string& cursor, std::size_t limit);

std::vector<Ticket> tickets_of_chat(const Txn& r, const std::string& chat_key);

enum class TicketUpdate { ok, not_found, unchanged };
// open → resolved with the officer's text; unchanged when already resolved.
TicketUpdate resolve_ticket(Txn& w, const std::string& ticket_id, const std::string& resolution,
                            const std::string& resolved_by, TimeMs now);
// resolved → open with a fresh SLA due time; unchanged when already open.
TicketUpdate reopen_ticket(Txn& w, const std::string& ticket_id, TimeMs new_sla_due);
// Records that the SLA breach of this ticket was logged (so it is logged once).
TicketUpdate mark_breach_logged(Txn& w, const std::string& ticket_id);

struct TicketCounts {
  std::uint64_t open = 0;
  std::uint64_t breached = 0;  // open and past sla_due at `now`
};
TicketCounts count_tickets(const Txn& r, TimeMs now);

// Open tickets past their SLA whose breach has not been logged yet.
std::vector<Ticket> unlogged_breaches(const Txn& r, TimeMs now);

}  // namespace aduan::storage
