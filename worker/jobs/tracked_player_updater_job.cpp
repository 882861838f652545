// tracked_player_updater: the scheduled run that keeps tracked players up to date. For each
// player, longest unchecked first and within the run's request budget: the match ids newer than
// the newest match stored for them, and their league entries (a rank row when they changed). An
// account that no longer resolves is looked up by PUUID: renamed, or gone and marked inactive.
// The new matches fan out as fetch_match children; the final step writes the run's metrics.
#include "jobs/tracked_player_updater_job.hpp"

#include <algorithm>

#include "jobs/scheduled_job.hpp"
#include "riot/api_paths.hpp"
#include "riot/league_rows.hpp"
#include "riot/match_rows.hpp"
#include "riot/riot_store.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

constexpr long kBadRequest = 400;
constexpr long kNotFound = 404;
constexpr int kRequestsPerCheck = 2;  // the ids page and the league entries

class TrackedPlayerUpdaterJob final : public ScheduledJob {
 public:
  using ScheduledJob::ScheduledJob;

 private:
  // One tracked player in this run.
  struct Check {
    TrackedPlayer player;
    Platform platform;
    std::vector<std::string> new_ids;  // newest first, as Riot lists them
    int open_requests = 0;
    bool failed = false;
  };

  void Run() override {
    if (job_.fanned_out) {
      store_.FinishUpdate(job_, services_.queue.WorkerName());
      return Abandon();  // finished (or lost) in SQL: nothing is left to write
    }
    max_requests_ = Config().at("max_requests").get<int>();
    max_matches_per_player_ = Config().at("max_matches_per_player").get<int>();
    const std::vector<TrackedPlayer> players = store_.UpdaterPlayers();
    Progress("checking players", 0, static_cast<int64_t>(players.size()));
    // Player checks take at most half of the budget; the matches they find get the rest.
    const int check_budget = std::max(kRequestsPerCheck, max_requests_ / 2);
    for (const TrackedPlayer& player : players) {
      if (requests_ + kRequestsPerCheck > check_budget) break;  // the rest go first next run
      const std::optional<Platform> platform = FindPlatform(player.platform);
      if (!platform) {  // a platform Riot no longer routes: nothing to ask
        ++failed_;
        continue;
      }
      checks_.push_back(Check{player, *platform, {}, 0, false});
      Begin(checks_.size() - 1);
    }
    if (checks_.empty()) FanOut();
  }

  void Begin(size_t index) {
    const Check& check = checks_[index];
    RequestIds(index, 0);
    Request(index, std::string(check.platform.id), api::kLeagueEntriesByPuuid,
            api::LeagueEntriesByPuuidPath(check.player.puuid),
            [this, index](const ApiResponse& r) { OnLeague(index, r); });
  }

  // Send one request of a check, counted against the budget.
  void Request(size_t index, const std::string& route, const char* method, const std::string& path,
               const std::function<void(const ApiResponse&)>& on_response) {
    ++requests_;
    ++checks_[index].open_requests;
    Get(route, method, path, [this, index, on_response](const ApiResponse& response) {
      try {
        on_response(response);
      } catch (const Error&) {
        Failed(index);  // a payload we can't read fails this player, not the run
      }
      if (--checks_[index].open_requests == 0) Checked(index);
    });
  }

  void RequestIds(size_t index, int start) {
    const Check& check = checks_[index];
    api::MatchIdsQuery query;
    query.start = start;
    query.count = std::min(api::kMaxMatchIdsPerPage, max_matches_per_player_ - start);
    // Only the matches that started after the newest one stored.
    if (check.player.newest_game_start) query.start_time = *check.player.newest_game_start + 1;
    Request(index, std::string(check.platform.region), api::kMatchIds,
            api::MatchIdsPath(check.player.puuid, query),
            [this, index, start, count = query.count](const ApiResponse& r) {
              OnIds(index, r, start, count);
            });
  }

