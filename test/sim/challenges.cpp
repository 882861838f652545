// The ChallengesDto table and the rules that pick each participant's keys and values.
#include "challenges.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "random.hpp"
#include "sorted_object.hpp"

namespace riot {

namespace {

enum class Kind : uint8_t { kInt, kFloat, kIntList };
enum Modes : uint8_t { kRift = 1, kAramMode = 2, kArenaMode = 4, kSwarmMode = 8 };
constexpr uint8_t kAllModes = kRift | kAramMode | kArenaMode | kSwarmMode;
constexpr uint8_t kNotSwarm = kRift | kAramMode | kArenaMode;

// Who carries a key besides the mode and patch rules.
enum class Who : uint8_t {
  kEveryone,
  kHighestDamage,
  kHighestCc,
  kHighestWardKills,
  kJungler,
  kLaner,  // laners on Summoner's Rift, everyone elsewhere
  kFirstTowerTeam,
  kDragonTakedown,
  kBaronTeam,
  kAceTeam,
  kControlWards,
  kTeleport,
  kSupportQuest,
  kOccasional,  // a chance, like fastestLegendary
  kMostly,      // nearly everyone, like mythicItemUsed
};

// Keys whose value follows from the game's facts instead of a random draw.
enum class Fact : uint8_t {
  kRandom,
  kKda,
  kTakedowns,
  kKillParticipation,
  kTeamDamagePercentage,
  kDamageTakenOnTeamPercentage,
  kDamagePerMinute,
  kGoldPerMinute,
  kVisionScorePerMinute,
  kGameLength,
  kDeathsByEnemyChamps,
  kSoloKills,
  kControlWardsPlaced,
  kStealthWardsPlaced,
  kWardTakedowns,
  kWardTakedownsBefore20M,
  kTurretTakedowns,
  kDragonTakedowns,
  kBaronTakedowns,
  kKillingSprees,
  kMultikills,
  kTakedownsFirstXMinutes,
  kTakedownsFirst25Minutes,
  kLaneMinionsFirst10Minutes,
  kJungleCsBefore10Minutes,
  kTurretPlatesTaken,
  kTeamBaronKills,
  kTeamRiftHeraldKills,
  kLegendaryCount,
  kLegendaryItemUsed,
  kHighestChampionDamage,
  kHighestCrowdControlScore,
  kHighestWardKills,
  kFasterSupportQuestCompletion,
  kMythicItemUsed,
  kBaronBuffGoldAdvantageOverThreshold,
  kPlayedChampSelectPosition,
  kFirstTurretKilledTime,
  kEarliestDragonTakedown,
  kEarliestBaron,
  kFastestLegendary,
  kShortestTimeToAceFromFirstTakedown,
};

struct Spec {
  std::string_view name;
  Kind kind;
  Patch since;
  Patch until;  // last patch that has it
  uint8_t modes;
  Who who;
  double high;  // random values fall in [0, high]
  Fact fact = Fact::kRandom;
};

constexpr Patch kAlways{0, 0};
constexpr Patch kStill{99, 99};

constexpr Spec kSpecs[] = {
    {"12AssistStreakCount", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"HealFromMapSources", Kind::kFloat, {15, 1}, kStill, kAllModes, Who::kEveryone, 3000},
    {"InfernalScalePickup", Kind::kInt, {14, 1}, kStill, kAllModes, Who::kEveryone, 2},
    {"SWARM_DefeatAatrox", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_DefeatBriar", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_DefeatMiniBosses", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_EvolveWeapon", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_Have3Passives", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_KillEnemy", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_PickupGold", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_ReachLevel50", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_Survive15Min", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"SWARM_WinWith5EvolvedWeapons", Kind::kInt, {14, 14}, kStill, kAllModes, Who::kEveryone, 0},
    {"abilityUses", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 600},
    {"acesBefore15Minutes", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"alliedJungleMonsterKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 40},
    {"baronBuffGoldAdvantageOverThreshold",
     Kind::kInt,
     {15, 20},
     {16, 1},
     kRift,
     Who::kBaronTeam,
     1,
     Fact::kBaronBuffGoldAdvantageOverThreshold},
    {"baronTakedowns", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kBaronTakedowns},
    {"blastConeOppositeOpponentCount", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 3},
    {"bountyGold", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 900},
    {"buffsStolen", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"completeSupportQuestInTime", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"controlWardTimeCoverageInRiverOrEnemyHalf",
     Kind::kFloat,
     {14, 1},
     kStill,
     kRift,
     Who::kControlWards,
     1},
    {"controlWardsPlaced", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kControlWardsPlaced},
    {"damagePerMinute", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kDamagePerMinute},
    {"damageTakenOnTeamPercentage", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kDamageTakenOnTeamPercentage},
    {"dancedWithRiftHerald", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"deathsByEnemyChamps", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kDeathsByEnemyChamps},
    {"dodgeSkillShotsSmallWindow", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 30},
    {"doubleAces", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"dragonTakedowns", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kDragonTakedowns},
    {"earliestBaron",
     Kind::kFloat,
     {15, 20},
     kStill,
     kRift,
     Who::kBaronTeam,
     0,
     Fact::kEarliestBaron},
    {"earliestDragonTakedown",
     Kind::kFloat,
     {14, 1},
     kStill,
     kRift,
     Who::kDragonTakedown,
     0,
     Fact::kEarliestDragonTakedown},
    {"earlyLaningPhaseGoldExpAdvantage", Kind::kInt, kAlways, kStill, kRift, Who::kEveryone, 1},
    {"effectiveHealAndShielding", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 8000},
    {"elderDragonKillsWithOpposingSoul", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"elderDragonMultikills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"enemyChampionImmobilizations", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 60},
    {"enemyJungleMonsterKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 8},
    {"epicMonsterKillsNearEnemyJungler", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"epicMonsterKillsWithin30SecondsOfSpawn", Kind::kInt, kAlways, kStill, kAllModes,
     Who::kEveryone, 2},
    {"epicMonsterSteals", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"epicMonsterStolenWithoutSmite", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"fasterSupportQuestCompletion",
     Kind::kInt,
     {15, 1},
     kStill,
     kRift,
     Who::kSupportQuest,
     1,
     Fact::kFasterSupportQuestCompletion},
    {"fastestLegendary",
     Kind::kFloat,
     kAlways,
     {16, 1},
     kRift,
     Who::kOccasional,
     0,
     Fact::kFastestLegendary},
    {"firstTurretKilled", Kind::kInt, {13, 9}, kStill, kAllModes, Who::kEveryone, 1},
    {"firstTurretKilledTime", Kind::kFloat, kAlways, kStill, kRift | kAramMode,
     Who::kFirstTowerTeam, 0, Fact::kFirstTurretKilledTime},
    {"fistBumpParticipation", Kind::kInt, {14, 1}, kStill, kAllModes, Who::kEveryone, 2},
    {"flawlessAces", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"fullTeamTakedown", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 3},
    {"gameLength", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 0, Fact::kGameLength},
    {"getTakedownsInAllLanesEarlyJungleAsLaner", Kind::kInt, kAlways, kStill, kAllModes,
     Who::kLaner, 1},
    {"goldPerMinute", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kGoldPerMinute},
    {"hadAfkTeammate", Kind::kInt, kAlways, {15, 13}, kAllModes, Who::kOccasional, 1},
    {"hadOpenNexus", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"highestChampionDamage", Kind::kInt, kAlways, kStill, kNotSwarm, Who::kHighestDamage, 0,
     Fact::kHighestChampionDamage},
    {"highestCrowdControlScore",
     Kind::kInt,
     {14, 1},
     kStill,
     kNotSwarm,
     Who::kHighestCc,
     0,
     Fact::kHighestCrowdControlScore},
    {"highestWardKills",
     Kind::kInt,
     {14, 1},
     kStill,
     kRift,
     Who::kHighestWardKills,
     0,
     Fact::kHighestWardKills},
    {"immobilizeAndKillWithAlly", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 12},
    {"initialBuffCount", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"initialCrabCount", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"jungleCsBefore10Minutes", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kJungleCsBefore10Minutes},
    {"junglerKillsEarlyJungle", Kind::kInt, kAlways, kStill, kRift, Who::kJungler, 2},
    {"junglerTakedownsNearDamagedEpicMonster", Kind::kInt, kAlways, kStill, kAllModes,
     Who::kEveryone, 1},
    {"kTurretsDestroyedBeforePlatesFall", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone,
     1},
    {"kda", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 0, Fact::kKda},
    {"killAfterHiddenWithAlly", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 4},
    {"killParticipation", Kind::kFloat, kAlways, kStill, kNotSwarm, Who::kEveryone, 0,
     Fact::kKillParticipation},
    {"killedChampTookFullTeamDamageSurvived", Kind::kInt, kAlways, kStill, kAllModes,
     Who::kEveryone, 1},
    {"killingSprees", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kKillingSprees},
    {"killsNearEnemyTurret", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"killsOnLanersEarlyJungleAsJungler", Kind::kInt, kAlways, kStill, kRift, Who::kJungler, 2},
    {"killsOnOtherLanesEarlyJungleAsLaner", Kind::kInt, kAlways, kStill, kAllModes, Who::kLaner, 1},
    {"killsOnRecentlyHealedByAramPack", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"killsUnderOwnTurret", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"killsWithHelpFromEpicMonster", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"knockEnemyIntoTeamAndKill", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 3},
    {"landSkillShotsEarlyGame", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 12},
    {"laneMinionsFirst10Minutes", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kLaneMinionsFirst10Minutes},
    {"laningPhaseGoldExpAdvantage", Kind::kInt, kAlways, kStill, kRift, Who::kEveryone, 1},
    {"legendaryCount", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kLegendaryCount},
    {"legendaryItemUsed",
     Kind::kIntList,
     {14, 1},
     kStill,
     kAllModes,
     Who::kEveryone,
     0,
     Fact::kLegendaryItemUsed},
    {"lostAnInhibitor", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"maxCsAdvantageOnLaneOpponent", Kind::kFloat, kAlways, kStill, kRift, Who::kEveryone, 40},
    {"maxKillDeficit", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 8},
    {"maxLevelLeadLaneOpponent", Kind::kInt, kAlways, kStill, kRift, Who::kEveryone, 3},
    {"mejaisFullStackInTime", Kind::kInt, {13, 9}, kStill, kAllModes, Who::kEveryone, 0},
    {"moreEnemyJungleThanOpponent", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 10},
    {"mostWardsDestroyedOneSweeper", Kind::kInt, kAlways, {12, 3}, kAllModes, Who::kEveryone, 3},
    {"multiKillOneSpell", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"multiTurretRiftHeraldCount", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"multikills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0, Fact::kMultikills},
    {"multikillsAfterAggressiveFlash", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"mythicItemUsed",
     Kind::kInt,
     kAlways,
     {13, 23},
     kAllModes,
     Who::kMostly,
     0,
     Fact::kMythicItemUsed},
    {"outerTurretExecutesBefore10Minutes", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone,
     1},
    {"outnumberedKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 3},
    {"outnumberedNexusKill", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"perfectDragonSoulsTaken", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"perfectGame", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"pickKillWithAlly", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 12},
    {"playedChampSelectPosition",
     Kind::kInt,
     {14, 1},
     kStill,
     kRift,
     Who::kEveryone,
     0,
     Fact::kPlayedChampSelectPosition},
    {"poroExplosions", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"quickCleanse", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"quickFirstTurret", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"quickSoloKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"riftHeraldTakedowns", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"saveAllyFromDeath", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"scuttleCrabKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"shortestTimeToAceFromFirstTakedown", Kind::kFloat, kAlways, kStill, kNotSwarm, Who::kAceTeam,
     0, Fact::kShortestTimeToAceFromFirstTakedown},
    {"skillshotsDodged", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 80},
    {"skillshotsHit", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 120},
    {"snowballsHit", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"soloBaronKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"soloKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0, Fact::kSoloKills},
    {"soloTurretsLategame", Kind::kInt, kAlways, kStill, kRift, Who::kOccasional, 2},
    {"stealthWardsPlaced", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kStealthWardsPlaced},
    {"survivedSingleDigitHpCount", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"survivedThreeImmobilizesInFight", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 3},
    {"takedownOnFirstTurret", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"takedowns", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0, Fact::kTakedowns},
    {"takedownsAfterGainingLevelAdvantage", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone,
     3},
    {"takedownsBeforeJungleMinionSpawn", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"takedownsFirst25Minutes",
     Kind::kInt,
     kAlways,
     {12, 6},
     kAllModes,
     Who::kEveryone,
     0,
     Fact::kTakedownsFirst25Minutes},
    {"takedownsFirstXMinutes", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kTakedownsFirstXMinutes},
    {"takedownsInAlcove", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 1},
    {"takedownsInEnemyFountain", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"teamBaronKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kTeamBaronKills},
    {"teamDamagePercentage", Kind::kFloat, kAlways, kStill, kNotSwarm, Who::kEveryone, 0,
     Fact::kTeamDamagePercentage},
    {"teamElderDragonKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0},
    {"teamRiftHeraldKills", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kTeamRiftHeraldKills},
    {"teleportTakedowns", Kind::kInt, kAlways, kStill, kRift, Who::kTeleport, 3},
    {"threeWardsOneSweeperCount", Kind::kInt, kAlways, {13, 8}, kAllModes, Who::kEveryone, 1},
    {"tookLargeDamageSurvived", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"turretPlatesTaken", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kTurretPlatesTaken},
    {"turretTakedowns", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kTurretTakedowns},
    {"turretsTakenWithRiftHerald", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"twentyMinionsIn3SecondsCount", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
    {"twoWardsOneSweeperCount", Kind::kInt, {13, 9}, kStill, kAllModes, Who::kEveryone, 2},
    {"unseenRecalls", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 4},
    {"visionScoreAdvantageLaneOpponent", Kind::kFloat, kAlways, kStill, kRift, Who::kEveryone, 1},
    {"visionScorePerMinute", Kind::kFloat, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kVisionScorePerMinute},
    {"voidMonsterKill", Kind::kInt, {14, 1}, kStill, kAllModes, Who::kEveryone, 0},
    {"wardTakedowns", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kWardTakedowns},
    {"wardTakedownsBefore20M", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 0,
     Fact::kWardTakedownsBefore20M},
    {"wardsGuarded", Kind::kInt, kAlways, kStill, kAllModes, Who::kEveryone, 2},
};

uint8_t ModeBit(GameKind kind) {
  switch (kind) {
    case GameKind::kAram:
      return kAramMode;
    case GameKind::kArena:
      return kArenaMode;
    case GameKind::kSwarm:
      return kSwarmMode;
    case GameKind::kSummonersRift:
      return kRift;
  }
  return kRift;
}

int TeamIndex(const ParticipantFacts& p) { return p.team_id == kBlueTeam ? 0 : 1; }

bool Carries(const Spec& spec, const GameFacts& game, const ChallengeContext& context,
             const ParticipantFacts& p, Rng& rng) {
  const bool rift = game.kind == GameKind::kSummonersRift;
  switch (spec.who) {
    case Who::kEveryone:
      return true;
    case Who::kHighestDamage:
      return p.participant_id == context.highest_damage;
    case Who::kHighestCc:
      return p.participant_id == context.highest_cc;
    case Who::kHighestWardKills:
      return p.participant_id == context.highest_ward_kills;
    case Who::kJungler:
      return p.position == kJungle;
    case Who::kLaner:
      return !rift || p.position != kJungle;
    case Who::kFirstTowerTeam:
      return p.team_id == context.first_tower_team;
    case Who::kDragonTakedown:
      return p.dragon_takedowns > 0;
    case Who::kBaronTeam:
      return p.team_id == context.baron_team;
    case Who::kAceTeam:
      return context.aced[TeamIndex(p)];
    case Who::kControlWards:
      return p.control_wards > 0;
    case Who::kTeleport:
      return p.spell1 == 12 || p.spell2 == 12;
    case Who::kSupportQuest:
      return p.participant_id == context.support_quest_participant;
    case Who::kOccasional:
      return rng.Chance(0.12);
    case Who::kMostly:
      return rng.Chance(0.9);
  }
  return false;
}

bool IsLegendary(int item) {
  for (size_t i = 0; i < kLegendaryItemCount; ++i) {
    if (kLegendaryItems[i].id == item) return true;
  }
  return false;
}

// The value of a key that follows from the game's facts; false when the key is random.
bool FactValue(const Spec& spec, const GameFacts& game, const ChallengeContext& context,
               const ParticipantFacts& p, Rng& rng, SortedObject& object) {
  auto value = [&] { return object.Value(spec.name); };
  auto wrote = [](const JsonWriter&) { return true; };
  const double minutes = std::max(1.0, game.duration_s / 60.0);
  const int team = TeamIndex(p);
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  switch (spec.fact) {
    case Fact::kKda:
      return wrote(value().Double(ratio(p.kills + p.assists, std::max(1, p.deaths))));
    case Fact::kTakedowns:
      return wrote(value().Int(p.kills + p.assists));
    case Fact::kKillParticipation:
      return wrote(value().Double(ratio(p.kills + p.assists, context.team_kills[team])));
    case Fact::kTeamDamagePercentage:
      return wrote(value().Double(ratio(p.damage_to_champions, context.team_damage[team])));
    case Fact::kDamageTakenOnTeamPercentage:
      return wrote(value().Double(ratio(p.damage_taken, context.team_taken[team])));
    case Fact::kDamagePerMinute:
      return wrote(value().Double(p.damage_to_champions / minutes));
    case Fact::kGoldPerMinute:
      return wrote(value().Double(p.gold_earned / minutes));
    case Fact::kVisionScorePerMinute:
      return wrote(value().Double(p.vision_score / minutes));
    case Fact::kGameLength:
      return wrote(value().Double(game.duration_s + rng.Real(0.01, 0.99)));
    case Fact::kDeathsByEnemyChamps:
      return wrote(value().Int(p.deaths));
    case Fact::kSoloKills:
      return wrote(value().Int(rng.Int(0, p.kills / 2)));
    case Fact::kControlWardsPlaced:
      return wrote(value().Int(p.control_wards));
    case Fact::kStealthWardsPlaced:
      return wrote(value().Int(std::max(0, p.wards_placed - p.control_wards)));
    case Fact::kWardTakedowns:
      return wrote(value().Int(p.wards_killed));
    case Fact::kWardTakedownsBefore20M:
      return wrote(value().Int(p.wards_killed / 2));
    case Fact::kTurretTakedowns:
      return wrote(value().Int(p.turret_takedowns));
    case Fact::kDragonTakedowns:
      return wrote(value().Int(p.dragon_takedowns));
    case Fact::kBaronTakedowns:
      return wrote(value().Int(p.baron_takedowns));
    case Fact::kKillingSprees:
      return wrote(value().Int(p.killing_sprees));
    case Fact::kMultikills:
      return wrote(value().Int(p.double_kills + p.triple_kills + p.quadra_kills + p.penta_kills));
    case Fact::kTakedownsFirstXMinutes:
    case Fact::kTakedownsFirst25Minutes: {
      return wrote(value().Int((p.kills + p.assists) / 2));
    }
    case Fact::kLaneMinionsFirst10Minutes:
      return wrote(value().Int(std::min(p.minions, static_cast<int>(rng.Int(0, 90)))));
    case Fact::kJungleCsBefore10Minutes:
      return wrote(
          value().Double(p.position == kJungle ? static_cast<double>(rng.Int(40, 75)) : 0.0));
    case Fact::kTurretPlatesTaken:
      return wrote(value().Int(rng.Int(0, 4)));
    case Fact::kTeamBaronKills: {
      return wrote(value().Int(
          game.teams.empty()
              ? 0
              : (team < static_cast<int>(game.teams.size()) ? game.teams[team].baron.kills : 0)));
    }
    case Fact::kTeamRiftHeraldKills: {
      return wrote(value().Int(
          team < static_cast<int>(game.teams.size()) ? game.teams[team].rift_herald.kills : 0));
    }
    case Fact::kLegendaryCount: {
      int count = 0;
      for (const int item : p.items) count += IsLegendary(item);
      return wrote(value().Int(count));
    }
    case Fact::kLegendaryItemUsed: {
      JsonWriter list = value();
      list.BeginArray();
      for (const int item : p.items) {
        if (IsLegendary(item)) list.Int(item);
      }
      list.EndArray();
      return true;
    }
    case Fact::kMythicItemUsed:
      return wrote(value().Int(kLegendaryItems[rng.Index(kLegendaryItemCount)].id));
    case Fact::kHighestChampionDamage:
    case Fact::kHighestCrowdControlScore:
    case Fact::kHighestWardKills:
    case Fact::kFasterSupportQuestCompletion:
    case Fact::kBaronBuffGoldAdvantageOverThreshold:
    case Fact::kPlayedChampSelectPosition:
      return wrote(value().Int(1));
    case Fact::kFirstTurretKilledTime:
      return wrote(value().Double(static_cast<double>(context.first_tower_ms) / 1000.0 +
                                  rng.Real(0.01, 0.99)));
    case Fact::kEarliestDragonTakedown:
      return wrote(value().Double(static_cast<double>(context.first_dragon_ms) / 1000.0 +
                                  rng.Real(0.01, 0.99)));
    case Fact::kEarliestBaron:
      return wrote(value().Double(static_cast<double>(context.first_baron_ms) / 1000.0 +
                                  rng.Real(0.01, 0.99)));
    case Fact::kFastestLegendary:
      return wrote(value().Double(rng.Real(500, 900)));
    case Fact::kShortestTimeToAceFromFirstTakedown:
      return wrote(value().Double(rng.Real(8, 40)));
    case Fact::kRandom:
      break;
  }
  return false;
}

}  // namespace

ChallengeContext MakeChallengeContext(const GameFacts& game) {
  ChallengeContext context;
  int best_damage = -1, best_cc = -1, best_wards = -1;
  int best_support_vision = -1;
  for (const ParticipantFacts& p : game.participants) {
    const int team = TeamIndex(p);
    context.team_kills[team] += p.kills;
    context.team_damage[team] += p.damage_to_champions;
    context.team_taken[team] += p.damage_taken;
    if (p.damage_to_champions > best_damage)
      best_damage = p.damage_to_champions, context.highest_damage = p.participant_id;
    if (p.cc_time > best_cc) best_cc = p.cc_time, context.highest_cc = p.participant_id;
    if (p.wards_killed > best_wards)
      best_wards = p.wards_killed, context.highest_ward_kills = p.participant_id;
    if (p.position == kUtility && p.vision_score > best_support_vision) {
      best_support_vision = p.vision_score;
      context.support_quest_participant = p.participant_id;
    }
  }
  for (const ObjectiveEvent& event : game.objectives) {
    if (event.type == ObjectiveType::kTower && context.first_tower_team == 0) {
      context.first_tower_team = event.killer_team;
      context.first_tower_ms = event.time_ms;
    }
    if (event.type == ObjectiveType::kDragon && context.first_dragon_ms == 0)
      context.first_dragon_ms = event.time_ms;
    if (event.type == ObjectiveType::kBaron && context.baron_team == 0) {
      context.baron_team = event.killer_team;
      context.first_baron_ms = event.time_ms;
    }
  }
  // An ace needs a team to take down all five enemies; bloody games have them.
  Rng rng(HashOf({static_cast<uint64_t>(game.match->game_id), 0xace}));
  for (int team = 0; team < 2; ++team)
    context.aced[team] = context.team_kills[team] >= 12 && rng.Chance(0.6);
  return context;
}

void WriteChallenges(const GameFacts& game, const ChallengeContext& context,
                     const ParticipantFacts& p, JsonWriter& out) {
  Rng rng(p.seed ^ 0xc4a11e);
  const uint8_t mode = ModeBit(game.kind);
  SortedObject object;
  for (const Spec& spec : kSpecs) {
    if (!(spec.modes & mode) || game.patch.Before(spec.since.major, spec.since.minor) ||
        spec.until.Before(game.patch.major, game.patch.minor) ||
        !Carries(spec, game, context, p, rng)) {
      continue;
    }
    if (FactValue(spec, game, context, p, rng, object)) continue;
    // Most challenges are rare feats: zero for most players.
    JsonWriter value = object.Value(spec.name);
    if (spec.kind == Kind::kFloat) {
      value.Double(rng.Chance(0.3) ? 0.0 : rng.Real(0, spec.high));
    } else {
      value.Int(rng.Chance(0.45) ? 0 : rng.Int(0, static_cast<int64_t>(spec.high)));
    }
  }
  object.WriteTo(out);
}

bool IsEventDependentChallenge(std::string_view key) {
  for (const Spec& spec : kSpecs) {
    if (spec.name == key) {
      return spec.who != Who::kEveryone && spec.who != Who::kLaner && spec.who != Who::kJungler &&
             spec.who != Who::kHighestDamage && spec.who != Who::kHighestCc;
    }
  }
  return false;
}

}  // namespace riot
