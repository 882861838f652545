// A running job inside one worker: the base every job kind builds on, and the registry that
// makes the handler of a claimed job.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/database.hpp"
#include "engine/error.hpp"
#include "engine/job_queue.hpp"
#include "engine/request_scheduler.hpp"

namespace riot {

// What a job may use while it runs.
struct JobServices {
  Database& db;
  JobQueue& queue;
  RequestScheduler& http;
};

class JobHandler {
 public:
  JobHandler(JobServices& services, Job job) : services_(services), job_(std::move(job)) {}
  virtual ~JobHandler() = default;
  JobHandler(const JobHandler&) = delete;
  JobHandler& operator=(const JobHandler&) = delete;

  // Begin the job (or its final step when job().fanned_out); it goes on in request callbacks.
  virtual void Start() = 0;

  const Job& GetJob() const { return job_; }
  bool Done() const { return done_; }
  // The attempt was lost (lease expired, cancelled): stop without writing anything more.
  void Abandon() { done_ = true; }
  // Fail the attempt; retryable errors come back after a backoff.
  void FailJob(const std::string& error, bool retryable);
  // Give the attempt back to the queue for another worker (this one is stopping).
  void Release();

 protected:
  // Succeed (or, with wait_for_children, wait until the children queued in this attempt end).
  void Complete(const nlohmann::json& result, bool wait_for_children = false);
  void Progress(const std::string& step, std::optional<int64_t> processed,
                std::optional<int64_t> total);
  // GET a Riot API path; on_response runs with the final response unless the job has ended.
  void Get(const std::string& route, const std::string& method_id, const std::string& path,
           std::function<void(const ApiResponse&)> on_response);
  // Fail the job for a response that is not a success and return false; true when it is one.
  bool RequireOk(const ApiResponse& response);
  // Parse a successful response's body with `parse`, or fail the job and return nullopt: a body
  // that is not JSON (cut short in transit) is worth another try, JSON `parse` rejects with a
  // riot::Error is not.
  template <typename Rows>
  std::optional<Rows> ParseOrFail(const ApiResponse& response,
                                  Rows (*parse)(const nlohmann::json&)) {
    const auto payload = nlohmann::json::parse(response.body, nullptr, false);
    if (payload.is_discarded()) {
      FailJob(response.method_id + ": malformed JSON body", true);
      return std::nullopt;
    }
    try {
      return parse(payload);
    } catch (const Error& e) {
      FailJob(std::string(e.what()) + (e.Detail().empty() ? "" : ": " + e.Detail()), false);
      return std::nullopt;
    }
  }

  JobServices& services_;
  Job job_;

 private:
  bool done_ = false;
};

// The handler for a claimed job; an unknown kind gets one that fails it.
std::unique_ptr<JobHandler> MakeJobHandler(JobServices& services, Job job);

// The job kinds this engine runs (workers claim only these).
const std::vector<std::string>& HandledJobKinds();

}  // namespace riot
