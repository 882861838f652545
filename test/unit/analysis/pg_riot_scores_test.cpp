// The pg_riot variant on hand-built histories: ranked games only, confidence bounds instead of
// cut-offs, the lobby as the yardstick, and its edge cases.
#include <gtest/gtest.h>

#include "analysis/analysis.hpp"
#include "analysis/statistics.hpp"
#include "engine/error.hpp"
#include "history_builder.hpp"

namespace riot::analysis {
namespace {

using testing::Rank;
using testing::RankedGame;
using testing::RankedGames;
using testing::ScoreOf;

PlayerHistory History(std::vector<Game> games, std::optional<int> level = 200,
                      std::vector<RankSnapshot> ranks = {}) {
  PlayerHistory history;
  history.summoner_level = level;
  history.games = std::move(games);
  history.ranks = std::move(ranks);
  return history;
}

TEST(PgRiotScores, ScoresRankedRiftGamesOnlyAndNoRemakes) {
  std::vector<Game> games = RankedGames(30, 15, 2, 4, 4);
  games[0].queue_id = 450;    // ARAM
  games[1].queue_id = 1700;   // Arena
  games[2].queue_id = 440;    // ranked flex counts
  games[3].duration_s = 200;  // a remake
  EXPECT_EQ(AnalyzePgRiot(History(games)).matches_used, 27);
}

TEST(PgRiotScores, InsufficientDataBelowFifteenRankedGames) {
  EXPECT_EQ(AnalyzePgRiot(History(RankedGames(14, 14, 10, 1, 5))).verdict,
            Verdict::kInsufficientData);
  EXPECT_NE(AnalyzePgRiot(History(RankedGames(15, 7, 2, 4, 4))).verdict,
            Verdict::kInsufficientData);
}

TEST(PgRiotScores, WinRateIsAConfidenceBoundNotACutOff) {
  // The reference's weakness: 10 of 12 scores high there; here the bound knows 12 games are few.
  const Score lucky = ScoreOf(AnalyzePgRiot(History(RankedGames(15, 12, 2, 4, 4))), "win_rate");
  const Score steady = ScoreOf(AnalyzePgRiot(History(RankedGames(50, 38, 2, 4, 4))), "win_rate");
  EXPECT_DOUBLE_EQ(lucky.basis, WilsonLowerBound(12, 15));
  EXPECT_LT(lucky.basis, steady.basis);  // 80 % of 15 proves less than 76 % of 50
  EXPECT_LE(lucky.value, steady.value);
  EXPECT_NE(steady.reason.find("38 wins in 50"), std::string::npos);
}

TEST(PgRiotScores, KdaAgainstTheLobbyWithNoDeathsCountedAsOne) {
  // (5 + 5) / max(0, 1) = 10 against a lobby at 2.5: four times.
  const Score kda = ScoreOf(AnalyzePgRiot(History(RankedGames(20, 10, 5, 0, 5))), "kda");
  EXPECT_DOUBLE_EQ(kda.basis, 4.0);
  EXPECT_DOUBLE_EQ(kda.value, 1.0);
  // The same KDA in a lobby that plays as well is even with it, and scores far less.
  std::vector<Game> even = RankedGames(20, 10, 5, 0, 5);
  for (Game& game : even) game.lobby_kda = 10;
  EXPECT_DOUBLE_EQ(ScoreOf(AnalyzePgRiot(History(even)), "kda").basis, 1.0);
  EXPECT_LT(ScoreOf(AnalyzePgRiot(History(even)), "kda").value, kda.value / 2);
  // No lobby known: no KDA score.
  std::vector<Game> alone = RankedGames(20, 10, 5, 0, 5);
  for (Game& game : alone) game.lobby_kda = 0;
  EXPECT_DOUBLE_EQ(ScoreOf(AnalyzePgRiot(History(alone)), "kda").value, 0);
}

TEST(PgRiotScores, MedianResistsOneStomp) {
  std::vector<Game> games = RankedGames(21, 10, 2, 2, 3);  // 2.5: even with the lobby
  games[0].kills = 40;
  EXPECT_DOUBLE_EQ(ScoreOf(AnalyzePgRiot(History(games)), "kda").basis, 1.0);
}

TEST(PgRiotScores, LowLevelScoresAndUnknownLevelDoesNot) {
  const auto games = RankedGames(20, 10, 2, 4, 4);
  EXPECT_GT(ScoreOf(AnalyzePgRiot(History(games, 15)), "account_level").value,
            ScoreOf(AnalyzePgRiot(History(games, 300)), "account_level").value);
  EXPECT_DOUBLE_EQ(ScoreOf(AnalyzePgRiot(History(games, 400)), "account_level").value, 0);
  EXPECT_DOUBLE_EQ(ScoreOf(AnalyzePgRiot(History(games, std::nullopt)), "account_level").value, 0);
}

TEST(PgRiotScores, RankedPaceIsGamesADayOverTheWindow) {
  // RankedGames are an hour apart: 20 games in 19 hours count as one day.
  const Score dense =
      ScoreOf(AnalyzePgRiot(History(RankedGames(20, 10, 2, 4, 4))), "rank_progression");
  EXPECT_DOUBLE_EQ(dense.basis, 20.0);
  EXPECT_DOUBLE_EQ(dense.value, 1.0);
  // The same 20 games ten days apart each: a pace of 20 in 190 days.
  std::vector<Game> sparse = RankedGames(20, 10, 2, 4, 4);
  for (size_t i = 0; i < sparse.size(); ++i)
    sparse[i].start_ms = testing::kStartMs - static_cast<int64_t>(i) * 10 * testing::kDayMs;
  const Score slow = ScoreOf(
      AnalyzePgRiot(History(sparse, 200, {Rank("GOLD", "II", 40, 0, 12, 9)})), "rank_progression");
  EXPECT_NEAR(slow.basis, 20.0 / 190, 1e-9);
  EXPECT_DOUBLE_EQ(slow.value, 0);
  EXPECT_NE(slow.reason.find("20 ranked games in 190 days"), std::string::npos) << slow.reason;
  EXPECT_NE(slow.reason.find("GOLD II, season 12-9"), std::string::npos) << slow.reason;
  // One game has no pace.
  EXPECT_DOUBLE_EQ(
      ScoreOf(AnalyzePgRiot(History(RankedGames(1, 1, 2, 4, 4))), "rank_progression").value, 0);
}

TEST(PgRiotScores, OneRoleHasNoMixAndNoPositionNoRole) {
  const Score one =
      ScoreOf(AnalyzePgRiot(History(RankedGames(20, 20, 5, 0, 5))), "role_performance");
  EXPECT_DOUBLE_EQ(one.basis, 1.0);  // one good role, no mix
  std::vector<Game> unknown = RankedGames(20, 20, 5, 0, 5);
  for (Game& game : unknown) game.position.clear();
  EXPECT_DOUBLE_EQ(ScoreOf(AnalyzePgRiot(History(unknown)), "role_performance").basis, 0);
}

TEST(PgRiotScores, EveryValueIsInZeroToOneAndTheTotalIsWeighted) {
  for (const PlayerHistory& history :
       {History(RankedGames(50, 50, 20, 0, 20), 1,
                {Rank("IRON", "IV", 0, 0, 0, 0), Rank("MASTER", "I", 500, 9, 200, 0)}),
        History(RankedGames(50, 0, 0, 20, 0), 900),
        History(RankedGames(20, 10, 2, 4, 4), std::nullopt)}) {
    const Analysis a = AnalyzePgRiot(history);
    ASSERT_EQ(a.scores.size(), 9u);
    for (const Score& score : a.scores) {
      EXPECT_GE(score.value, 0) << score.name;
      EXPECT_LE(score.value, 1) << score.name;
      EXPECT_FALSE(score.reason.empty()) << score.name;
    }
    EXPECT_NEAR(a.total, WeightedTotal(a.scores), 1e-12);
  }
}

TEST(PgRiotScores, AStompingNewAccountIsASmurfAnAverageOneIsNot) {
  std::vector<Game> stomps;
  const char* roles[] = {"TOP", "JUNGLE", "MIDDLE"};
  for (int i = 0; i < 40; ++i) {
    Game game = RankedGame(i, i % 4 != 0, 9, 2, 8, 260, roles[i % 3]);
    game.damage_share = 0.32;
    stomps.push_back(game);
  }
  const Analysis smurf = AnalyzePgRiot(
      History(stomps, 25, {Rank("BRONZE", "IV", 0, 0, 2, 1), Rank("GOLD", "II", 40, 10, 70, 20)}));
  EXPECT_NE(smurf.verdict, Verdict::kNotSmurf);
  EXPECT_NE(smurf.verdict, Verdict::kInsufficientData);
  const Analysis average = AnalyzePgRiot(
      History(RankedGames(40, 20, 2, 4, 4), 180, {Rank("GOLD", "II", 40, 0, 40, 40)}));
  EXPECT_EQ(average.verdict, Verdict::kNotSmurf);
}

TEST(Analyze, PicksTheVariantAndRejectsAnUnknownOne) {
  const PlayerHistory history = History(RankedGames(30, 15, 2, 4, 4));
  EXPECT_EQ(Analyze(history, "pg_riot").variant, "pg_riot");
  EXPECT_EQ(Analyze(history, "reference").variant, "reference");
  try {
    Analyze(history, "magic");
    FAIL() << "an unknown variant was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.Sqlstate(), std::string(sqlstate::kInvalidParameterValue));
  }
}

TEST(Analyze, EncodesTheNineScoresAndTheVerdict) {
  const nlohmann::json encoded =
      EncodeAnalysis(AnalyzeReference(History(RankedGames(30, 15, 2, 4, 4))));
  EXPECT_EQ(encoded.at("variant"), "reference");
  EXPECT_EQ(encoded.at("verdict"), "not_smurf");
  EXPECT_EQ(encoded.at("matches_used"), 30);
  ASSERT_EQ(encoded.at("scores").size(), 9u);
  EXPECT_EQ(encoded.at("scores")[0].at("name"), "win_rate");
  EXPECT_TRUE(encoded.at("scores")[8].contains("reason"));
}

}  // namespace
}  // namespace riot::analysis
