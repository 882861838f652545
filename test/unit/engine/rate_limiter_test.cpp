// Tests of the engine's side of the shared rate limiter: what Take and Record send to
// riot._take_tokens and riot._record_response, and how Take reads the grant.
#include "engine/rate_limiter.hpp"

#include <gtest/gtest.h>

#include "fake_database.hpp"

namespace riot {
namespace {

LimiterOptions Defaults() {
  LimiterOptions options;
  options.default_limits = {{20, 1}, {100, 120}};
  options.share = 0.5;
  options.margin_ms = 300;
  return options;
}

TEST(RateLimiter, TakeSendsTheDefaultLimitsShareAndMargin) {
  FakeDatabase db;
  RateLimiter limiter(db, Defaults());
  limiter.Take("kr", "summoner-v4.getByPUUID", 3);
  ASSERT_EQ(db.Calls().size(), 1u);
  const RecordedCall& call = db.Calls()[0];
  EXPECT_EQ(call.function, "riot._take_tokens");
  ASSERT_EQ(call.params.size(), 7u);
  EXPECT_EQ(call.params[0], "kr");
  EXPECT_EQ(call.params[1], "summoner-v4.getByPUUID");
  EXPECT_EQ(call.params[2], "3");
  EXPECT_EQ(call.params[3], "{20,100}");
  EXPECT_EQ(call.params[4], "{1,120}");
  EXPECT_DOUBLE_EQ(std::stod(call.Text(5)), 0.5);
  EXPECT_EQ(call.params[6], "300 milliseconds");
}

TEST(RateLimiter, TakeWithNoDefaultsSendsEmptyArrays) {
  FakeDatabase db;
  RateLimiter limiter(db, LimiterOptions{});
  limiter.Take("kr", "m", 1);
  ASSERT_EQ(db.Calls().size(), 1u);
  EXPECT_EQ(db.Calls()[0].params[3], "{}");
  EXPECT_EQ(db.Calls()[0].params[4], "{}");
  EXPECT_DOUBLE_EQ(std::stod(db.Calls()[0].Text(5)), 1.0);
  EXPECT_EQ(db.Calls()[0].params[6], "250 milliseconds");
}

TEST(RateLimiter, TakeReturnsTheGrant) {
  FakeDatabase db;
  db.Queue("riot._take_tokens", {{{"2", "0"}}, {{"0", "1500"}}});
  RateLimiter limiter(db, Defaults());
  const RateLimiter::Grant some = limiter.Take("kr", "m", 5);
  EXPECT_EQ(some.granted, 2);
  const RateLimiter::Grant none = limiter.Take("kr", "m", 5);
  EXPECT_EQ(none.granted, 0);
  EXPECT_EQ(none.retry_in_ms, 1500);
}

TEST(RateLimiter, TakeGrantsNothingWithoutAnAnswer) {
  FakeDatabase db;
  db.Queue("riot._take_tokens", {{}, {{std::nullopt, std::nullopt}}, {{"3", std::nullopt}}});
  RateLimiter limiter(db, Defaults());
  for (int i = 0; i < 3; i++) EXPECT_EQ(limiter.Take("kr", "m", 5).granted, 0) << i;
}

TEST(RateLimiter, TakeReadsTheGrantTimeAndRecordNamesIt) {
  FakeDatabase db;
  db.Queue("riot._take_tokens", {{{"2", "0", "2030-01-01 10:00:00.5+00"}}});
  RateLimiter limiter(db, Defaults());
  const RateLimiter::Grant grant = limiter.Take("kr", "m", 2);
  EXPECT_EQ(grant.granted, 2);
  EXPECT_EQ(grant.granted_at, SqlValue("2030-01-01 10:00:00.5+00"));
  RateLimitInfo info;
  info.app_limits = {{20, 1}};
  info.app_counts = {{1, 1}};
  limiter.Record("kr", "m", 200, info, grant.granted_at);
  EXPECT_EQ(db.Calls().back().params.back(), SqlValue("2030-01-01 10:00:00.5+00"));
}

TEST(RateLimiter, ReconfigureChangesWhatTakeSends) {
  FakeDatabase db;
  RateLimiter limiter(db, Defaults());
  LimiterOptions options;
  options.default_limits = {{500, 10}};
  options.margin_ms = 100;
  limiter.Reconfigure(options);
  limiter.Take("euw1", "m", 1);
  EXPECT_EQ(db.Calls().back().params[3], "{500}");
  EXPECT_EQ(db.Calls().back().params[4], "{10}");
  EXPECT_EQ(db.Calls().back().params[6], "100 milliseconds");
}

TEST(RateLimiter, RecordSendsNothingForATransportError) {
  FakeDatabase db;
  RateLimiter limiter(db, Defaults());
  limiter.Record("kr", "m", 0, RateLimitInfo{});
  limiter.Record("kr", "m", 503, RateLimitInfo{});  // a proxy's 503: no headers, nothing to learn
  EXPECT_TRUE(db.Calls().empty());
}

TEST(RateLimiter, RecordSendsCountsMatchedByWindowLength) {
  FakeDatabase db;
  RateLimiter limiter(db, Defaults());
  RateLimitInfo info;
  info.app_limits = {{20, 1}, {100, 120}};
  info.app_counts = {{7, 120}, {1, 1}};  // in another order than the limits, as Riot may send
  info.method_limits = {{50, 10}, {2000, 600}};
  info.method_counts = {{3, 600}, {9, 60}};  // none for 10 s; one for a window with no limit
  limiter.Record("kr", "match-v5.getMatch", 200, info);
  ASSERT_EQ(db.Calls().size(), 1u);
  const RecordedCall& call = db.Calls()[0];
  EXPECT_EQ(call.function, "riot._record_response");
  EXPECT_EQ(call.params,
            (std::vector<SqlValue>{"kr", "match-v5.getMatch", "200", "{20,100}", "{1,120}", "{1,7}",
                                   "{50,2000}", "{10,600}", "{0,3}", std::nullopt, std::nullopt,
                                   "300 milliseconds", std::nullopt}));
}

TEST(RateLimiter, RecordSendsA429WithoutHeaders) {
  FakeDatabase db;
  RateLimiter limiter(db, Defaults());
  limiter.Record("kr", "m", 429, RateLimitInfo{});
  ASSERT_EQ(db.Calls().size(), 1u);
  EXPECT_EQ(db.Calls()[0].params,
            (std::vector<SqlValue>{"kr", "m", "429", "{}", "{}", "{}", "{}", "{}", "{}",
                                   std::nullopt, std::nullopt, "300 milliseconds", std::nullopt}));
}

TEST(RateLimiter, RecordSendsTheLimitTypeAndRetryAfterInMilliseconds) {
  struct Case {
    std::optional<LimitType> type;
    std::optional<double> retry_after_seconds;
    SqlValue type_sent;
    SqlValue retry_after_ms_sent;
  };
  const std::vector<Case> cases = {
      {LimitType::kApplication, 2.0, "application", "2000"},
      {LimitType::kMethod, 1.5, "method", "1500"},
      {LimitType::kService, 0.0, "service", "0"},
      {LimitType::kUnknown, 0.0004, "unknown", "0"},
      {std::nullopt, 61.0, std::nullopt, "61000"},
      {LimitType::kApplication, std::nullopt, "application", std::nullopt},
  };
  FakeDatabase db;
  RateLimiter limiter(db, Defaults());
  for (const Case& c : cases) {
    RateLimitInfo info;
    info.app_limits = {{20, 1}};
    info.app_counts = {{21, 1}};
    info.limit_type = c.type;
    info.retry_after_seconds = c.retry_after_seconds;
    limiter.Record("kr", "m", 429, info);
  }
  const auto calls = db.CallsTo("riot._record_response");
  ASSERT_EQ(calls.size(), cases.size());
  for (size_t i = 0; i < cases.size(); i++) {
    EXPECT_EQ(calls[i].params[2], "429");
    EXPECT_EQ(calls[i].params[5], "{21}");
    EXPECT_EQ(calls[i].params[9], cases[i].type_sent) << i;
    EXPECT_EQ(calls[i].params[10], cases[i].retry_after_ms_sent) << i;
  }
}

}  // namespace
}  // namespace riot
