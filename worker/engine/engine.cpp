// The engine one worker runs: claim jobs, run their handlers, send their requests under the
// shared rate limiter, keep leases alive.
#include "engine/engine.hpp"

#include <algorithm>

#include "engine/error.hpp"

namespace riot {

namespace {

constexpr auto kPurgeInterval = std::chrono::minutes(1);

long MillisecondsUntil(std::chrono::steady_clock::time_point when) {
  const auto delay = when - std::chrono::steady_clock::now();
  return std::max<long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
}

void WaitAtMost(long& timeout_ms, long candidate_ms) {
  if (candidate_ms < 0) return;
  timeout_ms = timeout_ms < 0 ? candidate_ms : std::min(timeout_ms, candidate_ms);
}

}  // namespace

Engine::Engine(Database& db, std::string worker_name, const EngineOptions& options)
    : options_(options),
      queue_(db, std::move(worker_name)),
      limiter_(db, options.limiter),
      client_(options.client),
      scheduler_(client_, limiter_, options.max_request_attempts,
                 [this](int64_t job_id, std::exception_ptr error) {
                   FailFromException(job_id, std::move(error));
                 }),
      services_{db, queue_, scheduler_},
      next_claim_(Clock::now()),
      next_purge_(Clock::now()) {}

Engine::~Engine() = default;

void Engine::Reconfigure(const EngineOptions& options) {
  options_ = options;
  client_.Reconfigure(options.client);
  limiter_.Reconfigure(options.limiter);
  scheduler_.SetMaxAttempts(options.max_request_attempts);
}

WaitPlan Engine::RunOnce(const std::vector<SocketEvent>& ready, bool woken) {
  scheduler_.Deliver(client_.Drive(ready));
  Reap();
  Heartbeats();
  if (woken) next_claim_ = Clock::now();
  if (Clock::now() >= next_claim_) ClaimJobs();
  Reap();
  const long pump_wait_ms = scheduler_.Pump();
  if (Clock::now() >= next_purge_) {
    next_purge_ = Clock::now() + kPurgeInterval;
    queue_.PurgeFinished(options_.job_retention);
  }

  WaitPlan plan;
  plan.sockets = client_.Sockets();
  WaitAtMost(plan.timeout_ms, client_.NextTimeoutMs());
  WaitAtMost(plan.timeout_ms, pump_wait_ms);
  WaitAtMost(plan.timeout_ms, MillisecondsUntil(next_claim_));
  WaitAtMost(plan.timeout_ms, MillisecondsUntil(next_purge_));
  for (const auto& [id, running] : running_) {
    WaitAtMost(plan.timeout_ms, MillisecondsUntil(running.heartbeat_due));
  }
  return plan;
}

void Engine::ClaimJobs() {
  const int room = options_.max_active_jobs - static_cast<int>(running_.size());
  const int batch = std::min(room, options_.claim_batch);
  if (batch <= 0) {
    next_claim_ = Clock::now() + options_.idle_poll;  // a finishing job claims again sooner
    return;
  }
  std::vector<Job> jobs = queue_.Claim(batch, options_.lease, HandledJobKinds());
  // A full batch suggests more is waiting: claim again on the next pass; otherwise sleep until
  // woken (a commit that queued work) or the fallback poll.
  next_claim_ =
      static_cast<int>(jobs.size()) == batch ? Clock::now() : Clock::now() + options_.idle_poll;
  for (Job& job : jobs) StartJob(std::move(job));
}

void Engine::StartJob(Job job) {
  const int64_t id = job.id;
  // The same job again (its lease expired while this worker still ran it): the old attempt's
  // requests must not call back into a handler that is about to be destroyed.
  if (running_.count(id) != 0) scheduler_.Cancel(id);
  auto& running = running_[id];
  running.handler = MakeJobHandler(services_, std::move(job));
  running.heartbeat_due = Clock::now() + options_.lease / 3;
  stats_.jobs_started++;
  try {
    running.handler->Start();
  } catch (...) {
    FailFromException(id, std::current_exception());
  }
}

// A job's handler threw: bad data (22023) fails it for good, anything else is retried.
void Engine::FailFromException(int64_t job_id, std::exception_ptr error) {
  auto found = running_.find(job_id);
  if (found == running_.end()) return;
  std::string message;
  bool retryable = true;
  try {
    std::rethrow_exception(std::move(error));
  } catch (const Error& e) {
    message = e.what();
    if (!e.Detail().empty()) message += ": " + e.Detail();
    retryable = e.Sqlstate() != sqlstate::kInvalidParameterValue;
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unknown error";
  }
  found->second.handler->FailJob(message, retryable);
}

void Engine::Heartbeats() {
  const Clock::time_point now = Clock::now();
  for (auto& [id, running] : running_) {
    if (running.handler->Done() || now < running.heartbeat_due) continue;
    running.heartbeat_due = now + options_.lease / 3;
    if (!queue_.Heartbeat(running.handler->GetJob(), options_.lease)) running.handler->Abandon();
  }
}

// Forget jobs that ended (or were lost) and their outstanding requests.
void Engine::Reap() {
  for (auto it = running_.begin(); it != running_.end();) {
    if (it->second.handler->Done()) {
      scheduler_.Cancel(it->first);
      it = running_.erase(it);
      stats_.jobs_done++;
      next_claim_ = std::min(next_claim_, Clock::now());  // room for another job
    } else {
      ++it;
    }
  }
}

void Engine::ReleaseAll() {
  for (auto& [id, running] : running_) {
    if (running.handler->Done()) continue;
    try {
      running.handler->Release();
    } catch (...) {
      // The lease will expire instead; nothing is lost.
    }
  }
  Reap();
}

EngineStats Engine::Stats() const {
  EngineStats stats = stats_;
  stats.active_jobs = running_.size();
  stats.requests_queued = scheduler_.Queued();
  stats.requests_in_flight = scheduler_.InFlight();
  return stats;
}

}  // namespace riot
