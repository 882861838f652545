// Fuzz ParseTimeline (match-v5 TimelineDto) with the input as a response body.
#include "fuzz_target.hpp"
#include "riot/timeline_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected([&] {
    const riot::TimelineRows rows = riot::ParseTimeline(riot::fuzz::Text(data, size));
    RIOT_FUZZ_CHECK(!rows.match_id.empty());
    for (const std::string& puuid : rows.participant_puuids) RIOT_FUZZ_CHECK(!puuid.empty());
  });
  return 0;
}
