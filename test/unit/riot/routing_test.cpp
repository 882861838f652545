// Tests of platform and region routing and base URL expansion.
#include "riot/routing.hpp"

#include <gtest/gtest.h>

namespace riot {
namespace {

TEST(Routing, MapsEveryPlatformToItsRegion) {
  EXPECT_EQ(FindPlatform("kr")->region, "asia");
  EXPECT_EQ(FindPlatform("NA1")->region, "americas");
  EXPECT_EQ(FindPlatform("euw1")->region, "europe");
  EXPECT_EQ(FindPlatform("oc1")->region, "sea");
  EXPECT_EQ(FindPlatform("me1")->region, "europe");
  EXPECT_FALSE(FindPlatform("xx1").has_value());
  EXPECT_FALSE(FindPlatform("").has_value());
  for (const Platform& platform : Platforms()) {
    EXPECT_TRUE(platform.region == "americas" || platform.region == "asia" ||
                platform.region == "europe" || platform.region == "sea")
        << platform.id;
  }
}

TEST(Routing, FindsThePlatformOfAMatchId) {
  EXPECT_EQ(PlatformOfMatch("EUW1_7261321891")->id, "euw1");
  EXPECT_EQ(PlatformOfMatch("KR_6604607115")->id, "kr");
  EXPECT_EQ(PlatformOfMatch("TH2_24825892")->region, "sea");
  EXPECT_FALSE(PlatformOfMatch("7261321891").has_value());
  EXPECT_FALSE(PlatformOfMatch("XX_1").has_value());
}

TEST(Routing, AsksAccountsOfSeaPlayersElsewhere) {
  EXPECT_EQ(AccountRegion(*FindPlatform("sg2")), "asia");
  EXPECT_EQ(AccountRegion(*FindPlatform("euw1")), "europe");
}

TEST(Routing, ExpandsTheBaseUrlTemplate) {
  EXPECT_EQ(ExpandBaseUrl("https://{route}.api.riotgames.com", "kr"),
            "https://kr.api.riotgames.com");
  EXPECT_EQ(ExpandBaseUrl("http://127.0.0.1:8080/{route}/", "asia"), "http://127.0.0.1:8080/asia");
  EXPECT_TRUE(IsValidBaseUrlTemplate("http://127.0.0.1:1/{route}"));
  EXPECT_FALSE(IsValidBaseUrlTemplate("https://kr.api.riotgames.com"));
  EXPECT_FALSE(IsValidBaseUrlTemplate("ftp://{route}.example"));
}

}  // namespace
}  // namespace riot
