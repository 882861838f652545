// Every match variant in riot-fixtures/match (ranked, normal, Swiftplay, ARAM, Arena 8 and 16,
// Swarm, Co-op vs AI, aborted, old 12.x) is generated with exactly the fixture's key paths and
// JSON types; only keys that depend on game events (a Baron, an ace ...) may differ.
#include <gtest/gtest.h>

#include <functional>

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
