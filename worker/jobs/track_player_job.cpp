// track_player: resolve a Riot ID (account-v1), store the player and mark them tracked, so the
// tracked-player updater takes them from its next run.
#include "jobs/track_player_job.hpp"

#include "riot/api_paths.hpp"
#include "riot/riot_id.hpp"
#include "riot/riot_store.hpp"

namespace riot {

namespace {

class TrackPlayerJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;

  void Start() override {
    id_ = RiotIdFromArgs(job_.args);
    Progress("resolving Riot ID", 0, 1);
    Get(std::string(AccountRegion(id_.platform)), api::kAccountByRiotId,
        api::AccountByRiotIdPath(id_.game_name, id_.tag_line),
        [this](const ApiResponse& response) { OnAccount(response); });
  }

 private:
  void OnAccount(const ApiResponse& response) {
    if (!RequireOk(response)) return;  // a Riot ID that does not exist fails the job (404)
    const AccountRow account = ResolvedAccount(id_, response.body);
    store_.StorePlayer(account, id_.platform.id);
    store_.TrackPlayer(account.puuid);
    Complete({{"puuid", account.puuid}});
  }

  RiotStore store_{services_.db};
  RiotId id_;
};

}  // namespace

std::unique_ptr<JobHandler> MakeTrackPlayerJob(JobServices& services, Job job) {
  return std::make_unique<TrackPlayerJob>(services, std::move(job));
}

}  // namespace riot
