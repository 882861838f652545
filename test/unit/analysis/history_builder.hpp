// Hand-built player histories for the analyzer's tests.
#pragma once

#include <string>
#include <vector>

#include "analysis/player_history.hpp"

namespace riot::analysis::testing {

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kStartMs = 1772323200000;  // 2026-03-01

// One ranked solo game of 30 minutes, the newest `index` games ago.
inline Game RankedGame(int index, bool win, int kills, int deaths, int assists, int cs = 210,
                       std::string position = "MIDDLE") {
  Game game;
  game.start_ms = kStartMs - static_cast<int64_t>(index) * 3600000;
  game.queue_id = 420;
  game.duration_s = 1800;
  game.win = win;
  game.kills = kills;
  game.deaths = deaths;
  game.assists = assists;
  game.cs = cs;
  game.vision_score = 20;
  game.position = std::move(position);
  game.lobby_kda = 2.5;
  game.lobby_cspm = 6.0;
  game.damage_share = 0.2;
  return game;
}

// `count` ranked games, newest first, the first `wins` of them won, each with the same K/D/A.
inline std::vector<Game> RankedGames(int count, int wins, int kills, int deaths, int assists) {
  std::vector<Game> games;
  games.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) games.push_back(RankedGame(i, i < wins, kills, deaths, assists));
  return games;
}

inline RankSnapshot Rank(std::string tier, std::string division, int lp, int64_t day, int wins = 10,
                         int losses = 10) {
  return RankSnapshot{std::move(tier), std::move(division),    lp, wins,
                      losses,          kStartMs + day * kDayMs};
}

// The score of `name` in an analysis.
inline const Score& ScoreOf(const Analysis& analysis, const std::string& name) {
  for (const Score& score : analysis.scores) {
    if (score.name == name) return score;
  }
  static const Score missing{"missing", 0, -1, 0, ""};
  return missing;
}

}  // namespace riot::analysis::testing
