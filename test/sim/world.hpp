// The deterministic world a seed describes: players on several platforms with Riot IDs, ranks,
// smurf and ban ground truth, and match histories that grow as the sim clock advances.
#pragma once

#include <cstdint>
#include <deque>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "encrypted_ids.hpp"
#include "matchmaker.hpp"
#include "replay_store.hpp"
#include "sim_time.hpp"
#include "world_types.hpp"

namespace riot {

struct WorldConfig {
  uint64_t seed = 42;
  int players = 1000;  // generated players, besides the well-known ones
  int64_t start_ms = kDefaultStartMs;
  int64_t history_start_ms = kDefaultHistoryStartMs;
  std::string api_key = "RGAPI-sim";
  double smurf_share = 0.05;
  double smurf_ban_share = 0.4;
  double ban_share = 0.01;  // of ordinary players
};

// A player every world has, so that tests and the demo can name them.
struct WellKnownPlayer {
  std::string_view game_name;
  std::string_view tag_line;
  std::string_view platform;
  double games_per_day;
  double skill;
  bool smurf;
  int64_t banned_offset_days;  // ban time relative to the clock start; 0 = never banned
};
inline constexpr WellKnownPlayer kWellKnownPlayers[] = {
    {"Hide on bush", "KR1", "kr", 0.90, 3.2, false, 0},
    {"Rift Walker", "NA1", "na1", 0.40, 1.2, false, 0},
    {"Björn Järnsida", "EUW", "euw1", 0.25, 0.5, false, 0},
    {"ゆめかわいい", "JP1", "jp1", 0.22, 0.0, false, 0},
    {"달빛 소나타", "KR 1", "kr", 0.30, 0.8, false, 0},
    {"Fresh Start", "EUW", "euw1", 3.0, 2.8, true, 0},
    {"Ban Me Later", "NA1", "na1", 3.0, 2.9, true, 1},
    {"Already Gone", "KR1", "kr", 3.0, 3.0, true, -10},
};
inline constexpr size_t kWellKnownPlayerCount = std::size(kWellKnownPlayers);

class World {
 public:
  World(const WorldConfig& config, std::optional<ReplayStore> replays = std::nullopt);

  // Readers hold this lock while they use anything below; Advance() takes it exclusively.
  std::shared_lock<std::shared_mutex> ReadLock() const { return std::shared_lock(mutex_); }

  int64_t NowMs() const { return now_ms_; }
  const WorldConfig& Config() const { return config_; }
  const IdCipher& Cipher() const { return cipher_; }
  const std::vector<PlayerRecord>& Players() const { return players_; }
  const PlayerRecord& Player(uint32_t number) const { return players_[number]; }
  const MatchRecord& Match(uint32_t index) const { return matches_[index]; }
  size_t MatchCount() const { return matches_.size(); }
  const ReplayMatch* Replay(const MatchRecord& match) const;

  const PlayerRecord* FindByPuuid(std::string_view puuid) const;
  // Case-insensitive Riot ID lookup (the response carries the stored casing).
  const PlayerRecord* FindByRiotId(std::string_view game_name, std::string_view tag_line) const;
  // The match with this id, finished or not; nullptr if there is none.
  const MatchRecord* FindMatch(std::string_view match_id) const;

  bool HasEnded(const MatchRecord& match) const { return match.EndMs() <= now_ms_; }
  bool IsBanned(const PlayerRecord& player) const { return player.banned_ms <= now_ms_; }
  // Matches of `player` that have ended by now.
  size_t EndedMatchCount(const PlayerRecord& player) const;
  // Number of `player`'s matches that started before `at_ms`.
  size_t MatchesBefore(const PlayerRecord& player, int64_t at_ms) const;
  int SummonerLevel(const PlayerRecord& player, size_t games_played) const;

  // Move the clock forward and generate the games played meanwhile.
  void Advance(int64_t seconds);

 private:
  void CreatePlayers();
  void AddPlayer(PlayerRecord player);
  uint32_t AddMatch(MatchRecord match);
  void AttachReplays();
  void GenerateUntil(int64_t until_ms);

  WorldConfig config_;
  IdCipher cipher_;
  std::optional<ReplayStore> replays_;
  mutable std::shared_mutex mutex_;
  int64_t now_ms_;
  int64_t generated_until_ms_ = 0;
  std::vector<PlayerRecord> players_;
  std::deque<MatchRecord> matches_;
  std::unique_ptr<Matchmaker> matchmaker_;
  std::unordered_map<std::string, uint32_t> by_puuid_;
  std::unordered_map<std::string, uint32_t> by_riot_id_;
  std::unordered_map<uint64_t, uint32_t> by_match_key_;
};

}  // namespace riot
