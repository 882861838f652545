// dota-sim's responses: OpenDota's JSON for the world's matches, players, teams and leagues, in
// the shapes of the real payloads (../shared/opendota/fixtures), and Dotabuff's team pages.
#pragma once

#include <optional>
#include <string>

#include "dota/dota_world.hpp"

namespace riot::dota_sim {

std::string MatchJson(const DotaWorld& world, const SimMatch& match);
std::string PlayerJson(const SimAccount& account);
std::string WinLossJson(const DotaWorld& world, int64_t account_id);
// OpenDota's unknown team or league: 200 with an empty body, so these return "".
std::string TeamJson(const DotaWorld& world, int64_t team_id);
std::string LeagueJson(const DotaWorld& world, int64_t league_id);
// /teams/{id}/matches and /leagues/{id}/matches: pro-tier leagues only, as OpenDota.
std::string TeamMatchesJson(const DotaWorld& world, int64_t team_id);
std::string LeagueMatchesJson(const DotaWorld& world, int64_t league_id);
// /leagues/{id}/matchIds: every league, amateur ones included, ids as numbers.
std::string LeagueMatchIdsJson(const DotaWorld& world, int64_t league_id);

// Dotabuff's /esports/teams/{id}/matches?page=N: 20 matches a page, newest first; nullopt
// for a team Dotabuff does not have.
inline constexpr int kDotabuffPageSize = 20;
std::optional<std::string> DotabuffTeamPageHtml(const DotaWorld& world, int64_t team_id, int page);
// What Cloudflare shows a client it does not trust.
std::string DotabuffChallengeHtml();

// The ground truth: every team with its leagues and match ids, newest first.
std::string TeamsTruthJson(const DotaWorld& world);

}  // namespace riot::dota_sim
