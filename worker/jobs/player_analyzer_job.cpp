// player_analyzer: the scheduled run that judges players for smurfing, in three phases bounded by
// the run's request budget, where no player's failure fails the run:
//   1. fetch: discovered players with too few stored ranked games get the next few of their most
//      recent ranked matches not stored (fetch_match children), their summoner level and their
//      league entries;
//   2. score (the final step, once the children have ended): every player due is scored in SQL by
//      the C++ of worker/analysis and the analyses stored;
//   3. ban check: suspected smurfs not checked lately are looked up on summoner-v4 (200 not
//      banned, 404 likely banned, anything else skipped; the check time is kept either way).
#include "jobs/player_analyzer_job.hpp"

#include <algorithm>

#include "jobs/scheduled_job.hpp"
#include "riot/api_paths.hpp"
#include "riot/league_rows.hpp"
#include "riot/match_rows.hpp"
#include "riot/riot_client.hpp"
#include "riot/riot_store.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

constexpr int kSoloQueue = 420;
constexpr int kRequestsPerFetchBesidesMatches = 3;  // ids, summoner, league entries
constexpr int kBanCheckShare = 4;                   // a quarter of the budget for ban checks

class PlayerAnalyzerJob final : public ScheduledJob {
 public:
  using ScheduledJob::ScheduledJob;

 private:
  struct Fetch {
    AnalyzerCandidate player;
    Platform platform;
    std::vector<std::string> ids;  // the most recent ranked ones, newest first
    int open_requests = 0;
  };

  void Run() override {
    const nlohmann::json& config = Config();
    variant_ = config.at("variant").get<std::string>();
    max_requests_ = config.at("max_requests").get<int>();
    matches_per_player_ = config.at("matches_per_player").get<int>();
    if (job_.fanned_out) return ScoreAndCheck();
    target_ = config.at("target_matches").get<int>();
    const int fetch_budget = max_requests_ - max_requests_ / kBanCheckShare;
    Progress("fetching matches of discovered players", 0, std::nullopt);
    for (const AnalyzerCandidate& candidate : store_.AnalyzerFetchCandidates(target_)) {
      const int cost = kRequestsPerFetchBesidesMatches + matches_per_player_;
      if (planned_ + cost > fetch_budget) break;  // the rest go first next run
      const std::optional<Platform> platform = FindPlatform(candidate.platform);
      if (!platform) continue;
      planned_ += cost;
      fetches_.push_back(Fetch{candidate, *platform, {}, 0});
      BeginFetch(fetches_.size() - 1);
    }
    if (fetches_.empty()) FanOut();
  }

  // Phase 1, one player: the next page of ranked ids, the summoner and the league entries.
  void BeginFetch(size_t index) {
    const Fetch& fetch = fetches_[index];
    // The target's worth of the most recent ranked ids; the fan-out takes the next few not stored.
    api::MatchIdsQuery query;
    query.count = std::min(api::kMaxMatchIdsPerPage, target_);
    query.queue = kSoloQueue;
    FetchRequest(index, std::string(fetch.platform.region), api::kMatchIds,
                 api::MatchIdsPath(fetch.player.puuid, query), [this, index](const ApiResponse& r) {
                   if (r.outcome == Outcome::kOk) fetches_[index].ids = ParseMatchIds(r.body);
                 });
    FetchRequest(index, std::string(fetch.platform.id), api::kSummonerByPuuid,
                 api::SummonerByPuuidPath(fetch.player.puuid), [this, index](const ApiResponse& r) {
                   OnSummoner(fetches_[index].player.puuid, r);
                 });
    FetchRequest(index, std::string(fetch.platform.id), api::kLeagueEntriesByPuuid,
                 api::LeagueEntriesByPuuidPath(fetch.player.puuid),
                 [this, index](const ApiResponse& r) {
                   if (r.outcome == Outcome::kOk) {
                     store_.StoreRanks(fetches_[index].player.puuid, ParseLeagueEntries(r.body));
                   }
                 });
  }

