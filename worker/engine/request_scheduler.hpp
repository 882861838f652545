// Requests of every running job, sent as the shared rate limiter and the client's capacity
// allow; 429s and transient failures are retried here, so jobs see only final answers.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/rate_limiter.hpp"
#include "riot/riot_client.hpp"

namespace riot {

class RequestScheduler {
 public:
  using Clock = std::chrono::steady_clock;
  using Callback = std::function<void(const ApiResponse&)>;
  using ErrorSink = std::function<void(int64_t job_id, std::exception_ptr error)>;

  RequestScheduler(RiotClient& client, RateLimiter& limiter, int max_attempts, ErrorSink on_error);

  // Queue a GET for a job; `callback` runs once, with the final response.
  void Get(int64_t job_id, const std::string& route, const std::string& method_id,
           const std::string& path_and_query, Callback callback);
  // Forget every request of a job (its attempt was lost or it ended).
  void Cancel(int64_t job_id);
  // Start queued requests as tokens and capacity allow; return how many ms until it is worth
  // trying again (-1 when nothing waits).
  long Pump();
  // Learn from finished responses, retry what deserves it, and run the callbacks of the rest.
  void Deliver(const std::vector<ApiResponse>& responses);

  size_t Queued() const;
  size_t InFlight() const { return in_flight_.size(); }
  void SetMaxAttempts(int max_attempts) { max_attempts_ = max_attempts; }

 private:
  struct Pending {
    uint64_t id;
    int64_t job_id;
    std::string route;
    std::string method_id;
    std::string path;
    Callback callback;
    int failures = 0;      // transient failures so far
    int rate_limited = 0;  // 429s so far, retried after the limiter's block
    Clock::time_point ready_at;
    SqlValue granted_at;  // the limiter's grant, named again when the response is recorded
  };
  using BucketKey = std::pair<std::string, std::string>;  // (route, method)
  struct Bucket {
    std::deque<Pending> queue;
    Clock::time_point blocked_until;
  };

  void Retry(Pending pending, Clock::duration delay);

  RiotClient& client_;
  RateLimiter& limiter_;
  int max_attempts_;
  ErrorSink on_error_;
  uint64_t next_id_ = 1;
  std::map<BucketKey, Bucket> buckets_;
  std::unordered_map<uint64_t, Pending> in_flight_;
};

}  // namespace riot
