// What riot-web refuses before SQL sees it: bad UTF-8, control characters, bad numbers, tokens.
#include "request_checks.hpp"

#include <gtest/gtest.h>

#include "api_error.hpp"

namespace riot::web {
namespace {

int StatusOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const ApiError& error) {
    return error.Status();
  }
  return http::kOk;
}

TEST(IsValidUtf8, AcceptsRiotIdsInEveryScript) {
  EXPECT_TRUE(IsValidUtf8("Hide on bush"));
  EXPECT_TRUE(IsValidUtf8("\xED\x95\x9C\xEA\xB8\x80"));  // 한글
  EXPECT_TRUE(IsValidUtf8("\xE3\x81\x8B\xE3\x81\xAA"));  // かな
  EXPECT_TRUE(IsValidUtf8("Ren\xC3\xA9"));               // René
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));          // an emoji, four bytes
}

TEST(IsValidUtf8, RefusesMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xFF\xFE"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // cut short
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("a\x80z"));            // a stray continuation byte
}

TEST(CheckedSegment, PassesGoodTextAndRefusesTheRestWith400) {
  EXPECT_EQ(CheckedSegment("Hide on bush", "game_name"), "Hide on bush");
  EXPECT_EQ(StatusOf([] { CheckedSegment(std::string("a\0b", 3), "game_name"); }),
            http::kBadRequest);
  EXPECT_EQ(StatusOf([] { CheckedSegment("a\x1b[31m", "game_name"); }), http::kBadRequest);
  EXPECT_EQ(StatusOf([] { CheckedSegment("\xFF", "tag_line"); }), http::kBadRequest);
  EXPECT_EQ(StatusOf([] { CheckedSegment(std::string(kMaxSegmentBytes + 1, 'a'), "x"); }),
            http::kBadRequest);
  EXPECT_EQ(StatusOf([] { CheckedSegment(std::string(kMaxSegmentBytes, 'a'), "x"); }), http::kOk);
}

TEST(ParseJobId, TakesDigitsOnly) {
  EXPECT_EQ(ParseJobId("42"), 42);
  EXPECT_EQ(ParseJobId("999999999999999999"), 999999999999999999LL);
  for (const char* bad : {"", "-1", "1e3", "12a", " 1", "0x10", "9999999999999999999"}) {
    EXPECT_EQ(StatusOf([bad] { ParseJobId(bad); }), http::kBadRequest) << bad;
  }
}

TEST(IntegerParameter, DefaultsAndBounds) {
  EXPECT_EQ(IntegerParameter(std::nullopt, "limit", 20, 1, 100), 20);
  EXPECT_EQ(IntegerParameter("100", "limit", 20, 1, 100), 100);
  for (const char* bad : {"0", "101", "-5", "ten", "", "99999999999"}) {
    EXPECT_EQ(StatusOf([bad] { IntegerParameter(std::string(bad), "limit", 20, 1, 100); }),
              http::kBadRequest)
        << bad;
  }
}

TEST(TokenMatches, OnlyTheExactBearerToken) {
  EXPECT_TRUE(TokenMatches("s3cret", "Bearer s3cret"));
  EXPECT_FALSE(TokenMatches("s3cret", ""));
  EXPECT_FALSE(TokenMatches("s3cret", "Bearer s3cre"));
  EXPECT_FALSE(TokenMatches("s3cret", "Bearer s3cret2"));
  EXPECT_FALSE(TokenMatches("s3cret", "Basic s3cret"));
  EXPECT_FALSE(TokenMatches("s3cret", "bearer s3cret"));
}

}  // namespace
}  // namespace riot::web
