// Tests of league-v4 entries, summoner-v4 and account-v1 to rows: real bodies and error paths.
#include "riot/league_rows.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/error.hpp"

namespace riot {
namespace {

// A folder of the real Riot responses (RIOT_FIXTURES_DIR, set by CMake).
std::filesystem::path FixturesDir(const char* folder) {
  return std::filesystem::path(RIOT_FIXTURES_DIR) / folder;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Call `parse` and return the riot::Error it throws; fail the test when it throws nothing.
template <typename Parse>
Error ErrorOf(Parse parse) {
  try {
    parse();
  } catch (const Error& e) {
    EXPECT_EQ(e.Sqlstate(), "22023");
    return e;
  }
  ADD_FAILURE() << "no riot::Error thrown";
  return Error("none");
}

// Real bodies from shared/riot-fixtures/from-issues, read at run time.
class LeagueRowsFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(FixturesDir("from-issues"))) {
      GTEST_SKIP() << "no Riot fixtures at " << FixturesDir("from-issues")
                   << " (set RIOT_FIXTURES_DIR)";
    }
  }
};

TEST_F(LeagueRowsFixtures, ReadsARealLeagueEntry) {
  // The file holds one LeagueEntryDTO; entries/by-puuid answers with a set of them.
  const std::string entry =
      ReadFile(FixturesDir("from-issues") / "league-exp-v4.entry.KR.2025-04.json");
  const std::vector<RankRow> ranks = ParseLeagueEntries("[" + entry + "]");
  ASSERT_EQ(ranks.size(), 1u);
  const RankRow& rank = ranks[0];
  EXPECT_EQ(rank.queue_type, "RANKED_FLEX_SR");
  EXPECT_EQ(rank.tier, "MASTER");
  EXPECT_EQ(rank.division, "I");
  EXPECT_EQ(rank.league_points, 178);
  EXPECT_EQ(rank.wins, 54);
  EXPECT_EQ(rank.losses, 33);
  EXPECT_FALSE(rank.hot_streak);
  EXPECT_FALSE(rank.veteran);
  EXPECT_FALSE(rank.fresh_blood);
  EXPECT_FALSE(rank.inactive);
  // A lone entry is not the endpoint's shape.
  EXPECT_EQ(ErrorOf([&] { ParseLeagueEntries(entry); }).Detail(),
            "the payload must be an array, not object");
}

TEST_F(LeagueRowsFixtures, ReadsARealSummoner) {
  const SummonerRow summoner = ParseSummoner(
      ReadFile(FixturesDir("from-issues") / "summoner-v4.getByPUUID.NA1.2025-08.json"));
  EXPECT_EQ(summoner.puuid,
            "lpfX1kXNdvujDZ3c0VA6oi7rnr51Q39FTlfRXCnpyf5YW96mqea71sWoi81VrsI0-IVENab3R4l0pQ");
  EXPECT_EQ(summoner.summoner_level, 340);
  EXPECT_EQ(summoner.profile_icon_id, 6793);
  EXPECT_EQ(summoner.revision_date_ms, 1754635977000LL);
}

TEST_F(LeagueRowsFixtures, ReadsARealAccount) {
  const AccountRow account =
      ParseAccount(ReadFile(FixturesDir("from-issues") / "account-v1.getByRiotId.RiotTuxedo.json"));
  EXPECT_EQ(account.puuid,
            "lYznxzi0uZfchn1V9w3eXVyY5epEv09xhtv2L70updmSkuDT9v3WA9_4C77kUa57JVTpymgOYK___A");
  EXPECT_EQ(account.game_name, "Riot Tuxedo");
  EXPECT_EQ(account.tag_line, "TUXC1");
}

