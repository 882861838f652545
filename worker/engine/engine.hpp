// The engine one worker runs: claim jobs, run their handlers, send their requests under the
// shared rate limiter, keep leases alive. It never blocks; the caller's loop waits on what
// RunOnce asks for (the client's sockets and a timeout) together with its own wake-ups.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/defaults.hpp"
#include "engine/job_handler.hpp"
#include "engine/job_queue.hpp"
#include "engine/rate_limiter.hpp"
#include "engine/request_scheduler.hpp"
#include "riot/riot_client.hpp"

namespace riot {

struct EngineOptions {
  ClientOptions client;
  LimiterOptions limiter;
  int max_active_jobs = 64;      // jobs running at once in this worker
  int claim_batch = 32;          // jobs claimed in one go, at most
  int max_request_attempts = 5;  // tries of one request before its job fails the attempt
  std::chrono::seconds lease{60};
  std::chrono::seconds job_retention{defaults::kJobRetentionSeconds};
  std::chrono::milliseconds idle_poll{2000};  // fallback when no wake-up arrives
};

// What the caller should wait for before calling RunOnce again.
struct WaitPlan {
  std::vector<SocketInterest> sockets;
  long timeout_ms = -1;
};

// Counters for progress displays.
struct EngineStats {
  uint64_t jobs_started = 0;
  uint64_t jobs_done = 0;
  size_t active_jobs = 0;
  size_t requests_queued = 0;
  size_t requests_in_flight = 0;
};

class Engine {
 public:
  Engine(Database& db, std::string worker_name, const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void Reconfigure(const EngineOptions& options);
  // Do everything possible now: handle ready sockets, claim jobs (at once when woken), start
  // requests, renew leases. `ready` lists the sockets that became ready.
  WaitPlan RunOnce(const std::vector<SocketEvent>& ready, bool woken);
  // Return every running job to the queue (shutdown): another worker takes it at once.
  void ReleaseAll();
  EngineStats Stats() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Running {
    std::unique_ptr<JobHandler> handler;
    Clock::time_point heartbeat_due;
  };

  void ClaimJobs();
  void StartJob(Job job);
  void FailFromException(int64_t job_id, std::exception_ptr error);
  void Heartbeats();
  void Reap();

  EngineOptions options_;
  JobQueue queue_;
  RateLimiter limiter_;
  RiotClient client_;
  RequestScheduler scheduler_;
  JobServices services_;
  std::map<int64_t, Running> running_;
  Clock::time_point next_claim_;
  Clock::time_point next_purge_;
  EngineStats stats_;
};

}  // namespace riot
