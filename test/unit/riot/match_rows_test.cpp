// Tests of MatchDto to rows: every real match in the fixtures, and hand-written error paths.
#include "riot/match_rows.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
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
    return e;
  }
  ADD_FAILURE() << "no riot::Error thrown";
  return Error("none");
}

// Real matches from shared/riot-fixtures/match, read at run time.
class MatchRowsFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(FixturesDir("match"))) {
      GTEST_SKIP() << "no Riot fixtures at " << FixturesDir("match") << " (set RIOT_FIXTURES_DIR)";
    }
  }

  static MatchRows Load(const std::string& match_id) {
    return ParseMatch(ReadFile(FixturesDir("match") / (match_id + ".json")));
  }

  static const ParticipantRow& Player(const MatchRows& rows, int participant_id) {
    for (const ParticipantRow& p : rows.participants) {
      if (p.participant_id == participant_id) return p;
    }
    ADD_FAILURE() << "no participant " << participant_id;
    return rows.participants.at(0);
  }
};

// What we know of each fixture, checked by hand against the JSON.
struct Expected {
  size_t participants;
  size_t metadata_puuids;
  std::string platform;
  int queue_id;
  long long duration_seconds;
  std::optional<int> winning_team;
};

const std::map<std::string, Expected>& ExpectedFixtures() {
  static const std::map<std::string, Expected> expected = {
      {"EUW1_6511808246", {8, 8, "euw1", 1700, 1018, std::nullopt}},  // Arena 13.14
      {"EUW1_6834713231", {0, 10, "euw1", 0, 0, std::nullopt}},       // aborted
      {"EUW1_7261321891", {10, 10, "euw1", 480, 1333, 100}},          // Swiftplay
      {"JP1_391732436", {10, 5, "jp1", 850, 1057, 100}},              // Co-op vs AI
      {"JP1_419115017", {10, 10, "jp1", 450, 1505, 100}},             // ARAM 13.23
      {"JP1_456819992", {1, 1, "jp1", 1810, 238, std::nullopt}},      // Swarm, lost
      {"JP1_491776434", {10, 10, "jp1", 490, 1608, 100}},             // Quickplay
      {"JP1_518437246", {10, 10, "jp1", 450, 538, 100}},              // ARAM 15.13
      {"JP1_546614216", {10, 10, "jp1", 400, 1631, 200}},             // draft
      {"JP1_563621972", {10, 10, "jp1", 420, 915, 100}},              // ranked 16.3
      {"JP1_566638130", {10, 10, "jp1", 420, 1670, 200}},             // ranked 16.4
      {"NA1_4196060228", {10, 10, "na1", 450, 1118, 200}},            // 12.2
      {"NA1_5018382378", {10, 10, "na1", 420, 1117, 100}},            // Abort_Unexpected
      {"NA1_5245486208", {16, 16, "na1", 1700, 1474, std::nullopt}},  // Arena 15.5
  };
  return expected;
}

TEST_F(MatchRowsFixtures, EveryFixtureParsesToItsKnownShape) {
  size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(FixturesDir("match"))) {
    if (entry.path().extension() != ".json") continue;
    const std::string match_id = entry.path().stem().string();
    SCOPED_TRACE(match_id);
    ++seen;
    MatchRows rows;
    ASSERT_NO_THROW(rows = ParseMatch(ReadFile(entry.path())));
    const auto expected = ExpectedFixtures().find(match_id);
    ASSERT_NE(expected, ExpectedFixtures().end()) << "a fixture this test does not know";
    const Expected& want = expected->second;
    EXPECT_EQ(rows.match.match_id, match_id);
    EXPECT_EQ(rows.match.platform, want.platform);
    EXPECT_EQ(rows.match.queue_id, want.queue_id);
    EXPECT_EQ(rows.match.duration_seconds, want.duration_seconds);
    EXPECT_EQ(rows.match.winning_team, want.winning_team);
    EXPECT_EQ(rows.participants.size(), want.participants);
    EXPECT_EQ(rows.metadata_puuids.size(), want.metadata_puuids);

    // (match_id, puuid) is the table's key: unique even with bots; ids run 1..n.
    std::set<std::string> puuids;
    std::set<int> ids;
    for (const ParticipantRow& p : rows.participants) {
      EXPECT_EQ(p.match_id, match_id);
      EXPECT_FALSE(p.puuid.empty());
      puuids.insert(p.puuid);
      ids.insert(p.participant_id);
      EXPECT_FALSE(p.champion_name.empty());
      EXPECT_GE(p.cs, 0);
      // Every winner is on the winning team, when there is one.
      if (want.winning_team) {
        EXPECT_EQ(p.win, p.team_id == *want.winning_team) << p.participant_id;
      }
    }
    EXPECT_EQ(puuids.size(), rows.participants.size());
    if (!ids.empty()) {
      EXPECT_EQ(*ids.begin(), 1);
      EXPECT_EQ(*ids.rbegin(), static_cast<int>(rows.participants.size()));
    }
  }
  EXPECT_EQ(seen, ExpectedFixtures().size());
}