TEST_F(LeagueRowsFixtures, RefusesRealErrorBodies) {
  const std::string not_found =
      ReadFile(FixturesDir("from-issues") / "account-v1.getByRiotId.404.json");
  const Error account = ErrorOf([&] { ParseAccount(not_found); });
  EXPECT_STREQ(account.what(), "invalid account payload");
  EXPECT_EQ(account.Detail(), "puuid is missing");
  const std::string forbidden =
      ReadFile(FixturesDir("from-issues") / "league-v4.removed-endpoint.403.json");
  const Error league = ErrorOf([&] { ParseLeagueEntries(forbidden); });
  EXPECT_STREQ(league.what(), "invalid league entries payload");
  EXPECT_EQ(league.Detail(), "the payload must be an array, not object");
  const Error summoner = ErrorOf([&] { ParseSummoner(not_found); });
  EXPECT_STREQ(summoner.what(), "invalid summoner payload");
  EXPECT_EQ(summoner.Detail(), "puuid is missing");
}

constexpr const char* kTwoEntries = R"([
  {"leagueId": "a", "queueType": "RANKED_SOLO_5x5", "tier": "GOLD", "rank": "II",
   "puuid": "p", "leaguePoints": 75, "wins": 120, "losses": 110, "veteran": true,
   "inactive": false, "freshBlood": false, "hotStreak": true,
   "miniSeries": {"losses": 0, "progress": "WNN", "target": 2, "wins": 1}},
  {"queueType": "CHERRY", "puuid": "p", "leaguePoints": 0, "wins": 3, "losses": 5,
   "veteran": false, "inactive": true, "freshBlood": true, "hotStreak": false}
])";

TEST(LeagueRows, ReadsEveryEntryOfASet) {
  const std::vector<RankRow> ranks = ParseLeagueEntries(kTwoEntries);
  ASSERT_EQ(ranks.size(), 2u);
  EXPECT_EQ(ranks[0].queue_type, "RANKED_SOLO_5x5");
  EXPECT_EQ(ranks[0].tier, "GOLD");
  EXPECT_EQ(ranks[0].division, "II");
  EXPECT_EQ(ranks[0].league_points, 75);
  EXPECT_EQ(ranks[0].wins, 120);
  EXPECT_EQ(ranks[0].losses, 110);
  EXPECT_TRUE(ranks[0].hot_streak);
  EXPECT_TRUE(ranks[0].veteran);
  EXPECT_FALSE(ranks[0].fresh_blood);
  EXPECT_FALSE(ranks[0].inactive);
  // tier and rank are optional in the spec: an entry without them is still a row.
  EXPECT_EQ(ranks[1].queue_type, "CHERRY");
  EXPECT_EQ(ranks[1].tier, "");
  EXPECT_EQ(ranks[1].division, "");
  EXPECT_TRUE(ranks[1].fresh_blood);
  EXPECT_TRUE(ranks[1].inactive);
  EXPECT_FALSE(ranks[1].hot_streak);
}

TEST(LeagueRows, ReadsAnUnrankedPlayerAsNoRows) {
  EXPECT_TRUE(ParseLeagueEntries("[]").empty());
  EXPECT_TRUE(ParseLeagueEntries(nlohmann::json::array()).empty());
}

TEST(LeagueRows, NamesTheBadKeyOfAnEntry) {
  nlohmann::json entries = nlohmann::json::parse(kTwoEntries);
  entries[1].erase("wins");
  EXPECT_EQ(ErrorOf([&] { ParseLeagueEntries(entries); }).Detail(), "[1].wins is missing");
  entries = nlohmann::json::parse(kTwoEntries);
  entries[0]["leaguePoints"] = "75";
  EXPECT_EQ(ErrorOf([&] { ParseLeagueEntries(entries); }).Detail(),
            "[0].leaguePoints must be an integer, not string");
  entries = nlohmann::json::parse(kTwoEntries);
  entries[0]["hotStreak"] = "true";
  EXPECT_EQ(ErrorOf([&] { ParseLeagueEntries(entries); }).Detail(),
            "[0].hotStreak must be a boolean, not string");
  entries = nlohmann::json::parse(kTwoEntries);
  entries[0]["tier"] = 3;
  EXPECT_EQ(ErrorOf([&] { ParseLeagueEntries(entries); }).Detail(),
            "[0].tier must be a string, not number");
  entries = nlohmann::json::parse(kTwoEntries);
  entries[1].erase("queueType");
  EXPECT_EQ(ErrorOf([&] { ParseLeagueEntries(entries); }).Detail(), "[1].queueType is missing");
  EXPECT_EQ(ErrorOf([] { ParseLeagueEntries("[1]"); }).Detail(),
            "[0] must be an object, not number");
}

