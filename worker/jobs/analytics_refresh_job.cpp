// analytics_refresh: batches of pending matches and timelines, each counted into the aggregates
// and dequeued in one transaction; then the champion baselines, when an hour old, in a transaction
// of their own; then batches of counted matches looked at for anomalies. Each loop ends when a
// batch comes back short (its queue is drained), after kMaxBatches, or once the run is over its
// budget (ScheduledJob::OverBudget); the next run goes on where it stopped.
#include "jobs/analytics_refresh_job.hpp"

#include <string>
#include <vector>

#include "jobs/scheduled_job.hpp"

namespace riot {

namespace {

constexpr int kMaxBatches = 100;

class AnalyticsRefreshJob final : public ScheduledJob {
 public:
  using ScheduledJob::ScheduledJob;

 private:
  void Run() override {
    const std::string batch_size = std::to_string(Config().at("batch_size").get<int64_t>());
    const nlohmann::json counted = Drain("SELECT riot._refresh_analytics_batch($1::integer)",
                                         batch_size, {"matches", "timelines"});
    services_.db.Query("SELECT riot._refresh_champion_baselines_if_stale()");
    const nlohmann::json examined =
        Drain("SELECT riot._detect_anomalies_batch($1::integer)", batch_size, {"matches"});
    const int64_t anomalies = examined.at("anomalies").get<int64_t>();
    Complete({{"metrics",
               {{"matches_counted", counted.at("matches")},
                {"timelines_counted", counted.at("timelines")},
                {"matches_examined", examined.at("matches")},
                {"anomalies_found", anomalies},
                {"records_created", anomalies},
                {"records_updated", 0}}}});
  }

  // Run a batch function until a batch takes fewer rows than batch_size (the rows it takes are
  // the counters named in `taken`); returns every counter it reports, summed over the batches.
  nlohmann::json Drain(const char* sql, const std::string& batch_size,
                       const std::vector<std::string>& taken) {
    nlohmann::json totals = nlohmann::json::object();
    for (int batch = 0; batch < kMaxBatches && !OverBudget(); ++batch) {
      const auto rows = services_.db.Query(sql, {batch_size});
      const auto done = nlohmann::json::parse(rows.at(0).at(0).value());
      for (const auto& [key, value] : done.items()) {
        totals[key] = totals.value(key, int64_t{0}) + value.get<int64_t>();
      }
      int64_t rows_taken = 0;
      for (const auto& key : taken) rows_taken += done.at(key).get<int64_t>();
      if (rows_taken < std::stoll(batch_size)) break;
    }
    return totals;
  }
};

}  // namespace

std::unique_ptr<JobHandler> MakeAnalyticsRefreshJob(JobServices& services, Job job) {
  return std::make_unique<AnalyticsRefreshJob>(services, std::move(job));
}

}  // namespace riot
