// The pg_riot variant: the reference's nine scores, rebuilt where the reference is weak. Ranked
// Summoner's Rift games only (remakes aside); win rates as confidence bounds, not cut-offs;
// performance against the lobby each game was played in rather than a fixed tier baseline; the
// pace of ranked play instead of rank snapshots that rarely exist.
// The weights, ranges and cut-offs (kPgRiotTuning) were tuned on riot-sim worlds of seeds 101-103
// with test/bench/tune_analyzer and are measured on others (README, "The player analyzer").
#include <algorithm>
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
constexpr double kMsPerDay = 86400000.0;
constexpr std::array<const char*, 5> kPositions = {"TOP", "JUNGLE", "MIDDLE", "BOTTOM", "UTILITY"};

// The nine scores, in the reference's order.
constexpr std::array<const char*, 9> kNames = {"win_rate",
                                               "kda",
                                               "account_level",
                                               "rank_discrepancy",
                                               "rank_progression",
                                               "win_rate_trend",
                                               "performance_consistency",
                                               "performance_trends",
                                               "role_performance"};

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

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
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

// What each score is computed from, with its reason; the tuning turns it into a value.
struct Basis {
  double basis = 0;
  std::string reason;
  bool known = true;  // false: nothing to judge by, the score is 0
};

Basis WinRate(const std::vector<Game>& games) {
  const int wins = Wins(games);
  const int n = static_cast<int>(games.size());
  const double bound = WilsonLowerBound(wins, n);
  return {bound, std::to_string(wins) + " wins in " + std::to_string(n) +
                     " ranked games: a win rate of at least " + Fixed(bound * 100, 1) +
                     " % (95 % confidence)"};
}

Basis LobbyKda(const std::vector<Game>& games) {
  const std::vector<double> ratios = LobbyKdaRatios(games);
  if (ratios.empty()) return {0, "no lobby to compare the KDA with", false};
  // The median resists one stomp or one disaster.
  const double median = Median(ratios);
  return {median, "KDA " + Fixed(median) + " times the lobby's (median of " +
                      std::to_string(ratios.size()) + " games)"};
}

Basis AccountLevel(const PlayerHistory& history) {
  if (!history.summoner_level) return {0, "summoner level unknown", false};
  return {static_cast<double>(*history.summoner_level),
          "summoner level " + std::to_string(*history.summoner_level)};
}

Basis DamageShare(const std::vector<Game>& games) {
  std::vector<double> shares;
  for (const Game& game : games) {
    if (game.damage_share > 0) shares.push_back(game.damage_share / kEvenDamageShare);
  }
  if (shares.empty()) return {0, "no team damage known", false};
  const double share = Mean(shares);
  return {share,
          "deals " + Fixed(share) + " times an even share of the team's damage to champions"};
}

// How hard the account plays ranked: games a day over the span of the window. A new account
// climbing to where it belongs plays its ranked games densely, weeks apart at most; the reference
// measured the climb through rank snapshots, which exist for few players. The season's record is
// named in the reason.
Basis RankedPace(const PlayerHistory& history, const std::vector<Game>& games) {
  if (games.size() < 2) return {0, "fewer than 2 ranked games", false};
  const double days = std::max(
      1.0, static_cast<double>(games.front().start_ms - games.back().start_ms) / kMsPerDay);
  const double pace = static_cast<double>(games.size()) / days;
  std::string reason = std::to_string(games.size()) + " ranked games in " + Fixed(days, 0) +
                       " days (" + Fixed(pace) + " a day)";
  if (!history.ranks.empty()) {
    const RankSnapshot& now = history.ranks.back();
    reason += "; " + now.tier + " " + now.division + ", season " + std::to_string(now.wins) + "-" +
              std::to_string(now.losses);
  }
  return {pace, reason};
}

Basis WinRateTrend(const std::vector<Game>& games) {
  if (games.size() < 20) return {0, "fewer than 20 ranked games", false};
  const auto middle = games.begin() + static_cast<std::ptrdiff_t>(games.size() / 2);
  const std::vector<Game> newer(games.begin(), middle), older(middle, games.end());
  const double delta = static_cast<double>(Wins(newer)) / static_cast<double>(newer.size()) -
                       static_cast<double>(Wins(older)) / static_cast<double>(older.size());
  return {delta, "win rate " + std::string(delta >= 0 ? "up " : "down ") +
                     Fixed(std::abs(delta) * 100, 1) + " points from the older half to the newer"};
}

