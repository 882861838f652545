// Fuzz ParseSummoner (summoner-v4 by-puuid) with the input as a response body.
#include "fuzz_target.hpp"
#include "riot/league_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected(
      [&] { RIOT_FUZZ_CHECK(!riot::ParseSummoner(riot::fuzz::Text(data, size)).puuid.empty()); });
  return 0;
}
