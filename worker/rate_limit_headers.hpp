// Riot's rate-limit headers on a response: the limits, the counts Riot has seen, and on a 429
// the type of limit hit and how long to wait.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rate_limit_spec.hpp"

namespace riot {

// What Riot counted in one window ("count:seconds").
struct WindowCount {
  long count = 0;
  long seconds = 0;
};

enum class LimitType { kApplication, kMethod, kService, kUnknown };

struct RateLimitInfo {
  std::vector<RateWindow> app_limits;     // X-App-Rate-Limit
  std::vector<WindowCount> app_counts;    // X-App-Rate-Limit-Count
  std::vector<RateWindow> method_limits;  // X-Method-Rate-Limit
  std::vector<WindowCount> method_counts;
  std::optional<LimitType> limit_type;         // X-Rate-Limit-Type, on 429s, may be missing
  std::optional<double> retry_after_seconds;   // Retry-After, may be missing
};

// Headers by lower-case name.
using HeaderMap = std::map<std::string, std::string>;

// Read the rate-limit headers. Riot's headers are data, not configuration: a malformed value
// is ignored rather than thrown, so one odd response never stops a worker.
RateLimitInfo ParseRateLimitHeaders(const HeaderMap& headers);

}  // namespace riot
