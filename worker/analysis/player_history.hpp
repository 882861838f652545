// What the analyzer knows of a player: their stored games (with the lobby each was played in),
// their rank snapshots and their summoner level. The extension reads them from typed rows
// (extension/history_reader); tools and tests use the JSON form riot._player_histories builds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace riot::analysis {

// One stored game of the player.
struct Game {
  int64_t start_ms = 0;
  int queue_id = 0;
  int duration_s = 0;
  bool win = false;
  int kills = 0, deaths = 0, assists = 0;
  int cs = 0;
  int vision_score = 0;
  std::string position;     // TOP, JUNGLE, MIDDLE, BOTTOM, UTILITY; "" when Riot gave none
  double lobby_kda = 0;     // mean KDA of the game's other human participants; 0 when unknown
  double lobby_cspm = 0;    // their mean CS per minute
  double damage_share = 0;  // the player's share of their team's damage to champions
};

// One rank snapshot (riot.player_ranks), solo queue, or flex when the player has no solo rank.
struct RankSnapshot {
  std::string tier;      // IRON .. CHALLENGER
  std::string division;  // I .. IV
  int league_points = 0;
  int wins = 0, losses = 0;
  int64_t observed_ms = 0;
};

struct PlayerHistory {
  std::optional<int> summoner_level;
  std::vector<Game> games;          // newest first
  std::vector<RankSnapshot> ranks;  // oldest first
};

// Read a history from its JSON form:
//   {"level": 30, "games": [{"start_ms", "queue", "duration_s", "win", "kills", "deaths",
//    "assists", "cs", "vision", "position", "lobby_kda", "lobby_cspm", "damage_share"}, ...],
//    "ranks": [{"tier", "division", "lp", "wins", "losses", "observed_ms"}, ...]}
// Throws riot::Error 22023 "invalid player history" naming the key path.
PlayerHistory ParsePlayerHistory(const nlohmann::json& history);
PlayerHistory ParsePlayerHistory(std::string_view body);

// Put games newest first and rank snapshots oldest first, the order the scores expect.
void OrderHistory(PlayerHistory& history);

// Ranked Summoner's Rift queues: solo/duo (420) and flex (440).
bool IsRankedQueue(int queue_id);

// A game's KDA: (kills + assists) / max(deaths, 1).
double Kda(const Game& game);

// The tier's index, IRON = 0 .. CHALLENGER = 9; -1 when unknown.
int TierIndex(std::string_view tier);

// A rank as points: tier * 100 + division * 25 + LP (division IV = 0 .. I = 3).
double RankPoints(const RankSnapshot& rank);

}  // namespace riot::analysis
