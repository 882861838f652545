// The reference variant, score by score, on hand-built histories: each rule of
// ../shared/analyzer-reference.md with its cut-offs and edge cases.
#include <gtest/gtest.h>

#include "analysis/analysis.hpp"
#include "history_builder.hpp"

namespace riot::analysis {
namespace {

using testing::Rank;
using testing::RankedGame;
using testing::RankedGames;
using testing::ScoreOf;

Analysis Reference(std::vector<Game> games, std::optional<int> level = 100,
                   std::vector<RankSnapshot> ranks = {}) {
  PlayerHistory history;
  history.summoner_level = level;
  history.games = std::move(games);
  history.ranks = std::move(ranks);
  return AnalyzeReference(history);
}

TEST(ReferenceScores, NineScoresWithTheReferenceWeights) {
  const Analysis a = Reference(RankedGames(40, 20, 2, 4, 4));
  ASSERT_EQ(a.scores.size(), 9u);
  double weights = 0;
  for (const Score& score : a.scores) weights += score.weight;
  EXPECT_NEAR(weights, 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(ScoreOf(a, "win_rate").weight, 0.18);
  EXPECT_DOUBLE_EQ(ScoreOf(a, "rank_discrepancy").weight, 0.20);
  EXPECT_DOUBLE_EQ(ScoreOf(a, "role_performance").weight, 0.05);
}

TEST(ReferenceScores, WinRateIsZeroBelow65PercentAndRampsAbove) {
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(RankedGames(50, 32, 2, 4, 4)), "win_rate").value, 0);  // 64 %
  const Score at70 = ScoreOf(Reference(RankedGames(40, 28, 2, 4, 4)), "win_rate");
  EXPECT_NEAR(at70.value, (0.70 - 0.65) / 0.15 * 0.9 + 0.1, 1e-9);
  EXPECT_NE(at70.reason.find("meets"), std::string::npos);
  // The reference's known weakness: a lucky 12-game streak scores, without meeting the threshold.
  const Score lucky = ScoreOf(Reference(RankedGames(12, 10, 2, 4, 4)), "win_rate");
  EXPECT_GT(lucky.value, 0.5);
  EXPECT_EQ(lucky.reason.find("meets"), std::string::npos);
}

TEST(ReferenceScores, KdaCountsNoDeathsAsOneAndCutsAt35) {
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(RankedGames(30, 15, 5, 0, 5)), "kda").basis, 10.0);
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(RankedGames(30, 15, 5, 0, 5)), "kda").value, 1.0);
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(RankedGames(30, 15, 3, 2, 3)), "kda").value, 0);  // KDA 3.0
}

TEST(ReferenceScores, AccountLevelSteps) {
  const auto games = RankedGames(30, 15, 2, 4, 4);
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games, 8), "account_level").value, 0.8);
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games, 25), "account_level").value, 0.5);
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games, 50), "account_level").value, 0.3);
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games, 51), "account_level").value, 0);
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games, std::nullopt), "account_level").value, 0);
}

TEST(ReferenceScores, RankDiscrepancyAgainstTheTierBaseline) {
  // No rank history: nothing to compare with.
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(RankedGames(30, 15, 4, 1, 2)), "rank_discrepancy").value, 0);
  // Gold's baseline: KDA 3, win rate 0.45 + 0.23 / 3, 5.5 CS/min. KDA 6, 80 % wins and
  // 248 CS in 30 minutes: the mean of the three ratios, less 1.
  std::vector<Game> games;
  games.reserve(30);
  for (int i = 0; i < 30; ++i) games.push_back(RankedGame(i, i % 5 != 0, 4, 1, 2, 248));
  const Analysis a = Reference(games, 100, {Rank("GOLD", "II", 50, 0)});
  const double ratio = (6.0 / 3.0 + 0.8 / (0.45 + 0.23 / 3) + (248.0 / 30) / 5.5) / 3;
  EXPECT_NEAR(ScoreOf(a, "rank_discrepancy").basis, ratio, 1e-9);
  EXPECT_NEAR(ScoreOf(a, "rank_discrepancy").value, std::min(1.0, ratio - 1), 1e-9);
}

TEST(ReferenceScores, RankProgressionFromSnapshots) {
  const auto games = RankedGames(30, 15, 2, 4, 4);
  EXPECT_DOUBLE_EQ(
      ScoreOf(Reference(games, 100, {Rank("GOLD", "I", 0, 0)}), "rank_progression").value, 0);
  // Silver IV 0 LP to Gold IV 0 LP in two days: 50 points a day and one tier jump.
  const Analysis a = Reference(games, 100, {Rank("SILVER", "IV", 0, 0), Rank("GOLD", "IV", 0, 2)});
  EXPECT_DOUBLE_EQ(ScoreOf(a, "rank_progression").basis, 50);
  EXPECT_NEAR(ScoreOf(a, "rank_progression").value, 0.6 * 0.5 + 0.4 / 3, 1e-9);
  // Only the last five snapshots count.
  std::vector<RankSnapshot> ranks = {Rank("IRON", "IV", 0, 0)};
  for (int day = 1; day <= 5; ++day) ranks.push_back(Rank("GOLD", "IV", 0, day));
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games, 100, ranks), "rank_progression").value, 0);
}

