// Fuzz ParseDotaMatch (OpenDota GET /matches/{id}) with the input as a response body.
#include "dota/dota_match_rows.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected([&] {
    const riot::dota::DotaMatchRows rows = riot::dota::ParseDotaMatch(riot::fuzz::Text(data, size));
    RIOT_FUZZ_CHECK(rows.match.match_id > 0);
    for (const riot::dota::DotaPlayerSlotRow& slot : rows.players) {
      RIOT_FUZZ_CHECK(slot.match_id == rows.match.match_id);
      RIOT_FUZZ_CHECK(!slot.account_id ||
                      (*slot.account_id != 0 && *slot.account_id != 4294967295LL));
    }
    for (const long long account : riot::dota::KnownAccounts(rows)) RIOT_FUZZ_CHECK(account != 0);
    (void)riot::dota::EncodeDotaMatch(rows).dump();
  });
  return 0;
}
