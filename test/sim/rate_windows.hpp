// Riot's rate limits as the sim enforces them: an application limit per routing host and one per
// (host, method), each a list of fixed windows ("20:1,100:120") opened by their first request. A
// rejected request still counts in every window (riot-api.md §5.1: a rejected call shows "21:1").
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace riot {

struct RateWindow {
  int64_t limit = 0;
  int64_t seconds = 0;
};
using RateLimitSpec = std::vector<RateWindow>;

// Parse "20:1,100:120"; nullopt when malformed (an empty string is no windows).
std::optional<RateLimitSpec> ParseRateLimitSpec(std::string_view text);
// Render windows as Riot's headers do: "20:1,100:120".
std::string FormatRateLimitSpec(const RateLimitSpec& spec);

// Seconds on a monotonic clock; tests substitute one they move by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual double NowSeconds() const = 0;
};

class SteadyClock : public Clock {
 public:
  double NowSeconds() const override;
};

// The fixed windows of one bucket.
class WindowSet {
 public:
  explicit WindowSet(const RateLimitSpec& spec);

  // Count one request arriving at `now`, opening any window that is not running.
  void Count(double now);
  bool Exceeded() const;
  // Whole seconds until every exceeded window has ended (at least 1).
  int64_t RetryAfter(double now) const;
  std::string LimitHeader() const;
  std::string CountHeader() const;
  bool Empty() const { return windows_.empty(); }

 private:
  struct Running {
    RateWindow window;
    double start = 0;
    int64_t count = 0;
    bool open = false;
  };
  std::vector<Running> windows_;
};

struct LimiterConfig {
  RateLimitSpec app;
  std::map<std::string, RateLimitSpec, std::less<>> methods;  // by method id: "match-v5.getMatch"
};

// The limits of a preset: "dev", "prod" or "none" (riot-api.md §5.3); nullopt if unknown.
std::optional<LimiterConfig> LimiterPreset(std::string_view name);

struct RateDecision {
  bool allowed = true;
  std::string limit_type;   // "application" or "method" when rejected
  int64_t retry_after = 0;  // seconds, when rejected
  std::vector<std::pair<std::string, std::string>>
      headers;  // X-App-Rate-Limit... and, on 429, the rest
};

class RateLimiter {
 public:
  RateLimiter(LimiterConfig config, const Clock& clock)
      : config_(std::move(config)), clock_(clock) {}

  // Count a request to `method` on routing `host` and say whether it is within every limit.
  RateDecision Admit(std::string_view host, std::string_view method);
  // Forget every window (POST /__sim/reset).
  void Reset();
  const LimiterConfig& Config() const { return config_; }

 private:
  LimiterConfig config_;
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, WindowSet, std::less<>> app_;
  std::map<std::string, WindowSet, std::less<>> methods_;
};

}  // namespace riot
