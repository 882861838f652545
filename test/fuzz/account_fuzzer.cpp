// Fuzz ParseAccount (account-v1 AccountDto) with the input as a response body.
#include "fuzz_target.hpp"
#include "riot/league_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected([&] {
    const riot::AccountRow account = riot::ParseAccount(riot::fuzz::Text(data, size));
    RIOT_FUZZ_CHECK(!account.puuid.empty());
    RIOT_FUZZ_CHECK(!account.game_name || !account.game_name->empty());
    RIOT_FUZZ_CHECK(!account.tag_line || !account.tag_line->empty());
  });
  return 0;
}
