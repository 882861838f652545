// Write MatchDto: metadata, info, participants (with perks, missions, challenges) and teams.
#include "match_generator.hpp"

#include <algorithm>

#include "challenges.hpp"
#include "era.hpp"
#include "game_sim.hpp"
#include "json_writer.hpp"
#include "match_metadata.hpp"
#include "random.hpp"
#include "sorted_object.hpp"

namespace riot {

namespace {

constexpr std::string_view kPositionNames[] = {"TOP", "JUNGLE", "MIDDLE", "BOTTOM", "UTILITY"};
constexpr std::string_view kLowerScores[] = {"playerScore0", "playerScore1",  "playerScore2",
                                             "playerScore3", "playerScore4",  "playerScore5",
                                             "playerScore6", "playerScore7",  "playerScore8",
                                             "playerScore9", "playerScore10", "playerScore11"};
constexpr std::string_view kUpperScores[] = {"PlayerScore0", "PlayerScore1",  "PlayerScore2",
                                             "PlayerScore3", "PlayerScore4",  "PlayerScore5",
                                             "PlayerScore6", "PlayerScore7",  "PlayerScore8",
                                             "PlayerScore9", "PlayerScore10", "PlayerScore11"};
constexpr std::string_view kPingKeys[] = {
    "allInPings",        "assistMePings",    "basicPings",        "commandPings", "dangerPings",
    "enemyMissingPings", "enemyVisionPings", "getBackPings",      "holdPings",    "needVisionPings",
    "onMyWayPings",      "pushPings",        "visionClearedPings"};
constexpr std::string_view kAugmentKeys[] = {"playerAugment1", "playerAugment2", "playerAugment3",
                                             "playerAugment4", "playerAugment5", "playerAugment6"};
constexpr std::string_view kItemKeys[] = {"item0", "item1", "item2", "item3",
                                          "item4", "item5", "item6"};
constexpr std::string_view kSpellCastKeys[] = {"spell1Casts", "spell2Casts", "spell3Casts",
                                               "spell4Casts"};
constexpr double kSurrenderShare = 0.3;

// The twelve mission scores: Arena fills them (floats), every other mode sends zeros.
void MissionScores(const GameFacts& game, const ParticipantFacts& p, double (&scores)[12]) {
  std::fill(std::begin(scores), std::end(scores), 0.0);
  if (game.kind != GameKind::kArena) return;
  Rng rng(p.seed ^ 0x5c0e);
  scores[0] = p.placement;
  scores[1] = static_cast<double>(rng.Int(5, 16));
  for (int i = 2; i < 9; ++i) scores[i] = rng.Real(0.1, 5000.0);
}

void WritePerks(const GameFacts& game, const ParticipantFacts& p, JsonWriter out) {
  const bool blank = game.kind == GameKind::kArena || game.kind == GameKind::kSwarm;
  Rng rng(p.seed ^ 0x9e4c5);
  out.BeginObject().Key("statPerks").BeginObject();
  out.IntField("defense", blank ? 0 : p.stat_perks[2])
      .IntField("flex", blank ? 0 : p.stat_perks[1])
      .IntField("offense", blank ? 0 : p.stat_perks[0]);
  out.EndObject().Key("styles").BeginArray();
  for (int style = 0; style < 2; ++style) {
    out.BeginObject()
        .Field("description", style == 0 ? "primaryStyle" : "subStyle")
        .Key("selections")
        .BeginArray();
    const int first = style == 0 ? 0 : 4;
    const int count = style == 0 ? 4 : 2;
    for (int i = first; i < first + count; ++i) {
      out.BeginObject().IntField("perk", blank ? 0 : p.perks[i]);
      out.IntField("var1", blank ? 0 : rng.Int(0, 1500))
          .IntField("var2", blank ? 0 : rng.Int(0, 40));
      out.IntField("var3", 0).EndObject();
    }
    const int style_id =
        style == 0 ? kRuneStyles[p.primary_style].style : kRuneStyles[p.sub_style].style;
    out.EndArray().IntField("style", blank ? 0 : style_id).EndObject();
  }
  out.EndArray().EndObject();
}

std::string_view LaneOf(const GameFacts& game, const ParticipantFacts& p) {
  if (game.kind != GameKind::kSummonersRift) return "NONE";
  return p.position == kUtility ? "BOTTOM" : kPositionNames[p.position];
}

std::string_view RoleOf(const GameFacts& game, const ParticipantFacts& p) {
  if (game.kind != GameKind::kSummonersRift) return "SUPPORT";
  static constexpr std::string_view kRoles[] = {"SOLO", "NONE", "SOLO", "CARRY", "SUPPORT"};
  return kRoles[p.position];
}

// summonerName: the old name before 2024-04-08, then mostly "" with some stale names.
std::string_view SummonerNameOf(const GameFacts& game, const ParticipantFacts& p,
                                const std::string& bot_name) {
  if (!p.player) return bot_name;
  if (game.start_ms < kSummonerNamesRemovedMs) return p.player->summoner_name;
  const bool stale = game.start_ms < kStaleSummonerNamesEndMs && (p.seed % 10) == 0;
  return stale ? std::string_view(p.player->summoner_name) : std::string_view();
}

void WriteParticipant(const GameFacts& game, const Era& era, const ChallengeContext& context,
                      const ParticipantFacts& p, SortedObject& object, JsonWriter& out) {
  Rng rng(p.seed ^ 0x9a47);
  const bool bot = p.player == nullptr;
  const bool rift = game.kind == GameKind::kSummonersRift;
  const bool arena = game.kind == GameKind::kArena;
  const int enemy_team = p.team_id == kBlueTeam ? 1 : 0;
  const TeamFacts* enemy =
      enemy_team < static_cast<int>(game.teams.size()) ? &game.teams[enemy_team] : nullptr;
  const std::string bot_name = std::string(p.champion->name) + " bot";
  const bool surrendered = !game.remake &&
                           static_cast<double>(game.match->game_id % 100) < kSurrenderShare * 100 &&
                           rift;

  double scores[12];
  MissionScores(game, p, scores);
  if (era.player_behavior) {
    JsonWriter behavior = object.Value("PlayerBehavior");
    behavior.BeginObject().IntField("PlayerBehavior_IsHeroInCombat", 0).EndObject();
  }
  for (int i = 0; i < 12; ++i) {
    if (era.upper_player_scores) object.Double(kUpperScores[i], scores[i]);
    if (era.lower_player_scores) object.Double(kLowerScores[i], scores[i]);
  }
  if (era.pings) {
    for (const std::string_view key : kPingKeys)
      object.Int(key, rng.Chance(0.5) ? 0 : rng.Int(0, 12));
    object.Bool("eligibleForProgression", !bot);
  }
  if (era.bait_pings) object.Int("baitPings", 0);
  if (era.retreat_pings) object.Int("retreatPings", rng.Int(0, 4));
  object.Int("assists", p.assists).Int("baronKills", p.baron_kills);
  if (era.bounty_level) object.Int("bountyLevel", rng.Int(0, 3));
  object.Int("champExperience", p.champ_experience).Int("champLevel", p.champ_level);
  object.Int("championId", p.champion->id).String("championName", p.champion->name);
  if (era.champion_skin_id) object.Int("championSkinId", rng.Chance(0.5) ? 0 : rng.Int(1, 40));
  object.Int("championTransform", p.champion->name == "Kayn" ? rng.Int(0, 2) : 0);
  if (era.challenges && !bot) {
    JsonWriter challenges = object.Value("challenges");
    WriteChallenges(game, context, p, challenges);
  }
  object.Int("consumablesPurchased", rift ? rng.Int(0, 12) : 0);
  object.Int("damageDealtToBuildings", p.damage_to_buildings);
  if (era.damage_to_epic_monsters)
    object.Int("damageDealtToEpicMonsters", p.damage_to_objectives - p.damage_to_buildings);
  object.Int("damageDealtToObjectives", p.damage_to_objectives)
      .Int("damageDealtToTurrets", p.damage_to_buildings);
  object.Int("damageSelfMitigated", p.damage_mitigated).Int("deaths", p.deaths);
  object.Int("detectorWardsPlaced", p.control_wards).Int("doubleKills", p.double_kills);
  object.Int("dragonKills", p.dragon_kills);
  object.Bool("firstBloodAssist", p.first_blood_assist).Bool("firstBloodKill", p.first_blood_kill);
  object.Bool("firstTowerAssist", p.first_tower_assist).Bool("firstTowerKill", p.first_tower_kill);
  object.Bool("gameEndedInEarlySurrender", game.remake).Bool("gameEndedInSurrender", surrendered);
  object.Int("goldEarned", p.gold_earned).Int("goldSpent", p.gold_spent);
  object.String("individualPosition", rift ? kPositionNames[p.position] : "Invalid");
  object.Int("inhibitorKills", p.inhibitor_kills).Int("inhibitorTakedowns", p.inhibitor_takedowns);
  object.Int("inhibitorsLost", enemy ? enemy->inhibitor.kills : 0);
  for (int i = 0; i < 7; ++i) object.Int(kItemKeys[i], p.items[i]);
  object.Int("itemsPurchased", rift ? rng.Int(12, 35) : rng.Int(0, 20));
  object.Int("killingSprees", p.killing_sprees)
      .Int("kills", p.kills)
      .String("lane", LaneOf(game, p));
  object.Int("largestCriticalStrike", rng.Chance(0.6) ? 0 : rng.Int(200, 1500));
  object.Int("largestKillingSpree", p.largest_killing_spree)
      .Int("largestMultiKill", p.largest_multi_kill);
  object.Int("longestTimeSpentLiving", p.longest_alive_s);
  object.Int("magicDamageDealt", p.magic_dealt)
      .Int("magicDamageDealtToChampions", p.magic_to_champions);
  object.Int("magicDamageTaken", p.magic_taken);
  if (era.missions) {
    JsonWriter missions = object.Value("missions");
    missions.BeginObject();  // numeric order, as Riot sends it
    for (int i = 0; i < 12; ++i) missions.DoubleField(kLowerScores[i], scores[i]);
    missions.EndObject();
  }
  object.Int("neutralMinionsKilled", p.neutral_minions);
  const bool destroyed_nexus = !arena && game.kind != GameKind::kSwarm && p.win && !game.remake;
  object.Int("nexusKills", destroyed_nexus && p.participant_id % 5 == 1 ? 1 : 0);
  object.Int("nexusLost",
             !arena && game.kind != GameKind::kSwarm && !p.win && !game.remake ? 1 : 0);
  object.Int("nexusTakedowns", destroyed_nexus ? 1 : 0);
  object.Int("objectivesStolen", 0).Int("objectivesStolenAssists", 0);
  object.Int("participantId", p.participant_id).Int("pentaKills", p.penta_kills);
  WritePerks(game, p, object.Value("perks"));
  object.Int("physicalDamageDealt", p.physical_dealt)
      .Int("physicalDamageDealtToChampions", p.physical_to_champions);
  object.Int("physicalDamageTaken", p.physical_taken);
  if (era.arena_fields) {
    object.Int("placement", p.placement)
        .Int("playerSubteamId", p.subteam)
        .Int("subteamPlacement", p.placement);
    for (int i = 0; i < (era.augments_5_6 ? 6 : 4); ++i) object.Int(kAugmentKeys[i], p.augments[i]);
  }
  object.Int("profileIcon", bot ? 0 : p.player->profile_icon);
  object.String("puuid", bot ? "BOT" : p.player->puuid);
  object.Int("quadraKills", p.quadra_kills);
  if (era.riot_id_game_name) {
    object.String("riotIdGameName", bot ? std::string_view() : p.player->game_name);
    object.String("riotIdTagline", bot ? std::string_view() : p.player->tag_line);
  } else {
    object.String("riotIdName", "").String("riotIdTagline", "");
  }
  object.String("role", RoleOf(game, p));
  if (era.role_bound_item)
    object.Int("roleBoundItem", rift ? kLegendaryItems[rng.Index(kLegendaryItemCount)].id : 0);
  object.Int("sightWardsBoughtInGame", 0);
  for (const std::string_view key : kSpellCastKeys) object.Int(key, rng.Int(0, 300));
  object.Int("summoner1Casts", rng.Int(0, 12)).Int("summoner1Id", p.spell1);
  object.Int("summoner2Casts", rng.Int(0, 12)).Int("summoner2Id", p.spell2);
  object.String("summonerId", bot ? "BOT" : p.player->summoner_id);
  object.Int("summonerLevel", bot ? 1 : p.summoner_level);
  object.String("summonerName", SummonerNameOf(game, p, bot_name));
  object.Bool("teamEarlySurrendered", game.remake && !p.win);
  object.Int("teamId", p.team_id).String("teamPosition", rift ? kPositionNames[p.position] : "");
  object.Int("timeCCingOthers", p.cc_time / 4).Int("timePlayed", game.duration_s);
  if (era.jungle_minion_split) {
    object.Int("totalAllyJungleMinionsKilled", p.neutral_minions * 3 / 4);
    object.Int("totalEnemyJungleMinionsKilled", p.neutral_minions / 4);
  }
  object.Int("totalDamageDealt", p.damage_dealt)
      .Int("totalDamageDealtToChampions", p.damage_to_champions);
  object.Int("totalDamageShieldedOnTeammates", p.position == kUtility ? rng.Int(0, 8000) : 0);
  object.Int("totalDamageTaken", p.damage_taken).Int("totalHeal", p.total_heal);
  object.Int("totalHealsOnTeammates", p.position == kUtility ? rng.Int(0, 6000) : 0);
  object.Int("totalMinionsKilled", p.minions).Int("totalTimeCCDealt", p.cc_time);
  object.Int("totalTimeSpentDead", p.time_dead_s).Int("totalUnitsHealed", rng.Int(1, 5));
  object.Int("tripleKills", p.triple_kills).Int("trueDamageDealt", p.true_dealt);
  object.Int("trueDamageDealtToChampions", p.true_to_champions)
      .Int("trueDamageTaken", p.true_taken);
  object.Int("turretKills", p.turret_kills).Int("turretTakedowns", p.turret_takedowns);
  object.Int("turretsLost", enemy ? enemy->tower.kills : 0).Int("unrealKills", 0);
  object.Int("visionScore", p.vision_score).Int("visionWardsBoughtInGame", p.control_wards);
  object.Int("wardsKilled", p.wards_killed).Int("wardsPlaced", p.wards_placed).Bool("win", p.win);
  object.WriteTo(out);
}

void WriteObjective(JsonWriter& out, std::string_view key, const ObjectiveFacts& objective) {
  out.Key(key)
      .BeginObject()
      .BoolField("first", objective.first)
      .IntField("kills", objective.kills)
      .EndObject();
}

void WriteTeam(const GameFacts& game, const Era& era, const TeamFacts& team, bool first_team,
               JsonWriter& out) {
  out.BeginObject().Key("bans").BeginArray();
  for (size_t i = 0; i < team.bans.size(); ++i) {
    out.BeginObject()
        .IntField("championId", team.bans[i])
        .IntField("pickTurn", static_cast<int64_t>(i + 1))
        .EndObject();
  }
  out.EndArray();
  if (era.feats) {
    const bool rift = game.kind == GameKind::kSummonersRift;
    const bool first_blood = rift && team.champion.first;
    out.Key("feats").BeginObject();
    out.Key("EPIC_MONSTER_KILL")
        .BeginObject()
        .IntField("featState", rift ? std::min(3, team.dragon.kills) : 0)
        .EndObject();
    out.Key("FIRST_BLOOD").BeginObject().IntField("featState", first_blood ? 1 : 0).EndObject();
    out.Key("FIRST_TURRET")
        .BeginObject()
        .IntField("featState", rift && team.tower.first ? 1001 : 0)
        .EndObject();
    out.EndObject();
  }
  out.Key("objectives").BeginObject();
  if (era.atakhan && (first_team || !era.atakhan_on_first_team_only))
    WriteObjective(out, "atakhan", team.atakhan);
  WriteObjective(out, "baron", team.baron);
  WriteObjective(out, "champion", team.champion);
  WriteObjective(out, "dragon", team.dragon);
  if (era.horde) WriteObjective(out, "horde", team.horde);
  WriteObjective(out, "inhibitor", team.inhibitor);
  WriteObjective(out, "riftHerald", team.rift_herald);
  WriteObjective(out, "tower", team.tower);
  out.EndObject().IntField("teamId", team.team_id).BoolField("win", team.win).EndObject();
}

// The "empty" shape Riot sends for some aborted games (EUW1_6834713231): only the end time is set.
void WriteAbortedInfo(const GameFacts& game, JsonWriter& out) {
  out.BeginObject()
      .Field("endOfGameResult", "Abort_Unexpected")
      .IntField("gameCreation", 0)
      .IntField("gameDuration", 0)
      .IntField("gameEndTimestamp", game.end_ms)
      .IntField("gameId", 0)
      .Field("gameMode", "")
      .Field("gameName", "")
      .IntField("gameStartTimestamp", 0)
      .Field("gameType", "")
      .Field("gameVersion", "");
  out.IntField("mapId", 0).Key("participants").BeginArray().EndArray();
  out.Field("platformId", "").IntField("queueId", 0).Key("teams").BeginArray().EndArray();
  out.Field("tournamentCode", "").EndObject();
}

}  // namespace

std::string GenerateMatchJson(const World& world, const MatchRecord& match) {
  const GameFacts game = SimulateGame(world, match);
  const Era era = EraOf(game.patch, game.kind);
  std::string json;
  json.reserve(game.participants.size() * 7200 + 2048);
  JsonWriter out(json);
  WriteMetadataThenInfoKey(world, match, game, out);
  if (game.aborted) {
    WriteAbortedInfo(game, out);
    out.EndObject();
    return json;
  }
  out.BeginObject();
  if (era.end_of_game_result) {
    out.Field("endOfGameResult",
              game.match->game_id % 31 == 0 ? "Abort_Unexpected" : "GameComplete");
  }
  out.IntField("gameCreation", game.creation_ms).IntField("gameDuration", game.duration_s);
  out.IntField("gameEndTimestamp", game.end_ms).IntField("gameId", match.game_id);
  out.Field("gameMode", game.queue->game_mode);
  if (era.game_mode_mutators)
    out.Key("gameModeMutators").BeginArray().String("mapskin_map12_bloom").EndArray();
  out.Field("gameName", "teambuilder-match-" + std::to_string(match.game_id));
  out.IntField("gameStartTimestamp", game.start_ms).Field("gameType", "MATCHED_GAME");
  out.Field("gameVersion", game.game_version).IntField("mapId", game.queue->map_id);
  out.Key("participants").BeginArray();
  const ChallengeContext context = MakeChallengeContext(game);
  SortedObject object;
  for (const ParticipantFacts& p : game.participants)
    WriteParticipant(game, era, context, p, object, out);
  out.EndArray();
  out.Field("platformId", Platform(match.platform).match_prefix)
      .IntField("queueId", match.queue_id);
  out.Key("teams").BeginArray();
  for (size_t i = 0; i < game.teams.size(); ++i) WriteTeam(game, era, game.teams[i], i == 0, out);
  out.EndArray().Field("tournamentCode", "").EndObject().EndObject();
  return json;
}

}  // namespace riot