  void OnIds(size_t index, const ApiResponse& response, int start, int count) {
    Check& check = checks_[index];
    if (response.status == kBadRequest || response.status == kNotFound) return LookUp(index);
    if (response.outcome != Outcome::kOk) return Failed(index);
    const std::vector<std::string> page = ParseMatchIds(response.body);
    check.new_ids.insert(check.new_ids.end(), page.begin(), page.end());
    const int listed = start + static_cast<int>(page.size());
    if (static_cast<int>(page.size()) == count && listed < max_matches_per_player_ &&
        requests_ < max_requests_ / 2) {
      RequestIds(index, listed);
    }
  }

  void OnLeague(size_t index, const ApiResponse& response) {
    if (response.status == kNotFound) return;  // no league entries: nothing changed
    if (response.outcome != Outcome::kOk) return Failed(index);
    rank_changes_ +=
        store_.StoreRanks(checks_[index].player.puuid, ParseLeagueEntries(response.body));
  }

  // The PUUID no longer lists matches: ask account-v1 whether the account still exists.
  void LookUp(size_t index) {
    const Check& check = checks_[index];
    Request(index, std::string(AccountRegion(check.platform)), api::kAccountByPuuid,
            api::AccountByPuuidPath(check.player.puuid),
            [this, index](const ApiResponse& r) { OnAccount(index, r); });
  }

  void OnAccount(size_t index, const ApiResponse& response) {
    Check& check = checks_[index];
    if (response.status == kBadRequest || response.status == kNotFound) {
      store_.DeactivatePlayer(check.player.puuid,
                              "account-v1 knows no account with this PUUID (HTTP " +
                                  std::to_string(response.status) + ")");
      ++inactive_;
      return;
    }
    if (response.outcome != Outcome::kOk) return Failed(index);
    store_.StorePlayer(ParseAccount(response.body), check.player.platform);  // its Riot ID now
    ++renamed_;
  }

  void Failed(size_t index) {
    if (checks_[index].failed) return;
    checks_[index].failed = true;
    ++failed_;
  }

  void Checked(size_t index) {
    if (!checks_[index].failed) ++processed_;
    if (++checks_done_ % kProgressEvery == 0) Progress("checking players", checks_done_, {});
    if (checks_done_ == checks_.size()) FanOut();
  }

  // Queue the new matches the budget allows, the oldest of every player first (so that the
  // newest stored match only moves past matches that were fetched), and wait for them.
  void FanOut() {
    std::vector<std::string> checked;
    size_t deepest = 0;
    for (const Check& check : checks_) {
      if (!check.failed) checked.push_back(check.player.puuid);
      deepest = std::max(deepest, check.new_ids.size());
    }
    const size_t budget = static_cast<size_t>(std::max(0, max_requests_ - requests_));
    std::vector<std::string> match_ids;
    size_t listed = 0;
    for (size_t depth = 0; depth < deepest; ++depth) {
      for (const Check& check : checks_) {
        if (depth >= check.new_ids.size()) continue;
        ++listed;
        if (match_ids.size() < budget)
          match_ids.push_back(check.new_ids[check.new_ids.size() - 1 - depth]);
      }
    }
    const nlohmann::json counters = {{"players_processed", processed_},
                                     {"players_failed", failed_},
                                     {"players_inactive", inactive_},
                                     {"riot_ids_changed", renamed_},
                                     {"rank_changes", rank_changes_},
                                     {"api_requests", requests_},
                                     {"matches_left_for_next_run", listed - match_ids.size()}};
    store_.FanOutUpdate(job_, services_.queue.WorkerName(), checked, match_ids, counters);
    Abandon();  // waiting for the children (or lost): this attempt is over
  }

  static constexpr size_t kProgressEvery = 100;

  RiotStore store_{services_.db};
  int max_requests_ = 0;
  int max_matches_per_player_ = 0;
  std::vector<Check> checks_;
  size_t checks_done_ = 0;
  int requests_ = 0;
  int processed_ = 0;
  int failed_ = 0;
  int inactive_ = 0;
  int renamed_ = 0;
  int rank_changes_ = 0;
};

}  // namespace

std::unique_ptr<JobHandler> MakeTrackedPlayerUpdaterJob(JobServices& services, Job job) {
  return std::make_unique<TrackedPlayerUpdaterJob>(services, std::move(job));
}

}  // namespace riot
