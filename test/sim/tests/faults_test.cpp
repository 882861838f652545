// Fault specifications and their deterministic draw.
#include <gtest/gtest.h>

#include <map>

#include "faults.hpp"

namespace riot {
namespace {

TEST(FaultSpec, ParsesEveryKindAndRejectsNonsense) {
  FaultConfig config;
  ASSERT_TRUE(
      ParseFaultSpec("5xx=0.05,hang=0.01,malformed=0.02,truncated=0.03,service429=0.04", config));
  EXPECT_DOUBLE_EQ(config.server_error, 0.05);
  EXPECT_DOUBLE_EQ(config.hang, 0.01);
  EXPECT_DOUBLE_EQ(config.malformed, 0.02);
  EXPECT_DOUBLE_EQ(config.truncated, 0.03);
  EXPECT_DOUBLE_EQ(config.service429, 0.04);
  FaultConfig other;
  EXPECT_FALSE(ParseFaultSpec("teapot=0.1", other));
  EXPECT_FALSE(ParseFaultSpec("5xx=2", other));
  EXPECT_FALSE(ParseFaultSpec("5xx=0.6,hang=0.6", other));
  EXPECT_FALSE(ParseFaultSpec("5xx", other));
}

TEST(LatencySpec, ParsesMeanAndJitter) {
  FaultConfig config;
  ASSERT_TRUE(ParseLatencySpec("30:10", config));
  EXPECT_EQ(config.latency_mean_ms, 30);
  EXPECT_EQ(config.latency_jitter_ms, 10);
  ASSERT_TRUE(ParseLatencySpec("5", config));
  EXPECT_EQ(config.latency_jitter_ms, 0);
  EXPECT_FALSE(ParseLatencySpec("-5", config));
  EXPECT_FALSE(ParseLatencySpec("5:x", config));
}

TEST(FaultInjector, SameSeedSameFaults) {
  FaultConfig config;
  ASSERT_TRUE(
      ParseFaultSpec("5xx=0.1,hang=0.1,malformed=0.1,truncated=0.1,service429=0.1", config));
  config.seed = 99;
  FaultInjector first(config), second(config);
  for (int i = 0; i < 500; ++i) {
    const FaultDecision a = first.Next();
    const FaultDecision b = second.Next();
    ASSERT_EQ(a.fault, b.fault);
    ASSERT_EQ(a.status, b.status);
  }
  config.seed = 100;
  FaultInjector third(config);
  int differences = 0;
  for (uint64_t i = 0; i < 500; ++i) differences += third.Decide(i).fault != first.Decide(i).fault;
  EXPECT_GT(differences, 0);
}

TEST(FaultInjector, DrawsEachKindAtRoughlyItsRate) {
  FaultConfig config;
  ASSERT_TRUE(ParseFaultSpec("5xx=0.2,hang=0.05,service429=0.1", config));
  FaultInjector faults(config);
  std::map<Fault, int> seen;
  std::map<int, int> statuses;
  constexpr int kDraws = 20000;
  for (uint64_t i = 0; i < kDraws; ++i) {
    const FaultDecision decision = faults.Decide(i);
    ++seen[decision.fault];
    if (decision.fault == Fault::kServerError) ++statuses[decision.status];
  }
  EXPECT_NEAR(seen[Fault::kServerError] / double(kDraws), 0.2, 0.02);
  EXPECT_NEAR(seen[Fault::kHang] / double(kDraws), 0.05, 0.01);
  EXPECT_NEAR(seen[Fault::kService429] / double(kDraws), 0.1, 0.015);
  EXPECT_EQ(seen[Fault::kMalformed], 0);
  EXPECT_EQ(statuses.size(), 4u);  // 500, 502, 503, 504
}

TEST(FaultInjector, LatencyStaysWithinTheJitter) {
  FaultConfig config;
  ASSERT_TRUE(ParseLatencySpec("30:10", config));
  FaultInjector faults(config);
  int64_t low = 1000, high = 0;
  for (uint64_t i = 0; i < 1000; ++i) {
    low = std::min(low, faults.Decide(i).latency_ms);
    high = std::max(high, faults.Decide(i).latency_ms);
  }
  EXPECT_GE(low, 20);
  EXPECT_LE(high, 40);
  EXPECT_LT(low, high);
}

}  // namespace
}  // namespace riot
