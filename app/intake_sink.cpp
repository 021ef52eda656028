#include "app/intake_sink.hpp"

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/storage_writer.hpp"
#include "storage/inbox_store.hpp"

namespace aduan::app {

using json = nlohmann::json;

void WriterIntakeSink::submit(std::vector<InboundEvent> events, std::function<void(transport::IntakeResult)> done) {
  auto evs = std::make_shared<std::vector<InboundEvent>>(std::move(events));
  auto clock = clock_;
  auto fallback = fallback_;
  auto manager = manager_;
  auto dispatcher = dispatcher_;
  actors::submit(writer_,
                 storage::WriteJob{[evs, clock, fallback](storage::Txn& w) {
                                     TimeMs now = clock->now();
                                     json routed = json::array();
                                     std::size_t stored = 0, dup = 0;
                                     bool statuses_changed = false;
                                     for (auto& e : *evs) {
                                       auto out = storage::record_inbound(w, e, now);
                                       if (out.duplicate) {
                                         ++dup;
                                         continue;
                                       }
                                       ++stored;
                                       if (auto* s = std::get_if<StatusEvent>(&e)) {
                                         if (storage::apply_status(w, *s, now, fallback)) statuses_changed = true;
                                       } else if (out.seq) {
                                         auto& m = std::get<InboundMessage>(e);
                                         routed.push_back(json{out.seq, out.chat, m.from, m.from_user_id});
                                       }
                                     }
                                     return json{{"routed", routed}, {"stored", stored}, {"dup", dup},
                                                 {"kick", statuses_changed}};
                                   },
                                   [done, manager, dispatcher](const storage::JobResult& r) {
                                     transport::IntakeResult res;
                                     res.ok = r.ok;
                                     res.error = r.error;
                                     if (r.ok) {
                                       res.stored = r.value.value("stored", std::size_t{0});
                                       res.duplicates = r.value.value("dup", std::size_t{0});
                                     }
                                     done(res);  // acknowledge first: the rows are durable
                                     if (!r.ok) return;
                                     for (auto& x : r.value["routed"])
                                       caf::anon_send(manager, actors::inbound_atom::value, x[0].get<std::uint64_t>(),
                                                      x[1].get<std::string>(), x[2].get<std::string>(),
                                                      x[3].get<std::string>());
                                     if (r.value.value("kick", false) && dispatcher)
                                       caf::anon_send(dispatcher, actors::kick_atom::value);
                                   }});
}

}  // namespace aduan::app
