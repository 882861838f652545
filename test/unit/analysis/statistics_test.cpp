// The small statistics the analyzer's scores share.
#include "analysis/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace riot::analysis {
namespace {

TEST(Statistics, MeanAndSpread) {
  EXPECT_DOUBLE_EQ(Mean({}), 0);
  EXPECT_DOUBLE_EQ(Mean({1, 2, 3}), 2);
  EXPECT_DOUBLE_EQ(StdDev({5}), 0);
  EXPECT_DOUBLE_EQ(StdDev({2, 4, 4, 4, 5, 5, 7, 9}), 2);
}

TEST(Statistics, WilsonLowerBound) {
  EXPECT_DOUBLE_EQ(WilsonLowerBound(0, 0), 0);
  EXPECT_NEAR(WilsonLowerBound(7, 10), 0.3968, 1e-4);    // a known value at 95 %
  EXPECT_NEAR(WilsonLowerBound(70, 100), 0.6041, 1e-4);  // more games, a tighter bound
  EXPECT_NEAR(WilsonLowerBound(0, 10), 0, 1e-12);
  EXPECT_LT(WilsonLowerBound(10, 10), 1);
}

TEST(Statistics, NormalizedEntropy) {
  EXPECT_DOUBLE_EQ(NormalizedEntropy({10, 0, 0, 0, 0}), 0);
  EXPECT_DOUBLE_EQ(NormalizedEntropy({}), 0);
  EXPECT_NEAR(NormalizedEntropy({3, 3, 3, 3, 3}), 1, 1e-12);
  EXPECT_NEAR(NormalizedEntropy({5, 5, 0, 0, 0}), std::log(2.0) / std::log(5.0), 1e-12);
}

TEST(Statistics, Clamp01) {
  EXPECT_DOUBLE_EQ(Clamp01(-1), 0);
  EXPECT_DOUBLE_EQ(Clamp01(0.25), 0.25);
  EXPECT_DOUBLE_EQ(Clamp01(3), 1);
}

}  // namespace
}  // namespace riot::analysis
