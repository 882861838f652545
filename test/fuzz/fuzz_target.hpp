// What every fuzz target shares: the input as text, riot::Error as a parser's expected refusal,
// and a check that aborts (a crash libFuzzer reports) when a parser breaks its own promise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "engine/error.hpp"

// Abort with the failed condition when a parsed value breaks what its header promises.
#define RIOT_FUZZ_CHECK(condition)                                                       \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)

namespace riot::fuzz {

inline std::string_view Text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Run `parse`: a riot::Error is how a parser refuses a payload; any other exception escapes,
// and libFuzzer reports the std::terminate it ends in as a crash.
template <typename Parse>
void RefusalIsExpected(Parse parse) {
  try {
    parse();
  } catch (const Error&) {
  }
}

}  // namespace riot::fuzz
