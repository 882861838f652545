// Tests of TimelineDto parsing: every real timeline in the fixtures, and hand-written error paths.
#include "riot/timeline_rows.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
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
    EXPECT_STREQ(e.what(), "invalid timeline payload");
    return e;
  }
  ADD_FAILURE() << "no riot::Error thrown";
  return Error("none");
}

// Real timelines from shared/riot-fixtures/timeline, read at run time.
class TimelineRowsFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(FixturesDir("timeline"))) {
      GTEST_SKIP() << "no Riot fixtures at " << FixturesDir("timeline")
                   << " (set RIOT_FIXTURES_DIR)";
    }
  }
};

// What we know of each fixture, counted by hand in the JSON.
struct Expected {
  long long frame_interval_ms;
  size_t frames;
  size_t events;
  size_t participants;
};

const std::map<std::string, Expected>& ExpectedFixtures() {
  static const std::map<std::string, Expected> expected = {
      {"EUW1_6834713231", {0, 1, 1, 0}},          // aborted: participantFrames null
      {"EUW1_7261321891", {60000, 24, 781, 10}},  // Swiftplay
      {"JP1_456819992", {60000, 5, 37, 1}},       // Swarm
      {"JP1_566638130", {60000, 29, 1172, 10}},   // ranked 16.4
      {"NA1_5245486208", {60000, 26, 1018, 16}},  // Arena
  };
  return expected;
}

TEST_F(TimelineRowsFixtures, EveryFixtureParsesToItsKnownShape) {
  size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(FixturesDir("timeline"))) {
    if (entry.path().extension() != ".json") continue;
    const std::string match_id = entry.path().stem().string();
    SCOPED_TRACE(match_id);
    ++seen;
    const std::string body = ReadFile(entry.path());
    TimelineRows rows;
    ASSERT_NO_THROW(rows = ParseTimeline(body));
    const auto expected = ExpectedFixtures().find(match_id);
    ASSERT_NE(expected, ExpectedFixtures().end()) << "a fixture this test does not know";
    const Expected& want = expected->second;
    EXPECT_EQ(rows.match_id, match_id);
    EXPECT_EQ(rows.frame_interval_ms, want.frame_interval_ms);
    EXPECT_EQ(rows.frames, want.frames);
    EXPECT_EQ(rows.events, want.events);
    EXPECT_EQ(rows.participant_puuids.size(), want.participants);
    // In every complete game, info.participants lists metadata.participants in order.
    if (want.participants > 0) {
      const nlohmann::json metadata_puuids =
          nlohmann::json::parse(body)["metadata"]["participants"];
      EXPECT_EQ(nlohmann::json(rows.participant_puuids), metadata_puuids);
    }
  }
  EXPECT_EQ(seen, ExpectedFixtures().size());
}

TEST_F(TimelineRowsFixtures, RefusesAMatchForATimeline) {
  const std::string body = ReadFile(FixturesDir("match") / "JP1_566638130.json");
  EXPECT_EQ(ErrorOf([&] { ParseTimeline(body); }).Detail(), "info.frameInterval is missing");
}

TEST_F(TimelineRowsFixtures, RefusesTruncatedBodies) {
  const std::string body = ReadFile(FixturesDir("timeline") / "JP1_456819992.json");
  const Error e =
      ErrorOf([&] { ParseTimeline(std::string_view(body).substr(0, body.size() / 2)); });
  EXPECT_NE(e.Detail().find("not valid JSON"), std::string::npos) << e.Detail();
}

// A small valid TimelineDto: two frames, three events, two players.
nlohmann::json SmallTimeline() {
  const nlohmann::json participant_frame = {{"participantId", 1}, {"totalGold", 500}};
  return {{"metadata",
           {{"dataVersion", "2"}, {"matchId", "KR_7234567890"}, {"participants", {"p1", "p2"}}}},
          {"info",
           {{"endOfGameResult", "GameComplete"},
            {"frameInterval", 60000},
            {"gameId", 7234567890LL},
            {"participants",
             {{{"participantId", 1}, {"puuid", "p1"}}, {{"participantId", 2}, {"puuid", "p2"}}}},
            {"frames",
             {{{"timestamp", 0},
               {"participantFrames", {{"1", participant_frame}, {"2", participant_frame}}},
               {"events", {{{"timestamp", 0}, {"type", "PAUSE_END"}, {"realTimestamp", 1LL}}}}},
              {{"timestamp", 60021},
               {"participantFrames", {{"1", participant_frame}, {"2", participant_frame}}},
               {"events",
                {{{"timestamp", 1500}, {"type", "ITEM_PURCHASED"}, {"itemId", 1055}},
                 {{"timestamp", 60021},
                  {"type", "GAME_END"},
                  {"winningTeam", 100},
                  {"gameId", 7234567890LL}}}}}}}}}};
}

std::string DetailOf(const nlohmann::json& timeline) {
  return ErrorOf([&] { ParseTimeline(timeline); }).Detail();
}