TEST(ReferenceScores, WinRateTrendNeedsTenMatchesAndTenPoints) {
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(RankedGames(8, 8, 2, 4, 4)), "win_rate_trend").value, 0);
  // Newer half all won, older half half won: up 0.5.
  std::vector<Game> games = RankedGames(20, 10, 2, 4, 4);
  for (int i = 10; i < 20; ++i) games[i].win = i % 2 == 0;
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games), "win_rate_trend").basis, 0.5);
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games), "win_rate_trend").value, 1.0);
  std::vector<Game> flat = RankedGames(20, 0, 2, 4, 4);
  for (int i = 0; i < 20; ++i) flat[i].win = i % 2 == 0;
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(flat), "win_rate_trend").value, 0);
}

TEST(ReferenceScores, PerformanceConsistencyNeedsThirtyGamesAndKda35) {
  EXPECT_DOUBLE_EQ(
      ScoreOf(Reference(RankedGames(29, 15, 7, 1, 0)), "performance_consistency").value, 0);
  EXPECT_DOUBLE_EQ(
      ScoreOf(Reference(RankedGames(30, 15, 7, 1, 0)), "performance_consistency").value, 1.0);
  EXPECT_DOUBLE_EQ(
      ScoreOf(Reference(RankedGames(30, 15, 3, 1, 0)), "performance_consistency").value, 0);
}

TEST(ReferenceScores, PerformanceTrendsBetweenHalves) {
  std::vector<Game> games;
  for (int i = 0; i < 20; ++i) {
    const bool newer = i < 10;
    Game game = RankedGame(i, true, newer ? 4 : 2, 1, 0, newer ? 150 : 100);
    game.vision_score = newer ? 15 : 10;
    games.push_back(game);
  }
  const Score s = ScoreOf(Reference(games), "performance_trends");
  EXPECT_NEAR(s.basis, (1.0 + 0.5 + 0.5) / 3, 1e-9);
  EXPECT_NEAR(s.value, 2.0 / 3 + 0.3, 1e-9);  // plus 0.3: KDA up by more than half
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(RankedGames(19, 10, 2, 1, 0)), "performance_trends").value, 0);
}

TEST(ReferenceScores, RolePerformanceCountsGoodRolesAndTheMix) {
  // One role, played well: 0.3, no mix.
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(RankedGames(30, 30, 5, 1, 0)), "role_performance").value, 0.3);
  // Three roles played well, evenly: capped at 1.
  std::vector<Game> games;
  games.reserve(30);
  const char* roles[] = {"TOP", "JUNGLE", "MIDDLE"};
  for (int i = 0; i < 30; ++i) games.push_back(RankedGame(i, true, 5, 1, 0, 200, roles[i % 3]));
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(games), "role_performance").value, 1.0);
  // No position known (Arena, ARAM): no good role.
  std::vector<Game> unknown = RankedGames(30, 30, 5, 1, 0);
  for (Game& game : unknown) game.position.clear();
  EXPECT_DOUBLE_EQ(ScoreOf(Reference(unknown), "role_performance").value, 0);
}

TEST(ReferenceScores, MixesQueuesButLeavesAbortedGamesOut) {
  std::vector<Game> games = RankedGames(30, 15, 2, 4, 4);
  games[0].queue_id = 450;   // ARAM
  games[1].queue_id = 1700;  // Arena
  games[2].duration_s = 0;   // aborted
  EXPECT_EQ(Reference(games).matches_used, 29);
}

TEST(ReferenceScores, VerdictCutOffsAndInsufficientData) {
  EXPECT_EQ(Reference(RankedGames(29, 15, 2, 4, 4)).verdict, Verdict::kInsufficientData);
  EXPECT_EQ(VerdictOf(0.39, 0.4, 0.6, 0.8), Verdict::kNotSmurf);
  EXPECT_EQ(VerdictOf(0.4, 0.4, 0.6, 0.8), Verdict::kSmurfLow);
  EXPECT_EQ(VerdictOf(0.6, 0.4, 0.6, 0.8), Verdict::kSmurfMedium);
  EXPECT_EQ(VerdictOf(0.8, 0.4, 0.6, 0.8), Verdict::kSmurfHigh);
  // A stomping new account: every score high.
  std::vector<Game> games;
  games.reserve(40);
  const char* roles[] = {"TOP", "JUNGLE", "MIDDLE"};
  for (int i = 0; i < 40; ++i)
    games.push_back(RankedGame(i, i % 10 != 0, 12, 1, 8, 300, roles[i % 3]));
  const Analysis smurf =
      Reference(games, 9, {Rank("BRONZE", "IV", 0, 0), Rank("GOLD", "IV", 0, 3)});
  EXPECT_GE(smurf.total, 0.6);
  EXPECT_NE(smurf.verdict, Verdict::kNotSmurf);
  EXPECT_EQ(Reference(RankedGames(40, 18, 2, 5, 4)).verdict, Verdict::kNotSmurf);
}

}  // namespace
}  // namespace riot::analysis
