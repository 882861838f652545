// Rate-limit windows on a clock the test moves: fixed windows from the first request, counts
// that include rejected requests, Retry-After, headers, and buckets per host and per method.
#include <gtest/gtest.h>

#include "rate_windows.hpp"

namespace riot {
namespace {

class FakeClock : public Clock {
 public:
  double NowSeconds() const override { return now; }
  double now = 1000.0;
};

std::string Header(const RateDecision& decision, const std::string& name) {
  for (const auto& [key, value] : decision.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

TEST(RateLimitSpec, ParsesAndFormatsRiotsNotation) {
  const auto spec = ParseRateLimitSpec("20:1,100:120");
  ASSERT_TRUE(spec);
  ASSERT_EQ(spec->size(), 2u);
  EXPECT_EQ((*spec)[1].limit, 100);
  EXPECT_EQ((*spec)[1].seconds, 120);
  EXPECT_EQ(FormatRateLimitSpec(*spec), "20:1,100:120");
  EXPECT_TRUE(ParseRateLimitSpec("")->empty());
  EXPECT_FALSE(ParseRateLimitSpec("20"));
  EXPECT_FALSE(ParseRateLimitSpec("20:0"));
  EXPECT_FALSE(ParseRateLimitSpec("a:1"));
}

TEST(RateLimiter, SendsLimitAndCountHeadersThatIncludeThisRequest) {
  FakeClock clock;
  RateLimiter limiter(*LimiterPreset("dev"), clock);
  RateDecision decision;
  for (int i = 0; i < 3; ++i) decision = limiter.Admit("na1", "summoner-v4.getByPUUID");
  EXPECT_TRUE(decision.allowed);
  EXPECT_EQ(Header(decision, "X-App-Rate-Limit"), "20:1,100:120");
  EXPECT_EQ(Header(decision, "X-App-Rate-Limit-Count"), "3:1,3:120");
  EXPECT_EQ(Header(decision, "X-Method-Rate-Limit"), "1600:60");
  EXPECT_EQ(Header(decision, "X-Method-Rate-Limit-Count"), "3:60");
  EXPECT_EQ(Header(decision, "Retry-After"), "<absent>");
}

TEST(RateLimiter, RejectsTheRequestBeyondTheLimitAndCountsIt) {
  FakeClock clock;
  RateLimiter limiter(*LimiterPreset("dev"), clock);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(limiter.Admit("kr", "match-v5.getMatch").allowed);
  clock.now += 0.4;
  const RateDecision rejected = limiter.Admit("kr", "match-v5.getMatch");
  EXPECT_FALSE(rejected.allowed);
  EXPECT_EQ(Header(rejected, "X-Rate-Limit-Type"), "application");
  EXPECT_EQ(Header(rejected, "Retry-After"), "1");  // ceil(0.6 s)
  EXPECT_EQ(Header(rejected, "X-App-Rate-Limit-Count"), "21:1,21:120");
  // A rejected request still counts: the next one shows 22.
  EXPECT_EQ(Header(limiter.Admit("kr", "match-v5.getMatch"), "X-App-Rate-Limit-Count"),
            "22:1,22:120");
}

TEST(RateLimiter, WindowsAreFixedFromTheirFirstRequestNotSliding) {
  FakeClock clock;
  LimiterConfig config;
  config.app = {{2, 10}};
  RateLimiter limiter(config, clock);
  EXPECT_TRUE(limiter.Admit("euw1", "m").allowed);  // opens the window at t=1000
  clock.now += 9;
  EXPECT_TRUE(limiter.Admit("euw1", "m").allowed);
  EXPECT_FALSE(limiter.Admit("euw1", "m").allowed);
  clock.now += 0.5;  // t=1009.5: a sliding window would still hold both; this one too, until 1010
  EXPECT_FALSE(limiter.Admit("euw1", "m").allowed);
  clock.now += 0.5;  // t=1010: the window that began at 1000 is over; a new one opens
  const RateDecision fresh = limiter.Admit("euw1", "m");
  EXPECT_TRUE(fresh.allowed);
  EXPECT_EQ(Header(fresh, "X-App-Rate-Limit-Count"), "1:10");
}

TEST(RateLimiter, RetryAfterIsTheTimeUntilTheLongestExceededWindowEnds) {
  FakeClock clock;
  LimiterConfig config;
  config.app = {{100, 1}, {3, 120}};
  RateLimiter limiter(config, clock);
  for (int i = 0; i < 3; ++i) limiter.Admit("na1", "m");
  clock.now += 30.2;
  const RateDecision rejected = limiter.Admit("na1", "m");
  EXPECT_FALSE(rejected.allowed);
  EXPECT_EQ(Header(rejected, "Retry-After"), "90");  // ceil(120 - 30.2)
}

TEST(RateLimiter, MethodLimitsAreSeparateFromTheApplicationLimit) {
  FakeClock clock;
  LimiterConfig config;
  config.app = {{100, 10}};
  config.methods["match-v5.getMatch"] = {{2, 10}};
  RateLimiter limiter(config, clock);
  EXPECT_TRUE(limiter.Admit("americas", "match-v5.getMatch").allowed);
  EXPECT_TRUE(limiter.Admit("americas", "match-v5.getMatch").allowed);
  const RateDecision rejected = limiter.Admit("americas", "match-v5.getMatch");
  EXPECT_FALSE(rejected.allowed);
  EXPECT_EQ(Header(rejected, "X-Rate-Limit-Type"), "method");
  EXPECT_EQ(Header(rejected, "Retry-After"), "10");
  // Other methods on the host, and the same method on another host, are unaffected.
  EXPECT_TRUE(limiter.Admit("americas", "match-v5.getTimeline").allowed);
  EXPECT_TRUE(limiter.Admit("europe", "match-v5.getMatch").allowed);
  EXPECT_EQ(Header(limiter.Admit("americas", "match-v5.getTimeline"), "X-Method-Rate-Limit"),
            "<absent>");
}

TEST(RateLimiter, EachHostHasItsOwnApplicationBucket) {
  FakeClock clock;
  RateLimiter limiter(*LimiterPreset("dev"), clock);
  for (int i = 0; i < 20; ++i) limiter.Admit("na1", "m");
  EXPECT_FALSE(limiter.Admit("na1", "m").allowed);
  EXPECT_TRUE(limiter.Admit("euw1", "m").allowed);
}

TEST(RateLimiter, ResetForgetsEveryWindow) {
  FakeClock clock;
  RateLimiter limiter(*LimiterPreset("dev"), clock);
  for (int i = 0; i < 21; ++i) limiter.Admit("na1", "m");
  limiter.Reset();
  EXPECT_EQ(Header(limiter.Admit("na1", "m"), "X-App-Rate-Limit-Count"), "1:1,1:120");
}

TEST(RateLimiter, PresetsFollowRiotsKeys) {
  EXPECT_EQ(FormatRateLimitSpec(LimiterPreset("dev")->app), "20:1,100:120");
  EXPECT_EQ(FormatRateLimitSpec(LimiterPreset("prod")->app), "500:10,30000:600");
  EXPECT_EQ(FormatRateLimitSpec(LimiterPreset("prod")->methods.at("match-v5.getMatch")), "2000:10");
  EXPECT_TRUE(LimiterPreset("none")->app.empty());
  EXPECT_TRUE(LimiterPreset("none")->methods.empty());
  EXPECT_FALSE(LimiterPreset("fast"));
  FakeClock clock;
  RateLimiter unlimited(*LimiterPreset("none"), clock);
  const RateDecision decision = unlimited.Admit("na1", "match-v5.getMatch");
  EXPECT_TRUE(decision.allowed);
  EXPECT_TRUE(decision.headers.empty());
}

}  // namespace
}  // namespace riot
