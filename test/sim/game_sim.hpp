// Plays one match out from its MatchRecord: who picked what, every kill and objective with its
// time, and each participant's totals. The match and timeline generators both render these
// facts, so a match and its timeline always agree.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "game_data.hpp"
#include "world.hpp"

namespace riot {

struct ParticipantFacts {
  const PlayerRecord* player = nullptr;  // nullptr for a Co-op vs AI bot
  int participant_id = 0;
  int team_id = kBlueTeam;
  int subteam = 0;    // Arena pair 1..8, else 0
  int placement = 0;  // Arena rank of the pair 1..8, else 0
  const Champion* champion = nullptr;
  Position position = kMiddle;
  bool win = false;
  int summoner_level = 1;
  int kills = 0, deaths = 0, assists = 0;
  int double_kills = 0, triple_kills = 0, quadra_kills = 0, penta_kills = 0;
  int largest_multi_kill = 0, largest_killing_spree = 0, killing_sprees = 0;
  bool first_blood_kill = false, first_blood_assist = false;
  bool first_tower_kill = false, first_tower_assist = false;
  int turret_kills = 0, turret_takedowns = 0, inhibitor_kills = 0, inhibitor_takedowns = 0;
  int dragon_kills = 0, baron_kills = 0, dragon_takedowns = 0, baron_takedowns = 0;
  int gold_earned = 0, gold_spent = 0;
  int minions = 0, neutral_minions = 0;
  int champ_level = 1, champ_experience = 0;
  int damage_to_champions = 0, physical_to_champions = 0, magic_to_champions = 0,
      true_to_champions = 0;
  int damage_dealt = 0, physical_dealt = 0, magic_dealt = 0, true_dealt = 0;
  int damage_taken = 0, physical_taken = 0, magic_taken = 0, true_taken = 0;
  int damage_mitigated = 0, damage_to_buildings = 0, damage_to_objectives = 0;
  int total_heal = 0, time_dead_s = 0, longest_alive_s = 0, cc_time = 0;
  int vision_score = 0, wards_placed = 0, wards_killed = 0, control_wards = 0;
  int items[7] = {0, 0, 0, 0, 0, 0, 0};
  int spell1 = kSummonerFlash, spell2 = 14;
  int primary_style = 0, sub_style = 0;  // indices into kRuneStyles
  int perks[6] = {0, 0, 0, 0, 0, 0};
  int stat_perks[3] = {0, 0, 0};
  int augments[6] = {0, 0, 0, 0, 0, 0};
  uint64_t seed = 0;  // for values nothing else depends on
};

struct ObjectiveFacts {
  bool first = false;
  int kills = 0;
};

struct TeamFacts {
  int team_id = kBlueTeam;
  bool win = false;
  std::vector<int> bans;  // championId per pick turn
  ObjectiveFacts champion, tower, inhibitor, dragon, baron, rift_herald, horde, atakhan;
};

struct KillFacts {
  int64_t time_ms = 0;
  int killer = 0;  // participant id; 0 = executed by a minion or turret
  int victim = 0;
  int assists[4] = {0, 0, 0, 0};
  int assist_count = 0;
  int x = 0, y = 0;
  int bounty = 300, shutdown = 0, streak = 0;
};

enum class ObjectiveType : uint8_t {
  kDragon,
  kBaron,
  kRiftHerald,
  kHorde,
  kAtakhan,
  kTower,
  kInhibitor,
  kTurretPlate,
  kElder
};

struct ObjectiveEvent {
  int64_t time_ms = 0;
  ObjectiveType type = ObjectiveType::kDragon;
  int killer = 0;         // participant id, 0 when no champion got the last hit
  int killer_team = 0;    // team that took it
  int building_team = 0;  // team that owned a tower, plate or inhibitor
  int lane = 0;           // 0 top, 1 mid, 2 bot
  int tier = 0;           // tower: 0 outer, 1 inner, 2 base, 3 nexus
  int subtype = 0;        // dragon kind
  int x = 0, y = 0;
};

struct GameFacts {
  const MatchRecord* match = nullptr;
  const QueueInfo* queue = nullptr;
  GameKind kind = GameKind::kSummonersRift;
  Patch patch;
  std::string game_version;
  std::string match_id;
  int64_t creation_ms = 0, start_ms = 0, end_ms = 0;
  int32_t duration_s = 0;
  bool aborted = false;
  bool remake = false;
  std::vector<ParticipantFacts> participants;
  std::vector<TeamFacts> teams;
  std::vector<KillFacts> kills;            // in time order
  std::vector<ObjectiveEvent> objectives;  // in time order
  int dragon_soul_team = 0;                // 0: nobody took the soul
  int64_t dragon_soul_ms = 0;

  int64_t DurationMs() const { return int64_t{duration_s} * 1000; }
};

inline constexpr const char* kDragonNames[] = {"AIR_DRAGON",   "EARTH_DRAGON",   "FIRE_DRAGON",
                                               "WATER_DRAGON", "HEXTECH_DRAGON", "CHEMTECH_DRAGON"};
inline constexpr const char* kSoulNames[] = {"Cloud", "Mountain", "Infernal",
                                             "Ocean", "Hextech",  "Chemtech"};

// Play out `match` (generated, not replayed); the world's read lock must be held.
GameFacts SimulateGame(const World& world, const MatchRecord& match);

}  // namespace riot
