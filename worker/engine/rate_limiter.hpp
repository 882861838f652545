// The engine's side of the shared rate limiter: take tokens before a request, learn from the
// response after it. The buckets and their rules live in SQL (riot._take_tokens,
// riot._record_response), shared by every worker inside and outside the server.
#pragma once

#include <string>
#include <vector>

#include "engine/database.hpp"
#include "engine/defaults.hpp"
#include "riot/rate_limit_headers.hpp"
#include "engine/rate_limit_spec.hpp"

namespace riot {

struct LimiterOptions {
  std::vector<RateWindow> default_limits;         // riot.default_rate_limits
  double share = defaults::kRateLimitShare;       // this installation's share of the key's limits
  long margin_ms = defaults::kRateLimitMarginMs;  // our windows outlast Riot's by this much
};

class RateLimiter {
 public:
  RateLimiter(Database& db, LimiterOptions options);
  void Reconfigure(LimiterOptions options) { options_ = std::move(options); }

  struct Grant {
    int granted = 0;
    long retry_in_ms = 0;  // when nothing was granted: how long to wait
    SqlValue granted_at;   // the limiter's time of the grant, for Record to name
  };
  // Take up to `wanted` tokens for requests to (route, method) about to be sent. They count as
  // in flight until Record: a window that ends meanwhile passes them on to the next one.
  Grant Take(const std::string& route, const std::string& method, int wanted);
  // Learn limits and counts from a response to a request granted at `granted_at`; block the
  // bucket a 429 names. A response without rate-limit headers (a transport error) teaches
  // nothing: its token stays in flight for the limiter's 30 s at most.
  void Record(const std::string& route, const std::string& method, long status,
              const RateLimitInfo& info, const SqlValue& granted_at = std::nullopt);

 private:
  Database& db_;
  LimiterOptions options_;
};

}  // namespace riot
