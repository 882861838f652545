// The pg_riot variant: the reference's nine scores, rebuilt where the reference is weak. Ranked
// Summoner's Rift games only (remakes aside); rates as confidence bounds, not cut-offs;
// performance against the lobby each game was played in rather than a fixed tier baseline; the
// season's ranked record as well as the stored games. Weights and cut-offs were tuned on
// riot-sim worlds of seeds 101-103 and are measured on others (README, "The player analyzer").
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "analysis/analysis.hpp"
#include "analysis/statistics.hpp"

namespace riot::analysis {

namespace {

constexpr size_t kWindow = 50;
constexpr int kInsufficientBelow = 15;  // ranked games: the bounds below carry the uncertainty
constexpr int kRemakeSeconds = 300;
constexpr double kEvenDamageShare = 0.2;  // one of five
constexpr std::array<const char*, 5> kPositions = {"TOP", "JUNGLE", "MIDDLE", "BOTTOM", "UTILITY"};

// The weights of the nine scores and the verdict's cut-offs.
struct Tuning {
  double win_rate = 0.20, kda = 0.22, account_level = 0.12, rank_discrepancy = 0.12,
         rank_progression = 0.16, win_rate_trend = 0.02, performance_consistency = 0.10,
         performance_trends = 0.02, role_performance = 0.04;
  double low = 0.45, medium = 0.6, high = 0.75;
};
constexpr Tuning kTuning;

std::string Fixed(double value, int digits = 2) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", digits, value);
  return text;
}

Score Make(const char* name, double weight, double value, double basis, std::string reason) {
  return Score{name, weight, Clamp01(value), basis, std::move(reason)};
}

int Wins(const std::vector<Game>& games) {
  return static_cast<int>(
      std::count_if(games.begin(), games.end(), [](const Game& g) { return g.win; }));
}

// The player's KDA over the lobby's, per game; games with no lobby known are left out.
std::vector<double> LobbyKdaRatios(const std::vector<Game>& games) {
  std::vector<double> ratios;
  for (const Game& game : games) {
    if (game.lobby_kda > 0) ratios.push_back(Kda(game) / game.lobby_kda);
  }
  return ratios;
}

// Ranked Summoner's Rift games, newest first, remakes aside, at most the window.
std::vector<Game> RankedWindow(const PlayerHistory& history) {
  std::vector<Game> window;
  for (const Game& game : history.games) {
    if (window.size() == kWindow) break;
    if (IsRankedQueue(game.queue_id) && game.duration_s >= kRemakeSeconds) window.push_back(game);
  }
  return window;
}

Score WinRateScore(const std::vector<Game>& games) {
  const int wins = Wins(games);
  const int n = static_cast<int>(games.size());
  const double bound = WilsonLowerBound(wins, n);
  return Make("win_rate", kTuning.win_rate, (bound - 0.50) / 0.12, bound,
              std::to_string(wins) + " wins in " + std::to_string(n) +
                  " ranked games: the win rate is at least " + Fixed(bound * 100, 1) +
                  " % (95 % confidence)");
}

Score KdaScore(const std::vector<Game>& games) {
  const std::vector<double> ratios = LobbyKdaRatios(games);
  if (ratios.empty()) return Make("kda", kTuning.kda, 0, 0, "no lobby to compare the KDA with");
  // The median resists one stomp or one disaster.
  std::vector<double> sorted = ratios;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2),
                   sorted.end());
  const double median = sorted[sorted.size() / 2];
  return Make("kda", kTuning.kda, (median - 1.2) / 1.0, median,
              "KDA " + Fixed(median) + " times the lobby's (median over " +
                  std::to_string(ratios.size()) + " games)");
}

Score AccountLevelScore(const PlayerHistory& history, const std::vector<Game>& games) {
  if (!history.summoner_level) {
    return Make("account_level", kTuning.account_level, 0, 0, "summoner level unknown");
  }
  const int level = *history.summoner_level;
  // A level earned mostly in ranked games this season is a new account playing ranked at once.
  const int season_games = history.ranks.empty()
                               ? static_cast<int>(games.size())
                               : history.ranks.back().wins + history.ranks.back().losses;
  const double value =
      level >= 150 ? 0 : (150.0 - level) / 150.0 * std::min(1.0, season_games / 40.0);
  return Make("account_level", kTuning.account_level, value, level,
              "summoner level " + std::to_string(level) + " with " + std::to_string(season_games) +
                  " ranked games this season");
}

Score RankDiscrepancyScore(const std::vector<Game>& games) {
  std::vector<double> shares;
  for (const Game& game : games) {
    if (game.damage_share > 0) shares.push_back(game.damage_share / kEvenDamageShare);
  }
  const double share = Mean(shares);
  return Make("rank_discrepancy", kTuning.rank_discrepancy, (share - 1.1) / 0.5, share,
              "deals " + Fixed(share) + " times an even share of the team's damage");
}

