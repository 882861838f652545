// Every match variant in riot-fixtures/match (ranked, normal, Swiftplay, ARAM, Arena 8 and 16,
// Swarm, Co-op vs AI, aborted, old 12.x) is generated with exactly the fixture's key paths and
// JSON types; only keys that depend on game events (a Baron, an ace ...) may differ.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "challenges.hpp"
#include "json_shape.hpp"
#include "match_generator.hpp"

namespace riot::test {
namespace {

bool EventDependent(const std::string& path) {
  constexpr std::string_view kChallenges = "info.participants[].challenges.";
  if (path.rfind(kChallenges, 0) != 0) return false;
  std::string key = path.substr(kChallenges.size());
  if (key == "legendaryItemUsed[]") return true;  // empty when nobody finished a legendary
  return IsEventDependentChallenge(key);
}

std::vector<std::string> MatchFixtures() {
  return {"JP1_566638130",   "JP1_563621972", "JP1_546614216", "EUW1_7261321891", "JP1_491776434",
          "NA1_5245486208",  "JP1_518437246", "JP1_456819992", "NA1_5018382378",  "EUW1_6834713231",
          "EUW1_6511808246", "JP1_419115017", "JP1_391732436", "NA1_4196060228"};
}

// Paths that carry a fraction in some real match.
const std::set<std::string>& FractionalMatchPaths(const std::string& dir) {
  static const std::set<std::string> paths = [&] {
    std::vector<Shape> shapes;
    for (const std::string& name : MatchFixtures())
      shapes.push_back(ShapeOf(ReadJsonFile(dir + "/match/" + name + ".json")));
    return FractionalPaths(shapes);
  }();
  return paths;
}

class MatchShape : public ::testing::TestWithParam<std::string> {};

TEST_P(MatchShape, GeneratedMatchHasTheFixturesKeyPathsAndTypes) {
  const auto dir = FixturesDir();
  if (!dir) GTEST_SKIP() << "no fixtures at " << RIOT_FIXTURES_DIR;
  const nlohmann::json fixture = ReadJsonFile(*dir + "/match/" + GetParam() + ".json");
  const World& world = SmallWorld();
  const auto lock = world.ReadLock();
  const MatchRecord record = RecordLikeFixture(fixture);
  const nlohmann::json generated = nlohmann::json::parse(GenerateMatchJson(world, record));
  EXPECT_EQ(CompareShapes(ShapeOf(fixture), ShapeOf(generated), FractionalMatchPaths(*dir),
                          EventDependent),
            "");
  EXPECT_EQ(generated["info"]["participants"].size(), fixture["info"]["participants"].size());
  EXPECT_EQ(generated["metadata"]["participants"].size(),
            fixture["metadata"]["participants"].size());
}

TEST_P(MatchShape, GeneratedMatchIsAboutAsLargeAsTheFixture) {
  const auto dir = FixturesDir();
  if (!dir) GTEST_SKIP() << "no fixtures at " << RIOT_FIXTURES_DIR;
  const nlohmann::json fixture = ReadJsonFile(*dir + "/match/" + GetParam() + ".json");
  const World& world = SmallWorld();
  const auto lock = world.ReadLock();
  const size_t real = fixture.dump().size();
  const size_t ours = GenerateMatchJson(world, RecordLikeFixture(fixture)).size();
  EXPECT_GT(ours, real * 6 / 10) << "real " << real << " bytes, generated " << ours;
  EXPECT_LT(ours, real * 15 / 10) << "real " << real << " bytes, generated " << ours;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, MatchShape, ::testing::ValuesIn(MatchFixtures()),
                         [](const auto& info) { return info.param; });

TEST(MatchShape, KeysComeSortedLikeRiots) {
  const World& world = SmallWorld();
  const auto lock = world.ReadLock();
  const nlohmann::ordered_json match = nlohmann::ordered_json::parse(
      GenerateMatchJson(world, world.Match(world.Player(0).matches.back())));
  std::function<void(const nlohmann::ordered_json&, const std::string&)> check =
      [&](const auto& value, const std::string& path) {
        if (value.is_object()) {
          std::string previous;
          for (const auto& [key, child] : value.items()) {
            // The root is {"metadata", "info"}, and missions come in numeric order, as Riot sends
            // them.
            if (!path.empty() && (path.size() < 9 || path.substr(path.size() - 9) != ".missions")) {
              EXPECT_LT(previous, key) << "at " << path;
            }
            previous = key;
            check(child, path + "." + key);
          }
        } else if (value.is_array()) {
          for (const auto& child : value) check(child, path + "[]");
        }
      };
  check(match, "");
}

}  // namespace
}  // namespace riot::test

