// Tests of parsing Riot's rate-limit headers from a response.
#include "riot/rate_limit_headers.hpp"

#include <gtest/gtest.h>

namespace riot {
namespace {

TEST(RateLimitHeaders, ParsesLimitsAndCountsOfA200) {
  const RateLimitInfo info = ParseRateLimitHeaders({{"X-App-Rate-Limit", "20:1,100:120"},
                                                    {"X-App-Rate-Limit-Count", "1:1,7:120"},
                                                    {"X-Method-Rate-Limit", "2000:10"},
                                                    {"X-Method-Rate-Limit-Count", "3:10"}});
  EXPECT_EQ(info.app_limits, (std::vector<RateWindow>{{20, 1}, {100, 120}}));
  EXPECT_EQ(info.app_counts, (std::vector<WindowCount>{{1, 1}, {7, 120}}));
  EXPECT_EQ(info.method_limits, (std::vector<RateWindow>{{2000, 10}}));
  EXPECT_EQ(info.method_counts, (std::vector<WindowCount>{{3, 10}}));
  EXPECT_FALSE(info.limit_type.has_value());
  EXPECT_FALSE(info.retry_after_seconds.has_value());
}

TEST(RateLimitHeaders, PairsCountsWithLimitsByWindowLengthNotPosition) {
  // Riot has sent both orders; the count for the 1 s window must not land on the 120 s one.
  const RateLimitInfo info = ParseRateLimitHeaders(
      {{"X-App-Rate-Limit", "100:120,20:1"}, {"X-App-Rate-Limit-Count", "3:1,57:120"}});
  ASSERT_EQ(info.app_limits.size(), 2u);
  EXPECT_EQ(info.app_limits[0], (RateWindow{20, 1}));
  EXPECT_EQ(info.app_limits[1], (RateWindow{100, 120}));
  EXPECT_EQ(CountFor(info.app_counts, 1), 3);
  EXPECT_EQ(CountFor(info.app_counts, 120), 57);
  EXPECT_FALSE(CountFor(info.app_counts, 10).has_value());
  EXPECT_FALSE(CountFor(info.method_counts, 1).has_value());
}

TEST(RateLimitHeaders, HeaderNamesAreCaseInsensitive) {
  // HTTP/2 delivers lower-case names, HTTP/1.1 servers mixed case.
  const RateLimitInfo lower = ParseRateLimitHeaders({{"x-app-rate-limit", "20:1"},
                                                     {"x-app-rate-limit-count", "1:1"},
                                                     {"x-method-rate-limit", "1000:60"},
                                                     {"x-method-rate-limit-count", "2:60"},
                                                     {"x-rate-limit-type", "method"},
                                                     {"retry-after", "4"}});
  const RateLimitInfo upper = ParseRateLimitHeaders({{"X-APP-RATE-LIMIT", "20:1"},
                                                     {"X-APP-RATE-LIMIT-COUNT", "1:1"},
                                                     {"X-Method-Rate-limit", "1000:60"},
                                                     {"x-METHOD-rate-limit-count", "2:60"},
                                                     {"X-Rate-Limit-Type", "method"},
                                                     {"RETRY-AFTER", "4"}});
  for (const RateLimitInfo& info : {lower, upper}) {
    EXPECT_EQ(info.app_limits, (std::vector<RateWindow>{{20, 1}}));
    EXPECT_EQ(info.app_counts, (std::vector<WindowCount>{{1, 1}}));
    EXPECT_EQ(info.method_limits, (std::vector<RateWindow>{{1000, 60}}));
    EXPECT_EQ(info.method_counts, (std::vector<WindowCount>{{2, 60}}));
    EXPECT_EQ(info.limit_type, LimitType::kMethod);
    EXPECT_EQ(info.retry_after_seconds, 4.0);
  }
  HeaderMap headers{{"Retry-After", "1"}};
  EXPECT_EQ(headers.count("retry-after"), 1u);
  headers.insert_or_assign("RETRY-AFTER", "2");
  EXPECT_EQ(headers.size(), 1u);
}

TEST(RateLimitHeaders, ReadsEveryLimitTypeAndToleratesUnknownOnes) {
  const auto type_of = [](const char* value) {
    return ParseRateLimitHeaders({{"X-Rate-Limit-Type", value}}).limit_type;
  };
  EXPECT_EQ(type_of("application"), LimitType::kApplication);
  EXPECT_EQ(type_of("method"), LimitType::kMethod);
  EXPECT_EQ(type_of("service"), LimitType::kService);
  EXPECT_EQ(type_of("Service"), LimitType::kService);
  EXPECT_EQ(type_of("server"), LimitType::kUnknown);  // spectator-v5, 2026
  EXPECT_EQ(type_of(""), LimitType::kUnknown);
  EXPECT_FALSE(ParseRateLimitHeaders({}).limit_type.has_value());
}

TEST(RateLimitHeaders, ReadsRetryAfterIncludingZero) {
  const auto retry_after = [](const char* value) {
    return ParseRateLimitHeaders({{"Retry-After", value}}).retry_after_seconds;
  };
  EXPECT_EQ(retry_after("2"), 2.0);
  EXPECT_EQ(retry_after("0"), 0.0);
  EXPECT_EQ(retry_after(" 17 "), 17.0);
  EXPECT_FALSE(retry_after("").has_value());
  EXPECT_FALSE(retry_after("-1").has_value());
  EXPECT_FALSE(retry_after("1.5s").has_value());
  EXPECT_FALSE(retry_after("Wed, 21 Oct 2015 07:28:00 GMT").has_value());
  EXPECT_FALSE(ParseRateLimitHeaders({}).retry_after_seconds.has_value());
}

TEST(RateLimitHeaders, IgnoresMalformedValuesWithoutThrowing) {
  for (const char* bad : {"", "20", "20:", ":1", "abc", "20:1,", "20:1;100:120", "20:0", "-5:1",
                          "20:1.5", "99999999999999999999999:1"}) {
    SCOPED_TRACE(bad);
    RateLimitInfo info;
    ASSERT_NO_THROW(info = ParseRateLimitHeaders({{"X-App-Rate-Limit", bad},
                                                  {"X-App-Rate-Limit-Count", bad},
                                                  {"X-Method-Rate-Limit", "2000:10"},
                                                  {"X-Method-Rate-Limit-Count", bad}}));
    EXPECT_TRUE(info.app_limits.empty());
    EXPECT_TRUE(info.app_counts.empty());
    EXPECT_TRUE(info.method_counts.empty());
    // A bad header does not take the good ones with it.
    EXPECT_EQ(info.method_limits, (std::vector<RateWindow>{{2000, 10}}));
  }
}

TEST(RateLimitHeaders, CountsMayBeZeroButLimitsMayNot) {
  const RateLimitInfo info = ParseRateLimitHeaders(
      {{"X-App-Rate-Limit", "0:1"}, {"X-App-Rate-Limit-Count", "0:1, 21:120"}});
  EXPECT_TRUE(info.app_limits.empty());
  EXPECT_EQ(info.app_counts, (std::vector<WindowCount>{{0, 1}, {21, 120}}));
}

TEST(RateLimitHeaders, ReadsARealApplication429) {
  // DR#371: a development key over its 1 s window.
  const RateLimitInfo info = ParseRateLimitHeaders({{"Retry-After", "2"},
                                                    {"X-App-Rate-Limit", "20:1,100:120"},
                                                    {"X-App-Rate-Limit-Count", "21:1,36:120"},
                                                    {"X-Method-Rate-Limit", "2000:60"},
                                                    {"X-Method-Rate-Limit-Count", "36:60"},
                                                    {"X-Rate-Limit-Type", "application"}});
  EXPECT_EQ(info.limit_type, LimitType::kApplication);
  EXPECT_EQ(info.retry_after_seconds, 2.0);
  EXPECT_EQ(CountFor(info.app_counts, 1), 21);
  EXPECT_EQ(CountFor(info.method_counts, 60), 36);
}

}  // namespace
}  // namespace riot
