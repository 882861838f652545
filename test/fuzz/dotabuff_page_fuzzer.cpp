// Fuzz ParseDotabuffTeamPage (libxml2's HTML parser and XPath underneath) with the input as a page.
#include "dota/dotabuff_team_page.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected([&] {
    const riot::dota::DotabuffTeamPage page =
        riot::dota::ParseDotabuffTeamPage(riot::fuzz::Text(data, size));
    for (const riot::dota::DotabuffMatch& match : page.matches) {
      RIOT_FUZZ_CHECK(match.match_id > 0);
      RIOT_FUZZ_CHECK(!match.league_id || *match.league_id > 0);
    }
  });
  return 0;
}
