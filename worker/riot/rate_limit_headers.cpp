// Riot's rate-limit headers on a response.
#include "riot/rate_limit_headers.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>

#include "engine/error.hpp"

namespace riot {

namespace {

// The limiter hands limits, counts and Retry-After in milliseconds to SQL as integer; a larger
// number is no real limit, count or wait, so it is malformed like any other.
constexpr long kMaxNumber = std::numeric_limits<std::int32_t>::max();
constexpr long kMillisecondsPerSecond = 1000;
constexpr long kMaxRetryAfterSeconds = kMaxNumber / kMillisecondsPerSecond;

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerAscii(x) == LowerAscii(y);
         });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Parse an integer in [0, kMaxNumber] that fills `text` (spaces around it allowed).
std::optional<long> ParseCount(std::string_view text) {
  text = Trim(text);
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 ||
      value > kMaxNumber) {
    return std::nullopt;
  }
  return value;
}

// Whether two windows of a sorted list share a length, which leaves pairing counts with limits
// by length (CountFor) ambiguous: such a header is malformed.
template <typename Window>
bool RepeatsALength(const std::vector<Window>& sorted) {
  return std::adjacent_find(sorted.begin(), sorted.end(), [](const Window& a, const Window& b) {
           return a.seconds == b.seconds;
         }) != sorted.end();
}

const std::string* Find(const HeaderMap& headers, std::string_view name) {
  const auto found = headers.find(name);
  return found == headers.end() ? nullptr : &found->second;
}

// Parse a limit header with the same rules as the configured limits; a malformed one is
// dropped (ParseRateLimits throws for configuration, where failing loudly is right).
std::vector<RateWindow> Limits(const HeaderMap& headers, std::string_view name) {
  const std::string* value = Find(headers, name);
  if (value == nullptr) return {};
  std::vector<RateWindow> limits;
  try {
    limits = ParseRateLimits(*value);
  } catch (const Error&) {
    return {};
  }
  for (const RateWindow& window : limits) {
    if (window.limit > kMaxNumber) return {};
  }
  if (RepeatsALength(limits)) return {};
  return limits;
}

// Parse "count:seconds,..." sorted by window length; a malformed header is dropped whole.
// Counts may be 0, which ParseRateLimits (made for limits) would refuse.
std::vector<WindowCount> Counts(const HeaderMap& headers, std::string_view name) {
  const std::string* value = Find(headers, name);
  if (value == nullptr) return {};
  std::vector<WindowCount> counts;
  std::string_view rest = *value;
  if (Trim(rest).empty()) return {};
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view pair = rest.substr(0, comma);
    const auto colon = pair.find(':');
    if (colon == std::string_view::npos) return {};
    const auto count = ParseCount(pair.substr(0, colon));
    const auto seconds = ParseCount(pair.substr(colon + 1));
    if (!count || !seconds || *seconds == 0) return {};
    counts.push_back(WindowCount{*count, *seconds});
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  std::sort(counts.begin(), counts.end(),
            [](const WindowCount& a, const WindowCount& b) { return a.seconds < b.seconds; });
  if (RepeatsALength(counts)) return {};
  return counts;
}

LimitType ParseLimitType(std::string_view value) {
  value = Trim(value);
  if (EqualsIgnoringCase(value, "application")) return LimitType::kApplication;
  if (EqualsIgnoringCase(value, "method")) return LimitType::kMethod;
  if (EqualsIgnoringCase(value, "service")) return LimitType::kService;
  return LimitType::kUnknown;  // e.g. "server", seen on spectator-v5 in 2026
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return LowerAscii(x) < LowerAscii(y); });
}

RateLimitInfo ParseRateLimitHeaders(const HeaderMap& headers) {
  RateLimitInfo info;
  info.app_limits = Limits(headers, "X-App-Rate-Limit");
  info.app_counts = Counts(headers, "X-App-Rate-Limit-Count");
  info.method_limits = Limits(headers, "X-Method-Rate-Limit");
  info.method_counts = Counts(headers, "X-Method-Rate-Limit-Count");
  if (const std::string* type = Find(headers, "X-Rate-Limit-Type")) {
    info.limit_type = ParseLimitType(*type);
  }
  // Only delta-seconds: Riot never sends the HTTP-date form, and a date is ignored like any
  // other malformed value.
  if (const std::string* retry_after = Find(headers, "Retry-After")) {
    const auto seconds = ParseCount(*retry_after);
    if (seconds && *seconds <= kMaxRetryAfterSeconds) {
      info.retry_after_seconds = static_cast<double>(*seconds);
    }
  }
  return info;
}

std::optional<long> CountFor(const std::vector<WindowCount>& counts, long seconds) {
  for (const WindowCount& count : counts) {
    if (count.seconds == seconds) return count.count;
  }
  return std::nullopt;
}

}  // namespace riot
