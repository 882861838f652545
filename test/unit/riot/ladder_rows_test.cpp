// Tests of league-v4 apex ladders to rows: the real (empty) challenger ladder, a full one in
// Riot's shape, the row encoding, and error paths.
#include "riot/ladder_rows.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/error.hpp"

namespace riot {
namespace {

std::filesystem::path LeagueFixture() {
  return std::filesystem::path(RIOT_FIXTURES_DIR) / "league" /
         "league-v4.getChallengerLeague.JP1_RANKED_SOLO_5x5_2023-07-19.json";
}

std::string ErrorDetailOf(const std::string& body) {
  try {
    ParseLadder(body);
  } catch (const Error& e) {
    EXPECT_EQ(e.Sqlstate(), "22023");
    EXPECT_STREQ(e.what(), "invalid league list payload");
    return e.Detail();
  }
  ADD_FAILURE() << "no riot::Error thrown for " << body;
  return "";
}

TEST(LadderRows, ReadsTheRealEmptyChallengerLadder) {
  if (!std::filesystem::exists(LeagueFixture())) {
    GTEST_SKIP() << "no Riot fixture at " << LeagueFixture() << " (set RIOT_FIXTURES_DIR)";
  }
  std::ifstream in(LeagueFixture(), std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  const LadderRows ladder = ParseLadder(body.str());
  EXPECT_EQ(ladder.tier, "CHALLENGER");
  EXPECT_EQ(ladder.league_id, "");  // optional, and absent in that payload
  EXPECT_TRUE(ladder.entries.empty());
}

constexpr const char* kGrandmasters = R"({
  "tier": "GRANDMASTER", "leagueId": "5a1b", "queue": "RANKED_SOLO_5x5", "name": "Zed's Blades",
  "entries": [
    {"summonerId": "old", "puuid": "P1", "leaguePoints": 412, "rank": "I", "wins": 120, "losses": 98,
     "veteran": true, "inactive": false, "freshBlood": false, "hotStreak": true},
    {"puuid": "P2", "leaguePoints": 260, "rank": "I", "wins": 40, "losses": 31, "veteran": false,
     "inactive": true, "freshBlood": true, "hotStreak": false,
     "miniSeries": {"losses": 0, "progress": "NNN", "target": 3, "wins": 0}}
  ]})";

TEST(LadderRows, ReadsEveryEntryWithItsLaddersTier) {
  const LadderRows ladder = ParseLadder(kGrandmasters);
  EXPECT_EQ(ladder.tier, "GRANDMASTER");
  EXPECT_EQ(ladder.league_id, "5a1b");
  ASSERT_EQ(ladder.entries.size(), 2u);
  EXPECT_EQ(ladder.entries[0].puuid, "P1");
  EXPECT_EQ(ladder.entries[0].tier, "GRANDMASTER");
  EXPECT_EQ(ladder.entries[0].league_points, 412);
  EXPECT_EQ(ladder.entries[0].wins, 120);
  EXPECT_EQ(ladder.entries[0].losses, 98);
  EXPECT_TRUE(ladder.entries[0].veteran);
  EXPECT_TRUE(ladder.entries[0].hot_streak);
  EXPECT_TRUE(ladder.entries[1].inactive);
  EXPECT_TRUE(ladder.entries[1].fresh_blood);
}

TEST(LadderRows, EncodesTheRowsRiotStoreLadderReads) {
  const nlohmann::json rows = EncodeLadderEntries({ParseLadder(kGrandmasters)});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], nlohmann::json({{"puuid", "P2"},
                                     {"tier", "GRANDMASTER"},
                                     {"league_points", 260},
                                     {"wins", 40},
                                     {"losses", 31},
                                     {"hot_streak", false},
                                     {"veteran", false},
                                     {"fresh_blood", true},
                                     {"inactive", true},
                                     {"league_id", "5a1b"}}));
}

TEST(LadderRows, RefusesWhatIsNotALadder) {
  EXPECT_EQ(ErrorDetailOf("[]"), "the payload must be an object, not array");
  EXPECT_NE(ErrorDetailOf(R"({"entries": []})").find("tier"), std::string::npos);
  EXPECT_NE(ErrorDetailOf(R"({"tier": "MASTER"})").find("entries"), std::string::npos);
  EXPECT_NE(ErrorDetailOf(R"({"tier": "MASTER", "entries": [{"leaguePoints": 1}]})")
                .find("entries[0].puuid"),
            std::string::npos);
  EXPECT_NE(
      ErrorDetailOf(R"({"tier": "MASTER", "entries": [{"puuid": "P", "leaguePoints": "many"}]})")
          .find("leaguePoints"),
      std::string::npos);
  EXPECT_NE(ErrorDetailOf("{").find("JSON"), std::string::npos);
}

}  // namespace
}  // namespace riot
