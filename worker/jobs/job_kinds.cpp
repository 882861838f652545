// The registry of job kinds: which handler runs a claimed job.
#include "jobs/fetch_match_job.hpp"
#include "engine/job_handler.hpp"
#include "jobs/sync_player_job.hpp"

namespace riot {

namespace {

// noop: finishes at once; the queue benchmarks measure the queue itself with it.
class NoopJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;
  void Start() override { Complete(nullptr); }
};

class UnknownJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;
  void Start() override { FailJob("no handler for job kind \"" + job_.kind + "\"", false); }
};

}  // namespace

const std::vector<std::string>& HandledJobKinds() {
  static const std::vector<std::string> kinds = {"sync_player", "fetch_match", "noop"};
  return kinds;
}

std::unique_ptr<JobHandler> MakeJobHandler(JobServices& services, Job job) {
  if (job.kind == "sync_player") return MakeSyncPlayerJob(services, std::move(job));
  if (job.kind == "fetch_match") return MakeFetchMatchJob(services, std::move(job));
  if (job.kind == "noop") return std::make_unique<NoopJob>(services, std::move(job));
  return std::make_unique<UnknownJob>(services, std::move(job));
}

}  // namespace riot
