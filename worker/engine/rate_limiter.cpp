// The engine's side of the shared rate limiter: take tokens before a request, learn from the
// response after it.
#include "engine/rate_limiter.hpp"

#include <cmath>

namespace riot {

namespace {

constexpr long kTooManyRequests = 429;

std::string Limits(const std::vector<RateWindow>& windows) {
  std::vector<long> limits;
  limits.reserve(windows.size());
  for (const RateWindow& window : windows) limits.push_back(window.limit);
  return IntArrayLiteral(limits);
}

std::string Seconds(const std::vector<RateWindow>& windows) {
  std::vector<long> seconds;
  seconds.reserve(windows.size());
  for (const RateWindow& window : windows) seconds.push_back(window.seconds);
  return IntArrayLiteral(seconds);
}

// Riot's counts for the windows of `limits`, matched by window length; 0 where it sent none.
std::string CountsFor(const std::vector<RateWindow>& limits,
                      const std::vector<WindowCount>& counts) {
  std::vector<long> matched;
  matched.reserve(limits.size());
  for (const RateWindow& window : limits)
    matched.push_back(CountFor(counts, window.seconds).value_or(0));
  return IntArrayLiteral(matched);
}

SqlValue LimitTypeName(const std::optional<LimitType>& type) {
  if (!type) return std::nullopt;
  switch (*type) {
    case LimitType::kApplication:
      return std::string("application");
    case LimitType::kMethod:
      return std::string("method");
    case LimitType::kService:
      return std::string("service");
    default:
      return std::string("unknown");
  }
}

}  // namespace

RateLimiter::RateLimiter(Database& db, LimiterOptions options)
    : db_(db), options_(std::move(options)) {}

RateLimiter::Grant RateLimiter::Take(const std::string& route, const std::string& method,
                                     int wanted) {
  const auto rows = db_.Query(
      "SELECT granted, retry_in_ms, granted_at FROM riot._take_tokens($1, $2, $3::integer, "
      "$4::integer[], "
      "$5::integer[], $6::double precision, $7::interval)",
      {route, method, std::to_string(wanted), Limits(options_.default_limits),
       Seconds(options_.default_limits), std::to_string(options_.share),
       std::to_string(options_.margin_ms) + " milliseconds"});
  Grant grant;
  if (!rows.empty() && rows[0][0] && rows[0][1]) {
    grant.granted = std::stoi(*rows[0][0]);
    grant.retry_in_ms = std::stol(*rows[0][1]);
    if (rows[0].size() > 2) grant.granted_at = rows[0][2];
  }
  return grant;
}

void RateLimiter::Record(const std::string& route, const std::string& method, long status,
                         const RateLimitInfo& info, const SqlValue& granted_at) {
  const bool has_headers = !info.app_limits.empty() || !info.method_limits.empty();
  if (!has_headers && status != kTooManyRequests) return;  // nothing to learn (transport error)
  SqlValue retry_after_ms;
  if (info.retry_after_seconds) {
    retry_after_ms = std::to_string(std::lround(*info.retry_after_seconds * 1000.0));
  }
  db_.Query(
      "SELECT riot._record_response($1, $2, $3::integer, $4::integer[], $5::integer[], "
      "$6::integer[], $7::integer[], $8::integer[], $9::integer[], $10, $11::integer, "
      "$12::interval, granted_at => $13::timestamptz)",
      {route, method, std::to_string(status), Limits(info.app_limits), Seconds(info.app_limits),
       CountsFor(info.app_limits, info.app_counts), Limits(info.method_limits),
       Seconds(info.method_limits), CountsFor(info.method_limits, info.method_counts),
       LimitTypeName(info.limit_type), retry_after_ms,
       std::to_string(options_.margin_ms) + " milliseconds", granted_at});
}

}  // namespace riot
