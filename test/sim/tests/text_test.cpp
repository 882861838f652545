// Percent-decoding of path segments and case folding of Riot IDs.
#include <gtest/gtest.h>

#include "text.hpp"

namespace riot {
namespace {

TEST(PercentDecode, DecodesUtf8AndLeavesPlusAlone) {
  EXPECT_EQ(PercentDecode("Hide%20on%20bush"), "Hide on bush");
  EXPECT_EQ(PercentDecode("%EB%8B%AC%EB%B9%9B"), "달빛");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("%2525"), "%25");  // double encoding decodes once
}

TEST(PercentDecode, RejectsBrokenEscapes) {
  EXPECT_FALSE(PercentDecode("abc%"));
  EXPECT_FALSE(PercentDecode("abc%2"));
  EXPECT_FALSE(PercentDecode("%zz"));
}

TEST(PercentEncode, RoundTrips) {
  const std::string name = "Björn Järnsida #/?";
  EXPECT_EQ(PercentDecode(PercentEncode(name)), name);
  EXPECT_EQ(PercentEncode("a b"), "a%20b");
}

TEST(FoldCase, FoldsLatinGreekAndCyrillicAndKeepsOtherScripts) {
  EXPECT_EQ(FoldCase("HIDE ON BUSH"), "hide on bush");
  EXPECT_EQ(FoldCase("BJÖRN"), "björn");
  EXPECT_EQ(FoldCase("ŁUKASZ"), "łukasz");
  EXPECT_EQ(FoldCase("МЕДВЕДЬ"), "медведь");
  EXPECT_EQ(FoldCase("달빛 소나타"), "달빛 소나타");
  EXPECT_EQ(FoldCase("ゆめ"), "ゆめ");
}

}  // namespace
}  // namespace riot
