// Create the players, run the matchmaker up to the clock, and answer lookups.
#include "world.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "names.hpp"
#include "random.hpp"
#include "text.hpp"

namespace riot {

namespace {

struct PlatformShare {
  std::string_view host;
  double share;
  int evening_utc_hour;  // 20:00 local time, in UTC
};
constexpr PlatformShare kWorldPlatforms[] = {
    {"kr", 0.24, 11},   {"euw1", 0.20, 19}, {"na1", 0.20, 2},  {"jp1", 0.10, 11},
    {"eun1", 0.09, 18}, {"br1", 0.09, 23},  {"oc1", 0.08, 10},
};
constexpr double kMedianGamesPerDay = 0.12;
constexpr double kActivitySpread = 0.8;
constexpr double kMaxGamesPerDay = 0.6;  // below the well-known heavy players
constexpr int64_t kSmurfMinAgeDays = 20;
constexpr int64_t kSmurfMaxAgeDays = 150;
constexpr int64_t kWellKnownSmurfAgeDays = 90;
constexpr int kMaxProfileIcon = 6000;

// Game ids are unique per platform; fold the platform in for the lookup key.
uint64_t MatchKey(PlatformId platform, int64_t game_id) {
  return static_cast<uint64_t>(game_id) * kPlatformCount + platform;
}

std::string RiotIdKey(std::string_view game_name, std::string_view tag_line) {
  return FoldCase(game_name) + "#" + FoldCase(tag_line);
}

// Three champions that suit the player's main position.
void PickChampionPool(Rng& rng, PlayerRecord& player) {
  size_t filled = 0;
  for (int attempt = 0; attempt < 200 && filled < 3; ++attempt) {
    const size_t index = rng.Index(kChampionCount);
    if (!(kChampions[index].positions & (1 << player.main_position))) continue;
    bool duplicate = false;
    for (size_t k = 0; k < filled; ++k) duplicate |= player.champion_pool[k] == index;
    if (!duplicate) player.champion_pool[filled++] = static_cast<uint16_t>(index);
  }
  while (filled < 3)
    player.champion_pool[filled++] = static_cast<uint16_t>(rng.Index(kChampionCount));
}

}  // namespace

World::World(const WorldConfig& config, std::optional<ReplayStore> replays)
    : config_(config),
      cipher_(HashOf({config.seed, std::hash<std::string>()(config.api_key)})),
      replays_(std::move(replays)),
      now_ms_(config.start_ms) {
  if (config_.history_start_ms >= config_.start_ms) {
    throw std::invalid_argument("the history must start before the clock");
  }
  CreatePlayers();
  matchmaker_ = std::make_unique<Matchmaker>(config_.seed, config_.history_start_ms, players_);
  GenerateUntil(now_ms_);
  AttachReplays();
}

void World::AddPlayer(PlayerRecord player) {
  player.number = static_cast<uint32_t>(players_.size());
  player.puuid = cipher_.Puuid(player.number);
  player.summoner_id = cipher_.SummonerId(player.number);
  by_puuid_.emplace(player.puuid, player.number);
  by_riot_id_.emplace(RiotIdKey(player.game_name, player.tag_line), player.number);
  players_.push_back(std::move(player));
}

void World::CreatePlayers() {
  Rng rng(HashOf({config_.seed, 0x91a7e5}));
  const int64_t start = config_.start_ms;
  const int64_t history = config_.history_start_ms;

  for (size_t i = 0; i < kWellKnownPlayerCount; ++i) {
    const WellKnownPlayer& known = kWellKnownPlayers[i];
    PlayerRecord player;
    player.platform = *FindPlatformByHost(known.platform);
    player.game_name = known.game_name;
    player.tag_line = known.tag_line;
    player.summoner_name = std::string(known.game_name);
    player.well_known = true;
    player.smurf = known.smurf;
    player.skill = known.skill;
    player.games_per_day = known.games_per_day;
    player.created_ms =
        known.smurf ? start - kWellKnownSmurfAgeDays * kMsPerDay : history - 900 * kMsPerDay;
    if (known.banned_offset_days != 0)
      player.banned_ms = start + known.banned_offset_days * kMsPerDay;
    player.start_level = known.smurf ? 1 : 120 + static_cast<int>(rng.Int(0, 300));
    player.profile_icon = static_cast<int>(rng.Int(1, kMaxProfileIcon));
    player.main_position = static_cast<Position>((kMiddle + i) % kPositionCount);  // the star mids
    player.preferred_hour = 11;
    for (const PlatformShare& share : kWorldPlatforms) {
      if (share.host == known.platform) player.preferred_hour = share.evening_utc_hour;
    }
    PickChampionPool(rng, player);
    AddPlayer(std::move(player));
  }

  for (int i = 0; i < config_.players; ++i) {
    PlayerRecord player;
    double roll = rng.Real();
    const PlatformShare* share = &kWorldPlatforms[0];
    for (const PlatformShare& candidate : kWorldPlatforms) {
      share = &candidate;
      if (roll < candidate.share) break;
      roll -= candidate.share;
    }
    player.platform = *FindPlatformByHost(share->host);
    player.preferred_hour = static_cast<int>(share->evening_utc_hour + rng.Int(-2, 2) + 24) % 24;
    do {
      const RiotId id = GenerateRiotId(rng, player.platform);
      player.game_name = id.game_name;
      player.tag_line = id.tag_line;
    } while (by_riot_id_.count(RiotIdKey(player.game_name, player.tag_line)) != 0);
    player.summoner_name = GenerateSummonerName(rng);
    player.profile_icon = static_cast<int>(rng.Int(1, kMaxProfileIcon));
    player.main_position = static_cast<Position>(rng.Index(kPositionCount));
    player.smurf = rng.Chance(config_.smurf_share);
    if (player.smurf) {
      // A new account of a strong player: low level, many games, high win rate, fast climb.
      const int64_t age_days = rng.Int(kSmurfMinAgeDays, kSmurfMaxAgeDays);
      player.created_ms = start - age_days * kMsPerDay;
      player.games_per_day = rng.Real(1.0, 2.5);
      player.skill = rng.Normal(3.0, 0.4);
      player.start_level = 1;
      if (rng.Chance(config_.smurf_ban_share)) {
        player.banned_ms = rng.Chance(0.3)
                               ? start + rng.Int(kMsPerDay / 2, 10 * kMsPerDay)
                               : player.created_ms + rng.Int(10 * kMsPerDay, age_days * kMsPerDay);
      }
    } else {
      player.created_ms = rng.Chance(0.6) ? history - rng.Int(0, 2000) * kMsPerDay
                                          : rng.Int(history, start - 30 * kMsPerDay);
      player.games_per_day =
          std::min(kMaxGamesPerDay, kMedianGamesPerDay * std::exp(rng.Normal(0, kActivitySpread)));
      player.skill = rng.Normal(0, 1);
      player.start_level = player.created_ms < history ? static_cast<int>(rng.Int(30, 350))
                                                       : static_cast<int>(rng.Int(1, 30));
      if (rng.Chance(0.2))
        player.quits_ms = rng.Int(player.created_ms + 90 * kMsPerDay, start + 400 * kMsPerDay);
      if (rng.Chance(config_.ban_share))
        player.banned_ms = rng.Int(history, start + 10 * kMsPerDay);
    }
    PickChampionPool(rng, player);
    AddPlayer(std::move(player));
  }
}

uint32_t World::AddMatch(MatchRecord match) {
  const auto index = static_cast<uint32_t>(matches_.size());
  const uint64_t key = MatchKey(match.platform, match.game_id);
  if (match.replay >= 0) {
    by_match_key_[key] = index;
  } else {
    by_match_key_.emplace(key, index);
  }
  for (const uint32_t number : match.players) {
    if (number == kBotPlayer) continue;
    std::vector<uint32_t>& history = players_[number].matches;
    // Keep each history ordered by start time (replays may fall anywhere in it).
    auto at = history.end();
    while (at != history.begin() && matches_[*(at - 1)].start_ms > match.start_ms) --at;
    history.insert(at, index);
  }
  matches_.push_back(std::move(match));
  return index;
}

void World::GenerateUntil(int64_t until_ms) {
  if (until_ms <= generated_until_ms_) return;
  matchmaker_->RunUntil(until_ms, players_,
                        [this](MatchRecord match) { return AddMatch(std::move(match)); });
  generated_until_ms_ = until_ms;
}

void World::AttachReplays() {
  if (!replays_) return;
  const auto& replays = replays_->Matches();
  for (size_t i = 0; i < replays.size(); ++i) {
    const ReplayMatch& replay = replays[i];
    std::vector<uint32_t> candidates;
    for (const PlayerRecord& player : players_) {
      if (player.platform == replay.platform) candidates.push_back(player.number);
    }
    if (candidates.empty()) {
      // Nobody plays there: the match is still served, it just belongs to no history.
      candidates.push_back(kBotPlayer);
    }
    MatchRecord match;
    match.game_id = replay.game_id;
    match.platform = replay.platform;
    match.start_ms = replay.start_ms;
    match.duration_s = replay.duration_s;
    match.queue_id = replay.queue_id;
    match.replay = static_cast<int32_t>(i);
    Rng rng(HashOf({config_.seed, 0x7e91a4, static_cast<uint64_t>(replay.game_id)}));
    const size_t owners =
        std::min<size_t>({candidates.size(), std::max<size_t>(replay.humans, 1), 2});
    for (size_t k = 0; k < owners; ++k) {
      const uint32_t pick = candidates[rng.Index(candidates.size())];
      if (std::find(match.players.begin(), match.players.end(), pick) == match.players.end()) {
        match.players.push_back(pick);
      }
    }
    AddMatch(std::move(match));
  }
}

const ReplayMatch* World::Replay(const MatchRecord& match) const {
  if (match.replay < 0 || !replays_) return nullptr;
  return &replays_->Matches()[static_cast<size_t>(match.replay)];
}

const PlayerRecord* World::FindByPuuid(std::string_view puuid) const {
  const auto it = by_puuid_.find(std::string(puuid));
  return it == by_puuid_.end() ? nullptr : &players_[it->second];
}

const PlayerRecord* World::FindByRiotId(std::string_view game_name,
                                        std::string_view tag_line) const {
  const auto it = by_riot_id_.find(RiotIdKey(game_name, tag_line));
  return it == by_riot_id_.end() ? nullptr : &players_[it->second];
}

const MatchRecord* World::FindMatch(std::string_view match_id) const {
  const size_t underscore = match_id.find('_');
  if (underscore == std::string_view::npos) return nullptr;
  const auto platform = FindPlatformByMatchPrefix(match_id.substr(0, underscore));
  const std::string_view digits = match_id.substr(underscore + 1);
  if (!platform || digits.empty() || digits.size() > 15) return nullptr;
  int64_t game_id = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return nullptr;
    game_id = game_id * 10 + (c - '0');
  }
  const auto it = by_match_key_.find(MatchKey(*platform, game_id));
  return it == by_match_key_.end() ? nullptr : &matches_[it->second];
}

size_t World::EndedMatchCount(const PlayerRecord& player) const {
  size_t count = 0;
  for (const uint32_t index : player.matches) count += HasEnded(matches_[index]);
  return count;
}

size_t World::MatchesBefore(const PlayerRecord& player, int64_t at_ms) const {
  const auto it =
      std::partition_point(player.matches.begin(), player.matches.end(),
                           [&](uint32_t index) { return matches_[index].start_ms < at_ms; });
  return static_cast<size_t>(it - player.matches.begin());
}

int World::SummonerLevel(const PlayerRecord& player, size_t games_played) const {
  constexpr double kLevelsPerGame = 0.28;
  constexpr double kSmurfLevelsPerGame = 0.45;
  return player.start_level +
         static_cast<int>(static_cast<double>(games_played) *
                          (player.smurf ? kSmurfLevelsPerGame : kLevelsPerGame));
}

void World::Advance(int64_t seconds) {
  if (seconds <= 0) return;
  std::unique_lock lock(mutex_);
  now_ms_ += seconds * kMsPerSecond;
  GenerateUntil(now_ms_);
}

}  // namespace riot
