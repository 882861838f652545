// Requests of every running job, sent as the shared rate limiter and the client's capacity
// allow; 429s and transient failures are retried here, so jobs see only final answers.
#include "engine/request_scheduler.hpp"

#include <algorithm>

namespace riot {

namespace {

constexpr auto kFirstRetryDelay = std::chrono::milliseconds(500);
constexpr int kMaxBackoffShift = 6;  // 500 ms .. 32 s
constexpr int kMaxRateLimitedRetries = 20;

}  // namespace

RequestScheduler::RequestScheduler(RiotClient& client, RateLimiter& limiter, int max_attempts,
                                   ErrorSink on_error)
    : client_(client),
      limiter_(limiter),
      max_attempts_(max_attempts),
      on_error_(std::move(on_error)) {}

void RequestScheduler::Get(int64_t job_id, const std::string& route, const std::string& method_id,
                           const std::string& path_and_query, Callback callback) {
  Pending pending{next_id_++,          job_id, route, method_id,    path_and_query,
                  std::move(callback), 0,      0,     Clock::now(), std::nullopt};
  buckets_[{route, method_id}].queue.push_back(std::move(pending));
}

void RequestScheduler::Cancel(int64_t job_id) {
  for (auto& [key, bucket] : buckets_) {
    auto& queue = bucket.queue;
    queue.erase(std::remove_if(queue.begin(), queue.end(),
                               [job_id](const Pending& p) { return p.job_id == job_id; }),
                queue.end());
  }
  // In-flight requests finish on their own; their responses are then dropped.
  for (auto& [id, pending] : in_flight_) {
    if (pending.job_id == job_id) pending.callback = nullptr;
  }
}

long RequestScheduler::Pump() {
  const Clock::time_point now = Clock::now();
  long wait_ms = -1;
  auto wait_at_most = [&wait_ms](Clock::duration delay) {
    const long ms =
        std::max<long>(1, std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
    wait_ms = wait_ms < 0 ? ms : std::min(wait_ms, ms);
  };
  for (auto& [key, bucket] : buckets_) {
    if (bucket.queue.empty()) continue;
    if (now < bucket.blocked_until) {
      wait_at_most(bucket.blocked_until - now);
      continue;
    }
    const auto ready_end =
        std::stable_partition(bucket.queue.begin(), bucket.queue.end(),
                              [now](const Pending& p) { return p.ready_at <= now; });
    const auto ready = static_cast<int>(ready_end - bucket.queue.begin());
    if (ready < static_cast<int>(bucket.queue.size())) {
      const auto next = std::min_element(
          ready_end, bucket.queue.end(),
          [](const Pending& a, const Pending& b) { return a.ready_at < b.ready_at; });
      wait_at_most(next->ready_at - now);
    }
    const int room = static_cast<int>(client_.Capacity() - client_.InFlight());
    const int wanted = std::min(ready, room);
    if (wanted <= 0) continue;
    // A token is taken before a request is sent, never after.
    const RateLimiter::Grant grant = limiter_.Take(key.first, key.second, wanted);
    if (grant.granted == 0) {
      bucket.blocked_until = now + std::chrono::milliseconds(grant.retry_in_ms);
      wait_at_most(std::chrono::milliseconds(grant.retry_in_ms));
      continue;
    }
    for (int i = 0; i < grant.granted; i++) {
      Pending pending = std::move(bucket.queue.front());
      bucket.queue.pop_front();
      pending.granted_at = grant.granted_at;
      client_.Start(ApiRequest{pending.id, pending.route, pending.method_id, pending.path});
      in_flight_.emplace(pending.id, std::move(pending));
    }
    if (!bucket.queue.empty()) wait_at_most(std::chrono::milliseconds(0));
  }
  return wait_ms;
}

void RequestScheduler::Retry(Pending pending, Clock::duration delay) {
  pending.ready_at = Clock::now() + delay;
  buckets_[{pending.route, pending.method_id}].queue.push_back(std::move(pending));
}

void RequestScheduler::Deliver(const std::vector<ApiResponse>& responses) {
  for (const ApiResponse& response : responses) {
    auto found = in_flight_.find(response.id);
    if (found == in_flight_.end()) continue;
    Pending pending = std::move(found->second);
    in_flight_.erase(found);
    try {
      limiter_.Record(pending.route, pending.method_id, response.status, response.limits,
                      pending.granted_at);
      if (!pending.callback) continue;  // its job is gone
      if (response.outcome == Outcome::kRateLimited &&
          ++pending.rate_limited <= kMaxRateLimitedRetries) {
        // The limiter now blocks the bucket the 429 named; wait for it, not for a backoff.
        Retry(std::move(pending), Clock::duration::zero());
        continue;
      }
      if (response.outcome == Outcome::kRetry && ++pending.failures < max_attempts_) {
        const auto backoff =
            kFirstRetryDelay * (1 << std::min(pending.failures - 1, kMaxBackoffShift));
        Retry(std::move(pending), backoff);
        continue;
      }
      pending.callback(response);
    } catch (...) {
      on_error_(pending.job_id, std::current_exception());
    }
  }
}

size_t RequestScheduler::Queued() const {
  size_t queued = 0;
  for (const auto& [key, bucket] : buckets_) queued += bucket.queue.size();
  return queued;
}

}  // namespace riot
