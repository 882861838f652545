// riot-sim's flags.
#include <gtest/gtest.h>

#include "options.hpp"

namespace riot {
namespace {

TEST(Options, DefaultsToADevKeyOnAFreePort) {
  const SimOptions options = ParseOptions({});
  EXPECT_EQ(options.port, 0);
  EXPECT_EQ(options.world.api_key, "RGAPI-sim");
  EXPECT_EQ(FormatRateLimitSpec(options.limits.app), "20:1,100:120");
  EXPECT_EQ(options.world.start_ms, kDefaultStartMs);
}

TEST(Options, LimitFlagsOverrideThePreset) {
  const SimOptions options =
      ParseOptions({"--limits", "prod", "--app-limit", "3000:10", "--method-limit",
                    "match-v5.getMatch=50:1,100:10", "--seed", "9", "--players", "50"});
  EXPECT_EQ(FormatRateLimitSpec(options.limits.app), "3000:10");
  EXPECT_EQ(FormatRateLimitSpec(options.limits.methods.at("match-v5.getMatch")), "50:1,100:10");
  EXPECT_EQ(FormatRateLimitSpec(options.limits.methods.at("match-v5.getTimeline")), "2000:10");
  EXPECT_EQ(options.world.seed, 9u);
  EXPECT_EQ(options.faults.seed, 9u);
  EXPECT_EQ(options.world.players, 50);
}

TEST(Options, FaultAndLatencyFlags) {
  const SimOptions options =
      ParseOptions({"--faults", "5xx=0.05,hang=0.01", "--latency-ms", "30:10", "--fault-seed", "3",
                    "--hang-seconds", "2", "--start-time", "1780000000"});
  EXPECT_DOUBLE_EQ(options.faults.server_error, 0.05);
  EXPECT_EQ(options.faults.latency_mean_ms, 30);
  EXPECT_EQ(options.faults.seed, 3u);
  EXPECT_EQ(options.faults.hang_seconds, 2);
  EXPECT_EQ(options.world.start_ms, 1'780'000'000'000);
}

TEST(Options, RejectsBadFlagsWithAMessage) {
  EXPECT_THROW(ParseOptions({"--limits", "fast"}), std::invalid_argument);
  EXPECT_THROW(ParseOptions({"--port"}), std::invalid_argument);
  EXPECT_THROW(ParseOptions({"--port", "x"}), std::invalid_argument);
  EXPECT_THROW(ParseOptions({"--app-limit", "20"}), std::invalid_argument);
  EXPECT_THROW(ParseOptions({"--method-limit", "2000:10"}), std::invalid_argument);
  EXPECT_THROW(ParseOptions({"--faults", "5xx=7"}), std::invalid_argument);
  EXPECT_THROW(ParseOptions({"--bogus", "1"}), std::invalid_argument);
  EXPECT_TRUE(ParseOptions({"--help"}).help);
}

}  // namespace
}  // namespace riot
