// OpenDota's rate-limit signals (reference §2): remaining counts per UTC minute and UTC day in
// headers (no limits, no Retry-After; negative once over), and 429 bodies that say which window
// refused. What the limiter learns from a response.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace riot::dota {

struct OpenDotaRemaining {
  std::optional<int> minute;  // X-Rate-Limit-Remaining-Minute: always sent on counted calls
  std::optional<int> day;     // X-Rate-Limit-Remaining-Day: keyless calls only
};

// Read the remaining counts from response headers, names in any case (HTTP/2 lower-cases
// them). A value that is not an integer is ignored, not an error: a response is never failed
// for its rate headers.
OpenDotaRemaining ParseOpenDotaRemaining(
    const std::vector<std::pair<std::string, std::string>>& headers);

enum class OpenDotaWindow { kMinute, kDay };

// Which window a 429 names, from its body ({"error":"minute rate limit exceeded"} or
// {"error":"daily api limit exceeded"}; older texts too); the minute when the body says neither.
OpenDotaWindow RefusedWindow(std::string_view body);

// When the window that holds `now_ms` (Unix ms) ends: OpenDota's windows are fixed and aligned
// to the UTC clock, so a refused caller waits for the next minute or the next UTC midnight.
int64_t WindowEndMs(OpenDotaWindow window, int64_t now_ms);

}  // namespace riot::dota
