// The typed store of Riot data: job handlers call these instead of writing SQL. Each call is
// one SQL function of sql/src (50_data.sql, 60_sync.sql), so both worker kinds write alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/database.hpp"
#include "engine/job_queue.hpp"
#include "riot/league_rows.hpp"
#include "riot/match_rows.hpp"

namespace riot {

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
  // Store a match timeline's raw payload.
  void StoreTimeline(const std::string& match_id, std::string_view raw_body);

  // Fan a sync out in one transaction of its own: a fetch_match child for every listed match
  // not stored yet, then wait for them. False when the worker no longer holds the attempt.
  bool FanOutSync(const Job& job, const std::string& worker, const std::string& puuid,
                  const std::vector<std::string>& match_ids, bool with_timelines);
  // Total what a sync did into its result and finish it; false when the attempt was lost.
  bool FinishSync(const Job& job, const std::string& worker);

 private:
  Database& db_;
};

}  // namespace riot
