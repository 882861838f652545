// Tests of percent-encoding for Riot IDs in URL paths and for query values.
#include "riot/percent_encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace riot {
namespace {

TEST(PercentEncoding, SpaceBecomesPercent20NeverPlus) {
  EXPECT_EQ(PercentEncodePathSegment("Hide on bush"), "Hide%20on%20bush");
  EXPECT_EQ(PercentEncodePathSegment("KR 1"), "KR%201");
  EXPECT_EQ(PercentEncodePathSegment("a+b"), "a%2Bb");
}

TEST(PercentEncoding, KeepsUnreservedCharacters) {
  const std::string unreserved =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  EXPECT_EQ(PercentEncodePathSegment(unreserved), unreserved);
  EXPECT_EQ(PercentEncodePathSegment("KR_6604607115"), "KR_6604607115");
  EXPECT_EQ(PercentEncodePathSegment(""), "");
}

TEST(PercentEncoding, EncodesReservedCharactersWithUpperCaseHex) {
  EXPECT_EQ(PercentEncodePathSegment("#"), "%23");
  EXPECT_EQ(PercentEncodePathSegment("/"), "%2F");
  EXPECT_EQ(PercentEncodePathSegment("%"), "%25");
  EXPECT_EQ(PercentEncodePathSegment("%20"), "%2520");  // never decoded, never left alone
  EXPECT_EQ(PercentEncodePathSegment("name#tag"), "name%23tag");
  EXPECT_EQ(PercentEncodePathSegment("?&=:@!$'()*,;"), "%3F%26%3D%3A%40%21%24%27%28%29%2A%2C%3B");
  EXPECT_EQ(PercentEncodePathSegment(std::string("a\0b", 3)), "a%00b");
  EXPECT_EQ(PercentEncodePathSegment("\x7F"), "%7F");
}

TEST(PercentEncoding, EncodesUtf8ByteByByte) {
  EXPECT_EQ(PercentEncodePathSegment("아이유"), "%EC%95%84%EC%9D%B4%EC%9C%A0");
  EXPECT_EQ(PercentEncodePathSegment("워 빌"), "%EC%9B%8C%20%EB%B9%8C");
  EXPECT_EQ(PercentEncodePathSegment("アホシャコ"),
            "%E3%82%A2%E3%83%9B%E3%82%B7%E3%83%A3%E3%82%B3");
  EXPECT_EQ(PercentEncodePathSegment("MINJI的熊寶"), "MINJI%E7%9A%84%E7%86%8A%E5%AF%B6");
  EXPECT_EQ(PercentEncodePathSegment("Bjöni"), "Bj%C3%B6ni");
}

TEST(PercentEncoding, QueryValuesCannotEndEarly) {
  EXPECT_EQ(PercentEncodeQueryValue("ranked"), "ranked");
  EXPECT_EQ(PercentEncodeQueryValue("a&b=c d+e#f"), "a%26b%3Dc%20d%2Be%23f");
}

}  // namespace
}  // namespace riot