  void FetchRequest(size_t index, const std::string& route, const char* method,
                    const std::string& path,
                    const std::function<void(const ApiResponse&)>& on_response) {
    ++requests_;
    ++fetches_[index].open_requests;
    Get(route, method, path, [this, index, on_response](const ApiResponse& response) {
      try {
        on_response(response);
      } catch (const Error&) {
        ++players_failed_;  // a payload we can't read: this player is skipped, the run goes on
      }
      if (--fetches_[index].open_requests == 0 && ++fetches_done_ == fetches_.size()) FanOut();
    });
  }

  // A summoner answers the ban question for free: 404 is a likely ban.
  void OnSummoner(const std::string& puuid, const ApiResponse& response) {
    if (response.status == kHttpNotFound) return store_.RecordBanCheck(puuid, kHttpNotFound);
    if (response.outcome != Outcome::kOk) return;
    SummonerRow summoner = ParseSummoner(response.body);
    summoner.puuid = puuid;
    store_.StoreSummoner(summoner);
  }

  void FanOut() {
    nlohmann::json listed = nlohmann::json::object();
    for (const Fetch& fetch : fetches_) listed[fetch.player.puuid] = fetch.ids;
    store_.FanOutAnalyzer(job_, services_.queue.WorkerName(), listed, matches_per_player_,
                          {{"players_fetched", fetches_.size()},
                           {"players_failed", players_failed_},
                           {"api_requests", requests_}});
    Abandon();  // waiting for the children (or lost): this attempt is over
  }

  // Phases 2 and 3, once the matches are in.
  void ScoreAndCheck() {
    Progress("scoring players", std::nullopt, std::nullopt);
    const auto [scored, smurfs] = store_.ScoreDue(variant_, Config().at("min_matches").get<int>(),
                                                  Config().at("max_scored").get<int>());
    scored_ = scored;
    smurfs_ = smurfs;
    Progress("checking suspected smurfs for bans", std::nullopt, std::nullopt);
    const int ban_budget = std::max(1, max_requests_ / kBanCheckShare);
    for (const AnalyzerCandidate& candidate :
         store_.BanCheckCandidates(variant_, Config().at("ban_check_after").get<std::string>())) {
      if (static_cast<int>(checks_.size()) >= ban_budget) break;
      const std::optional<Platform> platform = FindPlatform(candidate.platform);
      if (!platform) continue;
      checks_.push_back(candidate.puuid);
      Get(std::string(platform->id), api::kSummonerByPuuid,
          api::SummonerByPuuidPath(candidate.puuid),
          [this, puuid = candidate.puuid](const ApiResponse& r) { OnBanCheck(puuid, r); });
    }
    if (checks_.empty()) Finish();
  }

  void OnBanCheck(const std::string& puuid, const ApiResponse& response) {
    store_.RecordBanCheck(puuid, response.status);
    if (response.status == kHttpNotFound) {
      ++likely_banned_;
    } else if (response.status != kHttpOk) {
      ++ban_checks_skipped_;  // neither answer: logged in the metrics, asked again next time
    }
    if (++checks_done_ == checks_.size()) Finish();
  }

  void Finish() {
    store_.FinishAnalyzer(job_, services_.queue.WorkerName(),
                          {{"variant", variant_},
                           {"players_analyzed", scored_},
                           {"smurfs_detected", smurfs_},
                           {"ban_checks", checks_.size()},
                           {"likely_banned", likely_banned_},
                           {"ban_checks_skipped", ban_checks_skipped_}});
    Abandon();  // finished (or lost) in SQL
  }

  RiotStore store_{services_.db};
  std::string variant_;
  int max_requests_ = 0;
  int matches_per_player_ = 0;
  int target_ = 0;
  int planned_ = 0;
  int requests_ = 0;
  int players_failed_ = 0;
  std::vector<Fetch> fetches_;
  size_t fetches_done_ = 0;
  int scored_ = 0;
  int smurfs_ = 0;
  std::vector<std::string> checks_;
  size_t checks_done_ = 0;
  int likely_banned_ = 0;
  int ban_checks_skipped_ = 0;
};

}  // namespace

std::unique_ptr<JobHandler> MakePlayerAnalyzerJob(JobServices& services, Job job) {
  return std::make_unique<PlayerAnalyzerJob>(services, std::move(job));
}

}  // namespace riot
