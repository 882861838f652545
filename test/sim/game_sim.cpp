// The game model: teams, picks, kills, objectives and each participant's totals.
#include "game_sim.hpp"

#include <algorithm>
#include <cmath>

#include "random.hpp"

namespace riot {

namespace {

constexpr double kWinnerKillShare = 0.62;
constexpr int kKillGold = 300;
constexpr int kAssistGold = 130;
constexpr int kMapMin = 400;
constexpr int kMapMax = 14400;
constexpr int64_t kMinute = 60'000;

double Minutes(const GameFacts& game) { return game.duration_s / 60.0; }

bool IsSupport(const ParticipantFacts& p) { return p.position == kUtility; }

double Skill(const ParticipantFacts& p) { return p.player ? p.player->skill : -1.5; }

// Fill team, subteam, placement and win for every participant.
void AssignTeams(const MatchRecord& match, Rng& rng, GameFacts& game) {
  const size_t n = game.participants.size();
  if (game.kind == GameKind::kArena) {
    const size_t pairs = n / 2;
    std::vector<int> subteams(pairs);
    for (size_t i = 0; i < pairs; ++i) subteams[i] = static_cast<int>(i + 1);
    for (size_t i = pairs; i > 1; --i) std::swap(subteams[i - 1], subteams[rng.Index(i)]);
    std::vector<std::pair<double, size_t>> strength;
    for (size_t i = 0; i < pairs; ++i) {
      strength.emplace_back(Skill(game.participants[2 * i]) + Skill(game.participants[2 * i + 1]) +
                                rng.Normal(0, 1.5),
                            i);
    }
    std::sort(strength.rbegin(), strength.rend());
    for (size_t rank = 0; rank < pairs; ++rank) {
      for (size_t member = 0; member < 2; ++member) {
        ParticipantFacts& p = game.participants[2 * strength[rank].second + member];
        p.subteam = subteams[strength[rank].second];
        p.placement = static_cast<int>(rank + 1);
        p.win = rank < pairs / 2;
        p.team_id = p.win ? kBlueTeam : kRedTeam;
      }
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    ParticipantFacts& p = game.participants[i];
    p.team_id = (game.kind == GameKind::kSwarm || i < n / 2) ? kBlueTeam : kRedTeam;
    p.win = p.team_id == match.winning_team;
  }
}

// Give each Summoner's Rift team one player per position, mains first.
void AssignPositions(Rng& rng, GameFacts& game) {
  if (game.kind != GameKind::kSummonersRift) return;
  for (const int team : {kBlueTeam, kRedTeam}) {
    bool taken[kPositionCount] = {};
    std::vector<ParticipantFacts*> members;
    for (ParticipantFacts& p : game.participants) {
      if (p.team_id == team) members.push_back(&p);
    }
    // The strongest players get their main position first.
    std::stable_sort(
        members.begin(), members.end(),
        [](const ParticipantFacts* a, const ParticipantFacts* b) { return Skill(*a) > Skill(*b); });
    std::vector<ParticipantFacts*> unplaced;
    for (ParticipantFacts* p : members) {
      const Position wanted =
          p->player ? p->player->main_position : static_cast<Position>(rng.Index(kPositionCount));
      if (!taken[wanted]) {
        taken[wanted] = true;
        p->position = wanted;
      } else {
        unplaced.push_back(p);
      }
    }
    for (ParticipantFacts* p : unplaced) {
      for (int pos = 0; pos < kPositionCount; ++pos) {
        if (!taken[pos]) {
          taken[pos] = true;
          p->position = static_cast<Position>(pos);
          break;
        }
      }
    }
  }
}

void PickChampions(Rng& rng, GameFacts& game) {
  std::vector<int> used;
  auto free = [&](int id) { return std::find(used.begin(), used.end(), id) == used.end(); };
  for (ParticipantFacts& p : game.participants) {
    const Champion* pick = nullptr;
    if (game.kind == GameKind::kSwarm) {
      pick = &kSwarmChampions[rng.Index(kSwarmChampionCount)];
    } else if (game.kind == GameKind::kSummonersRift && p.player && rng.Chance(0.7)) {
      const Champion& pooled = kChampions[p.player->champion_pool[rng.Index(3)]];
      if (free(pooled.id)) pick = &pooled;
    }
    for (int attempt = 0; !pick && attempt < 500; ++attempt) {
      const Champion& candidate = kChampions[rng.Index(kChampionCount)];
      const bool fits = game.kind != GameKind::kSummonersRift || attempt > 100 ||
                        (candidate.positions & (1 << p.position));
      if (fits && free(candidate.id)) pick = &candidate;
    }
    p.champion = pick;
    used.push_back(pick->id);
  }
}

void PickBans(Rng& rng, GameFacts& game) {
  const int queue = game.queue->id;
  const bool draft = queue == 400 || queue == 420 || queue == 440;
  for (TeamFacts& team : game.teams) {
    size_t count = 0;
    if (draft) count = 5;
    if (game.kind == GameKind::kArena && team.team_id == kBlueTeam)
      count = game.participants.size();
    for (size_t i = 0; i < count; ++i) {
      team.bans.push_back(rng.Chance(0.04) ? -1 : kChampions[rng.Index(kChampionCount)].id);
    }
  }
}

double KillWeight(const ParticipantFacts& p) {
  static constexpr double kByPosition[] = {1.0, 1.1, 1.25, 1.3, 0.45};
  return kByPosition[p.position] * std::exp(0.4 * Skill(p));
}

// Choose an index from `weights` with probability proportional to the weight.
size_t Weighted(Rng& rng, const std::vector<double>& weights) {
  double total = 0;
  for (const double w : weights) total += w;
  double roll = rng.Real() * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (roll < weights[i]) return i;
    roll -= weights[i];
  }
  return weights.size() - 1;
}

int KillCount(Rng& rng, const GameFacts& game) {
  if (game.remake) return static_cast<int>(rng.Int(0, 2));
  switch (game.kind) {
    case GameKind::kAram:
      return static_cast<int>(Minutes(game) * rng.Real(2.0, 3.0));
    case GameKind::kArena:
      return static_cast<int>(rng.Int(60, 110) * game.participants.size() / 16);
    case GameKind::kSwarm:
      return 0;  // see SimulateKills: a lost Swarm run ends in one death
    default:
      return static_cast<int>(Minutes(game) * rng.Real(0.9, 1.7));
  }
}

void SimulateKills(Rng& rng, GameFacts& game) {
  auto& ps = game.participants;
  if (game.kind == GameKind::kSwarm && !ps.empty() && !ps.front().win) {
    KillFacts death;  // the monsters get the last hit: killer 0
    death.time_ms = game.DurationMs() - rng.Int(1'000, 5'000);
    death.victim = ps.front().participant_id;
    death.x = static_cast<int>(rng.Int(kMapMin, kMapMax));
    death.y = static_cast<int>(rng.Int(kMapMin, kMapMax));
    game.kills.push_back(death);
    ps.front().deaths = 1;
    return;
  }
  const int count = KillCount(rng, game);
  if (ps.size() < 2 || count == 0) return;
  std::vector<int64_t> times;
  times.reserve(static_cast<size_t>(count));
  const int64_t first = std::min<int64_t>(game.DurationMs() - 10'000, 90'000);
  for (int i = 0; i < count; ++i) times.push_back(rng.Int(first, game.DurationMs() - 5'000));
  std::sort(times.begin(), times.end());

  std::vector<int> streak(ps.size(), 0);
  std::vector<int64_t> last_kill(ps.size(), -100'000);
  std::vector<int> multi(ps.size(), 0);
  std::vector<double> weights(ps.size());
  for (const int64_t time : times) {
    // The killer: winners kill more, and stronger players more often.
    for (size_t i = 0; i < ps.size(); ++i) {
      const bool favoured = game.kind == GameKind::kArena ? ps[i].placement <= 4 : ps[i].win;
      weights[i] = KillWeight(ps[i]) * (favoured ? kWinnerKillShare : 1 - kWinnerKillShare);
    }
    const size_t killer = Weighted(rng, weights);
    for (size_t i = 0; i < ps.size(); ++i) {
      const bool enemy = game.kind == GameKind::kArena ? ps[i].subteam != ps[killer].subteam
                                                       : ps[i].team_id != ps[killer].team_id;
      weights[i] = enemy ? std::exp(-0.35 * Skill(ps[i])) : 0.0;
    }
    if (std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0; })) continue;
    const size_t victim = Weighted(rng, weights);

    KillFacts kill;
    kill.time_ms = time;
    kill.killer = rng.Chance(0.02) ? 0 : ps[killer].participant_id;
    kill.victim = ps[victim].participant_id;
    kill.x = static_cast<int>(rng.Int(kMapMin, kMapMax));
    kill.y = static_cast<int>(rng.Int(kMapMin, kMapMax));
    for (size_t i = 0; i < ps.size() && kill.assist_count < 4; ++i) {
      const bool ally = game.kind == GameKind::kArena ? ps[i].subteam == ps[killer].subteam
                                                      : ps[i].team_id == ps[killer].team_id;
      if (i == killer || !ally) continue;
      if (rng.Chance(IsSupport(ps[i]) ? 0.7 : 0.42))
        kill.assists[kill.assist_count++] = ps[i].participant_id;
    }
    kill.streak = streak[victim];
    kill.shutdown = streak[victim] >= 3 ? 150 * (streak[victim] - 2) : 0;
    kill.bounty = game.kills.empty() ? 400 : 300;
    game.kills.push_back(kill);

    ParticipantFacts& v = ps[victim];
    ++v.deaths;
    if (streak[victim] >= 2) ++v.killing_sprees;
    streak[victim] = 0;
    for (int a = 0; a < kill.assist_count; ++a)
      ++ps[static_cast<size_t>(kill.assists[a] - 1)].assists;
    if (kill.killer == 0) continue;
    ParticipantFacts& k = ps[killer];
    ++k.kills;
    ++streak[killer];
    k.largest_killing_spree =
        std::max(k.largest_killing_spree, streak[killer] >= 2 ? streak[killer] : 0);
    multi[killer] = (time - last_kill[killer] <= 10'000) ? multi[killer] + 1 : 1;
    last_kill[killer] = time;
    k.largest_multi_kill = std::max(k.largest_multi_kill, multi[killer]);
    if (multi[killer] == 2) ++k.double_kills;
    if (multi[killer] == 3) ++k.triple_kills;
    if (multi[killer] == 4) ++k.quadra_kills;
    if (multi[killer] == 5) ++k.penta_kills;
  }
  if (!game.kills.empty() && game.kills.front().killer != 0) {
    const KillFacts& first_blood = game.kills.front();
    ps[static_cast<size_t>(first_blood.killer - 1)].first_blood_kill = true;
    for (int a = 0; a < first_blood.assist_count; ++a) {
      ps[static_cast<size_t>(first_blood.assists[a] - 1)].first_blood_assist = true;
    }
  }
}

// A participant of `team`, or 0 (minions) with the given chance.
int MemberOf(Rng& rng, const GameFacts& game, int team, double minion_chance) {
  if (rng.Chance(minion_chance)) return 0;
  std::vector<int> members;
  for (const ParticipantFacts& p : game.participants) {
    if (p.team_id == team) members.push_back(p.participant_id);
  }
  return members.empty() ? 0 : members[rng.Index(members.size())];
}

void AddObjective(Rng& rng, GameFacts& game, ObjectiveType type, int64_t time_ms, int team,
                  double minion_chance) {
  ObjectiveEvent event;
  event.type = type;
  event.time_ms = std::clamp<int64_t>(time_ms, 60'000, game.DurationMs() - 2'000);
  event.killer_team = team;
  event.building_team = team == kBlueTeam ? kRedTeam : kBlueTeam;
  event.killer = MemberOf(rng, game, team, minion_chance);
  event.x = static_cast<int>(rng.Int(kMapMin, kMapMax));
  event.y = static_cast<int>(rng.Int(kMapMin, kMapMax));
  game.objectives.push_back(event);
}

// Towers, inhibitors and plates one team takes from the other.
void SiegeBuildings(Rng& rng, GameFacts& game, int team, int towers, int inhibitors, int plates) {
  const int64_t end = game.DurationMs();
  int lanes_open[3] = {0, 0, 0};
  for (int t = 0; t < towers; ++t) {
    int lane = static_cast<int>(rng.Index(3));
    for (int tries = 0; tries < 3 && lanes_open[lane] >= 3; ++tries) lane = (lane + 1) % 3;
    const int tier = lanes_open[lane] >= 3 ? 3 : lanes_open[lane]++;
    AddObjective(rng, game, ObjectiveType::kTower,
                 600'000 + (end - 600'000) * (t + 1) / (towers + 1), team, 0.2);
    game.objectives.back().lane = tier == 3 ? 1 : lane;
    game.objectives.back().tier = tier;
  }
  for (int i = 0; i < inhibitors; ++i) {
    AddObjective(rng, game, ObjectiveType::kInhibitor, end - rng.Int(60'000, 400'000), team, 0.2);
    game.objectives.back().lane = i % 3;
  }
  for (int i = 0; i < plates; ++i) {
    AddObjective(rng, game, ObjectiveType::kTurretPlate, rng.Int(300'000, 840'000), team, 0.3);
    game.objectives.back().lane = static_cast<int>(rng.Index(3));
  }
}

void SimulateObjectives(Rng& rng, GameFacts& game) {
  if (game.remake || (game.kind != GameKind::kSummonersRift && game.kind != GameKind::kAram))
    return;
  const int winner = game.participants.empty() ? kBlueTeam : game.match->winning_team;
  const int loser = winner == kBlueTeam ? kRedTeam : kBlueTeam;
  auto side = [&](double winner_share) { return rng.Chance(winner_share) ? winner : loser; };
  const double minutes = Minutes(game);
  if (game.kind == GameKind::kAram) {
    SiegeBuildings(rng, game, winner, static_cast<int>(rng.Int(3, 5)), 1, 0);
    SiegeBuildings(rng, game, loser, static_cast<int>(rng.Int(0, 3)), 0, 0);
  } else {
    SiegeBuildings(rng, game, winner, static_cast<int>(rng.Int(6, 11)),
                   static_cast<int>(rng.Int(1, 3)), static_cast<int>(rng.Int(2, 9)));
    SiegeBuildings(rng, game, loser, static_cast<int>(rng.Int(0, 5)),
                   static_cast<int>(rng.Int(0, 1)) * (minutes > 30),
                   static_cast<int>(rng.Int(0, 7)));
    int dragons[2] = {0, 0};
    int soul_kind = static_cast<int>(rng.Index(6));
    for (int64_t t = rng.Int(5 * kMinute, 7 * kMinute); t < game.DurationMs() - kMinute;
         t += rng.Int(5 * kMinute, 7 * kMinute)) {
      const int team = side(0.65);
      int& taken = dragons[team == kBlueTeam ? 0 : 1];
      if (taken >= 4) break;
      AddObjective(rng, game, ObjectiveType::kDragon, t, team, 0.0);
      game.objectives.back().subtype = taken < 2 ? static_cast<int>(rng.Index(6)) : soul_kind;
      if (++taken == 4) {
        game.dragon_soul_team = team;
        game.dragon_soul_ms = t;
      }
    }
    if (game.patch.AtLeast(14, 1)) {
      const int grubs = static_cast<int>(rng.Int(0, 6));
      for (int i = 0; i < grubs; ++i)
        AddObjective(rng, game, ObjectiveType::kHorde, 6 * kMinute + i * int64_t{20'000}, side(0.6),
                     0.0);
    }
    if (rng.Chance(0.7))
      AddObjective(rng, game, ObjectiveType::kRiftHerald, rng.Int(9, 15) * kMinute, side(0.6), 0.0);
    if (game.patch.AtLeast(15, 1) && minutes > 21 && rng.Chance(0.7)) {
      AddObjective(rng, game, ObjectiveType::kAtakhan, 20 * kMinute + rng.Int(0, 90'000),
                   side(0.65), 0.0);
    }
    for (int64_t t = 21 * kMinute; t < game.DurationMs() - 3 * kMinute && rng.Chance(0.6);
         t += 7 * kMinute) {
      AddObjective(rng, game, ObjectiveType::kBaron, t + rng.Int(0, 2 * kMinute), side(0.75), 0.0);
    }
  }
  std::sort(game.objectives.begin(), game.objectives.end(),
            [](const ObjectiveEvent& a, const ObjectiveEvent& b) { return a.time_ms < b.time_ms; });
}

// The TeamFacts counter an objective adds to, or nullptr for turret plates.
ObjectiveFacts TeamFacts::*CounterOf(ObjectiveType type) {
  switch (type) {
    case ObjectiveType::kDragon:
    case ObjectiveType::kElder:
      return &TeamFacts::dragon;
    case ObjectiveType::kBaron:
      return &TeamFacts::baron;
    case ObjectiveType::kRiftHerald:
      return &TeamFacts::rift_herald;
    case ObjectiveType::kHorde:
      return &TeamFacts::horde;
    case ObjectiveType::kAtakhan:
      return &TeamFacts::atakhan;
    case ObjectiveType::kTower:
      return &TeamFacts::tower;
    case ObjectiveType::kInhibitor:
      return &TeamFacts::inhibitor;
    case ObjectiveType::kTurretPlate:
      return nullptr;
  }
  return nullptr;
}

// Add one to a team's counter, marking it "first" when no team had taken one yet.
void Count(std::vector<TeamFacts>& teams, int team_id, ObjectiveFacts TeamFacts::*counter) {
  int taken_before = 0;
  for (const TeamFacts& t : teams) taken_before += (t.*counter).kills;
  for (TeamFacts& t : teams) {
    if (t.team_id != team_id) continue;
    (t.*counter).first |= taken_before == 0;
    ++(t.*counter).kills;
  }
}

// Credit kills and objectives to teams and participants.
void CountObjectives(Rng& rng, GameFacts& game) {
  auto& ps = game.participants;
  if (game.kind == GameKind::kArena || game.kind == GameKind::kSwarm) return;
  for (const KillFacts& kill : game.kills) {
    const int victim_team = ps[static_cast<size_t>(kill.victim - 1)].team_id;
    Count(game.teams, victim_team == kBlueTeam ? kRedTeam : kBlueTeam, &TeamFacts::champion);
  }
  bool first_tower = true;
  for (const ObjectiveEvent& event : game.objectives) {
    const auto counter = CounterOf(event.type);
    if (!counter) continue;
    Count(game.teams, event.killer_team, counter);
    // Takedowns: the last hitter and, often, teammates nearby.
    for (ParticipantFacts& p : ps) {
      if (p.team_id != event.killer_team) continue;
      const bool killer = p.participant_id == event.killer;
      const bool helped = killer || rng.Chance(0.45);
      if (event.type == ObjectiveType::kTower) {
        p.turret_kills += killer;
        p.turret_takedowns += helped;
        if (first_tower) {
          p.first_tower_kill |= killer;
          p.first_tower_assist |= helped && !killer;
        }
      } else if (event.type == ObjectiveType::kInhibitor) {
        p.inhibitor_kills += killer;
        p.inhibitor_takedowns += helped;
      } else if (event.type == ObjectiveType::kDragon) {
        p.dragon_kills += killer;
        p.dragon_takedowns += helped;
      } else if (event.type == ObjectiveType::kBaron) {
        p.baron_kills += killer;
        p.baron_takedowns += helped;
      }
    }
    if (event.type == ObjectiveType::kTower) first_tower = false;
  }
}

// Cumulative experience needed to reach `level`.
int ExperienceFor(int level) { return 100 * (level - 1) * level / 2 + 80 * (level - 1); }

void ChooseSpellsAndRunes(Rng& rng, const GameFacts& game, ParticipantFacts& p) {
  if (game.kind == GameKind::kArena) {
    p.spell1 = kArenaSpells[0];
    p.spell2 = kArenaSpells[1];
    const int augment_slots = game.patch.AtLeast(14, 12) ? 6 : 4;
    for (int i = 0; i < augment_slots; ++i) p.augments[i] = static_cast<int>(rng.Int(1, 250));
    if (rng.Chance(0.4)) p.augments[augment_slots - 1] = 0;
    return;
  }
  if (game.kind == GameKind::kSwarm) {
    p.spell1 = 6;
    p.spell2 = 7;
    for (int i = 0; i < 5; ++i) p.augments[i] = static_cast<int>(rng.Int(33100, 33120));
    return;
  }
  p.spell1 = kSummonerFlash;
  if (game.kind == GameKind::kAram) {
    p.spell2 = kAramSpells[1 + rng.Index(sizeof kAramSpells / sizeof kAramSpells[0] - 1)];
  } else if (p.position == kJungle) {
    p.spell2 = kSummonerSmite;
  } else {
    p.spell2 = kSecondSpells[rng.Index(sizeof kSecondSpells / sizeof kSecondSpells[0])];
  }
  if (rng.Chance(0.3)) std::swap(p.spell1, p.spell2);
  p.primary_style = static_cast<int>(rng.Index(kRuneStyleCount));
  p.sub_style =
      static_cast<int>((p.primary_style + 1 + rng.Index(kRuneStyleCount - 1)) % kRuneStyleCount);
  const RuneStyle& primary = kRuneStyles[p.primary_style];
  const RuneStyle& secondary = kRuneStyles[p.sub_style];
  p.perks[0] = primary.keystones[rng.Index(3)];
  for (int row = 0; row < 3; ++row) p.perks[1 + row] = primary.rows[row][rng.Index(3)];
  const size_t skipped_row = rng.Index(3);
  int next = 4;
  for (size_t row = 0; row < 3; ++row) {
    if (row != skipped_row) p.perks[next++] = secondary.rows[row][rng.Index(3)];
  }
  p.stat_perks[0] = kStatPerkOffense[rng.Index(3)];
  p.stat_perks[1] = kStatPerkFlex[rng.Index(3)];
  p.stat_perks[2] = kStatPerkDefense[rng.Index(3)];
}

// Fill the final inventory from the gold the participant spent.
void BuyItems(Rng& rng, const GameFacts& game, ParticipantFacts& p) {
  if (game.kind == GameKind::kSwarm) {
    p.items[0] = 9300;
    p.items[1] = static_cast<int>(rng.Int(9170, 9190));
    return;
  }
  int budget = p.gold_spent;
  int slot = 0;
  if (game.kind != GameKind::kArena) {
    const Item& boots = kBoots[rng.Index(kBootsCount)];
    p.items[slot++] = boots.id;
    budget -= boots.gold;
  }
  while (slot < 6 && budget > 2000) {
    const Item& item = kLegendaryItems[rng.Index(kLegendaryItemCount)];
    bool owned = false;
    for (int i = 0; i < slot; ++i) owned |= p.items[i] == item.id;
    if (owned) continue;
    p.items[slot++] = item.id;
    budget -= item.gold;
  }
  while (slot < 6 && budget > 300) {
    const Item& item = kComponents[rng.Index(kComponentCount)];
    p.items[slot++] = item.id;
    budget -= item.gold;
  }
  if (slot < 6 && rng.Chance(0.3)) p.items[slot++] = kControlWard;
  for (int i = 5; i > 0; --i) std::swap(p.items[i], p.items[rng.Index(static_cast<size_t>(i) + 1)]);
  if (game.kind == GameKind::kArena) {
    p.items[6] = kTrinketArena;
  } else if (game.kind == GameKind::kSummonersRift) {
    p.items[6] =
        p.position == kUtility ? kTrinketLens : (rng.Chance(0.2) ? kTrinketFarsight : kTrinketWard);
  }
}

// Gold, farm, experience, damage and vision from the game's length and the player's deeds.
void ComputeTotals(Rng& rng, const GameFacts& game, ParticipantFacts& p) {
  static constexpr double kGoldPerMinute[] = {380, 360, 395, 405, 255};
  static constexpr double kDamagePerMinute[] = {720, 560, 860, 880, 360};
  static constexpr double kTakenPerMinute[] = {950, 1000, 700, 650, 620};
  const double minutes = Minutes(game);
  const double form = std::exp(0.08 * Skill(p) + rng.Normal(0, 0.12));
  double gold_per_minute = kGoldPerMinute[p.position];
  double damage_per_minute = kDamagePerMinute[p.position];
  double minions_per_minute = p.position == kUtility ? 1.2 : p.position == kJungle ? 1.0 : 7.0;
  double neutral_per_minute = p.position == kJungle ? 5.4 : 0.1;
  switch (game.kind) {
    case GameKind::kAram:
      gold_per_minute = 640;
      damage_per_minute = 1500;
      minions_per_minute = 4.0;
      neutral_per_minute = 0;
      break;
    case GameKind::kArena:
      gold_per_minute = 600;
      damage_per_minute = 1700;
      minions_per_minute = 0;
      neutral_per_minute = 0;
      break;
    case GameKind::kSwarm:
      gold_per_minute = 60;
      damage_per_minute = 0;
      minions_per_minute = 150;
      neutral_per_minute = 0;
      break;
    case GameKind::kSummonersRift:
      break;
  }
  p.gold_earned = static_cast<int>(500 + minutes * gold_per_minute * form + p.kills * kKillGold +
                                   p.assists * kAssistGold + p.turret_takedowns * 150);
  p.gold_spent = static_cast<int>(p.gold_earned * rng.Real(0.82, 0.98));
  p.minions = static_cast<int>(minutes * minions_per_minute * form);
  p.neutral_minions = static_cast<int>(minutes * neutral_per_minute * form);
  const int level_cap = game.kind == GameKind::kSwarm ? 60 : 18;
  p.champ_level = std::clamp(static_cast<int>(3 + minutes * 0.45 + rng.Normal(0, 1)), 1, level_cap);
  p.champ_experience =
      ExperienceFor(p.champ_level) + static_cast<int>(rng.Int(0, int64_t{100} * p.champ_level));

  p.damage_to_champions = static_cast<int>(minutes * damage_per_minute * form + p.kills * 250);
  const double magic_share = p.champion->magic ? rng.Real(0.6, 0.9) : rng.Real(0.02, 0.2);
  const double true_share = rng.Real(0.02, 0.12);
  p.magic_to_champions = static_cast<int>(p.damage_to_champions * magic_share);
  p.true_to_champions = static_cast<int>(p.damage_to_champions * true_share);
  p.physical_to_champions = p.damage_to_champions - p.magic_to_champions - p.true_to_champions;
  p.damage_dealt = static_cast<int>(p.damage_to_champions * rng.Real(4.0, 9.0) + p.minions * 120 +
                                    p.neutral_minions * 300);
  if (game.kind == GameKind::kSwarm) p.damage_dealt = static_cast<int>(rng.Int(150'000, 400'000));
  p.magic_dealt = static_cast<int>(p.damage_dealt * magic_share);
  p.true_dealt = static_cast<int>(p.damage_dealt * true_share);
  p.physical_dealt = p.damage_dealt - p.magic_dealt - p.true_dealt;
  p.damage_taken =
      static_cast<int>(minutes * kTakenPerMinute[p.position] * rng.Real(0.7, 1.3) + p.deaths * 900);
  p.magic_taken = static_cast<int>(p.damage_taken * rng.Real(0.25, 0.45));
  p.true_taken = static_cast<int>(p.damage_taken * rng.Real(0.02, 0.08));
  p.physical_taken = p.damage_taken - p.magic_taken - p.true_taken;
  p.damage_mitigated = static_cast<int>(p.damage_taken * rng.Real(0.4, 1.4));
  p.damage_to_buildings = p.turret_takedowns * static_cast<int>(rng.Int(900, 2600));
  p.damage_to_objectives = p.damage_to_buildings + (p.dragon_takedowns + p.baron_takedowns) *
                                                       static_cast<int>(rng.Int(800, 4000));
  p.total_heal = static_cast<int>(minutes * rng.Real(50, 400));
  p.time_dead_s = static_cast<int>(p.deaths * (8 + minutes * 0.9));
  p.longest_alive_s =
      std::max(0, static_cast<int>(static_cast<double>(game.duration_s - p.time_dead_s) /
                                   (p.deaths + 1) * rng.Real(1.0, 1.8)));
  p.longest_alive_s = std::min(p.longest_alive_s, game.duration_s);
  p.cc_time = static_cast<int>(minutes * rng.Real(2, 25));
  if (game.kind == GameKind::kSummonersRift) {
    const double ward_rate = p.position == kUtility ? 1.3 : p.position == kJungle ? 0.5 : 0.33;
    p.wards_placed = static_cast<int>(minutes * ward_rate * rng.Real(0.7, 1.3));
    p.wards_killed =
        static_cast<int>(minutes * (p.position == kUtility ? 0.3 : 0.1) * rng.Real(0.3, 1.7));
    p.control_wards = static_cast<int>(rng.Int(0, p.position == kUtility ? 8 : 3));
    p.vision_score = static_cast<int>(p.wards_placed * 1.3 + p.wards_killed * 1.5 +
                                      p.control_wards * 2 + minutes * 0.3);
  }
}

}  // namespace

GameFacts SimulateGame(const World& world, const MatchRecord& match) {
  GameFacts game;
  game.match = &match;
  game.queue = FindQueue(match.queue_id);
  if (!game.queue) game.queue = FindQueue(420);
  game.kind = KindOfQueue(*game.queue);
  game.patch = PatchAt(match.start_ms);
  game.game_version = GameVersion(game.patch);
  game.match_id = match.MatchId();
  game.creation_ms = match.CreationMs();
  game.start_ms = match.start_ms;
  game.end_ms = match.EndMs();
  game.duration_s = match.duration_s;
  game.aborted = (match.flags & kMatchAborted) != 0;
  game.remake = (match.flags & kMatchRemake) != 0;
  if (game.aborted) return game;

  Rng rng(
      HashOf({world.Config().seed, 0x9a3e, match.platform, static_cast<uint64_t>(match.game_id)}));
  for (size_t i = 0; i < match.players.size(); ++i) {
    ParticipantFacts p;
    p.participant_id = static_cast<int>(i + 1);
    p.seed = rng.Next();
    if (match.players[i] != kBotPlayer) {
      p.player = &world.Player(match.players[i]);
      p.summoner_level =
          world.SummonerLevel(*p.player, world.MatchesBefore(*p.player, match.start_ms));
    }
    game.participants.push_back(p);
  }
  AssignTeams(match, rng, game);
  AssignPositions(rng, game);
  PickChampions(rng, game);
  if (game.kind != GameKind::kSwarm) {
    game.teams.resize(2);
    game.teams[0].team_id = kBlueTeam;
    game.teams[1].team_id = game.kind == GameKind::kArena ? 0 : kRedTeam;
  } else {
    game.teams.resize(1);
  }
  for (TeamFacts& team : game.teams) {
    team.win = game.kind == GameKind::kArena ? team.team_id == kBlueTeam
                                             : team.team_id == match.winning_team;
  }
  PickBans(rng, game);
  SimulateKills(rng, game);
  SimulateObjectives(rng, game);
  CountObjectives(rng, game);
  for (ParticipantFacts& p : game.participants) {
    Rng own(p.seed);
    ChooseSpellsAndRunes(own, game, p);
    ComputeTotals(own, game, p);
    BuyItems(own, game, p);
  }
  return game;
}

}  // namespace riot