Score RankProgressionScore(const PlayerHistory& history) {
  if (history.ranks.empty()) {
    return Make("rank_progression", kTuning.rank_progression, 0, 0, "no ranked record");
  }
  const RankSnapshot& now = history.ranks.back();
  const int games = now.wins + now.losses;
  const double bound = WilsonLowerBound(now.wins, games);
  double value = (bound - 0.50) / 0.10;
  std::string reason = "season record " + std::to_string(now.wins) + "-" +
                       std::to_string(now.losses) + ": at least " + Fixed(bound * 100, 1) +
                       " % wins";
  if (history.ranks.size() >= 2) {
    const RankSnapshot& first = history.ranks.front();
    const int played = games - (first.wins + first.losses);
    if (played > 0) {
      const double per_game = (RankPoints(now) - RankPoints(first)) / played;
      value = std::max(value, (per_game - 5) / 15);
      reason += ", " + Fixed(per_game, 1) + " rank points a game since the first snapshot";
    }
  }
  return Make("rank_progression", kTuning.rank_progression, value, bound, reason);
}

Score WinRateTrendScore(const std::vector<Game>& games) {
  if (games.size() < 20)
    return Make("win_rate_trend", kTuning.win_rate_trend, 0, 0, "fewer than 20 ranked games");
  const auto middle = games.begin() + static_cast<std::ptrdiff_t>(games.size() / 2);
  const std::vector<Game> newer(games.begin(), middle), older(middle, games.end());
  const double delta = static_cast<double>(Wins(newer)) / newer.size() -
                       static_cast<double>(Wins(older)) / older.size();
  return Make("win_rate_trend", kTuning.win_rate_trend, (delta - 0.15) / 0.3, delta,
              "win rate " + std::string(delta >= 0 ? "up " : "down ") +
                  Fixed(std::abs(delta) * 100, 1) + " points from the older half to the newer");
}

Score PerformanceConsistencyScore(const std::vector<Game>& games) {
  const std::vector<double> ratios = LobbyKdaRatios(games);
  if (ratios.empty()) {
    return Make("performance_consistency", kTuning.performance_consistency, 0, 0, "no lobby known");
  }
  const double above = static_cast<double>(std::count_if(ratios.begin(), ratios.end(),
                                                         [](double r) { return r > 1; })) /
                       static_cast<double>(ratios.size());
  return Make("performance_consistency", kTuning.performance_consistency, (above - 0.6) / 0.3,
              above, "above the lobby's KDA in " + Fixed(above * 100, 0) + " % of games");
}

Score PerformanceTrendsScore(const std::vector<Game>& games) {
  if (games.size() < 20) {
    return Make("performance_trends", kTuning.performance_trends, 0, 0,
                "fewer than 20 ranked games");
  }
  const auto middle = games.begin() + static_cast<std::ptrdiff_t>(games.size() / 2);
  const double newer = Mean(LobbyKdaRatios(std::vector<Game>(games.begin(), middle)));
  const double older = Mean(LobbyKdaRatios(std::vector<Game>(middle, games.end())));
  const double change = older > 0 ? (newer - older) / older : 0;
  return Make("performance_trends", kTuning.performance_trends, (change - 0.25) / 0.5, change,
              "KDA against the lobby changed " + Fixed(change * 100, 0) + " % from the older half");
}

Score RolePerformanceScore(const std::vector<Game>& games) {
  std::map<std::string, std::vector<Game>> by_role;
  for (const Game& game : games) {
    if (!game.position.empty()) by_role[game.position].push_back(game);
  }
  int good = 0;
  for (const auto& [role, played] : by_role) {
    if (played.size() < 3) continue;
    const std::vector<double> ratios = LobbyKdaRatios(played);
    if (WilsonLowerBound(Wins(played), static_cast<int>(played.size())) >= 0.45 &&
        Mean(ratios) >= 1.4)
      ++good;
  }
  std::vector<int> counts;
  for (const char* position : kPositions) {
    const auto found = by_role.find(position);
    counts.push_back(found == by_role.end() ? 0 : static_cast<int>(found->second.size()));
  }
  return Make("role_performance", kTuning.role_performance,
              good / 3.0 + 0.2 * NormalizedEntropy(counts), good,
              std::to_string(good) + " role(s) played well above the lobby");
}

}  // namespace

Analysis AnalyzePgRiot(const PlayerHistory& history) {
  const std::vector<Game> window = RankedWindow(history);
  Analysis analysis;
  analysis.variant = "pg_riot";
  analysis.matches_used = static_cast<int>(window.size());
  analysis.scores = {WinRateScore(window),
                     KdaScore(window),
                     AccountLevelScore(history, window),
                     RankDiscrepancyScore(window),
                     RankProgressionScore(history),
                     WinRateTrendScore(window),
                     PerformanceConsistencyScore(window),
                     PerformanceTrendsScore(window),
                     RolePerformanceScore(window)};
  analysis.total = WeightedTotal(analysis.scores);
  analysis.verdict = analysis.matches_used < kInsufficientBelow
                         ? Verdict::kInsufficientData
                         : VerdictOf(analysis.total, kTuning.low, kTuning.medium, kTuning.high);
  return analysis;
}

}  // namespace riot::analysis
