// The job queue as the engine sees it: claim, heartbeat, progress, finish, fail, enqueue.
// Every call goes through the SQL functions in sql/, so both worker kinds share one semantics.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/database.hpp"

namespace riot {

// One claimed attempt of a job.
// NOLINTNEXTLINE(bugprone-exception-escape): reports nlohmann::json's noexcept move as throwing
struct Job {
  int64_t id = 0;
  std::string kind;
  nlohmann::json args;
  int attempt = 0;
  bool fanned_out = false;  // its children have all ended: run the final step
  std::optional<int64_t> parent_id;
  nlohmann::json result;  // what the attempt that fanned out left for the final step
};

class JobQueue {
 public:
  JobQueue(Database& db, std::string worker_name);

  const std::string& WorkerName() const { return worker_name_; }

  // Claim up to batch_size queued jobs of the given kinds (all kinds when empty).
  std::vector<Job> Claim(int batch_size, std::chrono::seconds lease,
                         const std::vector<std::string>& kinds = {});
  // Extend the lease; false when the attempt was lost (expired or cancelled).
  bool Heartbeat(const Job& job, std::chrono::seconds lease);
  bool Progress(const Job& job, const std::string& step, std::optional<int64_t> processed,
                std::optional<int64_t> total);
  // Finish the attempt; false when it was lost and the result refused.
  bool Finish(const Job& job, const nlohmann::json& result, bool wait_for_children = false);
  // Fail the attempt; returns "queued" (retry later), "failed", or "" when it was lost.
  std::string Fail(const Job& job, const std::string& error, bool retryable);
  // Give the attempt back to the queue at once, not counted (the worker is stopping).
  bool Release(const Job& job);
  int64_t Enqueue(const std::string& kind, const nlohmann::json& args,
                  const std::optional<std::string>& dedup_key = std::nullopt,
                  std::optional<int64_t> parent_id = std::nullopt, int priority = 0);
  // Delete finished jobs older than the retention; returns how many.
  int64_t PurgeFinished(std::chrono::seconds retention);
  // Mark the execution row of a scheduled job's run running (riot.job_executions).
  void ExecutionStarted(const Job& job);
  // Delete execution rows of scheduled jobs older than the retention (an interval, e.g.
  // "90 days"); returns how many.
  int64_t PurgeExecutions(const std::string& retention);

 private:
  Database& db_;
  std::string worker_name_;
};

}  // namespace riot
