// The records the simulated world is made of: players with their ground truth, and matches as the
// few facts from which the generators rebuild the full JSON on demand.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "game_data.hpp"
#include "platforms.hpp"

namespace riot {

inline constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
inline constexpr uint32_t kBotPlayer = std::numeric_limits<uint32_t>::max();
inline constexpr int kBlueTeam = 100;
inline constexpr int kRedTeam = 200;

struct PlayerRecord {
  uint32_t number = 0;  // index in World::players
  PlatformId platform = 0;
  std::string puuid;
  std::string summoner_id;
  std::string game_name;
  std::string tag_line;
  std::string summoner_name;  // the pre-2024 summoner name
  int64_t created_ms = 0;
  int64_t quits_ms = kNever;
  int64_t banned_ms = kNever;  // ground truth: summoner-v4 answers 404 from this time on
  bool smurf = false;
  bool well_known = false;
  double skill = 0.0;  // hidden MMR in standard deviations
  double games_per_day = 0.0;
  int start_level = 1;
  int profile_icon = 0;
  Position main_position = kMiddle;
  uint16_t champion_pool[3] = {0, 0, 0};  // indices into kChampions
  int preferred_hour = 20;                // local evening, as a UTC hour
  std::vector<uint32_t> matches;          // indices into World matches, oldest first
};

enum MatchFlags : uint8_t {
  kMatchAborted = 1,  // the "empty" Abort_Unexpected shape of EUW1_6834713231
  kMatchRemake = 2,   // ended in early surrender
};

struct MatchRecord {
  int64_t game_id = 0;
  int64_t start_ms = 0;  // gameStartTimestamp
  int32_t duration_s = 0;
  int32_t queue_id = 0;
  PlatformId platform = 0;
  uint8_t flags = 0;
  int winning_team = kBlueTeam;   // 100 or 200; Arena and Swarm derive results from the seed
  int32_t replay = -1;            // index into the replay store for --replay matches
  std::vector<uint32_t> players;  // participant order; kBotPlayer for Co-op vs AI bots

  int64_t CreationMs() const { return start_ms - 30'000 - (game_id % 70) * 1000; }
  int64_t EndMs() const { return start_ms + int64_t{duration_s} * 1000 + 200 + game_id % 800; }
  std::string MatchId() const {
    return std::string(Platform(platform).match_prefix) + "_" + std::to_string(game_id);
  }
};

}  // namespace riot
