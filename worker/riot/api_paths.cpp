// The Riot API methods pg_riot calls: method ids and request paths.
#include "riot/api_paths.hpp"

#include "riot/percent_encoding.hpp"

namespace riot::api {

std::string AccountByRiotIdPath(std::string_view game_name, std::string_view tag_line) {
  return "/riot/account/v1/accounts/by-riot-id/" + PercentEncodePathSegment(game_name) + "/" +
         PercentEncodePathSegment(tag_line);
}

std::string AccountByPuuidPath(std::string_view puuid) {
  return "/riot/account/v1/accounts/by-puuid/" + PercentEncodePathSegment(puuid);
}

std::string SummonerByPuuidPath(std::string_view puuid) {
  return "/lol/summoner/v4/summoners/by-puuid/" + PercentEncodePathSegment(puuid);
}

std::string LeagueEntriesByPuuidPath(std::string_view puuid) {
  return "/lol/league/v4/entries/by-puuid/" + PercentEncodePathSegment(puuid);
}

std::string ApexLeaguePath(std::string_view ladder, std::string_view queue) {
  return "/lol/league/v4/" + PercentEncodePathSegment(ladder) + "/by-queue/" +
         PercentEncodePathSegment(queue);
}

std::string MatchIdsPath(std::string_view puuid, const MatchIdsQuery& query) {
  std::string path = "/lol/match/v5/matches/by-puuid/" + PercentEncodePathSegment(puuid) +
                     "/ids?start=" + std::to_string(query.start) +
                     "&count=" + std::to_string(query.count);
  if (query.queue) path += "&queue=" + std::to_string(*query.queue);
  if (query.start_time) path += "&startTime=" + std::to_string(*query.start_time);
  if (query.end_time) path += "&endTime=" + std::to_string(*query.end_time);
  return path;
}

std::string MatchPath(std::string_view match_id) {
  return "/lol/match/v5/matches/" + PercentEncodePathSegment(match_id);
}

std::string TimelinePath(std::string_view match_id) { return MatchPath(match_id) + "/timeline"; }

}  // namespace riot::api
