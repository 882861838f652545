// sync_player: resolve a Riot ID, record level and rank, list the match ids and fan out one
// fetch_match child per match not stored yet; the final step records the totals.
#include "jobs/sync_player_job.hpp"

#include <ctime>

#include "riot/api_paths.hpp"
#include "riot/league_rows.hpp"
#include "riot/match_rows.hpp"
#include "riot/riot_client.hpp"
#include "riot/riot_id.hpp"
#include "riot/riot_store.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

constexpr int kFetchMatchPriority = 5;  // below interactive syncs (10), above scheduled work

// Epoch seconds of 1 January of a year, 00:00 UTC.
long long YearStartUtc(int year) {
  std::tm start{};
  start.tm_year = year - 1900;
  start.tm_mday = 1;
  return static_cast<long long>(timegm(&start));
}

class SyncPlayerJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;

  void Start() override {
    const nlohmann::json& args = job_.args;
    id_ = RiotIdFromArgs(args);
    if (job_.fanned_out) return FinalStep();
    max_matches_ = args.value("max_matches", 1000);
    if (args.contains("queue") && !args["queue"].is_null()) queue_ = args["queue"].get<int>();
    if (args.contains("year") && !args["year"].is_null()) year_ = args["year"].get<int>();
    with_timelines_ = args.value("with_timelines", false);

    Progress("resolving Riot ID", 0, std::nullopt);
    Get(std::string(AccountRegion(id_.platform)), api::kAccountByRiotId,
        api::AccountByRiotIdPath(id_.game_name, id_.tag_line),
        [this](const ApiResponse& response) { OnAccount(response); });
  }

 private:
  void OnAccount(const ApiResponse& response) {
    if (!RequireOk(response)) return;
    const AccountRow account = ResolvedAccount(id_, response.body);
    puuid_ = account.puuid;
    store_.StorePlayer(account, id_.platform.id);
    steps_left_ = 3;  // summoner, league entries, match ids
    const std::string platform(id_.platform.id);
    Get(platform, api::kSummonerByPuuid, api::SummonerByPuuidPath(puuid_),
        [this](const ApiResponse& r) { OnSummoner(r); });
    Get(platform, api::kLeagueEntriesByPuuid, api::LeagueEntriesByPuuidPath(puuid_),
        [this](const ApiResponse& r) { OnLeague(r); });
    Progress("listing matches", 0, std::nullopt);
    RequestIds(0);
  }

  void OnSummoner(const ApiResponse& response) {
    // 404: no summoner on this platform (or a banned account); the sync goes on without it.
    if (response.status != kHttpNotFound) {
      if (!RequireOk(response)) return;
      SummonerRow summoner = ParseSummoner(response.body);
      summoner.puuid = puuid_;  // the account's, whatever the summoner payload says
      store_.StoreSummoner(summoner);
    }
    StepDone();
  }

  void OnLeague(const ApiResponse& response) {
    if (response.status != kHttpNotFound) {
      if (!RequireOk(response)) return;
      store_.StoreRanks(puuid_, ParseLeagueEntries(response.body));
    }
    StepDone();
  }

  void RequestIds(int start) {
    api::MatchIdsQuery query;
    query.start = start;
    query.count = std::min(api::kMaxMatchIdsPerPage, max_matches_ - start);
    query.queue = queue_;
    if (year_) {
      query.start_time = YearStartUtc(*year_);
      query.end_time = YearStartUtc(*year_ + 1) - 1;
    }
    const int count = query.count;
    Get(std::string(id_.platform.region), api::kMatchIds, api::MatchIdsPath(puuid_, query),
        [this, start, count](const ApiResponse& response) { OnIds(response, start, count); });
  }

  void OnIds(const ApiResponse& response, int start, int count) {
    if (!RequireOk(response)) return;
    const auto parsed = ParseOrFail<std::vector<std::string>>(response, ParseMatchIds);
    if (!parsed) return;
    const std::vector<std::string>& page = *parsed;
    match_ids_.insert(match_ids_.end(), page.begin(), page.end());
    Progress("listing matches", static_cast<int64_t>(match_ids_.size()), std::nullopt);
    const int listed = start + static_cast<int>(page.size());
    if (static_cast<int>(page.size()) == count && listed < max_matches_) return RequestIds(listed);
    StepDone();
  }

  void StepDone() {
    if (--steps_left_ == 0) FanOut();
  }

  // Queue a fetch_match child per match not stored yet and wait for them (one SQL call).
  // Either way this attempt is over: fanned out (the final step runs when the children have
  // ended) or lost (nothing was queued).
  void FanOut() {
    store_.FanOutMatches(job_, services_.queue.WorkerName(), match_ids_, {{"puuid", puuid_}},
                         with_timelines_, kFetchMatchPriority);
    Abandon();
  }

  // Total what the sync did, in SQL, and finish it (or find the attempt lost): nothing is left.
  void FinalStep() {
    store_.FinishSync(job_, services_.queue.WorkerName());
    Abandon();
  }

  RiotStore store_{services_.db};
  RiotId id_;
  int max_matches_ = 1000;
  std::optional<int> queue_;
  std::optional<int> year_;
  bool with_timelines_ = false;
  std::string puuid_;
  int steps_left_ = 0;
  std::vector<std::string> match_ids_;
};

}  // namespace

std::unique_ptr<JobHandler> MakeSyncPlayerJob(JobServices& services, Job job) {
  return std::make_unique<SyncPlayerJob>(services, std::move(job));
}

}  // namespace riot
