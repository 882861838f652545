// The registry of job kinds: which handler runs a claimed job.
#include "engine/job_handler.hpp"
#include "jobs/analytics_refresh_job.hpp"
#include "jobs/cleanup_job.hpp"
#include "jobs/fetch_match_job.hpp"
#include "jobs/fetch_timelines_job.hpp"
#include "jobs/leaderboard_refresh_job.hpp"
#include "jobs/noop_job.hpp"
#include "jobs/player_analyzer_job.hpp"
#include "jobs/sync_player_job.hpp"
#include "jobs/track_player_job.hpp"
#include "jobs/tracked_player_updater_job.hpp"

namespace riot {

namespace {

class UnknownJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;
  void Start() override { FailJob("no handler for job kind \"" + job_.kind + "\"", false); }
};

using Factory = std::unique_ptr<JobHandler> (*)(JobServices&, Job);

// Every job kind this engine runs, with the function that makes its handler.
const std::vector<std::pair<std::string, Factory>>& Registry() {
  static const std::vector<std::pair<std::string, Factory>> registry = {
      {"sync_player", MakeSyncPlayerJob},                       // riot.sync_player
      {"fetch_match", MakeFetchMatchJob},                       // one match, a child of a fan-out
      {"fetch_timelines", MakeFetchTimelinesJob},               // riot.fetch_timelines
      {"track_player", MakeTrackPlayerJob},                     // riot.track_player
      {"tracked_player_updater", MakeTrackedPlayerUpdaterJob},  // scheduled
      {"player_analyzer", MakePlayerAnalyzerJob},               // scheduled
      {"cleanup", MakeCleanupJob},                              // scheduled
      {"analytics_refresh", MakeAnalyticsRefreshJob},           // scheduled
      {"leaderboard_refresh", MakeLeaderboardRefreshJob},       // scheduled
      {"noop", MakeNoopJob},                                    // queue benchmarks
  };
  return registry;
}

}  // namespace

const std::vector<std::string>& HandledJobKinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> names;
    for (const auto& [kind, factory] : Registry()) names.push_back(kind);
    return names;
  }();
  return kinds;
}

std::unique_ptr<JobHandler> MakeJobHandler(JobServices& services, Job job) {
  for (const auto& [kind, factory] : Registry()) {
    if (job.kind == kind) return factory(services, std::move(job));
  }
  return std::make_unique<UnknownJob>(services, std::move(job));
}

}  // namespace riot