TEST(LeagueRows, RefusesBodiesThatAreNotJson) {
  const std::string body = kTwoEntries;
  for (const std::string& bad :
       {body.substr(0, body.size() / 2), std::string(""), std::string("Forbidden")}) {
    const Error e = ErrorOf([&] { ParseLeagueEntries(bad); });
    EXPECT_STREQ(e.what(), "invalid league entries payload");
    EXPECT_NE(e.Detail().find("not valid JSON"), std::string::npos) << e.Detail();
  }
  EXPECT_NE(ErrorOf([] { ParseSummoner("{\"puuid\":"); }).Detail().find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { ParseAccount("{\"puuid\":\"p\""); }).Detail().find("not valid JSON"),
            std::string::npos);
}

TEST(LeagueRows, ReadsSummonersOldAndNew) {
  // Before July 2025 id and accountId came along, and in Nov 2024 stray LCU fields: ignored.
  const SummonerRow old_shape = ParseSummoner(
      R"({"id":"s","accountId":"a","puuid":"p","name":"x","profileIconId":1,
          "revisionDate":1700000000000,"summonerLevel":30,"expPoints":12,"privacy":"PUBLIC"})");
  EXPECT_EQ(old_shape.puuid, "p");
  EXPECT_EQ(old_shape.summoner_level, 30);
  EXPECT_EQ(old_shape.profile_icon_id, 1);
  EXPECT_EQ(old_shape.revision_date_ms, 1700000000000LL);
  EXPECT_EQ(ErrorOf([] {
              ParseSummoner(R"({"puuid":"p","profileIconId":1,"revisionDate":1})");
            }).Detail(),
            "summonerLevel is missing");
  EXPECT_EQ(
      ErrorOf([] {
        ParseSummoner(R"({"puuid":"p","profileIconId":1,"revisionDate":"1","summonerLevel":3})");
      }).Detail(),
      "revisionDate must be an integer, not string");
  EXPECT_EQ(ErrorOf([] {
              ParseSummoner(R"({"puuid":"","profileIconId":1,"revisionDate":1,"summonerLevel":3})");
            }).Detail(),
            "puuid is empty");
}

TEST(LeagueRows, ReadsAccountsWithoutARiotId) {
  const AccountRow bare = ParseAccount(R"({"puuid":"p"})");
  EXPECT_EQ(bare.puuid, "p");
  EXPECT_EQ(bare.game_name, std::nullopt);
  EXPECT_EQ(bare.tag_line, std::nullopt);
  const AccountRow blank = ParseAccount(R"({"tagLine":"","gameName":null,"puuid":"p"})");
  EXPECT_EQ(blank.game_name, std::nullopt);
  EXPECT_EQ(blank.tag_line, std::nullopt);
  const AccountRow spaced =
      ParseAccount(R"({"puuid":"p","gameName":"T1 Gumayusi","tagLine":"KR 1"})");
  EXPECT_EQ(spaced.game_name, "T1 Gumayusi");
  EXPECT_EQ(spaced.tag_line, "KR 1");
  EXPECT_EQ(ErrorOf([] { ParseAccount(R"({"puuid":7})"); }).Detail(),
            "puuid must be a string, not number");
  EXPECT_EQ(ErrorOf([] { ParseAccount(R"({"puuid":"p","gameName":["x"]})"); }).Detail(),
            "gameName must be a string, not array");
  EXPECT_EQ(ErrorOf([] { ParseAccount("[]"); }).Detail(),
            "the payload must be an object, not array");
}

}  // namespace
}  // namespace riot
