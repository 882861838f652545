// OpenDota's rate signals: remaining counts however the headers are spelled, and the end of the
// UTC-aligned window a 429 names.
#include "dota/opendota_rate_headers.hpp"

#include <gtest/gtest.h>

namespace riot::dota {
namespace {

TEST(ParseOpenDotaRemaining, ReadsBothCountsInAnyCaseNegativeIncluded) {
  const OpenDotaRemaining keyless =
      ParseOpenDotaRemaining({{"Content-Type", "application/json"},
                              {"X-Rate-Limit-Remaining-Minute", "59"},
                              {"X-Rate-Limit-Remaining-Day", "1999"}});
  EXPECT_EQ(keyless.minute, 59);
  EXPECT_EQ(keyless.day, 1999);
  const OpenDotaRemaining http2 = ParseOpenDotaRemaining({{"x-rate-limit-remaining-minute", "-2"}});
  EXPECT_EQ(http2.minute, -2);          // a 429 shows how far over the caller went
  EXPECT_FALSE(http2.day.has_value());  // a keyed call gets no day header
}

TEST(ParseOpenDotaRemaining, IgnoresWhatIsNotAnInteger) {
  const OpenDotaRemaining odd = ParseOpenDotaRemaining(
      {{"X-Rate-Limit-Remaining-Minute", "lots"}, {"X-Rate-Limit-Remaining-Day", "99999999999"}});
  EXPECT_FALSE(odd.minute.has_value());
  EXPECT_FALSE(odd.day.has_value());
  EXPECT_FALSE(ParseOpenDotaRemaining({{"X-Rate-Limit-Remaining-Minute", ""}}).minute.has_value());
  EXPECT_EQ(ParseOpenDotaRemaining({{"X-Rate-Limit-Remaining-Minute", " 7 "}}).minute, 7);
}

TEST(RefusedWindow, TheBodySaysWhichWindow) {
  EXPECT_EQ(RefusedWindow(R"({"error":"minute rate limit exceeded"})"), OpenDotaWindow::kMinute);
  EXPECT_EQ(RefusedWindow(R"({"error":"daily api limit exceeded"})"), OpenDotaWindow::kDay);
  EXPECT_EQ(RefusedWindow(R"({"error":"monthly api limit exceeded"})"), OpenDotaWindow::kDay);
  EXPECT_EQ(RefusedWindow(R"({"error":"rate limit exceeded"})"), OpenDotaWindow::kMinute);
  EXPECT_EQ(RefusedWindow(""), OpenDotaWindow::kMinute);
}

TEST(WindowEndMs, TheNextUtcMinuteOrMidnight) {
  constexpr int64_t kMidnight = 1764547200000;  // 2025-12-01 00:00:00 UTC
  EXPECT_EQ(WindowEndMs(OpenDotaWindow::kMinute, kMidnight), kMidnight + 60'000);
  EXPECT_EQ(WindowEndMs(OpenDotaWindow::kMinute, kMidnight + 59'999), kMidnight + 60'000);
  EXPECT_EQ(WindowEndMs(OpenDotaWindow::kMinute, kMidnight + 61'500), kMidnight + 120'000);
  EXPECT_EQ(WindowEndMs(OpenDotaWindow::kDay, kMidnight + 3'600'000), kMidnight + 86'400'000);
  EXPECT_EQ(WindowEndMs(OpenDotaWindow::kDay, kMidnight - 1), kMidnight);
}

}  // namespace
}  // namespace riot::dota
