// cleanup: the scheduled job that enforces the retentions of its config. Execution rows older than
// theirs are deleted (finished jobs are purged by the engine itself, every minute); raw match and
// timeline payloads older than theirs are removed and old anomalies deleted, batch_size rows per
// transaction until a batch comes back short, so that no transaction holds many rows locked, or
// until the run is over its budget (ScheduledJob::OverBudget; the next run goes on).
#include "jobs/cleanup_job.hpp"

#include <string>

#include "jobs/scheduled_job.hpp"

namespace riot {

namespace {

class CleanupJob final : public ScheduledJob {
 public:
  using ScheduledJob::ScheduledJob;

 private:
  void Run() override {
    const int64_t executions =
        services_.queue.PurgeExecutions(Config().at("execution_retention").get<std::string>());
    const int64_t raw_matches = Enforce("raw_match", "raw_match_retention");
    const int64_t raw_timelines = Enforce("raw_timeline", "raw_timeline_retention");
    const int64_t anomalies = Enforce("anomaly", "anomaly_retention");
    Complete({{"metrics",
               {{"executions_deleted", executions},
                {"raw_matches_removed", raw_matches},
                {"raw_timelines_removed", raw_timelines},
                {"anomalies_deleted", anomalies},
                {"records_created", 0},
                {"records_updated", raw_matches + raw_timelines}}}});
  }

  // One retention, in batches each committed on its own; returns the rows changed.
  int64_t Enforce(const std::string& target, const std::string& setting) {
    const std::string retention = Config().at(setting).get<std::string>();
    const int64_t batch_size = Config().at("batch_size").get<int64_t>();
    int64_t total = 0;
    for (;;) {
      const auto rows =
          services_.db.Query("SELECT riot._enforce_retention($1, $2::interval, $3::integer)",
                             {target, retention, std::to_string(batch_size)});
      const int64_t changed = std::stoll(rows.at(0).at(0).value());
      total += changed;
      if (changed < batch_size || OverBudget()) return total;
    }
  }
};

}  // namespace

std::unique_ptr<JobHandler> MakeCleanupJob(JobServices& services, Job job) {
  return std::make_unique<CleanupJob>(services, std::move(job));
}

}  // namespace riot
