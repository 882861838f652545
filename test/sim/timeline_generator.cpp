// Build the timeline's events from the game facts, then lay them out in one-minute frames.
#include "timeline_generator.hpp"

#include <algorithm>
#include <cmath>

#include "era.hpp"
#include "game_sim.hpp"
#include "json_writer.hpp"
#include "match_metadata.hpp"
#include "random.hpp"

namespace riot {

namespace {

constexpr int64_t kFrameIntervalMs = 60'000;
constexpr int64_t kFrameDriftMs = 21;
constexpr int kMaxLevel = 18;

enum class EventType : uint8_t {
  kPauseStart,
  kPauseEnd,
  kItemPurchased,
  kItemDestroyed,
  kItemSold,
  kItemUndo,
  kSkillLevelUp,
  kLevelUp,
  kWardPlaced,
  kWardKill,
  kChampionKill,
  kSpecialKill,
  kEliteMonsterKill,
  kBuildingKill,
  kTurretPlate,
  kDragonSoul,
  kTransform,
  kGameEnd
};

struct Event {
  int64_t time_ms = 0;
  EventType type = EventType::kGameEnd;
  int participant = 0;  // participantId, creatorId or killerId
  int value = 0;        // itemId, level, skill slot, multi-kill length
  int value2 = 0;       // afterId, ward kind
  size_t index = 0;     // into GameFacts::kills or ::objectives
};

constexpr const char* kWardTypes[] = {"YELLOW_TRINKET", "CONTROL_WARD", "SIGHT_WARD",
                                      "BLUE_TRINKET"};
constexpr const char* kLanes[] = {"TOP_LANE", "MID_LANE", "BOT_LANE"};
constexpr const char* kTowerTiers[] = {"OUTER_TURRET", "INNER_TURRET", "BASE_TURRET",
                                       "NEXUS_TURRET"};
constexpr const char* kChampionStatKeys[] = {"abilityHaste",
                                             "abilityPower",
                                             "armor",
                                             "armorPen",
                                             "armorPenPercent",
                                             "attackDamage",
                                             "attackSpeed",
                                             "bonusArmorPenPercent",
                                             "bonusMagicPenPercent",
                                             "ccReduction",
                                             "cooldownReduction",
                                             "health",
                                             "healthMax",
                                             "healthRegen",
                                             "lifesteal",
                                             "magicPen",
                                             "magicPenPercent",
                                             "magicResist",
                                             "movementSpeed",
                                             "omnivamp",
                                             "physicalVamp",
                                             "power",
                                             "powerMax",
                                             "powerRegen",
                                             "spellVamp"};
constexpr const char* kDamageStatKeys[] = {
    "magicDamageDone",    "magicDamageDoneToChampions",    "magicDamageTaken",
    "physicalDamageDone", "physicalDamageDoneToChampions", "physicalDamageTaken",
    "totalDamageDone",    "totalDamageDoneToChampions",    "totalDamageTaken",
    "trueDamageDone",     "trueDamageDoneToChampions",     "trueDamageTaken"};

int ExperienceFor(int level) { return 100 * (level - 1) * level / 2 + 80 * (level - 1); }

// When the participant reached `level`, spread so that the final level lands near the end.
int64_t LevelTime(const GameFacts& game, const ParticipantFacts& p, int level) {
  const double share =
      static_cast<double>(ExperienceFor(level)) / std::max(1, ExperienceFor(p.champ_level) + 1);
  return static_cast<int64_t>(std::sqrt(share) * static_cast<double>(game.DurationMs()) * 0.95) +
         3'000 + int64_t{97} * p.participant_id;
}

void ParticipantEvents(const GameFacts& game, const ParticipantFacts& p, Rng& rng,
                       std::vector<Event>& events) {
  const int64_t end = game.DurationMs();
  const bool rift = game.kind == GameKind::kSummonersRift;
  for (int level = 1; level <= std::min(p.champ_level, kMaxLevel); ++level) {
    const int64_t at = level == 1 ? rng.Int(1'000, 20'000) : LevelTime(game, p, level);
    if (level > 1)
      events.push_back(Event{at - 1, EventType::kLevelUp, p.participant_id, level, 0, 0});
    if (game.kind == GameKind::kSwarm) continue;
    const int slot = (level == 6 || level == 11 || level == 16)
                         ? 4
                         : static_cast<int>(1 + (level + p.participant_id) % 3);
    events.push_back(Event{at, EventType::kSkillLevelUp, p.participant_id, slot, 0, 0});
  }
  if (game.kind == GameKind::kSwarm) return;
  // Purchases: a starter, components over the game, the final items, consumables.
  const int starter =
      rift ? kStarterItems[rng.Index(sizeof kStarterItems / sizeof kStarterItems[0])] : 1055;
  events.push_back(
      Event{rng.Int(500, 15'000), EventType::kItemPurchased, p.participant_id, starter, 0, 0});
  const int purchases = static_cast<int>(game.duration_s / 90) + 4;
  for (int i = 0; i < purchases; ++i) {
    const int64_t at = rng.Int(60'000, end - 5'000);
    const int item = i < 7 && p.items[i] ? p.items[i] : kComponents[rng.Index(kComponentCount)].id;
    events.push_back(Event{at, EventType::kItemPurchased, p.participant_id, item, 0, 0});
    if (rng.Chance(0.85)) {
      const int consumed =
          rng.Chance(0.5) ? kHealthPotion : kComponents[rng.Index(kComponentCount)].id;
      events.push_back(Event{at + rng.Int(0, 90'000), EventType::kItemDestroyed, p.participant_id,
                             consumed, 0, 0});
    }
  }
  if (rng.Chance(0.3))
    events.push_back(Event{rng.Int(300'000, end - 5'000), EventType::kItemSold, p.participant_id,
                           starter, 0, 0});
  if (rng.Chance(0.15)) {
    events.push_back(Event{rng.Int(120'000, end - 5'000), EventType::kItemUndo, p.participant_id,
                           kComponents[rng.Index(kComponentCount)].id, 0, 0});
  }
  // No wards on the Howling Abyss; Arena and Swarm have a few.
  const bool aram = game.kind == GameKind::kAram;
  const int wards_placed = rift ? p.wards_placed : aram ? 0 : static_cast<int>(rng.Int(0, 6));
  for (int i = 0; i < wards_placed; ++i) {
    const int kind = p.position == kUtility && i % 4 == 0 ? 1 : (i % 7 == 6 ? 2 : 0);
    events.push_back(
        Event{rng.Int(60'000, end - 2'000), EventType::kWardPlaced, p.participant_id, kind, 0, 0});
  }
  const int wards_killed = rift ? p.wards_killed : aram ? 0 : static_cast<int>(rng.Int(0, 2));
  for (int i = 0; i < wards_killed; ++i) {
    events.push_back(Event{rng.Int(90'000, end - 2'000), EventType::kWardKill, p.participant_id,
                           static_cast<int>(rng.Index(4)), 0, 0});
  }
  if (p.champion->name == "Kayn" && game.duration_s > 900) {
    events.push_back(
        Event{rng.Int(600'000, 900'000), EventType::kTransform, p.participant_id, 0, 0, 0});
  }
}

std::vector<Event> CollectEvents(const GameFacts& game, Rng& rng) {
  std::vector<Event> events;
  events.push_back(Event{0, EventType::kPauseEnd, 0, 0, 0, 0});
  if (game.kind == GameKind::kSwarm) {
    for (int64_t at = 30'000; at < game.DurationMs() - 20'000; at += rng.Int(15'000, 40'000)) {
      events.push_back(Event{at, EventType::kPauseStart, 0, 0, 0, 0});
      events.push_back(Event{at + rng.Int(2'000, 9'000), EventType::kPauseEnd, 0, 0, 0, 0});
    }
  }
  for (const ParticipantFacts& p : game.participants) ParticipantEvents(game, p, rng, events);
  int multi_killer = 0, multi_length = 0;
  int64_t multi_time = -100'000;
  for (size_t i = 0; i < game.kills.size(); ++i) {
    const KillFacts& kill = game.kills[i];
    events.push_back(Event{kill.time_ms, EventType::kChampionKill, kill.killer, 0, 0, i});
    if (game.kind == GameKind::kSwarm || kill.killer == 0) continue;
    if (i == 0)
      events.push_back(Event{kill.time_ms, EventType::kSpecialKill, kill.killer, 0, 0, i});
    const bool chained = kill.killer == multi_killer && kill.time_ms - multi_time <= 10'000;
    multi_length = chained ? multi_length + 1 : 1;
    multi_killer = kill.killer;
    multi_time = kill.time_ms;
    if (multi_length >= 2)
      events.push_back(
          Event{kill.time_ms, EventType::kSpecialKill, kill.killer, multi_length, 0, i});
  }
  for (size_t i = 0; i < game.objectives.size(); ++i) {
    const ObjectiveEvent& objective = game.objectives[i];
    EventType type = EventType::kEliteMonsterKill;
    if (objective.type == ObjectiveType::kTower || objective.type == ObjectiveType::kInhibitor)
      type = EventType::kBuildingKill;
    if (objective.type == ObjectiveType::kTurretPlate) type = EventType::kTurretPlate;
    events.push_back(Event{objective.time_ms, type, objective.killer, 0, 0, i});
  }
  if (game.dragon_soul_team != 0)
    events.push_back(Event{game.dragon_soul_ms + 1, EventType::kDragonSoul, 0, 0, 0, 0});
  const int64_t last_ms = game.DurationMs() - 500;
  for (Event& event : events) event.time_ms = std::min(event.time_ms, last_ms);
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.time_ms < b.time_ms; });
  return events;
}

void WritePosition(JsonWriter& out, int x, int y) {
  out.Key("position").BeginObject().IntField("x", x).IntField("y", y).EndObject();
}

void WriteAssists(JsonWriter& out, const int* ids, int count) {
  if (count == 0) return;
  out.Key("assistingParticipantIds").BeginArray();
  for (int i = 0; i < count; ++i) out.Int(ids[i]);
  out.EndArray();
}

// One victimDamage* list: champion hits from `sources`, sometimes a minion or turret.
void WriteDamageList(const GameFacts& game, std::string_view key, const std::vector<int>& sources,
                     Rng& rng, JsonWriter& out) {
  out.Key(key).BeginArray();
  for (const int source : sources) {
    const ParticipantFacts& p = game.participants[static_cast<size_t>(source - 1)];
    const int hits = static_cast<int>(rng.Int(1, 4));
    for (int hit = 0; hit < hits; ++hit) {
      const bool basic = hit == 0;
      const int slot = basic ? 66 : static_cast<int>(rng.Int(0, 3));
      std::string spell;
      if (!basic || rng.Chance(0.8)) {
        spell.reserve(24);
        for (const char c : p.champion->name)
          spell.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
        spell += basic ? "basicattack" : std::string(1, "qwer"[slot]);
      }
      const int amount = static_cast<int>(rng.Int(40, 600));
      out.BeginObject()
          .BoolField("basic", basic)
          .IntField("magicDamage", p.champion->magic ? amount : 0);
      out.Field("name", p.champion->name).IntField("participantId", p.participant_id);
      out.IntField("physicalDamage", p.champion->magic ? 0 : amount).Field("spellName", spell);
      out.IntField("spellSlot", spell.empty() ? -1 : slot)
          .IntField("trueDamage", rng.Chance(0.1) ? rng.Int(10, 90) : 0);
      out.Field("type", "OTHER").EndObject();
    }
  }
  if (rng.Chance(0.3)) {
    const bool tower = rng.Chance(0.5);
    out.BeginObject().BoolField("basic", true).IntField("magicDamage", 0);
    out.Field("name", tower ? "SRU_Turret" : "SRU_OrderMinionMelee").IntField("participantId", 0);
    out.IntField("physicalDamage", rng.Int(10, 400))
        .Field("spellName", "")
        .IntField("spellSlot", -1);
    out.IntField("trueDamage", 0).Field("type", tower ? "TOWER" : "MINION").EndObject();
  }
  out.EndArray();
}

void WriteChampionKill(const GameFacts& game, const Era& era, const KillFacts& kill, Rng& rng,
                       JsonWriter& out) {
  out.BeginObject();
  WriteAssists(out, kill.assists, kill.assist_count);
  out.IntField("bounty", kill.bounty)
      .IntField("killStreakLength", kill.streak)
      .IntField("killerId", kill.killer);
  WritePosition(out, kill.x, kill.y);
  out.IntField("shutdownBounty", kill.shutdown)
      .IntField("timestamp", kill.time_ms)
      .Field("type", "CHAMPION_KILL");
  if (game.kind != GameKind::kSwarm) {
    std::vector<int> attackers;
    if (kill.killer) attackers.push_back(kill.killer);
    for (int a = 0; a < kill.assist_count; ++a) attackers.push_back(kill.assists[a]);
    const std::vector<int> victim{kill.victim};
    // Entries name the enemy champions the victim hit (Dealt) and who hit the victim (Received).
    const std::vector<int>& enemies = attackers.empty() ? victim : attackers;
    if (!attackers.empty() && rng.Chance(0.9))
      WriteDamageList(game, "victimDamageDealt", enemies, rng, out);
    WriteDamageList(game, "victimDamageReceived", enemies, rng, out);
    out.IntField("victimId", kill.victim);
    if (era.teamfight_damage) {
      if (rng.Chance(0.95)) WriteDamageList(game, "victimTeamfightDamageDealt", enemies, rng, out);
      WriteDamageList(game, "victimTeamfightDamageReceived", enemies, rng, out);
    }
  } else {
    out.IntField("victimId", kill.victim);
  }
  out.EndObject();
}

void WriteObjectiveEvent(const GameFacts& game, const ObjectiveEvent& objective, Rng& rng,
                         JsonWriter& out) {
  static constexpr const char* kMonsterTypes[] = {"DRAGON", "BARON_NASHOR", "RIFTHERALD", "HORDE",
                                                  "ATAKHAN"};
  out.BeginObject();
  int helpers[4] = {0, 0, 0, 0};
  int helper_count = 0;
  for (const ParticipantFacts& p : game.participants) {
    if (p.team_id == objective.killer_team && p.participant_id != objective.killer &&
        helper_count < 4 && rng.Chance(0.35)) {
      helpers[helper_count++] = p.participant_id;
    }
  }
  if (objective.type == ObjectiveType::kTurretPlate) {
    out.IntField("killerId", objective.killer).Field("laneType", kLanes[objective.lane]);
    WritePosition(out, objective.x, objective.y);
    out.IntField("teamId", objective.building_team).IntField("timestamp", objective.time_ms);
    out.Field("type", "TURRET_PLATE_DESTROYED").EndObject();
    return;
  }
  WriteAssists(out, helpers, objective.killer == 0 ? 0 : helper_count);
  if (objective.type == ObjectiveType::kTower || objective.type == ObjectiveType::kInhibitor) {
    const bool tower = objective.type == ObjectiveType::kTower;
    out.IntField("bounty", tower && objective.tier == 0 ? 275 : 0);
    out.Field("buildingType", tower ? "TOWER_BUILDING" : "INHIBITOR_BUILDING");
    out.IntField("killerId", objective.killer).Field("laneType", kLanes[objective.lane]);
    WritePosition(out, objective.x, objective.y);
    out.IntField("teamId", objective.building_team).IntField("timestamp", objective.time_ms);
    if (tower) out.Field("towerType", kTowerTiers[objective.tier]);
    out.Field("type", "BUILDING_KILL").EndObject();
    return;
  }
  out.IntField("bounty", 0)
      .IntField("killerId", objective.killer)
      .IntField("killerTeamId", objective.killer_team);
  const auto kind = static_cast<size_t>(objective.type);
  if (objective.type == ObjectiveType::kDragon)
    out.Field("monsterSubType", kDragonNames[objective.subtype]);
  out.Field("monsterType", kMonsterTypes[std::min<size_t>(kind, 4)]);
  WritePosition(out, objective.x, objective.y);
  out.IntField("timestamp", objective.time_ms).Field("type", "ELITE_MONSTER_KILL").EndObject();
}

void WriteEvent(const GameFacts& game, const Era& era, const Event& event, Rng& rng,
                JsonWriter& out) {
  const int64_t t = event.time_ms;
  auto participant_event = [&](const char* type, const char* value_key) {
    out.BeginObject().IntField(value_key, event.value).IntField("participantId", event.participant);
    out.IntField("timestamp", t).Field("type", type).EndObject();
  };
  switch (event.type) {
    case EventType::kPauseStart:
    case EventType::kPauseEnd:
      out.BeginObject().IntField("realTimestamp", game.start_ms + t - 200).IntField("timestamp", t);
      out.Field("type", event.type == EventType::kPauseEnd ? "PAUSE_END" : "PAUSE_START")
          .EndObject();
      break;
    case EventType::kItemPurchased:
      participant_event("ITEM_PURCHASED", "itemId");
      break;
    case EventType::kItemDestroyed:
      participant_event("ITEM_DESTROYED", "itemId");
      break;
    case EventType::kItemSold:
      participant_event("ITEM_SOLD", "itemId");
      break;
    case EventType::kLevelUp:
      out.BeginObject().IntField("level", event.value).IntField("participantId", event.participant);
      out.IntField("timestamp", t).Field("type", "LEVEL_UP").EndObject();
      break;
    case EventType::kItemUndo:
      out.BeginObject()
          .IntField("afterId", 0)
          .IntField("beforeId", event.value)
          .IntField("goldGain", rng.Int(300, 1300));
      out.IntField("participantId", event.participant)
          .IntField("timestamp", t)
          .Field("type", "ITEM_UNDO")
          .EndObject();
      break;
    case EventType::kSkillLevelUp:
      out.BeginObject().Field("levelUpType", "NORMAL").IntField("participantId", event.participant);
      out.IntField("skillSlot", event.value)
          .IntField("timestamp", t)
          .Field("type", "SKILL_LEVEL_UP")
          .EndObject();
      break;
    case EventType::kWardPlaced:
      out.BeginObject()
          .IntField("creatorId", event.participant)
          .IntField("timestamp", t)
          .Field("type", "WARD_PLACED");
      out.Field("wardType", kWardTypes[event.value]).EndObject();
      break;
    case EventType::kWardKill:
      out.BeginObject()
          .IntField("killerId", event.participant)
          .IntField("timestamp", t)
          .Field("type", "WARD_KILL");
      out.Field("wardType", kWardTypes[event.value]).EndObject();
      break;
    case EventType::kChampionKill:
      WriteChampionKill(game, era, game.kills[event.index], rng, out);
      break;
    case EventType::kSpecialKill: {
      const KillFacts& kill = game.kills[event.index];
      out.BeginObject().Field("killType", event.value >= 2 ? "KILL_MULTI" : "KILL_FIRST_BLOOD");
      out.IntField("killerId", event.participant);
      if (event.value >= 2) out.IntField("multiKillLength", event.value);
      WritePosition(out, kill.x, kill.y);
      out.IntField("timestamp", t).Field("type", "CHAMPION_SPECIAL_KILL").EndObject();
      break;
    }
    case EventType::kEliteMonsterKill:
    case EventType::kBuildingKill:
    case EventType::kTurretPlate:
      WriteObjectiveEvent(game, game.objectives[event.index], rng, out);
      break;
    case EventType::kDragonSoul:
      out.BeginObject().Field("name", kSoulNames[game.objectives.empty() ? 0 : rng.Index(6)]);
      out.IntField("teamId", game.dragon_soul_team)
          .IntField("timestamp", t)
          .Field("type", "DRAGON_SOUL_GIVEN")
          .EndObject();
      break;
    case EventType::kTransform:
      out.BeginObject().IntField("participantId", event.participant).IntField("timestamp", t);
      out.Field("transformType", rng.Chance(0.5) ? "SLAYER" : "ASSASSIN")
          .Field("type", "CHAMPION_TRANSFORM")
          .EndObject();
      break;
    case EventType::kGameEnd:
      out.BeginObject()
          .IntField("gameId", game.match->game_id)
          .IntField("realTimestamp", game.end_ms + 14);
      out.IntField("timestamp", t)
          .Field("type", "GAME_END")
          .IntField("winningTeam", event.value)
          .EndObject();
      break;
  }
}

void WriteParticipantFrame(const ParticipantFacts& p, double progress, Rng& rng, JsonWriter& out) {
  const double grown = std::pow(progress, 1.15);
  int level = 1;
  const int xp = static_cast<int>(p.champ_experience * progress);
  while (level < p.champ_level && ExperienceFor(level + 1) <= xp) ++level;
  out.BeginObject().Key("championStats").BeginObject();
  const int health_max = 600 + level * 95 + static_cast<int>(grown * 1200);
  for (const char* key : kChampionStatKeys) {
    const std::string_view name(key);
    int64_t value = 0;
    if (name == "health")
      value = rng.Int(health_max / 3, health_max);
    else if (name == "healthMax")
      value = health_max;
    else if (name == "armor")
      value = 30 + level * 4 + static_cast<int>(grown * 60);
    else if (name == "magicResist")
      value = 30 + level * 2 + static_cast<int>(grown * 30);
    else if (name == "attackDamage")
      value = 55 + level * 3 + static_cast<int>(grown * (p.champion->magic ? 20 : 180));
    else if (name == "abilityPower")
      value = p.champion->magic ? static_cast<int>(grown * 500) : 0;
    else if (name == "attackSpeed")
      value = 100 + static_cast<int>(grown * 90);
    else if (name == "movementSpeed")
      value = 330 + static_cast<int>(grown * 60);
    else if (name == "power" || name == "powerMax")
      value = 300 + level * 40;
    else if (name == "healthRegen" || name == "powerRegen")
      value = 8 + level;
    else if (name == "abilityHaste" || name == "cooldownReduction")
      value = static_cast<int>(grown * 40);
    out.IntField(name, value);
  }
  out.EndObject();
  const int total_gold = 500 + static_cast<int>((p.gold_earned - 500) * grown);
  out.IntField("currentGold", static_cast<int>(rng.Int(0, 1500)));
  out.Key("damageStats").BeginObject();
  const int64_t done[12] = {static_cast<int64_t>(p.magic_dealt * grown),
                            static_cast<int64_t>(p.magic_to_champions * grown),
                            static_cast<int64_t>(p.magic_taken * grown),
                            static_cast<int64_t>(p.physical_dealt * grown),
                            static_cast<int64_t>(p.physical_to_champions * grown),
                            static_cast<int64_t>(p.physical_taken * grown),
                            static_cast<int64_t>(p.damage_dealt * grown),
                            static_cast<int64_t>(p.damage_to_champions * grown),
                            static_cast<int64_t>(p.damage_taken * grown),
                            static_cast<int64_t>(p.true_dealt * grown),
                            static_cast<int64_t>(p.true_to_champions * grown),
                            static_cast<int64_t>(p.true_taken * grown)};
  for (int i = 0; i < 12; ++i) out.IntField(kDamageStatKeys[i], done[i]);
  out.EndObject();
  out.IntField("goldPerSecond", 0)
      .IntField("jungleMinionsKilled", static_cast<int>(p.neutral_minions * progress));
  out.IntField("level", level).IntField("minionsKilled", static_cast<int>(p.minions * progress));
  out.IntField("participantId", p.participant_id);
  WritePosition(out, static_cast<int>(rng.Int(500, 14500)), static_cast<int>(rng.Int(500, 14500)));
  out.IntField("timeEnemySpentControlled", static_cast<int>(p.cc_time * 1000 * progress));
  out.IntField("totalGold", total_gold).IntField("xp", xp).EndObject();
}

void WriteAbortedTimeline(const GameFacts& game, JsonWriter& out) {
  out.BeginObject().Field("endOfGameResult", "Abort_Unexpected").IntField("frameInterval", 0);
  out.Key("frames").BeginArray().BeginObject().Key("events").BeginArray();
  out.BeginObject()
      .IntField("gameId", game.match->game_id)
      .IntField("realTimestamp", game.end_ms + 14);
  out.IntField("timestamp", 0).Field("type", "GAME_END").IntField("winningTeam", 0).EndObject();
  out.EndArray().Key("participantFrames").Null().IntField("timestamp", 0).EndObject().EndArray();
  out.IntField("gameId", 0).Key("participants").BeginArray().EndArray().EndObject();
}

}  // namespace

std::string GenerateTimelineJson(const World& world, const MatchRecord& match) {
  const GameFacts game = SimulateGame(world, match);
  const Era era = EraOf(game.patch, game.kind);
  std::string json;
  json.reserve(game.participants.size() * 60'000 + 4096);
  JsonWriter out(json);
  WriteMetadataThenInfoKey(world, match, game, out);
  if (game.aborted) {
    WriteAbortedTimeline(game, out);
    out.EndObject();
    return json;
  }
  Rng rng(HashOf({world.Config().seed, 0x7131e, static_cast<uint64_t>(match.game_id)}));
  std::vector<Event> events = CollectEvents(game, rng);
  const int64_t end_ms = game.DurationMs() + 500 + match.game_id % 400;
  const int winner = game.kind == GameKind::kArena || game.kind == GameKind::kSwarm
                         ? (game.participants.front().win ? kBlueTeam : kRedTeam)
                         : match.winning_team;
  events.push_back(Event{end_ms, EventType::kGameEnd, 0, winner, 0, 0});

  out.BeginObject();
  if (era.end_of_game_result) out.Field("endOfGameResult", "GameComplete");
  out.IntField("frameInterval", kFrameIntervalMs).Key("frames").BeginArray();
  // A frame a minute (with a little drift, as Riot's), the last at the end; each frame holds
  // the events since the previous frame, up to and including its own timestamp.
  std::vector<int64_t> stamps;
  for (int64_t frame = 0; frame * (kFrameIntervalMs + kFrameDriftMs) < end_ms; ++frame) {
    stamps.push_back(frame * (kFrameIntervalMs + kFrameDriftMs));
  }
  stamps.push_back(end_ms);
  size_t next_event = 0;
  for (const int64_t stamp : stamps) {
    out.BeginObject().Key("events").BeginArray();
    while (next_event < events.size() && events[next_event].time_ms <= stamp) {
      WriteEvent(game, era, events[next_event++], rng, out);
    }
    out.EndArray().Key("participantFrames").BeginObject();
    const double progress = std::min(1.0, static_cast<double>(stamp) / static_cast<double>(end_ms));
    for (const ParticipantFacts& p : game.participants) {
      out.Key(std::to_string(p.participant_id));
      WriteParticipantFrame(p, progress, rng, out);
    }
    out.EndObject().IntField("timestamp", stamp).EndObject();
  }
  out.EndArray().IntField("gameId", match.game_id).Key("participants").BeginArray();
  for (const ParticipantFacts& p : game.participants) {
    out.BeginObject()
        .IntField("participantId", p.participant_id)
        .Field("puuid", p.player ? std::string_view(p.player->puuid) : "BOT")
        .EndObject();
  }
  out.EndArray().EndObject().EndObject();
  return json;
}

}  // namespace riot
