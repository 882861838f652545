// cleanup: the scheduled job that deletes execution rows older than their retention (finished
// jobs are purged by the engine itself, every minute).
#include "jobs/cleanup_job.hpp"

#include "jobs/scheduled_job.hpp"

namespace riot {

namespace {

class CleanupJob final : public ScheduledJob {
 public:
  using ScheduledJob::ScheduledJob;

 private:
  void Run() override {
    const int64_t deleted =
        services_.queue.PurgeExecutions(Config().at("execution_retention").get<std::string>());
    Complete({{"metrics",
               {{"executions_deleted", deleted}, {"records_created", 0}, {"records_updated", 0}}}});
  }
};

}  // namespace

std::unique_ptr<JobHandler> MakeCleanupJob(JobServices& services, Job job) {
  return std::make_unique<CleanupJob>(services, std::move(job));
}

}  // namespace riot
