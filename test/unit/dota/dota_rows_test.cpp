// The OpenDota parsers on every real response in ../shared/opendota/fixtures (skipped where the
// folder is absent), and on the payload shapes the reference describes that no fixture holds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dota/dota_entity_rows.hpp"
#include "dota/dota_match_rows.hpp"
#include "engine/error.hpp"

namespace riot::dota {
namespace {

namespace fs = std::filesystem;

const char* const kFixtures = OPENDOTA_FIXTURES_DIR;

std::string Read(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

#define REQUIRE_FIXTURES()                                                               \
  if (!fs::exists(fs::path(kFixtures) / "matches")) {                                    \
    GTEST_SKIP() << "no OpenDota fixtures at " << kFixtures << " (../shared is absent)"; \
  }

TEST(ParseDotaMatch, EveryFixtureParsesWithItsTenSlots) {
  REQUIRE_FIXTURES();
  int parsed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(kFixtures) / "matches")) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().string());
    const DotaMatchRows rows = ParseDotaMatch(Read(entry.path()));
    EXPECT_EQ(std::to_string(rows.match.match_id), entry.path().stem().string().substr(0, 10));
    ASSERT_EQ(rows.players.size(), 10U);
    for (const DotaPlayerSlotRow& slot : rows.players) {
      EXPECT_EQ(slot.is_radiant, slot.player_slot < 128);
      EXPECT_TRUE(slot.win.has_value());
      EXPECT_EQ(*slot.win, rows.match.radiant_win.value() == slot.is_radiant);
    }
    EXPECT_NO_THROW(EncodeDotaMatch(rows).dump());
    ++parsed;
  }
  EXPECT_EQ(parsed, 10);
}

TEST(ParseDotaMatch, ParsedStateComesFromOdDataElseTheParserVersion) {
  REQUIRE_FIXTURES();
  EXPECT_FALSE(
      ParseDotaMatch(Read(fs::path(kFixtures) / "matches/8054301932.unparsed.json")).match.parsed);
  EXPECT_TRUE(
      ParseDotaMatch(Read(fs::path(kFixtures) / "matches/8054301932.parsed.json")).match.parsed);
  EXPECT_FALSE(
      ParseDotaMatch(Read(fs::path(kFixtures) / "matches/dev-output/3254426673.unparsed.json"))
          .match.parsed);
  const DotaMatchRows old = ParseDotaMatch(Read(fs::path(kFixtures) / "matches/2472899185.json"));
  EXPECT_TRUE(old.match.parsed);  // 2016: no od_data, version 16
  EXPECT_EQ(old.match.parser_version, 16);
}

TEST(ParseDotaMatch, TeamIdsFollowTheFallbackChain) {
  REQUIRE_FIXTURES();
  const DotaMatchRow flat =
      ParseDotaMatch(Read(fs::path(kFixtures) / "matches/4080856812.json")).match;
  EXPECT_EQ(flat.radiant_team_id, 15);
  EXPECT_EQ(flat.dire_team_id, 2586976);
  EXPECT_EQ(flat.radiant_name, "PSG.LGD");  // from the nested object
  EXPECT_EQ(flat.league_id, 9870);
  EXPECT_EQ(flat.series_type, 2);
  const DotaMatchRow nested =
      ParseDotaMatch(Read(fs::path(kFixtures) / "matches/3149215336.json")).match;
  EXPECT_EQ(nested.radiant_team_id, 2586976);  // 2017: only radiant_team.team_id
  EXPECT_EQ(nested.dire_team_id, 1883502);
  const DotaMatchRow none =
      ParseDotaMatch(Read(fs::path(kFixtures) / "matches/3818944364.json")).match;
  EXPECT_FALSE(none.radiant_team_id.has_value());  // a league match with no team at all
  EXPECT_EQ(none.league_id, 9643);
  const DotaMatchRow amateur =
      ParseDotaMatch(Read(fs::path(kFixtures) / "matches/8054301932.parsed.json")).match;
  EXPECT_EQ(amateur.radiant_team_id, 9517508);
  EXPECT_EQ(amateur.dire_team_id, 9517693);
  EXPECT_EQ(amateur.radiant_name, "Maple Syrup блин");
  EXPECT_EQ(amateur.series_type, 3);
}

TEST(ParseDotaMatch, LogosAboveTwoToThe53AreExact) {
  REQUIRE_FIXTURES();
  const DotaMatchRows rows =
      ParseDotaMatch(Read(fs::path(kFixtures) / "matches/8054301932.parsed.json"));
  EXPECT_EQ(rows.match.radiant_logo, "5925135558514068000");
  EXPECT_EQ(rows.match.dire_logo, "2413453749073164000");
  EXPECT_EQ(EncodeDotaMatch(rows)["match"]["radiant_logo"], "5925135558514068000");
  EXPECT_GT(rows.match.match_id, 1LL << 32);
}

TEST(ParseDotaMatch, AnonymousPlayersAreKeptWithoutAnAccount) {
  REQUIRE_FIXTURES();
  const DotaMatchRows rows = ParseDotaMatch(Read(fs::path(kFixtures) / "matches/2472899185.json"));
  int anonymous = 0;
  for (const DotaPlayerSlotRow& slot : rows.players) anonymous += slot.account_id ? 0 : 1;
  EXPECT_EQ(anonymous, 4);
  EXPECT_EQ(KnownAccounts(rows).size(), 6U);
}

