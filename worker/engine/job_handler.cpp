// A running job inside one worker: the base every job kind builds on.
#include "engine/job_handler.hpp"

namespace riot {

void JobHandler::Complete(const nlohmann::json& result, bool wait_for_children) {
  if (done_) return;
  // Done once finished: a Finish that throws leaves the job to be failed (and retried).
  services_.queue.Finish(job_, result, wait_for_children);
  done_ = true;
}

void JobHandler::FailJob(const std::string& error, bool retryable) {
  if (done_) return;
  done_ = true;
  services_.queue.Fail(job_, error, retryable);
}

void JobHandler::Release() {
  if (done_) return;
  done_ = true;
  services_.queue.Release(job_);
}

void JobHandler::Progress(const std::string& step, std::optional<int64_t> processed,
                          std::optional<int64_t> total) {
  if (!done_ && !services_.queue.Progress(job_, step, processed, total)) Abandon();
}

void JobHandler::Get(const std::string& route, const std::string& method_id,
                     const std::string& path, std::function<void(const ApiResponse&)> on_response) {
  services_.http.Get(job_.id, route, method_id, path,
                     [this, on_response = std::move(on_response)](const ApiResponse& response) {
                       if (!done_) on_response(response);
                     });
}

bool JobHandler::RequireOk(const ApiResponse& response) {
  if (response.outcome == Outcome::kOk) return true;
  std::string error = response.method_id + ": ";
  error +=
      response.status == 0 ? std::string("no response") : "HTTP " + std::to_string(response.status);
  if (!response.error.empty()) error += " (" + response.error + ")";
  // Permanent answers (400, 401, 403, 404) will not change on retry; the rest may.
  FailJob(error, response.outcome != Outcome::kPermanent);
  return false;
}

}  // namespace riot
