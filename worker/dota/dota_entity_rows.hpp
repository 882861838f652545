// OpenDota's players, teams and leagues to typed rows for dota.players, dota.teams and
// dota.leagues, and the match id lists an import walks (a team's matches, a league's match ids).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace riot::dota {

// One row of dota.players, from GET /players/{id} and GET /players/{id}/wl.
struct DotaPlayerRow {
  long long account_id = 0;
  std::optional<std::string> personaname, pro_name, avatar_url, profile_url, country_code;
  std::optional<std::string> steam_id;  // profile.steamid: steam64, a string
  std::optional<bool> plus;
  std::optional<int> rank_tier;  // tens: medal (1 Herald .. 8 Immortal), units: stars
  std::optional<int> leaderboard_rank;
  std::optional<double> computed_mmr;     // since 2025-08
  std::optional<std::string> last_login;  // ISO 8601, as sent
  std::optional<int> wins, losses;        // from /wl, when fetched
};

// One row of dota.teams (GET /teams/{id}, or a row of /teams and /leagues/{id}/teams).
struct DotaTeamRow {
  long long team_id = 0;
  std::optional<std::string> name, tag, logo_url;
  std::optional<double> rating;
  std::optional<int> wins, losses;
  std::optional<long long> last_match_time;  // Unix seconds
};

// One row of dota.leagues (GET /leagues/{id}, or a row of /leagues).
struct DotaLeagueRow {
  long long league_id = 0;
  std::optional<std::string> name, tier;  // tier: premium, professional, amateur, excluded
};

// Each throws riot::Error 22023 ("invalid OpenDota ... payload", detail naming the key path).
// A team or league OpenDota does not know is a 200 with an empty body: nullopt, not an error.
DotaPlayerRow ParseDotaPlayer(std::string_view body);
void ParseDotaWinLoss(std::string_view body, DotaPlayerRow& player);
std::optional<DotaTeamRow> ParseDotaTeam(std::string_view body);
std::optional<DotaLeagueRow> ParseDotaLeague(std::string_view body);

// GET /teams/{id}/matches: the match ids, newest first, of the league given (all when nullopt);
// OpenDota has no filter of its own.
std::vector<long long> ParseTeamMatchIds(std::string_view body, std::optional<long long> league_id);

// GET /leagues/{id}/matchIds: a JSON array of match ids (numbers, or strings as the spec says).
std::vector<long long> ParseLeagueMatchIds(std::string_view body);

nlohmann::json EncodeDotaPlayer(const DotaPlayerRow& player);
nlohmann::json EncodeDotaTeam(const DotaTeamRow& team);
nlohmann::json EncodeDotaLeague(const DotaLeagueRow& league);

}  // namespace riot::dota
