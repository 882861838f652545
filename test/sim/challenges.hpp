// participant.challenges: about 130 keys whose set depends on patch, game mode and what the
// participant did (earliestBaron only on a team that took Baron, junglerKillsEarlyJungle only
// for junglers ...), as the real payloads show (riot-api.md §3.1, ChallengesDto).
#pragma once

#include "era.hpp"
#include "game_sim.hpp"
#include "json_writer.hpp"

namespace riot {

// Facts about the whole game that decide who gets the rarer challenge keys.
struct ChallengeContext {
  int highest_damage = 0;  // participant ids
  int highest_cc = 0;
  int highest_ward_kills = 0;
  int first_tower_team = 0;
  int64_t first_tower_ms = 0;
  int64_t first_dragon_ms = 0;
  int64_t first_baron_ms = 0;
  int baron_team = 0;
  int support_quest_participant = 0;
  bool aced[2] = {false, false};  // blue, red
  int team_kills[2] = {0, 0};
  int team_damage[2] = {0, 0};
  int team_taken[2] = {0, 0};
};

ChallengeContext MakeChallengeContext(const GameFacts& game);

// Write the challenges object of `p`.
void WriteChallenges(const GameFacts& game, const ChallengeContext& context,
                     const ParticipantFacts& p, JsonWriter& out);

// Keys whose presence depends on events of the game (a Baron, an ace, a teleport ...): a game
// may lack one that another game of the same patch and mode has. The fixture tests allow these.
bool IsEventDependentChallenge(std::string_view key);

}  // namespace riot
