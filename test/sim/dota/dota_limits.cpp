// OpenDota's per-minute and per-day fixed windows, aligned to the UTC clock.
#include "dota/dota_limits.hpp"

namespace riot::dota_sim {

namespace {
constexpr int64_t kSecondsPerMinute = 60;
constexpr int64_t kSecondsPerDay = 86400;
}  // namespace

LimitDecision DotaLimiter::Count(const std::string& caller, bool keyed, int64_t now_seconds) {
  LimitDecision decision;
  Counts& counts = callers_[caller];
  const int64_t minute = now_seconds / kSecondsPerMinute;
  const int64_t day = now_seconds / kSecondsPerDay;
  if (counts.minute != minute) counts = Counts{minute, counts.day, 0, counts.in_day};
  if (counts.day != day) {
    counts.day = day;
    counts.in_day = 0;
  }
  ++counts.in_minute;
  ++counts.in_day;
  const int minute_limit = keyed ? config_.keyed_per_minute : config_.keyless_per_minute;
  decision.remaining_minute = minute_limit - counts.in_minute;
  if (!keyed) decision.remaining_day = config_.keyless_per_day - counts.in_day;
  if (!config_.enabled) return decision;
  if (decision.remaining_minute < 0) {
    decision.allowed = false;
    decision.refusal = "minute rate limit exceeded";
  } else if (decision.remaining_day && *decision.remaining_day < 0) {
    decision.allowed = false;
    decision.refusal = "daily api limit exceeded";
  }
  if (!decision.allowed) ++violations_;
  return decision;
}

void DotaLimiter::Reset() {
  callers_.clear();
  violations_ = 0;
}

}  // namespace riot::dota_sim
