// Tests of the rate-limit spec parser.
#include "engine/rate_limit_spec.hpp"

#include <gtest/gtest.h>

#include "engine/error.hpp"

namespace riot {
namespace {

TEST(RateLimitSpec, ParsesWindowsSortedByLength) {
  const auto windows = ParseRateLimits("100:120,20:1");
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_EQ(windows[0], (RateWindow{20, 1}));
  EXPECT_EQ(windows[1], (RateWindow{100, 120}));
}

TEST(RateLimitSpec, ToleratesSpacesAndEmptySpec) {
  EXPECT_EQ(ParseRateLimits(" 500:10 , 30000:600 ").size(), 2u);
  EXPECT_TRUE(ParseRateLimits("").empty());
  EXPECT_TRUE(ParseRateLimits("  ").empty());
}

TEST(RateLimitSpec, RoundTripsThroughHeaderForm) {
  EXPECT_EQ(FormatRateLimits(ParseRateLimits("30000:600,500:10")), "500:10,30000:600");
}

TEST(RateLimitSpec, RejectsMalformedSpecsWithSqlstate22023) {
  for (const char* bad : {"20", "20:", ":1", "a:1", "20:1,", "-5:1", "0:1", "20:0", "1:99999999",
                          "20:1;100:120", "20:1.5"}) {
    try {
      ParseRateLimits(bad);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const Error& e) {
      EXPECT_EQ(e.Sqlstate(), "22023") << bad;
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace riot