TEST_F(MatchRowsFixtures, ReadsTheMatchColumns) {
  const MatchRows rows = Load("JP1_566638130");
  const MatchRow& m = rows.match;
  EXPECT_EQ(m.game_id, 566638130);
  EXPECT_EQ(m.game_mode, "CLASSIC");
  EXPECT_EQ(m.game_type, "MATCHED_GAME");
  EXPECT_EQ(m.game_version, "16.4.748.682");
  EXPECT_EQ(m.map_id, 11);
  EXPECT_EQ(m.game_creation_ms, 1771685249284LL);
  EXPECT_EQ(m.game_start_ms, 1771685324811LL);
  EXPECT_EQ(m.game_end_ms, 1771686994966LL);
  EXPECT_EQ(m.end_of_game_result, "GameComplete");
  EXPECT_EQ(rows.metadata_puuids.front(), rows.participants.front().puuid);
}

TEST_F(MatchRowsFixtures, ReadsGameIdsBeyondInt32) {
  EXPECT_EQ(Load("NA1_5245486208").match.game_id, 5245486208LL);
  EXPECT_EQ(Load("EUW1_7261321891").match.game_id, 7261321891LL);
}

TEST_F(MatchRowsFixtures, ReadsTheParticipantColumns) {
  const MatchRows rows = Load("EUW1_7261321891");
  const ParticipantRow& sett = Player(rows, 1);
  EXPECT_EQ(sett.riot_id_game_name, "RuYo");
  EXPECT_EQ(sett.riot_id_tagline, "WAC");
  EXPECT_EQ(sett.summoner_name, "RUY0");
  EXPECT_FALSE(sett.is_bot);
  EXPECT_EQ(sett.champion_id, 875);
  EXPECT_EQ(sett.champion_name, "Sett");
  EXPECT_EQ(sett.team_id, 100);
  EXPECT_EQ(sett.team_position, "TOP");
  EXPECT_EQ(sett.subteam_id, std::nullopt);  // 0 outside Arena
  EXPECT_EQ(sett.placement, std::nullopt);
  EXPECT_EQ(sett.kills, 8);
  EXPECT_EQ(sett.deaths, 4);
  EXPECT_EQ(sett.assists, 3);
  EXPECT_EQ(sett.cs, 125);
  EXPECT_EQ(sett.gold_earned, 11744);
  EXPECT_EQ(sett.damage_to_champions, 15579);
  EXPECT_EQ(sett.damage_taken, 22181);
  EXPECT_EQ(sett.vision_score, 16);
  EXPECT_EQ(sett.champion_level, 15);
  EXPECT_EQ(sett.items, (std::array<int, 7>{6631, 3153, 3047, 1055, 3044, 3067, 3340}));
  EXPECT_TRUE(sett.win);
  const ParticipantRow& mordekaiser = Player(rows, 6);
  EXPECT_EQ(mordekaiser.summoner_name, std::nullopt);  // "" in the payload
  EXPECT_EQ(mordekaiser.riot_id_tagline, "N490");
  EXPECT_FALSE(mordekaiser.win);
}

