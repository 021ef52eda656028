// Tickets: idempotent open, attachments, resolve/reopen, lists by status with a cursor,
// tickets of a chat, and the open/breached counts at a given time.
#include <catch2/catch.hpp>

#include "storage/ticket_store.hpp"
#include "tests/storage/registry_test_support.hpp"

using namespace aduan;
using namespace aduan::storage;
using namespace aduan::storage::testing;

namespace {

constexpr TimeMs kOpenedAt = 1'700'000'000'000;
constexpr TimeMs kHour = 3'600'000;

Ticket make_ticket(const std::string& id, const std::string& chat = "wa:6281234567890") {
  Ticket t;
  t.id = id;
  t.kind = "officer_requested";
  t.status = "open";
  t.chat = chat;
  t.wa_id = "6281234567890";
  t.citizens = {"C0000000001"};
  t.summary = "officer requested";
  t.details = "tolong bantu";
  t.opened_at = kOpenedAt;
  t.sla_due = kOpenedAt + kHour;
  return t;
}

void open_all(Env& env, const std::vector<Ticket>& ts) {
  Txn w(env, true);
  for (const auto& t : ts) REQUIRE(open_ticket(w, t));
  w.commit();
}

}  // namespace

TEST_CASE("Opening a ticket id twice is a no-op that keeps the first ticket") {
  TempEnv t;
  open_all(*t.env, {make_ticket("TK-1")});
  Txn w(*t.env, true);
  Ticket again = make_ticket("TK-1");
  again.details = "replayed";
  CHECK_FALSE(open_ticket(w, again));
  CHECK(get_ticket(w, "TK-1")->details == "tolong bantu");
  CHECK(tickets_of_chat(w, "wa:6281234567890").size() == 1);
  CHECK(count_tickets(w, kOpenedAt).open == 1);
}

TEST_CASE("Attachments are appended to an existing ticket only") {
  TempEnv t;
  open_all(*t.env, {make_ticket("TK-1")});
  Txn w(*t.env, true);
  CHECK(attach_media(w, "TK-1", TicketAttachment{"media-1", "image/jpeg", "image"}));
  CHECK(attach_media(w, "TK-1", TicketAttachment{"media-2", "application/pdf", "document"}));
  CHECK_FALSE(attach_media(w, "TK-404", TicketAttachment{"m", "image/png", "image"}));
  const auto got = *get_ticket(w, "TK-1");
  REQUIRE(got.attachments.size() == 2);
  CHECK(got.attachments[1].media_id == "media-2");
  CHECK(got.attachments[1].mime_type == "application/pdf");
}

TEST_CASE("Resolve and reopen move a ticket between the open and resolved lists") {
  TempEnv t;
  open_all(*t.env, {make_ticket("TK-1"), make_ticket("TK-2")});
  Txn w(*t.env, true);
  CHECK(resolve_ticket(w, "TK-1", "Sudah kami perbaiki", "officer:rina", kOpenedAt + 10) == TicketUpdate::ok);
  CHECK(resolve_ticket(w, "TK-1", "again", "officer:rina", kOpenedAt + 20) == TicketUpdate::unchanged);
  CHECK(resolve_ticket(w, "TK-404", "x", "ops", kOpenedAt) == TicketUpdate::not_found);
  auto resolved = *get_ticket(w, "TK-1");
  CHECK(resolved.status == "resolved");
  CHECK(resolved.resolution == "Sudah kami perbaiki");
  CHECK(resolved.resolved_by == "officer:rina");
  CHECK(resolved.resolved_at == kOpenedAt + 10);
  CHECK(list_tickets(w, TicketFilter::open, "", 10).items.size() == 1);
  CHECK(list_tickets(w, TicketFilter::resolved, "", 10).items.size() == 1);
  CHECK(count_tickets(w, kOpenedAt).open == 1);

  CHECK(reopen_ticket(w, "TK-1", kOpenedAt + 2 * kHour) == TicketUpdate::ok);
  CHECK(reopen_ticket(w, "TK-1", kOpenedAt + 3 * kHour) == TicketUpdate::unchanged);
  auto reopened = *get_ticket(w, "TK-1");
  CHECK(reopened.status == "open");
  CHECK(reopened.sla_due == kOpenedAt + 2 * kHour);
  CHECK(reopened.resolved_by.empty());
  CHECK(list_tickets(w, TicketFilter::open, "", 10).items.size() == 2);
  CHECK(list_tickets(w, TicketFilter::resolved, "", 10).items.empty());
}

