// Fuzz ParseLeagueEntries (league-v4 entries/by-puuid) with the input as a response body.
#include "fuzz_target.hpp"
#include "riot/league_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected([&] {
    for (const riot::RankRow& rank : riot::ParseLeagueEntries(riot::fuzz::Text(data, size))) {
      RIOT_FUZZ_CHECK(!rank.queue_type.empty());
    }
  });
  return 0;
}
