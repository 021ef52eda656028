// Glue between the webhook (transport) and the pipeline (actors + storage): one writer job
// per webhook POST records every event (dedupe + inbox row, or a status applied to its
// outbox row) in the shared group-commit transaction; after the commit the HTTP answer is
// sent and the new inbox rows are routed to the session manager.
#pragma once
#include <memory>
#include <optional>

#include <caf/actor.hpp>

#include "core/clock.hpp"
#include "storage/outbox_store.hpp"
#include "transport/webhook_handler.hpp"

namespace aduan::app {

class WriterIntakeSink final : public transport::IntakeSink {
 public:
  WriterIntakeSink(caf::actor writer, caf::actor manager, caf::actor dispatcher, std::shared_ptr<const Clock> clock,
                   std::optional<storage::TemplateFallback> fallback)
      : writer_(std::move(writer)), manager_(std::move(manager)), dispatcher_(std::move(dispatcher)),
        clock_(std::move(clock)), fallback_(std::move(fallback)) {}
  void submit(std::vector<InboundEvent> events, std::function<void(transport::IntakeResult)> done) override;

 private:
  caf::actor writer_, manager_, dispatcher_;
  std::shared_ptr<const Clock> clock_;
  std::optional<storage::TemplateFallback> fallback_;
};

}  // namespace aduan::app