TEST_CASE("Ticket lists page with a cursor for every status filter") {
  TempEnv t;
  std::vector<Ticket> ts;
  for (int i = 1; i <= 7; ++i) ts.push_back(make_ticket("TK-" + std::to_string(i)));
  open_all(*t.env, ts);
  {
    Txn w(*t.env, true);
    REQUIRE(resolve_ticket(w, "TK-2", "ok", "ops", kOpenedAt) == TicketUpdate::ok);
    REQUIRE(resolve_ticket(w, "TK-5", "ok", "ops", kOpenedAt) == TicketUpdate::ok);
    w.commit();
  }
  Txn r(*t.env, false);
  auto collect = [&](TicketFilter f) {
    std::vector<std::string> ids;
    std::string cursor;
    for (int pages = 0; pages < 10; ++pages) {
      auto page = list_tickets(r, f, cursor, 2);
      CHECK(page.items.size() <= 2);
      for (auto& t : page.items) ids.push_back(t.id);
      if (!page.next) break;
      cursor = *page.next;
    }
    return ids;
  };
  CHECK(collect(TicketFilter::open) == std::vector<std::string>{"TK-1", "TK-3", "TK-4", "TK-6", "TK-7"});
  CHECK(collect(TicketFilter::resolved) == std::vector<std::string>{"TK-2", "TK-5"});
  CHECK(collect(TicketFilter::all).size() == 7);
  CHECK(parse_ticket_filter("open") == TicketFilter::open);
  CHECK(parse_ticket_filter("all") == TicketFilter::all);
  CHECK_FALSE(parse_ticket_filter("closed"));
}

TEST_CASE("Tickets of a chat are only that chat's") {
  TempEnv t;
  open_all(*t.env, {make_ticket("TK-1", "wa:1"), make_ticket("TK-2", "wa:2"), make_ticket("TK-3", "wa:1")});
  Txn r(*t.env, false);
  const auto mine = tickets_of_chat(r, "wa:1");
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].id == "TK-1");
  CHECK(mine[1].id == "TK-3");
  CHECK(tickets_of_chat(r, "wa:3").empty());
}

TEST_CASE("Open tickets past their SLA count as breached until the breach is logged or resolved") {
  TempEnv t;
  Ticket late = make_ticket("TK-1");
  Ticket fresh = make_ticket("TK-2");
  fresh.sla_due = kOpenedAt + 5 * kHour;
  open_all(*t.env, {late, fresh});
  Txn w(*t.env, true);
  CHECK(count_tickets(w, kOpenedAt).breached == 0);
  const auto c = count_tickets(w, kOpenedAt + 2 * kHour);
  CHECK(c.open == 2);
  CHECK(c.breached == 1);
  auto unlogged = unlogged_breaches(w, kOpenedAt + 2 * kHour);
  REQUIRE(unlogged.size() == 1);
  CHECK(unlogged[0].id == "TK-1");
  CHECK(mark_breach_logged(w, "TK-1") == TicketUpdate::ok);
  CHECK(mark_breach_logged(w, "TK-1") == TicketUpdate::unchanged);
  CHECK(unlogged_breaches(w, kOpenedAt + 2 * kHour).empty());
  CHECK(count_tickets(w, kOpenedAt + 2 * kHour).breached == 1);  // still breached, just logged
  REQUIRE(resolve_ticket(w, "TK-1", "done", "ops", kOpenedAt + 2 * kHour) == TicketUpdate::ok);
  CHECK(count_tickets(w, kOpenedAt + 2 * kHour).breached == 0);
}
