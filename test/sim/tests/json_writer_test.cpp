// The JSON writer: escaping, Riot-style numbers, nesting, and the sorted object.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "json_writer.hpp"
#include "sorted_object.hpp"

namespace riot {
namespace {

TEST(JsonWriter, WritesNestedValuesWithCommas) {
  std::string json;
  JsonWriter out(json);
  out.BeginObject().IntField("a", -1).Key("b").BeginArray().Int(1).Bool(true).Null().EndArray();
  out.Key("c").BeginObject().EndObject().Field("d", "x").EndObject();
  EXPECT_EQ(json, R"({"a":-1,"b":[1,true,null],"c":{},"d":"x"})");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharactersButKeepsUtf8) {
  std::string json;
  JsonWriter(json).String("a\"b\\c\n\x01 하늘");
  EXPECT_EQ(json, "\"a\\\"b\\\\c\\n\\u0001 하늘\"");
  EXPECT_EQ(nlohmann::json::parse(json).get<std::string>(), "a\"b\\c\n\x01 하늘");
}

TEST(JsonWriter, WritesWholeFloatsAsIntegersLikeRiot) {
  std::string json;
  JsonWriter(json)
      .BeginArray()
      .Double(2.0)
      .Double(0.25)
      .Double(1670.511167302)
      .Double(-3.0)
      .EndArray();
  EXPECT_EQ(json, "[2,0.25,1670.511167302,-3]");
}

TEST(SortedObject, EmitsKeysInAsciiOrderWhateverTheInsertionOrder) {
  SortedObject object;
  object.Int("allInPings", 1).Int("PlayerScore0", 2).Int("12AssistStreakCount", 3);
  object.Value("nested").BeginObject().IntField("z", 1).EndObject();
  std::string json;
  JsonWriter out(json);
  object.WriteTo(out);
  EXPECT_EQ(json, R"({"12AssistStreakCount":3,"PlayerScore0":2,"allInPings":1,"nested":{"z":1}})");
}

}  // namespace
}  // namespace riot
