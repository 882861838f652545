// league-v4 apex ladders (challengerleagues, grandmasterleagues, masterleagues by queue) to typed
// rows for riot.leaderboards, and those rows encoded for riot._store_ladder.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace riot {

// One LeagueItemDTO: a player on an apex ladder.
struct LadderEntry {
  std::string puuid;
  std::string tier;  // the ladder's: CHALLENGER, GRANDMASTER or MASTER
  int league_points = 0;
  int wins = 0;
  int losses = 0;
  bool hot_streak = false;
  bool veteran = false;
  bool fresh_blood = false;
  bool inactive = false;
};

// One LeagueListDTO: a tier's ladder of one queue on one platform.
struct LadderRows {
  std::string tier;
  std::string league_id;  // "" when absent (optional in the spec)
  std::vector<LadderEntry> entries;
};

// Parse a LeagueListDTO. Throws riot::Error 22023 "invalid league list payload" with a detail
// naming the key path; miniSeries, rank (always I) and summonerId are ignored.
LadderRows ParseLadder(const nlohmann::json& list);
LadderRows ParseLadder(std::string_view body);
inline LadderRows ParseLadder(const std::string& body) {
  return ParseLadder(std::string_view(body));
}
inline LadderRows ParseLadder(const char* body) { return ParseLadder(std::string_view(body)); }

// Encode the entries of several ladders (a queue's three tiers) as the JSON array
// riot._store_ladder reads (keys are riot.leaderboards columns).
nlohmann::json EncodeLadderEntries(const std::vector<LadderRows>& ladders);

}  // namespace riot
