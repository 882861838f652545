// The session and matchmaking model behind every generated history.
#include "matchmaker.hpp"

#include <algorithm>
#include <cmath>

#include "sim_time.hpp"

namespace riot {

namespace {
constexpr double kSessionContinues = 0.65;  // chance of another game right after one
constexpr double kGamesPerSession = 1.0 / (1.0 - kSessionContinues);
constexpr int64_t kRequeueMinMs = 1 * kMsPerMinute;
constexpr int64_t kRequeueMaxMs = 6 * kMsPerMinute;
constexpr int64_t kBusyMarginMs = 1 * kMsPerMinute;
constexpr double kHourJitter = 1.3;
constexpr size_t kScanLimit = 400;                 // pending requests looked at to fill one game
constexpr int64_t kPullWindowMs = 10 * kMsPerDay;  // how much earlier than asked one may play
constexpr size_t kFillerTries = 60;                // random draws per missing player
constexpr double kFillerRateScale = 0.6;  // games a day at which a drawn player always joins
constexpr double kSkillToWinOdds = 2.2;   // logistic slope from team skill gap to win chance
constexpr double kAbortedShare = 0.002;
constexpr int64_t kAbortedShapeFromMs = EpochMs(2024, 2, 7);  // seen from 14.3 on
constexpr double kRemakeShare = 0.012;
constexpr size_t kBotTeamSize = 5;

// How many humans a game of this queue takes at this date.
size_t HumansFor(int queue_id, int64_t at_ms) {
  if (queue_id == 1700) return at_ms < kArena16PlayersMs ? 8 : 16;
  if (queue_id == 1810) return 1;
  if (queue_id == 850 || queue_id == 870) return kBotTeamSize;
  return 10;
}

int32_t DurationSeconds(Rng& rng, int queue_id) {
  auto clamp = [](double v, double lo, double hi) {
    return static_cast<int32_t>(std::clamp(v, lo, hi));
  };
  switch (queue_id) {
    case 450:
      return clamp(rng.Normal(1150, 220), 600, 1900);
    case 480:
      return clamp(rng.Normal(1250, 200), 780, 1800);
    case 1700:
      return clamp(rng.Normal(1450, 180), 900, 1900);
    case 1810:
      return clamp(rng.Normal(520, 260), 150, 900);
    case 850:
    case 870:
      return clamp(rng.Normal(1250, 180), 840, 1800);
    default:
      return clamp(rng.Normal(1780, 330), 930, 2800);
  }
}

double MeanSkill(const std::vector<PlayerRecord>& players, const std::vector<uint32_t>& ids,
                 size_t from, size_t to) {
  double sum = 0;
  for (size_t i = from; i < to; ++i) sum += ids[i] == kBotPlayer ? -1.5 : players[ids[i]].skill;
  return sum / static_cast<double>(to - from);
}

int64_t RetiresAt(const PlayerRecord& player) {
  return std::min(player.quits_ms, player.banned_ms);
}
}  // namespace

Matchmaker::Matchmaker(uint64_t seed, int64_t history_start_ms,
                       const std::vector<PlayerRecord>& players)
    : seed_(seed), states_(players.size()), platforms_(kPlatformCount) {
  for (size_t i = 0; i < kPlatformCount; ++i)
    platforms_[i].filler_rng = Rng(HashOf({seed, 0xf111e4, i}));
  for (const PlayerRecord& player : players) {
    platforms_[player.platform].members.push_back(player.number);
    states_[player.number].rng = Rng(HashOf({seed, 0x5e55, player.number}));
    Schedule(player, std::max(player.created_ms, history_start_ms), Next::kFirst);
  }
}

void Matchmaker::Schedule(const PlayerRecord& player, int64_t after_ms, Next next) {
  PlayerState& state = states_[player.number];
  Rng& rng = state.rng;
  int64_t at_ms;
  if (next == Next::kInSession && rng.Chance(kSessionContinues)) {
    at_ms = after_ms + rng.Int(kRequeueMinMs, kRequeueMaxMs);
  } else {
    // A break: the next session starts some days later around the player's evening hour.
    const double mean_days = kGamesPerSession / std::max(player.games_per_day, 0.01);
    // Uniform rather than exponential: an active player is never silent for weeks on end.
    const double break_days = mean_days * rng.Real(0.3, 1.7) + (next == Next::kFirst ? 0.0 : 0.3);
    const int64_t day_start =
        (after_ms + static_cast<int64_t>(break_days * kMsPerDay)) / kMsPerDay * kMsPerDay;
    const double hour = player.preferred_hour + rng.Normal(0, kHourJitter);
    at_ms = day_start + static_cast<int64_t>(hour * kMsPerHour);
    if (at_ms <= after_ms) at_ms += kMsPerDay;
  }
  if (at_ms >= RetiresAt(player)) {
    state.pending_ms = kNever;
    return;
  }
  state.pending_ms = at_ms;
  platforms_[player.platform].pending.insert(Request{at_ms, player.number});
}

int Matchmaker::ChooseQueue(const PlayerRecord& player, int64_t at_ms) {
  Rng& rng = states_[player.number].rng;
  const double roll = rng.Real();
  const bool arena_open = at_ms >= kArenaLaunchMs;
  const bool swarm_open = at_ms >= kSwarmStartMs && at_ms < kSwarmEndMs;
  if (roll < 0.44) return 420;
  if (roll < 0.53) return 440;
  if (roll < 0.73) return 450;
  if (roll < 0.79) return arena_open ? 1700 : 400;
  if (roll < 0.81) return at_ms < kNewBotQueuesMs ? 850 : 870;
  if (roll < 0.83) return swarm_open ? 1810 : 400;
  if (roll < 0.90) return 400;
  if (at_ms >= kSwiftplayMs && roll < 0.95) return 480;
  return at_ms < kQuickplayMs ? 430 : 490;
}

std::vector<Matchmaker::Request> Matchmaker::TakeSoonest(PlatformState& platform, int64_t at_ms,
                                                         size_t wanted,
                                                         const std::vector<PlayerRecord>& players) {
  std::vector<Request> taken;
  size_t looked = 0;
  for (auto it = platform.pending.begin();
       it != platform.pending.end() && taken.size() < wanted && looked < kScanLimit &&
       it->time_ms <= at_ms + kPullWindowMs;
       ++looked) {
    const PlayerState& state = states_[it->player];
    if (state.busy_until_ms > at_ms || players[it->player].created_ms > at_ms) {
      ++it;
      continue;
    }
    taken.push_back(*it);
    it = platform.pending.erase(it);
  }
  return taken;
}

std::vector<uint32_t> Matchmaker::PickFillers(PlatformState& platform, int64_t at_ms, size_t wanted,
                                              const std::vector<Request>& taken,
                                              const std::vector<PlayerRecord>& players) {
  std::vector<uint32_t> fillers;
  auto chosen = [&](uint32_t number) {
    return std::find(fillers.begin(), fillers.end(), number) != fillers.end() ||
           std::any_of(taken.begin(), taken.end(),
                       [&](const Request& r) { return r.player == number; });
  };
  Rng& rng = platform.filler_rng;
  for (size_t tries = 0; fillers.size() < wanted && tries < kFillerTries * wanted; ++tries) {
    const uint32_t number = platform.members[rng.Index(platform.members.size())];
    const PlayerRecord& player = players[number];
    if (states_[number].busy_until_ms > at_ms || player.created_ms > at_ms ||
        RetiresAt(player) <= at_ms || chosen(number) ||
        !rng.Chance(player.games_per_day / kFillerRateScale)) {
      continue;
    }
    fillers.push_back(number);
  }
  return fillers;
}

MatchRecord Matchmaker::MakeRecord(int queue_id, int64_t start_ms, std::vector<uint32_t> humans,
                                   const std::vector<PlayerRecord>& players) {
  MatchRecord match;
  PlatformState& platform = platforms_[players[humans.front()].platform];
  Rng rng(HashOf({seed_, 0x6a3e, players[humans.front()].platform,
                  static_cast<uint64_t>(platform.next_sequence)}));
  const PlatformInfo& info = Platform(players[humans.front()].platform);
  constexpr int64_t kGameIdStride = 40;
  match.game_id =
      info.first_game_id + platform.next_sequence * kGameIdStride + rng.Int(0, kGameIdStride - 1);
  ++platform.next_sequence;
  match.platform = players[humans.front()].platform;
  match.queue_id = queue_id;
  match.start_ms = start_ms;
  match.duration_s = DurationSeconds(rng, queue_id);

  // Shuffle so that the asking player is not always on the blue side.
  for (size_t i = humans.size(); i > 1; --i) std::swap(humans[i - 1], humans[rng.Index(i)]);
  match.players = std::move(humans);
  if (queue_id == 850 || queue_id == 870) {
    match.players.resize(2 * kBotTeamSize, kBotPlayer);
  }
  const size_t half = match.players.size() / 2;
  if (match.players.size() >= 2) {
    const double gap = MeanSkill(players, match.players, 0, half) -
                       MeanSkill(players, match.players, half, match.players.size());
    const double blue_wins = 1.0 / (1.0 + std::exp(-kSkillToWinOdds * gap));
    match.winning_team = rng.Chance(blue_wins) ? kBlueTeam : kRedTeam;
  } else {
    match.winning_team = rng.Chance(0.45) ? kBlueTeam : kRedTeam;
  }
  const bool summoners_rift = queue_id != 450 && queue_id != 1700 && queue_id != 1810;
  if (summoners_rift && match.players.size() == 10 && start_ms >= kAbortedShapeFromMs &&
      rng.Chance(kAbortedShare)) {
    match.flags |= kMatchAborted;
  } else if (summoners_rift && rng.Chance(kRemakeShare)) {
    match.flags |= kMatchRemake;
    match.duration_s = static_cast<int32_t>(rng.Int(185, 300));
  }
  return match;
}

void Matchmaker::FormGame(const Request& anchor, const std::vector<PlayerRecord>& players,
                          const AddMatch& add_match) {
  const PlayerRecord& asking = players[anchor.player];
  PlatformState& platform = platforms_[asking.platform];
  int queue_id = ChooseQueue(asking, anchor.time_ms);
  const size_t wanted = HumansFor(queue_id, anchor.time_ms) - 1;
  std::vector<Request> taken = TakeSoonest(platform, anchor.time_ms, wanted, players);
  taken.insert(taken.begin(), anchor);
  // Not enough players asked around this time: others who are online join in (an extra game
  // for them; their own next request stays where it was).
  std::vector<uint32_t> fillers =
      PickFillers(platform, anchor.time_ms, wanted + 1 - taken.size(), taken, players);
  if (taken.size() + fillers.size() < wanted + 1) {
    // Too few players free on this platform: a Co-op vs AI game takes whoever is there.
    queue_id = anchor.time_ms < kNewBotQueuesMs ? 850 : 870;
    const size_t keep = std::min(taken.size(), kBotTeamSize);
    for (size_t i = keep; i < taken.size(); ++i) platform.pending.insert(taken[i]);
    taken.resize(keep);
    fillers.resize(std::min(fillers.size(), kBotTeamSize - keep));
  }
  std::vector<uint32_t> humans;
  humans.reserve(taken.size() + fillers.size());
  for (const Request& request : taken) humans.push_back(request.player);
  humans.insert(humans.end(), fillers.begin(), fillers.end());
  MatchRecord record = MakeRecord(queue_id, anchor.time_ms, std::move(humans), players);
  const int64_t end_ms = record.EndMs();
  add_match(std::move(record));
  for (const Request& request : taken) {
    // A player pulled into an earlier game keeps their own pace: the next request follows the
    // one this game used, so every request makes exactly one game and counts follow activity.
    states_[request.player].busy_until_ms = end_ms + kBusyMarginMs;
    Schedule(players[request.player], std::max(end_ms, request.time_ms), Next::kInSession);
  }
  for (const uint32_t number : fillers) states_[number].busy_until_ms = end_ms + kBusyMarginMs;
}

void Matchmaker::RunUntil(int64_t until_ms, const std::vector<PlayerRecord>& players,
                          const AddMatch& add_match) {
  for (PlatformState& platform : platforms_) {
    while (!platform.pending.empty() && platform.pending.begin()->time_ms <= until_ms) {
      const Request anchor = *platform.pending.begin();
      platform.pending.erase(platform.pending.begin());
      PlayerState& state = states_[anchor.player];
      if (state.busy_until_ms > anchor.time_ms) {
        Schedule(players[anchor.player], state.busy_until_ms, Next::kInSession);
        continue;
      }
      FormGame(anchor, players, add_match);
    }
  }
}

}  // namespace riot
