// OpenDota's rate limits as its server counts them (reference §2): a fixed window per UTC clock
// minute and per UTC day for each caller (the key, else the address), counted before the route
// runs, with the remaining counts in headers that go negative once over.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace riot::dota_sim {

struct DotaLimitConfig {
  bool enabled = true;
  int keyless_per_minute = 60;
  int keyless_per_day = 2000;
  int keyed_per_minute = 1200;  // no daily cap with a key
};

struct LimitDecision {
  bool allowed = true;
  int remaining_minute = 0;
  std::optional<int> remaining_day;  // keyless calls only
  std::string refusal;               // OpenDota's 429 body text when not allowed
};

class DotaLimiter {
 public:
  explicit DotaLimiter(DotaLimitConfig config) : config_(config) {}

  // Count one request of `caller` at `now_seconds` (Unix, UTC).
  LimitDecision Count(const std::string& caller, bool keyed, int64_t now_seconds);
  // Requests answered 429: a client that honours the headers sends none.
  int64_t Violations() const { return violations_; }
  void Reset();

 private:
  struct Counts {
    int64_t minute = -1, day = -1;  // the window each count is for
    int in_minute = 0, in_day = 0;
  };
  DotaLimitConfig config_;
  std::map<std::string, Counts> callers_;
  int64_t violations_ = 0;
};

}  // namespace riot::dota_sim
