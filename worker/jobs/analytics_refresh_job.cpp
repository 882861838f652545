// analytics_refresh: batches of pending matches and timelines, each counted and dequeued in one
// transaction, until a batch comes back short (the queue is drained) or the run has done
// kMaxBatches (ingest outpacing it must not keep one run going for ever; the next run goes on).
#include "jobs/analytics_refresh_job.hpp"

#include <string>

#include "jobs/scheduled_job.hpp"

namespace riot {

namespace {

constexpr int kMaxBatches = 100;

class AnalyticsRefreshJob final : public ScheduledJob {
 public:
  using ScheduledJob::ScheduledJob;

 private:
  void Run() override {
    const int64_t batch_size = Config().at("batch_size").get<int64_t>();
    int64_t matches = 0;
    int64_t timelines = 0;
    int64_t anomalies = 0;
    for (int batch = 0; batch < kMaxBatches; ++batch) {
      const auto rows = services_.db.Query("SELECT riot._refresh_analytics_batch($1::integer)",
                                           {std::to_string(batch_size)});
      const auto counted = nlohmann::json::parse(rows.at(0).at(0).value());
      const auto batch_matches = counted.at("matches").get<int64_t>();
      const auto batch_timelines = counted.at("timelines").get<int64_t>();
      matches += batch_matches;
      timelines += batch_timelines;
      anomalies += counted.at("anomalies").get<int64_t>();
      if (batch_matches + batch_timelines < batch_size) break;
    }
    Complete({{"metrics",
               {{"matches_counted", matches},
                {"timelines_counted", timelines},
                {"anomalies_found", anomalies},
                {"records_created", anomalies},
                {"records_updated", 0}}}});
  }
};

}  // namespace

std::unique_ptr<JobHandler> MakeAnalyticsRefreshJob(JobServices& services, Job job) {
  return std::make_unique<AnalyticsRefreshJob>(services, std::move(job));
}

}  // namespace riot