namespace riot::test {
namespace {

// A generated match of `queue_id` at `start_ms` with `humans` world players and bots after them.
nlohmann::json Generate(int queue_id, int64_t start_ms, size_t humans, size_t bots = 0,
                        uint8_t flags = 0) {
  const World& world = SmallWorld();
  const auto lock = world.ReadLock();
  MatchRecord match;
  match.platform = *FindPlatformByHost("euw1");
  match.game_id = 7'000'000'001;
  match.queue_id = queue_id;
  match.start_ms = start_ms;
  match.duration_s = 1500;
  match.flags = flags;
  for (size_t i = 0; i < humans; ++i) match.players.push_back(static_cast<uint32_t>(20 + i));
  for (size_t i = 0; i < bots; ++i) match.players.push_back(kBotPlayer);
  return nlohmann::json::parse(GenerateMatchJson(world, match));
}

TEST(MatchVariants, ArenaHasPairsPlacementsAndTeams100And0) {
  const auto match = Generate(1700, EpochMs(2025, 3, 11), 16);
  const auto& info = match["info"];
  EXPECT_EQ(info["gameMode"], "CHERRY");
  EXPECT_EQ(info["mapId"], 30);
  ASSERT_EQ(info["teams"].size(), 2u);
  EXPECT_EQ(info["teams"][0]["teamId"], 100);
  EXPECT_EQ(info["teams"][0]["win"], true);
  EXPECT_EQ(info["teams"][0]["bans"].size(), 16u);
  EXPECT_EQ(info["teams"][1]["teamId"], 0);
  std::map<int, int> pair_sizes;
  for (const auto& p : info["participants"]) {
    ++pair_sizes[p["playerSubteamId"].get<int>()];
    EXPECT_EQ(p["win"].get<bool>(), p["placement"].get<int>() <= 4);
    EXPECT_EQ(p["teamId"].get<int>(), p["win"].get<bool>() ? 100 : 200);
  }
  EXPECT_EQ(pair_sizes.size(), 8u);
  for (const auto& [subteam, size] : pair_sizes) EXPECT_EQ(size, 2) << subteam;
}

TEST(MatchVariants, BotsHaveThePuuidBotAndAreLeftOutOfTheMetadata) {
  const auto match = Generate(870, EpochMs(2025, 5, 1), 5, 5);
  EXPECT_EQ(match["metadata"]["participants"].size(), 5u);
  int bots = 0;
  for (const auto& p : match["info"]["participants"]) {
    if (p["puuid"] != "BOT") continue;
    ++bots;
    EXPECT_EQ(p["summonerId"], "BOT");
    EXPECT_EQ(p["summonerLevel"], 1);
    EXPECT_EQ(p["summonerName"], p["championName"].get<std::string>() + " bot");
    EXPECT_FALSE(p.contains("challenges"));
  }
  EXPECT_EQ(bots, 5);
}

TEST(MatchVariants, AnAbortedGameHasTheEmptyShapeWithPuuidsInTheMetadata) {
  const auto match = Generate(420, EpochMs(2024, 3, 1), 10, 0, kMatchAborted);
  EXPECT_EQ(match["metadata"]["participants"].size(), 10u);
  EXPECT_EQ(match["info"]["gameId"], 0);
  EXPECT_EQ(match["info"]["gameVersion"], "");
  EXPECT_TRUE(match["info"]["participants"].empty());
  EXPECT_TRUE(match["info"]["teams"].empty());
  EXPECT_EQ(match["info"]["endOfGameResult"], "Abort_Unexpected");
  EXPECT_GT(match["info"]["gameEndTimestamp"].get<int64_t>(), 0);
}

TEST(MatchVariants, OldMatchesHaveRiotIdNameAndNoChallengesNewOnesTheOpposite) {
  const auto old_match = Generate(450, EpochMs(2022, 2, 1), 10);
  EXPECT_EQ(old_match["info"]["gameVersion"].get<std::string>().rfind("12.", 0), 0u);
  for (const auto& p : old_match["info"]["participants"]) {
    EXPECT_FALSE(p.contains("challenges"));
    EXPECT_EQ(p["riotIdName"], "");
    EXPECT_EQ(p["riotIdTagline"], "");
    EXPECT_FALSE(p.contains("riotIdGameName"));
    EXPECT_NE(p["summonerName"], "");
  }
  const auto new_match = Generate(420, EpochMs(2026, 2, 20), 10);
  for (const auto& p : new_match["info"]["participants"]) {
    EXPECT_TRUE(p.contains("challenges"));
    EXPECT_FALSE(p.contains("riotIdName"));
    EXPECT_EQ(p["riotIdGameName"],
              SmallWorld().Player(20 + p["participantId"].get<int>() - 1).game_name);
    EXPECT_TRUE(p.contains("PlayerBehavior"));
  }
}

TEST(MatchVariants, SwarmHasOneParticipantAndOneTeam) {
  const auto match = Generate(1810, EpochMs(2024, 7, 20), 1);
  EXPECT_EQ(match["info"]["participants"].size(), 1u);
  EXPECT_EQ(match["info"]["teams"].size(), 1u);
  EXPECT_EQ(match["info"]["mapId"], 33);
  EXPECT_EQ(
      match["info"]["participants"][0]["championName"].get<std::string>().rfind("Strawberry_", 0),
      0u);
}

}  // namespace
}  // namespace riot::test
