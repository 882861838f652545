// The typed store of Riot data: job handlers call these instead of writing SQL. Each call is
// one SQL function of sql/src (50_data.sql, 60_sync.sql), so both worker kinds write alike.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "engine/database.hpp"
#include "engine/job_queue.hpp"
#include "riot/ladder_rows.hpp"
#include "riot/league_rows.hpp"
#include "riot/match_rows.hpp"

namespace riot {

// A tracked player as the updater sees it.
struct TrackedPlayer {
  std::string puuid;
  std::string platform;
  std::optional<long long> newest_game_start;  // epoch seconds of the newest stored match
};

// A player the analyzer fetches for or checks.
struct AnalyzerCandidate {
  std::string puuid;
  std::string platform;
  int ranked_stored = 0;  // solo-queue games stored
};

class RiotStore {
 public:
  explicit RiotStore(Database& db) : db_(db) {}

  // Record a resolved account on a platform (riot.players).
  void StorePlayer(const AccountRow& account, std::string_view platform);
  // Record a summoner's level, icon and revision date on its player.
  void StoreSummoner(const SummonerRow& summoner);
  // Record league entries; returns the rank rows added (only queues whose standing changed).
  int StoreRanks(const std::string& puuid, const std::vector<RankRow>& ranks);
  // Store a match, its participants and the players discovered in it, with the raw payload;
  // returns false when the match was stored already.
  bool StoreMatch(const MatchRows& rows, std::string_view raw_body);
  // Store a match timeline's raw payload and its typed rows.
  void StoreTimeline(const std::string& match_id, std::string_view raw_body);
  // Record that Riot has no timeline for a stored match (it answered 404).
  void TimelineMissing(const std::string& match_id);

  // Fan a job out over matches in one transaction of its own: a fetch_match child at `priority`
  // for every listed match not stored yet, `result` kept for the final step, then wait for them.
  // False when the worker no longer holds the attempt (nothing is queued then).
  bool FanOutMatches(const Job& job, const std::string& worker,
                     const std::vector<std::string>& match_ids, const nlohmann::json& result,
                     bool with_timelines, int priority);
  // Total what a sync did into its result and finish it; false when the attempt was lost.
  bool FinishSync(const Job& job, const std::string& worker);
  // The final step of a fetch_timelines job: what its children did, into its result, finished;
  // false when the attempt was lost.
  bool FinishFetchTimelines(const Job& job, const std::string& worker);

  // The platforms of tracked players (leaderboard_refresh's default).
  std::vector<std::string> LadderPlatforms();
  // Replace a queue's apex ladder on a platform by its three tiers' entries; returns what changed
  // (entries, entered, moved, left, history_rows).
  nlohmann::json StoreLadder(const std::string& platform, const std::string& queue_type,
                             const std::vector<LadderRows>& tiers);

  // Mark a resolved player tracked.
  void TrackPlayer(const std::string& puuid);
  // The tracked, active players an updater run checks, checked longest ago first.
  std::vector<TrackedPlayer> UpdaterPlayers();
  // Mark a player whose account no longer resolves inactive, with the reason.
  void DeactivatePlayer(const std::string& puuid, const std::string& reason);
  // The updater's fan-out: mark the players it checked and queue the matches it found below
  // interactive work; `counters` are kept for the final step. False when the attempt was lost.
  bool FanOutUpdate(const Job& job, const std::string& worker,
                    const std::vector<std::string>& checked,
                    const std::vector<std::string>& match_ids, const nlohmann::json& counters);
  // Write an updater run's metrics and finish it; false when the attempt was lost.
  bool FinishUpdate(const Job& job, const std::string& worker);

  // The discovered players the analyzer fetches ranked matches for: fewer than `target` stored,
  // fewest first.
  std::vector<AnalyzerCandidate> AnalyzerFetchCandidates(int target);
  // The analyzer's fan-out: `listed` maps each player fetched for to their recent ranked match
  // ids, newest first; the first `per_player` not stored yet are queued below interactive work,
  // and players with none left are marked. False when the attempt was lost.
  bool FanOutAnalyzer(const Job& job, const std::string& worker, const nlohmann::json& listed,
                      int per_player, const nlohmann::json& counters);
  // Score the players due with a variant and store the analyses; returns {scored, smurfs}.
  std::pair<int, int> ScoreDue(const std::string& variant, int min_matches, int max_scored);
  // Suspected smurfs never checked for a ban, or not since `after` (an interval).
  std::vector<AnalyzerCandidate> BanCheckCandidates(const std::string& variant,
                                                    const std::string& after);
  // Record what summoner-v4 answered for an account: 200 not banned, 404 likely banned.
  void RecordBanCheck(const std::string& puuid, long status);
  // Write an analyzer run's metrics and finish it; false when the attempt was lost.
  bool FinishAnalyzer(const Job& job, const std::string& worker, const nlohmann::json& counters);

 private:
  Database& db_;
};

}  // namespace riot
