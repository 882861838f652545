// noop: a job that finishes at once; the queue benchmarks measure the queue itself with it.
#include "jobs/noop_job.hpp"

namespace riot {

namespace {

class NoopJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;
  void Start() override { Complete(nullptr); }
};

}  // namespace

std::unique_ptr<JobHandler> MakeNoopJob(JobServices& services, Job job) {
  return std::make_unique<NoopJob>(services, std::move(job));
}

}  // namespace riot
