// Ranked standing derived from a player's ranked games up to the sim clock: LP climbs and falls
// with every win and loss, so league-v4 entries change as time passes (smurfs climb fast).
#pragma once

#include <string>
#include <vector>

#include "world.hpp"

namespace riot {

struct LeagueEntry {
  std::string league_id;
  std::string queue_type;  // RANKED_SOLO_5x5 or RANKED_FLEX_SR
  std::string tier;
  std::string rank;
  int league_points = 0;
  int wins = 0;  // this season
  int losses = 0;
  bool hot_streak = false;
  bool veteran = false;
  bool fresh_blood = false;
  bool inactive = false;
};

// The player's entries as of the world clock (world read lock held); empty when unranked.
std::vector<LeagueEntry> LeagueEntries(const World& world, const PlayerRecord& player);

// league-v4 LeagueEntryDTO array JSON, keys in Riot's order (no summonerId since 2025-07).
std::string LeagueEntriesJson(const std::vector<LeagueEntry>& entries, const std::string& puuid);

// An apex ladder (league-v4 challengerleagues, grandmasterleagues, masterleagues by queue): the
// players of the platform whose entry in `queue_type` is in `tier` as of the world clock, as a
// LeagueListDTO; its entries in the order of the world's players, as Riot's are in no order.
std::string ApexLeagueJson(const World& world, PlatformId platform, const std::string& queue_type,
                           const std::string& tier);

}  // namespace riot
