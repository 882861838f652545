// The base of the job kinds pg_cron schedules: a run marks its execution row running when it
// starts, and reads its settings from the config its configuration queued it with.
#pragma once

#include <chrono>

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
  // True once the run has taken kRunBudget (20 s). The worker sends no heartbeat while SQL runs, so
  // a run that loops over SQL batches stops then, well within its lease; the next run goes on.
  bool OverBudget() const { return std::chrono::steady_clock::now() >= deadline_; }

 private:
  static constexpr std::chrono::seconds kRunBudget{20};
  const std::chrono::steady_clock::time_point deadline_ =
      std::chrono::steady_clock::now() + kRunBudget;
};

}  // namespace riot
