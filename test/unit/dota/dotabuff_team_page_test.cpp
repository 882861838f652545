// The Dotabuff team matches page: the real page 2 of a team, and the pages a scraper must not
// take for "no matches" (a challenge, something else entirely).
#include "dota/dotabuff_team_page.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/error.hpp"

namespace riot::dota {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(ParseDotabuffTeamPage, TheRealPageTwoOfMapleSyrup) {
  const fs::path page =
      fs::path(OPENDOTA_FIXTURES_DIR) / "dotabuff/esports.teams.9517508.matches.page2.html";
  if (!fs::exists(page)) GTEST_SKIP() << "no Dotabuff fixture at " << page;
  const DotabuffTeamPage result = ParseDotabuffTeamPage(Read(page));
  EXPECT_EQ(result.team_name, "Maple Syrup блин");
  ASSERT_EQ(result.matches.size(), 3U);
  EXPECT_EQ(result.matches[0].match_id, 7936128769);
  EXPECT_EQ(result.matches[1].match_id, 7915839183);
  EXPECT_EQ(result.matches[2].match_id, 7915808917);
  for (const DotabuffMatch& match : result.matches) {
    EXPECT_EQ(match.league_id, 16435);
    EXPECT_EQ(match.won, false);
  }
  EXPECT_EQ(result.matches[0].played_at, "2024-09-10T00:40:27+00:00");
  EXPECT_FALSE(result.has_next_page);  // the last page: no span.next
}

TEST(ParseDotabuffTeamPage, FindsTheNextPageAndSkipsRowsWithoutAMatch) {
  const DotabuffTeamPage page = ParseDotabuffTeamPage(R"(<html><body>
    <div class="header-content-title"><h1>Team <small>Matches</small></h1></div>
    <table class="table recent-esports-matches"><tbody>
      <tr><td><a class="esports-league" href="/esports/leagues/7-x">L</a></td>
          <td><a class="won" href="/matches/8000000001">Won Match</a></td></tr>
      <tr><td colspan="6">an advertisement</td></tr>
      <tr><td><a class="lost" href="/matches/8000000002?from=x">Lost Match</a></td></tr>
    </tbody></table>
    <nav class="pagination"><span class="next"><a rel="next" href="?page=2">Next</a></span></nav>
    </body></html>)");
  ASSERT_EQ(page.matches.size(), 2U);
  EXPECT_EQ(page.matches[0].league_id, 7);
  EXPECT_EQ(page.matches[0].won, true);
  EXPECT_EQ(page.matches[1].match_id, 8000000002);
  EXPECT_FALSE(page.matches[1].league_id.has_value());
  EXPECT_TRUE(page.has_next_page);
}

TEST(ParseDotabuffTeamPage, ATeamWithoutMatchesIsZeroMatches) {
  const DotabuffTeamPage page = ParseDotabuffTeamPage(
      R"(<html><div class="header-content-title"><h1>New Team</h1></div><p>No matches</p></html>)");
  EXPECT_TRUE(page.matches.empty());
  EXPECT_EQ(page.team_name, "New Team");
}

TEST(ParseDotabuffTeamPage, AChallengeOrAnotherPageIsAFailureNotZeroMatches) {
  for (
      const char* bad :
      {"<html><head><title>Just a moment...</title></head><body>Checking</body></html>",
       R"(<html><head><title>dotabuff.com</title></head><body><div id="cf-wrapper">blocked</div></body></html>)",
       R"(<html><body><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></body></html>)",
       "<html><head><title>Page not found</title></head><body>404</body></html>", "", "plain text",
       "\x89PNG\r\n"}) {
    EXPECT_THROW(ParseDotabuffTeamPage(bad), Error) << bad;
  }
}

}  // namespace
}  // namespace riot::dota
