// Riot's rate-limit headers on a response: the limits, the counts Riot has seen, and on a 429
// the type of limit hit and how long to wait.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rate_limit_spec.hpp"

namespace riot {

// Order strings ignoring ASCII case, so that header names match however the server spells them.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

// Response headers by name, looked up case-insensitively ("retry-after" finds "Retry-After").
using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

// What Riot counted in one window ("count:seconds"); the count includes the request itself.
struct WindowCount {
  long count = 0;
  long seconds = 0;

  bool operator==(const WindowCount& other) const {
    return count == other.count && seconds == other.seconds;
  }
};

// Which limit a 429 names in X-Rate-Limit-Type; kUnknown for values Riot may add ("server").
enum class LimitType { kApplication, kMethod, kService, kUnknown };

// Every list is sorted by window length, like ParseRateLimits; pair a count with its limit by
// `seconds` (CountFor), never by position, since Riot does not fix the order in its headers.
struct RateLimitInfo {
  std::vector<RateWindow> app_limits;         // X-App-Rate-Limit
  std::vector<WindowCount> app_counts;        // X-App-Rate-Limit-Count
  std::vector<RateWindow> method_limits;      // X-Method-Rate-Limit
  std::vector<WindowCount> method_counts;     // X-Method-Rate-Limit-Count
  std::optional<LimitType> limit_type;        // X-Rate-Limit-Type: 429s only, may be missing
  std::optional<double> retry_after_seconds;  // Retry-After: may be missing, may be 0
};

// Read the rate-limit headers. Riot's headers are data, not configuration: a malformed value
// is left out (as if the header were missing) rather than thrown, so one odd response never
// stops a worker.
RateLimitInfo ParseRateLimitHeaders(const HeaderMap& headers);

// The count Riot reported for the window of `seconds`; nullopt when it sent none.
std::optional<long> CountFor(const std::vector<WindowCount>& counts, long seconds);

}  // namespace riot