TEST_F(MatchRowsFixtures, CountsMinionsAndMonstersAsCs) {
  EXPECT_EQ(Player(Load("EUW1_7261321891"), 2).cs, 30 + 114);  // Ambessa, jungle
  EXPECT_EQ(Player(Load("JP1_491776434"), 2).cs, 21 + 199);    // Zed, jungle
  EXPECT_EQ(Player(Load("JP1_566638130"), 8).cs, 221 + 7);     // Riven
}

TEST_F(MatchRowsFixtures, KeepsRiotIdAndStaleSummonerNameApart) {
  const MatchRows rows = Load("JP1_491776434");
  EXPECT_EQ(Player(rows, 1).riot_id_game_name, "Seliza");
  EXPECT_EQ(Player(rows, 1).riot_id_tagline, "RF4");
  EXPECT_EQ(Player(rows, 1).summoner_name, "一二三四五六");
  EXPECT_EQ(Player(Load("JP1_456819992"), 1).riot_id_tagline, "KR 1");  // a space in a tag
}

TEST_F(MatchRowsFixtures, GivesBotsAStableKeyOfTheirOwn) {
  const MatchRows rows = Load("JP1_391732436");
  int bots = 0;
  for (const ParticipantRow& p : rows.participants) {
    const bool bot = p.participant_id >= 6;  // the red team is five bots
    EXPECT_EQ(p.is_bot, bot) << p.participant_id;
    if (!bot) continue;
    ++bots;
    EXPECT_EQ(p.puuid, "BOT:JP1_391732436:" + std::to_string(p.participant_id));
    EXPECT_EQ(p.team_id, 200);
  }
  EXPECT_EQ(bots, 5);
  EXPECT_EQ(Player(rows, 6).summoner_name, "Lucian bot");
  EXPECT_EQ(Player(rows, 6).champion_name, "Lucian");
  EXPECT_EQ(Player(rows, 1).summoner_name, "MEEKEN6");
  // metadata.participants lists only the five humans, in order.
  ASSERT_EQ(rows.metadata_puuids.size(), 5u);
  for (size_t i = 0; i < rows.metadata_puuids.size(); ++i) {
    EXPECT_EQ(rows.metadata_puuids[i], rows.participants[i].puuid);
  }
  EXPECT_EQ(ParseMatch(ReadFile(FixturesDir("match") / "JP1_391732436.json")).participants[9].puuid,
            "BOT:JP1_391732436:10");  // the same key on every parse
}

