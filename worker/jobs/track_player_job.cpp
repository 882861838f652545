// track_player: resolve a Riot ID (account-v1), store the player and mark them tracked, so the
// tracked-player updater takes them from its next run.
#include "jobs/track_player_job.hpp"

#include "engine/error.hpp"
#include "riot/api_paths.hpp"
#include "riot/league_rows.hpp"
#include "riot/riot_store.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

class TrackPlayerJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;

  void Start() override {
    const nlohmann::json& args = job_.args;
    game_name_ = args.at("game_name").get<std::string>();
    tag_line_ = args.at("tag_line").get<std::string>();
    const auto platform = FindPlatform(args.at("platform").get<std::string>());
    if (!platform) throw Error("unknown platform", sqlstate::kInvalidParameterValue);
    platform_ = *platform;
    Progress("resolving Riot ID", 0, 1);
    Get(std::string(AccountRegion(platform_)), api::kAccountByRiotId,
        api::AccountByRiotIdPath(game_name_, tag_line_),
        [this](const ApiResponse& response) { OnAccount(response); });
  }

 private:
  void OnAccount(const ApiResponse& response) {
    if (!RequireOk(response)) return;  // a Riot ID that does not exist fails the job (404)
    AccountRow account = ParseAccount(response.body);
    if (!account.game_name) account.game_name = game_name_;
    if (!account.tag_line) account.tag_line = tag_line_;
    store_.StorePlayer(account, platform_.id);
    store_.TrackPlayer(account.puuid);
    Complete({{"puuid", account.puuid}});
  }

  RiotStore store_{services_.db};
  std::string game_name_;
  std::string tag_line_;
  Platform platform_{};
};

}  // namespace

std::unique_ptr<JobHandler> MakeTrackPlayerJob(JobServices& services, Job job) {
  return std::make_unique<TrackPlayerJob>(services, std::move(job));
}

}  // namespace riot