TEST(ParseDotaMatch, MissingNullZeroAndSteamsPlaceholderAreAllAnonymous) {
  const std::string match = R"({"match_id": 8000000001, "start_time": 1700000000, "duration": 1800,
    "radiant_win": true, "players": [
      {"player_slot": 0, "hero_id": 1}, {"player_slot": 1, "account_id": null, "hero_id": 2},
      {"player_slot": 2, "account_id": 0, "hero_id": 3},
      {"player_slot": 3, "account_id": 4294967295, "hero_id": 4},
      {"player_slot": 128, "account_id": 40927904, "hero_id": 5},
      {"player_slot": 129, "account_id": 40927904, "hero_id": 6}]})";
  const DotaMatchRows rows = ParseDotaMatch(match);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(rows.players[i].account_id.has_value()) << i;
  EXPECT_EQ(KnownAccounts(rows), std::vector<long long>{40927904});  // once
  EXPECT_FALSE(rows.match.parsed);
  EXPECT_EQ(rows.players[4].win, false);  // from radiant_win and the slot
}

TEST(ParseDotaMatch, RefusesWhatNoRowCanBeMadeOf) {
  for (
      const char* bad :
      {"[]", "{}", R"({"match_id": "x", "start_time": 1, "duration": 1, "players": []})",
       R"({"match_id": -5, "start_time": 1, "duration": 1, "players": []})",
       R"({"match_id": 5, "start_time": 1, "duration": 1, "players": {}})",
       R"({"match_id": 5, "start_time": 1, "duration": 1, "players": [{"player_slot": 0}, {"player_slot": 0}]})",
       R"({"match_id": 5, "start_time": 1, "duration": 1, "radiant_logo": -1, "players": []})",
       "not json"}) {
    EXPECT_THROW(ParseDotaMatch(std::string(bad)), Error) << bad;
  }
}

TEST(ParseDotaPlayer, EveryEraOfThePlayerPayload) {
  REQUIRE_FIXTURES();
  DotaPlayerRow now = ParseDotaPlayer(Read(fs::path(kFixtures) / "players/40927904.json"));
  EXPECT_EQ(now.account_id, 40927904);
  EXPECT_EQ(now.personaname, "FatSloth");
  EXPECT_EQ(now.rank_tier, 80);
  EXPECT_EQ(now.leaderboard_rank, 4472);
  EXPECT_EQ(now.steam_id, "76561198001193632");
  EXPECT_FALSE(now.pro_name.has_value());
  ParseDotaWinLoss(Read(fs::path(kFixtures) / "players/40927904.wl.json"), now);
  EXPECT_EQ(now.wins, 5072);
  EXPECT_EQ(now.losses, 4721);
  const DotaPlayerRow old = ParseDotaPlayer(Read(fs::path(kFixtures) / "players/101695162.json"));
  EXPECT_EQ(old.pro_name, "fy");
  EXPECT_EQ(old.personaname, "Mbappé");
  EXPECT_EQ(old.leaderboard_rank, 32);
  EXPECT_EQ(ParseDotaPlayer(Read(fs::path(kFixtures) / "players/65366604.json")).account_id,
            65366604);
  EXPECT_EQ(ParseDotaPlayer(R"({"profile": {"account_id": 7}, "rank_tier": "75"})").rank_tier, 75);
  EXPECT_THROW(ParseDotaPlayer(R"({"error": "Not Found"})"), Error);
  EXPECT_THROW(ParseDotaPlayer(R"({"profile": {"account_id": 7}, "rank_tier": "x"})"), Error);
}

TEST(ParseDotaTeamAndLeague, RowsOfTheListsAndTheEmptyBodyOfUnknownOnes) {
  REQUIRE_FIXTURES();
  const nlohmann::json teams =
      nlohmann::json::parse(Read(fs::path(kFixtures) / "teams/teams.list.2018.json"));
  for (const auto& row : teams) ASSERT_TRUE(ParseDotaTeam(row.dump()).has_value()) << row.dump();
  const std::optional<DotaTeamRow> lgd = ParseDotaTeam(teams.at(0).dump());
  EXPECT_EQ(lgd->team_id, 15);
  EXPECT_EQ(lgd->name, "PSG.LGD");
  EXPECT_EQ(lgd->wins, 958);
  const nlohmann::json leagues =
      nlohmann::json::parse(Read(fs::path(kFixtures) / "leagues/leagues.list.2018.json"));
  for (const auto& row : leagues)
    ASSERT_TRUE(ParseDotaLeague(row.dump()).has_value()) << row.dump();
  EXPECT_EQ(ParseDotaLeague(leagues.back().dump())->name, "The International 2017");
  EXPECT_FALSE(ParseDotaTeam("").has_value());  // 200 with an empty body: unknown
  EXPECT_FALSE(ParseDotaLeague(" \n").has_value());
  EXPECT_THROW(ParseDotaTeam("[]"), Error);
}

TEST(MatchIdLists, ATeamsMatchesFilteredByLeagueAndALeaguesIds) {
  REQUIRE_FIXTURES();
  const std::string lgd = Read(fs::path(kFixtures) / "teams/15.matches.2022.json");
  EXPECT_EQ(ParseTeamMatchIds(lgd, std::nullopt).size(), 2608U);
  const std::vector<long long> ti = ParseTeamMatchIds(lgd, 14268);
  EXPECT_EQ(ti.size(), 26U);
  EXPECT_EQ(ti.front(), 6818876789);
  EXPECT_EQ(ParseLeagueMatchIds("[8054301932, \"8054301933\"]"),
            (std::vector<long long>{8054301932, 8054301933}));
  EXPECT_TRUE(ParseLeagueMatchIds("[]").empty());
  for (const char* bad : {"{}", "[-1]", "[\"12a\"]", "[1.5]", "[null]"}) {
    EXPECT_THROW(ParseLeagueMatchIds(bad), Error) << bad;
  }
}

}  // namespace
}  // namespace riot::dota