TEST_F(MatchRowsFixtures, ReadsArenaSubteamsAndPlacements) {
  const MatchRows rows = Load("NA1_5245486208");
  EXPECT_EQ(rows.match.game_mode, "CHERRY");
  EXPECT_EQ(rows.match.winning_team, std::nullopt);  // teams say 100 won: only the top half
  std::map<int, std::set<int>> placements_by_subteam;
  std::map<int, int> players_by_subteam;
  for (const ParticipantRow& p : rows.participants) {
    ASSERT_TRUE(p.subteam_id.has_value()) << p.participant_id;
    ASSERT_TRUE(p.placement.has_value()) << p.participant_id;
    EXPECT_EQ(p.team_position, std::nullopt);
    EXPECT_EQ(p.win, *p.placement <= 4) << p.participant_id;
    players_by_subteam[*p.subteam_id]++;
    placements_by_subteam[*p.subteam_id].insert(*p.placement);
  }
  ASSERT_EQ(players_by_subteam.size(), 8u);
  std::set<int> placements;
  for (const auto& [subteam, players] : players_by_subteam) {
    EXPECT_GE(subteam, 1);
    EXPECT_LE(subteam, 8);
    EXPECT_EQ(players, 2) << "subteam " << subteam;
    ASSERT_EQ(placements_by_subteam[subteam].size(), 1u) << "subteam " << subteam;
    placements.insert(*placements_by_subteam[subteam].begin());
  }
  EXPECT_EQ(placements, (std::set<int>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(Player(rows, 1).subteam_id, 1);
  EXPECT_EQ(Player(rows, 1).placement, 1);
  EXPECT_EQ(Player(rows, 15).subteam_id, 2);
  EXPECT_EQ(Player(rows, 15).placement, 8);
}

TEST_F(MatchRowsFixtures, ReadsTheFirstArenaWithoutChallenges) {
  const MatchRows rows = Load("EUW1_6511808246");
  ASSERT_EQ(rows.participants.size(), 8u);
  EXPECT_EQ(rows.match.winning_team, std::nullopt);
  const ParticipantRow& samira = Player(rows, 1);
  EXPECT_EQ(samira.subteam_id, 1);
  EXPECT_EQ(samira.placement, 4);
  EXPECT_EQ(samira.team_id, 200);
  EXPECT_EQ(samira.riot_id_game_name, std::nullopt);  // riotIdName "" in 13.14
  EXPECT_EQ(samira.summoner_name, "PateCarbolognese");
  EXPECT_EQ(Player(rows, 5).placement, 1);
  EXPECT_EQ(Player(rows, 5).subteam_id, 3);
}

TEST_F(MatchRowsFixtures, ReadsSwarmWithOnePlayerAndNoWinner) {
  const MatchRows rows = Load("JP1_456819992");
  ASSERT_EQ(rows.participants.size(), 1u);
  EXPECT_EQ(rows.match.map_id, 33);
  EXPECT_EQ(rows.match.game_mode, "STRAWBERRY");
  EXPECT_EQ(rows.match.winning_team, std::nullopt);
  EXPECT_EQ(rows.participants[0].champion_name, "Strawberry_Jinx");
  EXPECT_EQ(rows.participants[0].cs, 759);
  EXPECT_FALSE(rows.participants[0].win);
}

TEST_F(MatchRowsFixtures, ReadsTheAbortedGameShape) {
  const MatchRows rows = Load("EUW1_6834713231");
  const MatchRow& m = rows.match;
  EXPECT_TRUE(rows.participants.empty());
  EXPECT_EQ(rows.metadata_puuids.size(), 10u);
  EXPECT_EQ(m.platform, "euw1");  // platformId is "": taken from the match id
  EXPECT_EQ(m.game_id, 0);
  EXPECT_EQ(m.queue_id, 0);
  EXPECT_EQ(m.game_version, "");
  EXPECT_EQ(m.duration_seconds, 0);
  EXPECT_EQ(m.game_creation_ms, std::nullopt);  // 0 in the payload
  EXPECT_EQ(m.game_start_ms, std::nullopt);
  EXPECT_EQ(m.game_end_ms, 1709066369858LL);
  EXPECT_EQ(m.winning_team, std::nullopt);
  EXPECT_EQ(m.end_of_game_result, "Abort_Unexpected");
}

TEST_F(MatchRowsFixtures, ReadsThe12_2Format) {
  const MatchRows rows = Load("NA1_4196060228");
  const MatchRow& m = rows.match;
  EXPECT_EQ(m.game_version, "12.2.419.1399");
  // gameEndTimestamp is there, so gameDuration is seconds: end - start = 1118.92 s.
  EXPECT_EQ(m.duration_seconds, 1118);
  EXPECT_EQ(m.end_of_game_result, std::nullopt);  // not sent before 14.3
  EXPECT_EQ(m.winning_team, 200);
  const ParticipantRow& morgana = Player(rows, 1);
  EXPECT_EQ(morgana.riot_id_game_name, std::nullopt);  // riotIdName ""
  EXPECT_EQ(morgana.riot_id_tagline, std::nullopt);    // riotIdTagline ""
  EXPECT_EQ(morgana.summoner_name, "Rabbitslayer");
  EXPECT_EQ(morgana.subteam_id, std::nullopt);  // no Arena keys at all
  EXPECT_EQ(morgana.placement, std::nullopt);
  EXPECT_EQ(morgana.team_position, std::nullopt);  // ARAM
  EXPECT_EQ(morgana.champion_name, "Morgana");
}

TEST_F(MatchRowsFixtures, ParsesTheBodyAndTheDocumentAlike) {
  const std::string body = ReadFile(FixturesDir("match") / "NA1_5018382378.json");
  const MatchRows from_text = ParseMatch(body);
  const MatchRows from_json = ParseMatch(nlohmann::json::parse(body));
  EXPECT_EQ(from_text.participants.size(), from_json.participants.size());
  EXPECT_EQ(from_text.participants[3].puuid, from_json.participants[3].puuid);
  EXPECT_EQ(from_text.match.end_of_game_result, "Abort_Unexpected");  // on a full game
  EXPECT_EQ(from_text.match.winning_team, 100);
}

TEST_F(MatchRowsFixtures, RefusesTruncatedBodies) {
  const std::string body = ReadFile(FixturesDir("match") / "JP1_563621972.json");
  const Error e = ErrorOf([&] { ParseMatch(std::string_view(body).substr(0, body.size() / 2)); });
  EXPECT_EQ(e.Sqlstate(), "22023");
  EXPECT_STREQ(e.what(), "invalid match payload");
  EXPECT_NE(e.Detail().find("not valid JSON"), std::string::npos) << e.Detail();
}

TEST_F(MatchRowsFixtures, RefusesATimelineForAMatch) {
  const std::string body = ReadFile(FixturesDir("timeline") / "JP1_566638130.json");
  const Error e = ErrorOf([&] { ParseMatch(body); });
  EXPECT_EQ(e.Sqlstate(), "22023");
  EXPECT_EQ(e.Detail(), "info.queueId is missing");
}

TEST_F(MatchRowsFixtures, RefusesTheNotFoundBody) {
  const std::string body = ReadFile(FixturesDir("from-issues") / "match-v5.getMatch.404.json");
  const Error e = ErrorOf([&] { ParseMatch(body); });
  EXPECT_EQ(e.Sqlstate(), "22023");
  EXPECT_EQ(e.Detail(), "metadata is missing");
}

// A small valid MatchDto of the current shape: two players, team 200 wins.
nlohmann::json SmallMatch() {
  auto player = [](int id, const std::string& puuid, int team, bool win) {
    return nlohmann::json{{"participantId", id},
                          {"puuid", puuid},
                          {"riotIdGameName", "Name" + puuid},
                          {"riotIdTagline", "T1"},
                          {"summonerName", ""},
                          {"championId", 103},
                          {"championName", "Ahri"},
                          {"teamId", team},
                          {"playerSubteamId", 0},
                          {"placement", 0},
                          {"teamPosition", "MIDDLE"},
                          {"kills", 1},
                          {"deaths", 2},
                          {"assists", 3},
                          {"totalMinionsKilled", 100},
                          {"neutralMinionsKilled", 10},
                          {"goldEarned", 9000},
                          {"totalDamageDealtToChampions", 12345},
                          {"totalDamageTaken", 23456},
                          {"visionScore", 20},
                          {"champLevel", 14},
                          {"item0", 1},
                          {"item1", 2},
                          {"item2", 3},
                          {"item3", 4},
                          {"item4", 5},
                          {"item5", 6},
                          {"item6", 3340},
                          {"win", win}};
  };
  return {{"metadata",
           {{"dataVersion", "2"}, {"matchId", "KR_7234567890"}, {"participants", {"p1", "p2"}}}},
          {"info",
           {{"endOfGameResult", "GameComplete"},
            {"gameCreation", 1700000000000LL},
            {"gameDuration", 1670},
            {"gameEndTimestamp", 1700001770000LL},
            {"gameId", 7234567890LL},
            {"gameMode", "CLASSIC"},
            {"gameStartTimestamp", 1700000100000LL},
            {"gameType", "MATCHED_GAME"},
            {"gameVersion", "14.1.1.1"},
            {"mapId", 11},
            {"participants", {player(1, "p1", 100, false), player(2, "p2", 200, true)}},
            {"platformId", "KR"},
            {"queueId", 420},
            {"teams", {{{"teamId", 100}, {"win", false}}, {{"teamId", 200}, {"win", true}}}}}}};
}

Error MatchErrorOf(const nlohmann::json& match) {
  Error e = ErrorOf([&] { ParseMatch(match); });
  EXPECT_EQ(e.Sqlstate(), "22023");
  EXPECT_STREQ(e.what(), "invalid match payload");
  return e;
}

TEST(MatchRows, ParsesASmallMatch) {
  const MatchRows rows = ParseMatch(SmallMatch());
  EXPECT_EQ(rows.match.match_id, "KR_7234567890");
  EXPECT_EQ(rows.match.platform, "kr");
  EXPECT_EQ(rows.match.game_id, 7234567890LL);
  EXPECT_EQ(rows.match.duration_seconds, 1670);
  EXPECT_EQ(rows.match.winning_team, 200);
  ASSERT_EQ(rows.participants.size(), 2u);
  EXPECT_EQ(rows.participants[1].riot_id_game_name, "Namep2");
  EXPECT_EQ(rows.participants[1].cs, 110);
  EXPECT_EQ(rows.participants[1].items[6], 3340);
  EXPECT_EQ(rows.metadata_puuids, (std::vector<std::string>{"p1", "p2"}));
}

TEST(MatchRows, ReadsMillisecondDurationsBefore11_20) {
  nlohmann::json match = SmallMatch();
  match["info"].erase("gameEndTimestamp");  // as in every match before patch 11.20
  match["info"]["gameDuration"] = 1670155;
  const MatchRows rows = ParseMatch(match);
  EXPECT_EQ(rows.match.duration_seconds, 1670);
  EXPECT_EQ(rows.match.game_end_ms, std::nullopt);
  match["info"]["gameDuration"] = 1670600;  // rounds to the nearest second
  EXPECT_EQ(ParseMatch(match).match.duration_seconds, 1671);
}

TEST(MatchRows, FallsBackToTheLegacyRiotIdName) {
  nlohmann::json match = SmallMatch();
  nlohmann::json& player = match["info"]["participants"][0];
  player.erase("riotIdGameName");
  player["riotIdName"] = "Faker";  // 12.x-13.22 spelling
  EXPECT_EQ(ParseMatch(match).participants[0].riot_id_game_name, "Faker");
  player["riotIdGameName"] = "Hide on bush";  // the current field wins when both are there
  EXPECT_EQ(ParseMatch(match).participants[0].riot_id_game_name, "Hide on bush");
  player["riotIdGameName"] = "";
  player["riotIdName"] = "";
  EXPECT_EQ(ParseMatch(match).participants[0].riot_id_game_name, std::nullopt);
}

TEST(MatchRows, ToleratesMissingAndNullOptionalFields) {
  nlohmann::json match = SmallMatch();
  nlohmann::json& info = match["info"];
  for (const char* key : {"endOfGameResult", "gameCreation", "gameStartTimestamp"}) {
    info.erase(key);
  }
  nlohmann::json& player = info["participants"][0];
  for (const char* key : {"riotIdGameName", "riotIdTagline", "playerSubteamId", "placement"}) {
    player.erase(key);
  }
  player["summonerName"] = nullptr;
  player["teamPosition"] = nullptr;
  player["challenges"] = {{"12AssistStreakCount", 0}, {"kda", 2}};  // unknown keys are ignored
  player["PlayerScore0"] = 1469.6885986328125;
  const MatchRows rows = ParseMatch(match);
  EXPECT_EQ(rows.match.end_of_game_result, std::nullopt);
  EXPECT_EQ(rows.match.game_creation_ms, std::nullopt);
  EXPECT_EQ(rows.match.game_start_ms, std::nullopt);
  const ParticipantRow& p = rows.participants[0];
  EXPECT_EQ(p.riot_id_game_name, std::nullopt);
  EXPECT_EQ(p.riot_id_tagline, std::nullopt);
  EXPECT_EQ(p.summoner_name, std::nullopt);
  EXPECT_EQ(p.team_position, std::nullopt);
  EXPECT_EQ(p.subteam_id, std::nullopt);
  EXPECT_EQ(p.placement, std::nullopt);
}

TEST(MatchRows, ReadsAMatchWithoutMetadataParticipants) {
  nlohmann::json match = SmallMatch();
  match["metadata"].erase("participants");
  const MatchRows rows = ParseMatch(match);
  EXPECT_TRUE(rows.metadata_puuids.empty());
  EXPECT_EQ(rows.participants.size(), 2u);  // info.participants is what rows come from
}

TEST(MatchRows, NamesTheMissingMatchId) {
  nlohmann::json match = SmallMatch();
  match["metadata"].erase("matchId");
  EXPECT_EQ(MatchErrorOf(match).Detail(), "metadata.matchId is missing");
  match["metadata"]["matchId"] = nullptr;
  EXPECT_EQ(MatchErrorOf(match).Detail(), "metadata.matchId is missing");
  match["metadata"]["matchId"] = "";
  EXPECT_EQ(MatchErrorOf(match).Detail(), "metadata.matchId is empty");
}

TEST(MatchRows, NamesMistypedKeys) {
  nlohmann::json match = SmallMatch();
  match["metadata"]["matchId"] = 7234567890LL;
  EXPECT_EQ(MatchErrorOf(match).Detail(), "metadata.matchId must be a string, not number");

  match = SmallMatch();
  match["info"]["participants"][1]["kills"] = "3";
  EXPECT_EQ(MatchErrorOf(match).Detail(),
            "info.participants[1].kills must be an integer, not string");

  match = SmallMatch();
  match["info"]["participants"][0]["win"] = 1;
  EXPECT_EQ(MatchErrorOf(match).Detail(), "info.participants[0].win must be a boolean, not number");

  match = SmallMatch();
  match["info"]["teams"][1]["teamId"] = 200.5;
  EXPECT_EQ(MatchErrorOf(match).Detail(), "info.teams[1].teamId must be an integer, not 200.5");

  match = SmallMatch();
  match["info"]["participants"] = {{"not", "an array"}};
  EXPECT_EQ(MatchErrorOf(match).Detail(), "info.participants must be an array, not object");

  match = SmallMatch();
  match["info"]["participants"][1] = "p2";
  EXPECT_EQ(MatchErrorOf(match).Detail(), "info.participants[1] must be an object, not string");

  match = SmallMatch();
  match["metadata"]["participants"][1] = 2;
  EXPECT_EQ(MatchErrorOf(match).Detail(), "metadata.participants[1] must be a string, not number");

  match = SmallMatch();
  match["info"]["gameStartTimestamp"] = "yesterday";  // optional, but present and wrong
  EXPECT_EQ(MatchErrorOf(match).Detail(), "info.gameStartTimestamp must be an integer, not string");
}

TEST(MatchRows, NamesMissingRequiredKeys) {
  for (const char* key : {"participantId", "puuid", "championName", "teamId", "kills",
                          "neutralMinionsKilled", "item6", "win"}) {
    nlohmann::json match = SmallMatch();
    match["info"]["participants"][1].erase(key);
    EXPECT_EQ(MatchErrorOf(match).Detail(),
              std::string("info.participants[1].") + key + " is missing");
  }
  for (const char* key : {"gameId", "gameDuration", "queueId", "participants", "teams"}) {
    nlohmann::json match = SmallMatch();
    match["info"].erase(key);
    EXPECT_EQ(MatchErrorOf(match).Detail(), std::string("info.") + key + " is missing");
  }
  nlohmann::json match = SmallMatch();
  match.erase("info");
  EXPECT_EQ(MatchErrorOf(match).Detail(), "info is missing");
}

TEST(MatchRows, ReadsLargeNumbersAndRefusesOverflow) {
  nlohmann::json match = SmallMatch();
  match["info"]["gameId"] = 9999999999LL;  // ten digits, beyond int32
  match["info"]["participants"][0]["totalDamageDealtToChampions"] = 3000000000LL;
  MatchRows rows = ParseMatch(match);
  EXPECT_EQ(rows.match.game_id, 9999999999LL);
  EXPECT_EQ(rows.participants[0].damage_to_champions, 3000000000LL);
  match["info"]["gameDuration"] = 1670.0;  // an integral float is still an integer
  EXPECT_EQ(ParseMatch(match).match.duration_seconds, 1670);

  match["info"]["participants"][0]["kills"] = 3000000000LL;
  EXPECT_EQ(MatchErrorOf(match).Detail(), "info.participants[0].kills is out of range: 3000000000");
  match = SmallMatch();
  match["info"]["gameId"] = 18446744073709551615ULL;
  EXPECT_EQ(MatchErrorOf(match).Detail(), "info.gameId is out of range: 18446744073709551615");
  match["info"]["gameId"] = 1e30;
  EXPECT_NE(MatchErrorOf(match).Detail().find("info.gameId is out of range"), std::string::npos);
}

TEST(MatchRows, TakesThePlatformFromTheMatchIdWhenNeeded) {
  nlohmann::json match = SmallMatch();
  match["info"]["platformId"] = "";
  EXPECT_EQ(ParseMatch(match).match.platform, "kr");
  match["info"].erase("platformId");
  EXPECT_EQ(ParseMatch(match).match.platform, "kr");
  match["info"]["platformId"] = "PBE1";  // not in our table: keep Riot's, lower-cased
  EXPECT_EQ(ParseMatch(match).match.platform, "pbe1");
  match["info"]["platformId"] = "";
  match["metadata"]["matchId"] = "XX_1";
  EXPECT_EQ(MatchErrorOf(match).Detail(),
            "info.platformId is empty and match id \"XX_1\" names no known platform");
}

TEST(MatchRows, FindsNoWinnerWhenTeamsDoNotSayOne) {
  nlohmann::json match = SmallMatch();
  match["info"]["teams"][1]["win"] = false;
  EXPECT_EQ(ParseMatch(match).match.winning_team, std::nullopt);
  match["info"]["teams"][0]["win"] = true;
  match["info"]["teams"][1]["win"] = true;
  EXPECT_EQ(ParseMatch(match).match.winning_team, std::nullopt);
  match = SmallMatch();
  match["info"]["teams"] = nlohmann::json::array();
  EXPECT_EQ(ParseMatch(match).match.winning_team, std::nullopt);
  match = SmallMatch();
  match["info"]["participants"][0]["playerSubteamId"] = 3;  // an Arena game
  EXPECT_EQ(ParseMatch(match).match.winning_team, std::nullopt);
}

TEST(MatchRows, RefusesBodiesThatAreNotAMatch) {
  for (const char* body : {"", "{", "{\"metadata\": {\"matchId\": \"KR_1\"", "nul", "[1,2"}) {
    const Error e = ErrorOf([&] { ParseMatch(body); });
    EXPECT_EQ(e.Sqlstate(), "22023") << body;
    EXPECT_NE(e.Detail().find("not valid JSON"), std::string::npos) << body << ": " << e.Detail();
  }
  EXPECT_EQ(ErrorOf([] { ParseMatch("[]"); }).Detail(), "the payload must be an object, not array");
  EXPECT_EQ(ErrorOf([] { ParseMatch("null"); }).Detail(),
            "the payload must be an object, not null");
  const std::string body = SmallMatch().dump();
  EXPECT_EQ(ParseMatch(body).match.match_id, "KR_7234567890");
  const Error e = ErrorOf([&] { ParseMatch(body.substr(0, body.size() - 1)); });
  EXPECT_NE(e.Detail().find("not valid JSON"), std::string::npos) << e.Detail();
}

TEST(MatchRows, RefusesTimestampsPostgresCannotHold) {
  for (const long long bad : {-1LL, -1500LL, 253402300800000LL, 9223372036854775807LL}) {
    nlohmann::json match = SmallMatch();
    match["info"]["gameStartTimestamp"] = bad;
    const Error e = ErrorOf([&] { ParseMatch(match); });
    EXPECT_EQ(e.Sqlstate(), "22023") << bad;
    EXPECT_NE(e.Detail().find("info.gameStartTimestamp is out of range"), std::string::npos)
        << e.Detail();
  }
  nlohmann::json last = SmallMatch();
  last["info"]["gameStartTimestamp"] = 253402300799999LL;
  EXPECT_EQ(EncodeMatchRow(ParseMatch(last).match).at("game_start"), "9999-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace riot