Basis Consistency(const std::vector<Game>& games) {
  const std::vector<double> ratios = LobbyKdaRatios(games);
  if (ratios.empty()) return {0, "no lobby known", false};
  const double above = static_cast<double>(std::count_if(ratios.begin(), ratios.end(),
                                                         [](double r) { return r > 1; })) /
                       static_cast<double>(ratios.size());
  return {above, "above the lobby's KDA in " + Fixed(above * 100, 0) + " % of games"};
}

Basis Trends(const std::vector<Game>& games) {
  if (games.size() < 20) return {0, "fewer than 20 ranked games", false};
  const auto middle = games.begin() + static_cast<std::ptrdiff_t>(games.size() / 2);
  const double newer = Median(LobbyKdaRatios(std::vector<Game>(games.begin(), middle)));
  const double older = Median(LobbyKdaRatios(std::vector<Game>(middle, games.end())));
  const double change = older > 0 ? (newer - older) / older : 0;
  return {change, "KDA against the lobby " + std::string(change >= 0 ? "up " : "down ") +
                      Fixed(std::abs(change) * 100, 0) + " % from the older half to the newer"};
}

// Roles played well: 3+ games, at least even with the lobby in win rate bound and well above
// it in KDA; plus a fifth for a role mix that is wide (entropy).
Basis Roles(const std::vector<Game>& games) {
  std::map<std::string, std::vector<Game>> by_role;
  for (const Game& game : games) {
    if (!game.position.empty()) by_role[game.position].push_back(game);
  }
  int good = 0;
  for (const auto& [role, played] : by_role) {
    if (played.size() >= 3 && Median(LobbyKdaRatios(played)) >= 1.3 &&
        static_cast<double>(Wins(played)) / static_cast<double>(played.size()) >= 0.5) {
      ++good;
    }
  }
  std::vector<int> counts;
  for (const char* position : kPositions) {
    const auto found = by_role.find(position);
    counts.push_back(found == by_role.end() ? 0 : static_cast<int>(found->second.size()));
  }
  const double entropy = NormalizedEntropy(counts);
  return {
      good + 0.2 * entropy,
      std::to_string(good) + " role(s) played well above the lobby, role mix " + Fixed(entropy)};
}

}  // namespace

// Tuned on seeds 101-103 (see the file comment): on them, precision 0.99, recall 0.98.
const PgRiotTuning kPgRiotTuning = {
    // win_rate kda   level  damage pace   trend  consist trends  roles
    {0.05, 0.15, 0.15, 0.03, 0.35, 0.01, 0.20, 0.0125, 0.05},  // weight
    {0.226, 0.5085, 150, 1.0, 0.217375, 0.1, 0.4, 0.2, 0.6},   // from: value 0
    {0.59, 2.205, -27.45, 1.4, 0.5, 0.4, 0.7, 0.8, 2.6},       // to: value 1
    0.55,
    0.70,
    0.85};

Analysis AnalyzePgRiot(const PlayerHistory& history, const PgRiotTuning& tuning) {
  const std::vector<Game> window = RankedWindow(history);
  const std::array<Basis, 9> bases = {WinRate(window),
                                      LobbyKda(window),
                                      AccountLevel(history),
                                      DamageShare(window),
                                      RankedPace(history, window),
                                      WinRateTrend(window),
                                      Consistency(window),
                                      Trends(window),
                                      Roles(window)};
  Analysis analysis;
  analysis.variant = "pg_riot";
  analysis.matches_used = static_cast<int>(window.size());
  for (size_t i = 0; i < bases.size(); ++i) {
    const Basis& b = bases[i];
    const double value =
        b.known ? Clamp01((b.basis - tuning.from[i]) / (tuning.to[i] - tuning.from[i])) : 0;
    analysis.scores.push_back(Score{kNames[i], tuning.weight[i], value, b.basis, b.reason});
  }
  analysis.total = WeightedTotal(analysis.scores);
  analysis.verdict = analysis.matches_used < kInsufficientBelow
                         ? Verdict::kInsufficientData
                         : VerdictOf(analysis.total, tuning.low, tuning.medium, tuning.high);
  return analysis;
}

}  // namespace riot::analysis
