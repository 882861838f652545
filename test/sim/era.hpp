// Which fields a match-v5 payload has, by patch and game mode: the version history of
// riot-api.md §4 as read off the real payloads (fields come and go between patches).
#pragma once

#include <cstdint>

#include "game_data.hpp"
#include "sim_time.hpp"

namespace riot {

// Summoner names were taken out of API responses on 2024-04-08 (riot-api.md §4).
inline constexpr int64_t kSummonerNamesRemovedMs = EpochMs(2024, 4, 8);
// Stale non-empty summonerName values still show up in early 2025 payloads.
inline constexpr int64_t kStaleSummonerNamesEndMs = EpochMs(2025, 3, 1);

struct Era {
  // info
  bool end_of_game_result = false;  // 14.3+
  bool game_mode_mutators = false;  // ARAM, 15.13+
  // teams
  bool horde = false;                       // objectives.horde, 13.22+
  bool atakhan = false;                     // objectives.atakhan, 15.1+
  bool atakhan_on_first_team_only = false;  // 15.1-15.3 payloads carry it on team 100 only
  bool feats = false;                       // teams[].feats, 15.4+
  // participants
  bool challenges = false;           // 12.3+ (Arena from 14.1: 13.14 Arena has none)
  bool pings = false;                // 13.5+, with eligibleForProgression
  bool bait_pings = false;           // 13.5-13.23
  bool retreat_pings = false;        // 14.21+
  bool jungle_minion_split = false;  // totalAlly/EnemyJungleMinionsKilled, 13.8+
  bool arena_fields =
      false;  // placement, playerAugment1-4, playerSubteamId, subteamPlacement: 13.12+
  bool augments_5_6 = false;         // 14.12+
  bool missions = false;             // 13.22+
  bool lower_player_scores = false;  // playerScore0..11 on the participant, 13.22-14.5
  bool upper_player_scores = false;  // PlayerScore0..11 on the participant, 15.2+
  bool riot_id_game_name = false;  // 13.23+; before it, riotIdName ("") and an empty riotIdTagline
  bool bounty_level = false;       // up to 15.5
  bool champion_skin_id = false;   // 15.12-15.13
  bool damage_to_epic_monsters = false;  // 15.23+
  bool role_bound_item = false;          // 16.1+
  bool player_behavior = false;          // 16.4+
  // timeline
  bool teamfight_damage = false;  // victimTeamfightDamageDealt/Received, 16.4+
};

inline Era EraOf(Patch patch, GameKind kind) {
  Era era;
  era.end_of_game_result = patch.AtLeast(14, 3);
  era.game_mode_mutators = kind == GameKind::kAram && patch.AtLeast(15, 13);
  era.horde = patch.AtLeast(13, 22);
  era.atakhan = patch.AtLeast(15, 1);
  era.atakhan_on_first_team_only = era.atakhan && patch.Before(15, 4);
  era.feats = patch.AtLeast(15, 4);
  era.challenges = patch.AtLeast(12, 3) && (kind != GameKind::kArena || patch.AtLeast(14, 1));
  era.pings = patch.AtLeast(13, 5);
  era.bait_pings = era.pings && patch.Before(14, 1);
  era.retreat_pings = patch.AtLeast(14, 21);
  era.jungle_minion_split = patch.AtLeast(13, 8);
  era.arena_fields = patch.AtLeast(13, 12);
  era.augments_5_6 = patch.AtLeast(14, 12);
  era.missions = patch.AtLeast(13, 22);
  era.lower_player_scores = era.missions && patch.Before(14, 6);
  era.upper_player_scores = patch.AtLeast(15, 2);
  era.riot_id_game_name = patch.AtLeast(13, 23);
  era.bounty_level = patch.Before(15, 6);
  era.champion_skin_id = patch.AtLeast(15, 12) && patch.Before(15, 14);
  era.damage_to_epic_monsters = patch.AtLeast(15, 23);
  era.role_bound_item = patch.AtLeast(16, 1);
  era.player_behavior = patch.AtLeast(16, 4);
  era.teamfight_damage = patch.AtLeast(16, 4);
  return era;
}

}  // namespace riot
