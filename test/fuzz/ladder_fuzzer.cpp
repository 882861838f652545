// Fuzz ParseLadder (league-v4 challenger, grandmaster and master leagues) with the input as a
// response body.
#include "fuzz_target.hpp"
#include "riot/ladder_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected([&] {
    const riot::LadderRows ladder = riot::ParseLadder(riot::fuzz::Text(data, size));
    RIOT_FUZZ_CHECK(!ladder.tier.empty());
    for (const riot::LadderEntry& entry : ladder.entries) {
      RIOT_FUZZ_CHECK(!entry.puuid.empty() && entry.tier == ladder.tier);
    }
  });
  return 0;
}
