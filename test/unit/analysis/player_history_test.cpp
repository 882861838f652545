// The analyzer's input: the JSON riot._player_histories builds, read and checked.
#include "analysis/player_history.hpp"

#include <gtest/gtest.h>

#include "engine/error.hpp"

namespace riot::analysis {
namespace {

TEST(PlayerHistory, ReadsGamesNewestFirstAndRanksOldestFirst) {
  const PlayerHistory history = ParsePlayerHistory(std::string_view(R"({
    "level": 42,
    "games": [
      {"start_ms": 1000, "queue": 420, "duration_s": 1800, "win": true, "kills": 1, "deaths": 0,
       "assists": 2, "cs": 150, "vision": 12, "position": "TOP", "lobby_kda": 2.5, "lobby_cspm": 6,
       "damage_share": 0.25},
      {"start_ms": 3000, "queue": 450, "duration_s": 1200, "win": false, "kills": 0, "deaths": 3,
       "assists": 4, "cs": 20, "vision": 0, "position": null, "lobby_kda": null, "lobby_cspm": null,
       "damage_share": null}],
    "ranks": [
      {"tier": "GOLD", "division": "I", "lp": 80, "wins": 20, "losses": 10, "observed_ms": 9000},
      {"tier": "GOLD", "division": "II", "lp": 10, "wins": 15, "losses": 10, "observed_ms": 5000}]})"));
  EXPECT_EQ(history.summoner_level, 42);
  ASSERT_EQ(history.games.size(), 2u);
  EXPECT_EQ(history.games[0].start_ms, 3000);  // newest first
  EXPECT_EQ(history.games[0].position, "");
  EXPECT_DOUBLE_EQ(history.games[0].lobby_kda, 0);
  EXPECT_DOUBLE_EQ(history.games[1].damage_share, 0.25);
  EXPECT_DOUBLE_EQ(Kda(history.games[1]), 3.0);  // no deaths counts as one
  ASSERT_EQ(history.ranks.size(), 2u);
  EXPECT_EQ(history.ranks[0].division, "II");  // oldest first
}

TEST(PlayerHistory, EmptyIsAPlayerWithNothingStored) {
  const PlayerHistory history = ParsePlayerHistory(std::string_view(R"({"level": null})"));
  EXPECT_FALSE(history.summoner_level);
  EXPECT_TRUE(history.games.empty());
  EXPECT_TRUE(history.ranks.empty());
}

TEST(PlayerHistory, BadInputNamesItsPath) {
  for (const auto& [json, path] : std::vector<std::pair<std::string, std::string>>{
           {R"([])", ""},
           {R"({"games": [{"queue": 420}]})", "games[0]"},
           {R"({"games": [], "ranks": [{"tier": "GOLD", "lp": "x"}]})", "ranks[0]"},
           {R"({"games": [{"start_ms": 1, "queue": 420, "duration_s": 1, "win": true, "kills": 1,
                "deaths": 1, "assists": 1, "cs": 1, "vision": 1, "lobby_kda": "high"}]})",
            "lobby_kda"},
           {R"(not json)", ""}}) {
    try {
      ParsePlayerHistory(std::string_view(json));
      FAIL() << "accepted " << json;
    } catch (const Error& e) {
      EXPECT_EQ(e.Sqlstate(), std::string(sqlstate::kInvalidParameterValue)) << json;
      EXPECT_STREQ(e.what(), "invalid player history");
      EXPECT_NE(e.Detail().find(path), std::string::npos) << e.Detail();
    }
  }
}

TEST(PlayerHistory, TiersAndRankPoints) {
  EXPECT_EQ(TierIndex("IRON"), 0);
  EXPECT_EQ(TierIndex("CHALLENGER"), 9);
  EXPECT_EQ(TierIndex("WOOD"), -1);
  EXPECT_DOUBLE_EQ(RankPoints(RankSnapshot{"GOLD", "IV", 0, 0, 0, 0}), 300);
  EXPECT_DOUBLE_EQ(RankPoints(RankSnapshot{"GOLD", "I", 50, 0, 0, 0}), 300 + 75 + 50);
  EXPECT_TRUE(IsRankedQueue(420));
  EXPECT_TRUE(IsRankedQueue(440));
  EXPECT_FALSE(IsRankedQueue(450));
}

}  // namespace
}  // namespace riot::analysis
