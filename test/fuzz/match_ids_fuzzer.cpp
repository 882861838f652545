// Fuzz ParseMatchIds (a page of match-v5 match ids) with the input as a response body.
#include "fuzz_target.hpp"
#include "riot/match_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::fuzz::RefusalIsExpected([&] { riot::ParseMatchIds(riot::fuzz::Text(data, size)); });
  return 0;
}
