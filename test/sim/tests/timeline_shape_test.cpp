// Every timeline variant in riot-fixtures/timeline (ranked 16.4, Swiftplay 15.1, Arena, Swarm,
// aborted) is generated with exactly the fixture's key paths and JSON types, except fields of
// rare events (a Kayn transform, a dragon soul, an item undo ...).
#include <gtest/gtest.h>

#include "json_shape.hpp"
#include "match_generator.hpp"
#include "timeline_generator.hpp"

namespace riot::test {
namespace {

std::vector<std::string> TimelineFixtures() {
  return {"JP1_566638130", "EUW1_7261321891", "NA1_5245486208", "JP1_456819992", "EUW1_6834713231"};
}

bool RareEventField(const std::string& path) {
  static const std::set<std::string> rare = {
      "info.frames[].events[].transformType",  // CHAMPION_TRANSFORM: only with Kayn
      "info.frames[].events[].name",           // DRAGON_SOUL_GIVEN: only when a team takes four
      "info.frames[].events[].afterId",        // ITEM_UNDO
      "info.frames[].events[].beforeId",
      "info.frames[].events[].goldGain",
      "info.frames[].events[].multiKillLength",  // only after a multi-kill
      "info.frames[].events[].monsterSubType",   // only when a dragon dies
  };
  return rare.count(path) != 0;
}

const std::set<std::string>& FractionalTimelinePaths(const std::string& dir) {
  static const std::set<std::string> paths = [&] {
    std::vector<Shape> shapes;
    for (const std::string& name : TimelineFixtures())
      shapes.push_back(ShapeOf(ReadJsonFile(dir + "/timeline/" + name + ".json")));
    return FractionalPaths(shapes);
  }();
  return paths;
}

class TimelineShape : public ::testing::TestWithParam<std::string> {};

TEST_P(TimelineShape, GeneratedTimelineHasTheFixturesKeyPathsAndTypes) {
  const auto dir = FixturesDir();
  if (!dir) GTEST_SKIP() << "no fixtures at " << RIOT_FIXTURES_DIR;
  const nlohmann::json match = ReadJsonFile(*dir + "/match/" + GetParam() + ".json");
  const nlohmann::json fixture = ReadJsonFile(*dir + "/timeline/" + GetParam() + ".json");
  const World& world = SmallWorld();
  const auto lock = world.ReadLock();
  const nlohmann::json generated =
      nlohmann::json::parse(GenerateTimelineJson(world, RecordLikeFixture(match)));
  EXPECT_EQ(CompareShapes(ShapeOf(fixture), ShapeOf(generated), FractionalTimelinePaths(*dir),
                          RareEventField),
            "");
  ASSERT_FALSE(generated["info"]["frames"].empty());
  EXPECT_EQ(generated["info"]["frames"].back()["events"].back()["type"], "GAME_END");
  if (!fixture["info"]["participants"].empty()) {
    EXPECT_EQ(generated["info"]["frames"][0]["participantFrames"].size(),
              fixture["info"]["participants"].size());
  }
}

TEST_P(TimelineShape, GeneratedTimelineIsAboutAsLargeAsTheFixture) {
  const auto dir = FixturesDir();
  if (!dir) GTEST_SKIP() << "no fixtures at " << RIOT_FIXTURES_DIR;
  const nlohmann::json match = ReadJsonFile(*dir + "/match/" + GetParam() + ".json");
  const size_t real = ReadJsonFile(*dir + "/timeline/" + GetParam() + ".json").dump().size();
  const World& world = SmallWorld();
  const auto lock = world.ReadLock();
  const size_t ours = GenerateTimelineJson(world, RecordLikeFixture(match)).size();
  EXPECT_GT(ours, real * 5 / 10) << "real " << real << " bytes, generated " << ours;
  EXPECT_LT(ours, real * 16 / 10) << "real " << real << " bytes, generated " << ours;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TimelineShape, ::testing::ValuesIn(TimelineFixtures()),
                         [](const auto& info) { return info.param; });

TEST(TimelineShape, AgreesWithItsMatch) {
  const World& world = SmallWorld();
  const auto lock = world.ReadLock();
  const MatchRecord* ranked = nullptr;
  for (size_t i = 0; i < world.MatchCount() && !ranked; ++i) {
    if (world.Match(i).queue_id == 420 && world.Match(i).flags == 0) ranked = &world.Match(i);
  }
  ASSERT_NE(ranked, nullptr);
  const auto match = nlohmann::json::parse(GenerateMatchJson(world, *ranked));
  const auto timeline = nlohmann::json::parse(GenerateTimelineJson(world, *ranked));
  std::map<int, int> kills_in_timeline;
  int winning_team = 0;
  for (const auto& frame : timeline["info"]["frames"]) {
    for (const auto& event : frame["events"]) {
      if (event["type"] == "CHAMPION_KILL") ++kills_in_timeline[event["killerId"].get<int>()];
      if (event["type"] == "GAME_END") winning_team = event["winningTeam"];
    }
  }
  for (const auto& p : match["info"]["participants"]) {
    EXPECT_EQ(kills_in_timeline[p["participantId"].get<int>()], p["kills"].get<int>());
    if (p["win"].get<bool>()) {
      EXPECT_EQ(p["teamId"].get<int>(), winning_team);
    }
  }
  EXPECT_EQ(timeline["metadata"], match["metadata"]);
}

}  // namespace
}  // namespace riot::test
