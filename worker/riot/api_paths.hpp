// The Riot API methods pg_riot calls: each one's method id (its rate-limit bucket) and the path
// of a request, percent-encoded, in one place for every job kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace riot::api {

constexpr const char* kAccountByRiotId = "account-v1.getByRiotId";
constexpr const char* kAccountByPuuid = "account-v1.getByPuuid";
constexpr const char* kSummonerByPuuid = "summoner-v4.getByPUUID";
constexpr const char* kLeagueEntriesByPuuid = "league-v4.getLeagueEntriesByPUUID";
constexpr const char* kMatchIds = "match-v5.getMatchIdsByPUUID";
constexpr const char* kMatch = "match-v5.getMatch";
constexpr const char* kTimeline = "match-v5.getTimeline";
constexpr const char* kChallengerLeague = "league-v4.getChallengerLeague";
constexpr const char* kGrandmasterLeague = "league-v4.getGrandmasterLeague";
constexpr const char* kMasterLeague = "league-v4.getMasterLeague";
constexpr int kMaxMatchIdsPerPage = 100;  // match-v5 returns at most 100 ids a call

std::string AccountByRiotIdPath(std::string_view game_name, std::string_view tag_line);
std::string AccountByPuuidPath(std::string_view puuid);
std::string SummonerByPuuidPath(std::string_view puuid);
std::string LeagueEntriesByPuuidPath(std::string_view puuid);
// An apex ladder of a ranked queue: `ladder` is challengerleagues, grandmasterleagues or
// masterleagues, `queue` RANKED_SOLO_5x5 or RANKED_FLEX_SR.
std::string ApexLeaguePath(std::string_view ladder, std::string_view queue);

// A page of a player's match ids: `count` ids from `start`, optionally one queue and a window of
// game starts in epoch seconds (both ends inclusive).
struct MatchIdsQuery {
  int start = 0;
  int count = kMaxMatchIdsPerPage;
  std::optional<int> queue;
  std::optional<long long> start_time;
  std::optional<long long> end_time;
};
std::string MatchIdsPath(std::string_view puuid, const MatchIdsQuery& query);

std::string MatchPath(std::string_view match_id);
std::string TimelinePath(std::string_view match_id);

}  // namespace riot::api
