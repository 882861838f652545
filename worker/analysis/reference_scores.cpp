// The reference variant: the nine scores, weights and cut-offs of the system pg_riot replaces,
// exactly as ../shared/analyzer-reference.md reads them off its source, weaknesses included.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "analysis/analysis.hpp"
#include "analysis/statistics.hpp"

namespace riot::analysis {

namespace {

constexpr size_t kWindow = 50;          // the most recent matches scored
constexpr int kInsufficientBelow = 30;  // games
constexpr double kMsPerDay = 86400000.0;
constexpr size_t kProgressionSnapshots = 5;
constexpr std::array<const char*, 5> kPositions = {"TOP", "JUNGLE", "MIDDLE", "BOTTOM", "UTILITY"};

// A tier's expected KDA, win rate and CS per minute: Iron 1.0 / 0.45 / 4.0 up to Challenger
// 7.0 / 0.68 / 8.5, evenly in between.
struct Baseline {
  double kda, win_rate, cs_per_min;
};
Baseline TierBaseline(int tier) {
  const double t = std::clamp(tier, 0, 9) / 9.0;
  return {1.0 + 6.0 * t, 0.45 + 0.23 * t, 4.0 + 4.5 * t};
}

Score Make(const char* name, double weight, double value, double basis, std::string reason) {
  return Score{name, weight, Clamp01(value), basis, std::move(reason)};
}

double WinRate(const std::vector<Game>& games) {
  if (games.empty()) return 0;
  return static_cast<double>(
             std::count_if(games.begin(), games.end(), [](const Game& g) { return g.win; })) /
         static_cast<double>(games.size());
}

double MeanKda(const std::vector<Game>& games) {
  std::vector<double> kdas;
  kdas.reserve(games.size());
  for (const Game& game : games) kdas.push_back(Kda(game));
  return Mean(kdas);
}

double CsPerMinute(const std::vector<Game>& games) {
  double cs = 0, minutes = 0;
  for (const Game& game : games) {
    cs += game.cs;
    minutes += game.duration_s / 60.0;
  }
  return minutes > 0 ? cs / minutes : 0;
}

// Newer and older halves of a window that is newest first.
std::pair<std::vector<Game>, std::vector<Game>> Halves(const std::vector<Game>& games) {
  const auto middle = games.begin() + static_cast<std::ptrdiff_t>(games.size() / 2);
  return {std::vector<Game>(games.begin(), middle), std::vector<Game>(middle, games.end())};
}

Score WinRateScore(const std::vector<Game>& games) {
  const double wr = WinRate(games);
  const double value = wr < 0.65 ? 0 : std::min(1.0, (wr - 0.65) / 0.15 * 0.9 + 0.1);
  const bool meets = wr >= 0.65 && games.size() >= 30;
  return Make("win_rate", 0.18, value, wr,
              "win rate " + Fixed(wr * 100, 1) + " % over " + std::to_string(games.size()) +
                  " games" + (meets ? " (meets the 65 % threshold)" : ""));
}

Score KdaScore(const std::vector<Game>& games) {
  const double kda = MeanKda(games);
  return Make("kda", 0.12, kda < 3.5 ? 0 : std::min(1.0, kda / 3.5), kda,
              "mean KDA " + Fixed(kda) + (kda < 3.5 ? " (below 3.5)" : " (3.5 or more)"));
}

Score AccountLevelScore(const PlayerHistory& history) {
  if (!history.summoner_level) return Make("account_level", 0.08, 0, 0, "summoner level unknown");
  const int level = *history.summoner_level;
  const double value = level <= 10 ? 0.8 : level <= 25 ? 0.5 : level <= 50 ? 0.3 : 0;
  return Make("account_level", 0.08, value, level, "summoner level " + std::to_string(level));
}

Score RankDiscrepancyScore(const PlayerHistory& history, const std::vector<Game>& games) {
  const int tier = history.ranks.empty() ? -1 : TierIndex(history.ranks.back().tier);
  if (tier < 0) return Make("rank_discrepancy", 0.20, 0, 0, "no rank to compare with");
  const Baseline base = TierBaseline(tier);
  const double ratio = (MeanKda(games) / base.kda + WinRate(games) / base.win_rate +
                        CsPerMinute(games) / base.cs_per_min) /
                       3;
  const double value = std::min(1.0, ratio - 1);
  return Make("rank_discrepancy", 0.20, value, ratio,
              "KDA, win rate and CS/min at " + Fixed(ratio) + " times the " +
                  history.ranks.back().tier + " baseline" + (value >= 0.5 ? " (flagged)" : ""));
}

Score RankProgressionScore(const PlayerHistory& history) {
  if (history.ranks.size() < 2) {
    return Make("rank_progression", 0.09, 0, 0,
                std::to_string(history.ranks.size()) + " rank snapshot(s): no progression");
  }
  const size_t first = history.ranks.size() > kProgressionSnapshots
                           ? history.ranks.size() - kProgressionSnapshots
                           : 0;
  const RankSnapshot& from = history.ranks[first];
  const RankSnapshot& to = history.ranks.back();
  const double days =
      std::max(1.0, static_cast<double>(to.observed_ms - from.observed_ms) / kMsPerDay);
  const double speed = (RankPoints(to) - RankPoints(from)) / days;
  int tier_jumps = 0;
  for (size_t i = first + 1; i < history.ranks.size(); ++i) {
    tier_jumps +=
        std::max(0, TierIndex(history.ranks[i].tier) - TierIndex(history.ranks[i - 1].tier));
  }
  const double value =
      0.6 * std::min(1.0, std::max(0.0, speed) / 100) + 0.4 * std::min(1.0, tier_jumps / 3.0);
  const bool gold_fast =
      TierIndex(to.tier) >= TierIndex("GOLD") &&
      static_cast<double>(to.observed_ms - history.ranks.front().observed_ms) <= 30 * kMsPerDay &&
      TierIndex(history.ranks.front().tier) < TierIndex("GOLD");
  const bool flagged = tier_jumps >= 2 || speed > 50 || gold_fast;
  return Make("rank_progression", 0.09, value, speed,
              Fixed(speed, 1) + " rank points a day, " + std::to_string(tier_jumps) +
                  " tier jump(s)" + (flagged ? " (flagged)" : ""));
}

Score WinRateTrendScore(const std::vector<Game>& games) {
  if (games.size() < 10) return Make("win_rate_trend", 0.10, 0, 0, "fewer than 10 matches");
  const auto [newer, older] = Halves(games);
  const double delta = WinRate(newer) - WinRate(older);
  return Make("win_rate_trend", 0.10, delta > 0.10 ? std::min(1.0, 3 * delta) : 0, delta,
              "win rate " + std::string(delta >= 0 ? "up " : "down ") +
                  Fixed(std::abs(delta) * 100, 1) + " points from the older half to the newer");
}

Score PerformanceConsistencyScore(const std::vector<Game>& games) {
  if (games.size() < 30) {
    return Make("performance_consistency", 0.10, 0, 0, "fewer than 30 games");
  }
  std::vector<double> kdas;
  kdas.reserve(games.size());
  for (const Game& game : games) kdas.push_back(Kda(game));
  const double mean = Mean(kdas);
  const double consistency = mean > 0 ? std::max(0.0, 1 - StdDev(kdas) / mean) : 0;
  const double value =
      mean >= 3.5 ? 0.6 * std::min(1.0, (mean - 3.5) / 3.5) + 0.4 * consistency : 0;
  return Make("performance_consistency", 0.10, value, consistency,
              "KDA " + Fixed(mean) + ", consistency " + Fixed(consistency));
}

Score PerformanceTrendsScore(const std::vector<Game>& games) {
  if (games.size() < 20) return Make("performance_trends", 0.08, 0, 0, "fewer than 20 matches");
  const auto [newer, older] = Halves(games);
  auto mean_of = [](const std::vector<Game>& half, auto field) {
    std::vector<double> values;
    values.reserve(half.size());
    for (const Game& game : half) values.push_back(field(game));
    return Mean(values);
  };
  auto change = [](double before, double after) {
    return before > 0 ? (after - before) / before : 0;
  };
  const double kda_change = change(mean_of(older, Kda), mean_of(newer, Kda));
  const double cs_change = change(mean_of(older, [](const Game& g) { return double(g.cs); }),
                                  mean_of(newer, [](const Game& g) { return double(g.cs); }));
  const double vision_change =
      change(mean_of(older, [](const Game& g) { return double(g.vision_score); }),
             mean_of(newer, [](const Game& g) { return double(g.vision_score); }));
  const double mean_change = (kda_change + cs_change + vision_change) / 3;
  double value = mean_change >= 0.5    ? std::min(1.0, mean_change)
                 : mean_change >= 0.25 ? mean_change / 2
                                       : 0;
  if (kda_change > 0.5) value += 0.3;
  return Make("performance_trends", 0.08, std::min(1.0, value), mean_change,
              "KDA, CS and vision changed " + Fixed(mean_change * 100, 0) +
                  " % on average from the older half to the newer");
}

Score RolePerformanceScore(const std::vector<Game>& games) {
  std::map<std::string, std::vector<Game>> by_role;
  for (const Game& game : games) {
    if (!game.position.empty()) by_role[game.position].push_back(game);
  }
  int good = 0;
  for (const auto& [role, played] : by_role) {
    if (played.size() >= 3 && WinRate(played) >= 0.55 && MeanKda(played) >= 3.0) ++good;
  }
  std::vector<int> counts;
  for (const char* position : kPositions) {
    const auto found = by_role.find(position);
    counts.push_back(found == by_role.end() ? 0 : static_cast<int>(found->second.size()));
  }
  const double base = good >= 3 ? 1.0 : good == 2 ? 0.6 : good == 1 ? 0.3 : 0;
  const double entropy = NormalizedEntropy(counts);
  return Make("role_performance", 0.05, std::min(1.0, base + 0.2 * entropy), good,
              std::to_string(good) + " role(s) played well (win rate 55 %+, KDA 3+), role mix " +
                  Fixed(entropy));
}

}  // namespace

Analysis AnalyzeReference(const PlayerHistory& history) {
  // The reference scores whatever is stored, every queue mixed, aborted games aside.
  std::vector<Game> window;
  for (const Game& game : history.games) {
    if (window.size() == kWindow) break;
    if (game.duration_s > 0) window.push_back(game);
  }
  Analysis analysis;
  analysis.variant = "reference";
  analysis.matches_used = static_cast<int>(window.size());
  analysis.scores = {WinRateScore(window),
                     KdaScore(window),
                     AccountLevelScore(history),
                     RankDiscrepancyScore(history, window),
                     RankProgressionScore(history),
                     WinRateTrendScore(window),
                     PerformanceConsistencyScore(window),
                     PerformanceTrendsScore(window),
                     RolePerformanceScore(window)};
  analysis.total = WeightedTotal(analysis.scores);
  analysis.verdict = analysis.matches_used < kInsufficientBelow
                         ? Verdict::kInsufficientData
                         : VerdictOf(analysis.total, 0.4, 0.6, 0.8);
  return analysis;
}

}  // namespace riot::analysis
