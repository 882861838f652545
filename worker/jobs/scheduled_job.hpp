// The base of the job kinds pg_cron schedules: a run marks its execution row running when it
// starts, and reads its settings from the config its configuration queued it with.
#pragma once

#include "engine/job_handler.hpp"

namespace riot {

class ScheduledJob : public JobHandler {
 public:
  using JobHandler::JobHandler;

  void Start() final {
    if (!job_.fanned_out) services_.queue.ExecutionStarted(job_);
    Run();
  }

 protected:
  // Run the job (or its final step when job_.fanned_out).
  virtual void Run() = 0;
  // The run's settings, checked and with their defaults filled in by riot._run_scheduled.
  const nlohmann::json& Config() const { return job_.args.at("config"); }
};

}  // namespace riot
