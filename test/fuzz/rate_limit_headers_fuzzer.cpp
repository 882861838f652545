// Fuzz ParseRateLimitHeaders with the input as response header lines, split and trimmed the way
// RiotClient's curl header callback does it (riot_client.cpp, Transfer::OnHeader).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "engine/rate_limit_spec.hpp"
#include "fuzz_target.hpp"
#include "riot/rate_limit_headers.hpp"

namespace {

constexpr long kMaxWindowSeconds = 24L * 60 * 60;  // ParseRateLimits' longest window
// The rate limiter hands limits, counts and Retry-After (in ms) to SQL as integer (int4).
constexpr long kSqlIntegerMax = std::numeric_limits<std::int32_t>::max();
constexpr double kMillisecondsPerSecond = 1000.0;

// Record one header line as OnHeader does: a status line starts over, a line without a colon
// is skipped, the value loses surrounding whitespace, and a repeated name keeps the last value.
void AddHeaderLine(riot::HeaderMap& headers, std::string_view line) {
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
  headers.insert_or_assign(std::string(line.substr(0, colon)), std::string(value));
}

template <typename Window>
bool SortedBySeconds(const std::vector<Window>& windows) {
  return std::is_sorted(windows.begin(), windows.end(),
                        [](const Window& a, const Window& b) { return a.seconds < b.seconds; });
}

}  // namespace

// No riot::Error is expected here: the header promises that a malformed value is dropped,
// never thrown, so that one odd response cannot stop a worker. Any exception is a crash.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  riot::HeaderMap headers;
  std::string_view rest = riot::fuzz::Text(data, size);
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    const std::size_t length = newline == std::string_view::npos ? rest.size() : newline + 1;
    AddHeaderLine(headers, rest.substr(0, length));
    rest.remove_prefix(length);
  }

  const riot::RateLimitInfo info = riot::ParseRateLimitHeaders(headers);
  for (const auto* limits : {&info.app_limits, &info.method_limits}) {
    RIOT_FUZZ_CHECK(SortedBySeconds(*limits));
    for (const riot::RateWindow& window : *limits) {
      RIOT_FUZZ_CHECK(window.limit > 0 && window.limit <= kSqlIntegerMax && window.seconds > 0);
      RIOT_FUZZ_CHECK(window.seconds <= kMaxWindowSeconds);
    }
    // What we read, written back in Riot's form, reads the same.
    RIOT_FUZZ_CHECK(riot::ParseRateLimits(riot::FormatRateLimits(*limits)) == *limits);
  }
  for (const auto* counts : {&info.app_counts, &info.method_counts}) {
    RIOT_FUZZ_CHECK(SortedBySeconds(*counts));
    for (const riot::WindowCount& count : *counts) {
      RIOT_FUZZ_CHECK(count.count >= 0 && count.count <= kSqlIntegerMax && count.seconds > 0);
      RIOT_FUZZ_CHECK(riot::CountFor(*counts, count.seconds).has_value());
    }
  }
  if (info.retry_after_seconds) {
    RIOT_FUZZ_CHECK(*info.retry_after_seconds >= 0);
    RIOT_FUZZ_CHECK(*info.retry_after_seconds * kMillisecondsPerSecond <= kSqlIntegerMax);
  }
  return 0;
}
