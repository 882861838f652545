// fetch_timelines: made by riot.fetch_timelines with its children queued already, so a worker
// only ever runs its final step: total what the children did, in SQL, and finish it.
#include "jobs/fetch_timelines_job.hpp"

#include "riot/riot_store.hpp"

namespace riot {

namespace {

class FetchTimelinesJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;

  void Start() override {
    if (!job_.fanned_out) {
      return FailJob("a fetch_timelines job is made by riot.fetch_timelines, with its children",
                     false);
    }
    RiotStore(services_.db).FinishFetchTimelines(job_, services_.queue.WorkerName());
    Abandon();
  }
};

}  // namespace

std::unique_ptr<JobHandler> MakeFetchTimelinesJob(JobServices& services, Job job) {
  return std::make_unique<FetchTimelinesJob>(services, std::move(job));
}

}  // namespace riot