TEST(TimelineRows, ParsesASmallTimeline) {
  const TimelineRows rows = ParseTimeline(SmallTimeline());
  EXPECT_EQ(rows.match_id, "KR_7234567890");
  EXPECT_EQ(rows.frame_interval_ms, 60000);
  EXPECT_EQ(rows.frames, 2u);
  EXPECT_EQ(rows.events, 3u);
  EXPECT_EQ(rows.participant_puuids, (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(ParseTimeline(SmallTimeline().dump()).events, 3u);  // the body text alike
}

TEST(TimelineRows, ToleratesWhatTheSpecMakesOptional) {
  nlohmann::json timeline = SmallTimeline();
  timeline["info"].erase("participants");
  timeline["info"]["frames"][0]["participantFrames"] = nullptr;  // as in an aborted game
  timeline["info"]["frames"][1].erase("participantFrames");
  timeline["info"]["frames"][1]["events"][0]["type"] = "SOME_FUTURE_EVENT";
  const TimelineRows rows = ParseTimeline(timeline);
  EXPECT_TRUE(rows.participant_puuids.empty());
  EXPECT_EQ(rows.events, 3u);

  timeline["info"]["frames"] = nlohmann::json::array();
  timeline["info"]["participants"] = nlohmann::json::array();
  EXPECT_EQ(ParseTimeline(timeline).frames, 0u);
}

TEST(TimelineRows, NamesTheBadKeyOfTheTimeline) {
  nlohmann::json timeline = SmallTimeline();
  timeline["metadata"].erase("matchId");
  EXPECT_EQ(DetailOf(timeline), "metadata.matchId is missing");
  timeline["metadata"]["matchId"] = "";
  EXPECT_EQ(DetailOf(timeline), "metadata.matchId is empty");

  timeline = SmallTimeline();
  timeline["info"]["frameInterval"] = "60000";
  EXPECT_EQ(DetailOf(timeline), "info.frameInterval must be an integer, not string");

  timeline = SmallTimeline();
  timeline["info"]["frames"] = nlohmann::json::object();
  EXPECT_EQ(DetailOf(timeline), "info.frames must be an array, not object");

  timeline = SmallTimeline();
  timeline["info"].erase("frames");
  EXPECT_EQ(DetailOf(timeline), "info.frames is missing");

  timeline = SmallTimeline();
  timeline.erase("info");
  EXPECT_EQ(DetailOf(timeline), "info is missing");
}

TEST(TimelineRows, NamesTheBadKeyOfAFrame) {
  nlohmann::json timeline = SmallTimeline();
  timeline["info"]["frames"][1] = 60021;
  EXPECT_EQ(DetailOf(timeline), "info.frames[1] must be an object, not number");

  timeline = SmallTimeline();
  timeline["info"]["frames"][1].erase("timestamp");
  EXPECT_EQ(DetailOf(timeline), "info.frames[1].timestamp is missing");

  timeline = SmallTimeline();
  timeline["info"]["frames"][0]["timestamp"] = 0.5;
  EXPECT_EQ(DetailOf(timeline), "info.frames[0].timestamp must be an integer, not 0.5");

  timeline = SmallTimeline();
  timeline["info"]["frames"][1]["participantFrames"] = nlohmann::json::array();
  EXPECT_EQ(DetailOf(timeline), "info.frames[1].participantFrames must be an object, not array");

  timeline = SmallTimeline();
  timeline["info"]["frames"][0].erase("events");
  EXPECT_EQ(DetailOf(timeline), "info.frames[0].events is missing");
}

TEST(TimelineRows, NamesTheBadKeyOfAnEvent) {
  nlohmann::json timeline = SmallTimeline();
  timeline["info"]["frames"][1]["events"][1] = "GAME_END";
  EXPECT_EQ(DetailOf(timeline), "info.frames[1].events[1] must be an object, not string");

  timeline = SmallTimeline();
  timeline["info"]["frames"][1]["events"][0].erase("type");
  EXPECT_EQ(DetailOf(timeline), "info.frames[1].events[0].type is missing");

  timeline = SmallTimeline();
  timeline["info"]["frames"][1]["events"][0]["type"] = 3;
  EXPECT_EQ(DetailOf(timeline), "info.frames[1].events[0].type must be a string, not number");

  timeline = SmallTimeline();
  timeline["info"]["frames"][1]["events"][1]["timestamp"] = nullptr;
  EXPECT_EQ(DetailOf(timeline), "info.frames[1].events[1].timestamp is missing");
}

TEST(TimelineRows, NamesTheBadKeyOfAParticipant) {
  nlohmann::json timeline = SmallTimeline();
  timeline["info"]["participants"] = "p1,p2";
  EXPECT_EQ(DetailOf(timeline), "info.participants must be an array, not string");

  timeline = SmallTimeline();
  timeline["info"]["participants"][1] = "p2";
  EXPECT_EQ(DetailOf(timeline), "info.participants[1] must be an object, not string");

  timeline = SmallTimeline();
  timeline["info"]["participants"][0].erase("puuid");
  EXPECT_EQ(DetailOf(timeline), "info.participants[0].puuid is missing");

  timeline = SmallTimeline();
  timeline["info"]["participants"][1]["participantId"] = "2";
  EXPECT_EQ(DetailOf(timeline),
            "info.participants[1].participantId must be an integer, not string");
}

TEST(TimelineRows, RefusesBodiesThatAreNotATimeline) {
  for (const char* body : {"", "{", "[1,2", "nul"}) {
    EXPECT_NE(ErrorOf([&] { ParseTimeline(body); }).Detail().find("not valid JSON"),
              std::string::npos)
        << body;
  }
  EXPECT_EQ(ErrorOf([] { ParseTimeline("[]"); }).Detail(),
            "the payload must be an object, not array");
  // nlohmann throws out_of_range, not parse_error, for these (found by test/fuzz).
  for (const char* body : {"8e920", "{\"info\": -1e400}"}) {
    EXPECT_EQ(ErrorOf([&] { ParseTimeline(body); }).Detail(),
              "the body holds a number beyond the range of a double")
        << body;
  }
}

}  // namespace
}  // namespace riot
