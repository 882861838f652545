// Fuzz ParseMatch (match-v5 MatchDto) with the input as a response body.
#include "fuzz_target.hpp"
#include "riot/match_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected([&] {
    const riot::MatchRows rows = riot::ParseMatch(riot::fuzz::Text(data, size));
    const riot::MatchRow& m = rows.match;
    RIOT_FUZZ_CHECK(!m.match_id.empty() && !m.platform.empty());
    // Absent and 0 timestamps, and absent and "" strings, both read as nullopt.
    for (const auto& timestamp : {m.game_creation_ms, m.game_start_ms, m.game_end_ms}) {
      RIOT_FUZZ_CHECK(!timestamp || *timestamp != 0);
    }
    RIOT_FUZZ_CHECK(!m.end_of_game_result || !m.end_of_game_result->empty());
    for (const riot::ParticipantRow& p : rows.participants) {
      RIOT_FUZZ_CHECK(p.match_id == m.match_id && !p.puuid.empty());
      RIOT_FUZZ_CHECK(!p.is_bot || p.puuid.rfind("BOT:", 0) == 0);
      RIOT_FUZZ_CHECK(!p.subteam_id || *p.subteam_id > 0);
      RIOT_FUZZ_CHECK(!p.placement || *p.placement > 0);
      for (const auto* text :
           {&p.riot_id_game_name, &p.riot_id_tagline, &p.summoner_name, &p.team_position}) {
        RIOT_FUZZ_CHECK(!*text || !(*text)->empty());
      }
    }
  });
  return 0;
}
