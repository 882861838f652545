// Fuzz the OpenDota player, win/loss, team, league and match id list parsers: the first byte
// picks the parser, the rest is the response body.
#include "dota/dota_entity_rows.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body = riot::fuzz::Text(data + 1, size - 1);
  riot::fuzz::RefusalIsExpected([&] {
    switch (data[0] % 5) {
      case 0: {
        riot::dota::DotaPlayerRow player = riot::dota::ParseDotaPlayer(body);
        RIOT_FUZZ_CHECK(player.account_id > 0);
        (void)riot::dota::EncodeDotaPlayer(player).dump();
        break;
      }
      case 1: {
        riot::dota::DotaPlayerRow player;
        riot::dota::ParseDotaWinLoss(body, player);
        RIOT_FUZZ_CHECK(player.wins.has_value() && player.losses.has_value());
        break;
      }
      case 2:
        if (const auto team = riot::dota::ParseDotaTeam(body)) {
          (void)riot::dota::EncodeDotaTeam(*team).dump();
        }
        break;
      case 3:
        if (const auto league = riot::dota::ParseDotaLeague(body)) {
          (void)riot::dota::EncodeDotaLeague(*league).dump();
        }
        break;
      default:
        for (const long long id : riot::dota::ParseLeagueMatchIds(body)) RIOT_FUZZ_CHECK(id > 0);
        for (const long long id : riot::dota::ParseTeamMatchIds(body, 1)) RIOT_FUZZ_CHECK(id > 0);
        break;
    }
  });
  return 0;
}
