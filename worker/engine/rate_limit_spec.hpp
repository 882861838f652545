// Riot rate-limit specs: "20:1,100:120" is 20 requests a second and 100 every two minutes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace riot {

// One window of a limit: at most `limit` requests every `seconds` seconds.
struct RateWindow {
  long limit = 0;
  long seconds = 0;

  bool operator==(const RateWindow& other) const {
    return limit == other.limit && seconds == other.seconds;
  }
};

// Parse a spec ("20:1,100:120") into windows sorted by length; throws riot::Error (22023) when
// malformed. An empty spec is no limit at all.
std::vector<RateWindow> ParseRateLimits(std::string_view spec);

// Format windows back into Riot's header form.
std::string FormatRateLimits(const std::vector<RateWindow>& windows);

}  // namespace riot
