// The job queue as the engine sees it: claim, heartbeat, progress, finish, fail, enqueue.
#include "engine/job_queue.hpp"

#include "engine/error.hpp"

namespace riot {

namespace {

std::string Seconds(std::chrono::seconds duration) {
  return std::to_string(duration.count()) + " seconds";
}

}  // namespace

JobQueue::JobQueue(Database& db, std::string worker_name)
    : db_(db), worker_name_(std::move(worker_name)) {}

std::vector<Job> JobQueue::Claim(int batch_size, std::chrono::seconds lease,
                                 const std::vector<std::string>& kinds) {
  const SqlValue kinds_literal = kinds.empty() ? SqlValue() : SqlValue(TextArrayLiteral(kinds));
  const auto rows = db_.Query(
      "SELECT job_id, kind, args, attempt, fanned_out, parent_id, result "
      "FROM riot._claim($1, $2::integer, $3::interval, $4::text[])",
      {worker_name_, std::to_string(batch_size), Seconds(lease), kinds_literal});
  std::vector<Job> jobs;
  jobs.reserve(rows.size());
  for (const SqlRow& row : rows) {
    Job job;
    job.id = std::stoll(*row[0]);
    job.kind = *row[1];
    job.args = nlohmann::json::parse(*row[2]);
    job.attempt = std::stoi(*row[3]);
    job.fanned_out = row[4] == std::string("t");
    if (row[5]) job.parent_id = std::stoll(*row[5]);
    if (row[6]) job.result = nlohmann::json::parse(*row[6]);
    jobs.push_back(std::move(job));
  }
  return jobs;
}

bool JobQueue::Heartbeat(const Job& job, std::chrono::seconds lease) {
  return ReturnedTrue(db_.Query(
      "SELECT riot._heartbeat($1::bigint, $2::integer, $3, $4::interval)",
      {std::to_string(job.id), std::to_string(job.attempt), worker_name_, Seconds(lease)}));
}

bool JobQueue::Progress(const Job& job, const std::string& step, std::optional<int64_t> processed,
                        std::optional<int64_t> total) {
  auto number = [](std::optional<int64_t> value) {
    return value ? SqlValue(std::to_string(*value)) : SqlValue();
  };
  return ReturnedTrue(
      db_.Query("SELECT riot._progress($1::bigint, $2::integer, $3, $4, $5::bigint, $6::bigint)",
                {std::to_string(job.id), std::to_string(job.attempt), worker_name_, step,
                 number(processed), number(total)}));
}

bool JobQueue::Finish(const Job& job, const nlohmann::json& result, bool wait_for_children) {
  return ReturnedTrue(
      db_.Query("SELECT riot._finish($1::bigint, $2::integer, $3, $4::jsonb, $5::boolean)",
                {std::to_string(job.id), std::to_string(job.attempt), worker_name_,
                 result.is_null() ? SqlValue() : SqlValue(result.dump()),
                 wait_for_children ? "true" : "false"}));
}

std::string JobQueue::Fail(const Job& job, const std::string& error, bool retryable) {
  const auto rows = db_.Query("SELECT riot._fail($1::bigint, $2::integer, $3, $4, $5::boolean)",
                              {std::to_string(job.id), std::to_string(job.attempt), worker_name_,
                               error, retryable ? "true" : "false"});
  return rows.empty() || !rows[0][0] ? std::string() : *rows[0][0];
}

bool JobQueue::Release(const Job& job) {
  return ReturnedTrue(
      db_.Query("SELECT riot._release($1::bigint, $2::integer, $3)",
                {std::to_string(job.id), std::to_string(job.attempt), worker_name_}));
}

int64_t JobQueue::Enqueue(const std::string& kind, const nlohmann::json& args,
                          const std::optional<std::string>& dedup_key,
                          std::optional<int64_t> parent_id, int priority) {
  const auto rows = db_.Query("SELECT riot._enqueue($1, $2::jsonb, $3::integer, $4, $5::bigint)",
                              {kind, args.dump(), std::to_string(priority), dedup_key,
                               parent_id ? SqlValue(std::to_string(*parent_id)) : SqlValue()});
  if (rows.empty() || !rows[0][0]) throw Error("riot._enqueue returned no job id");
  return std::stoll(*rows[0][0]);
}

int64_t JobQueue::PurgeFinished(std::chrono::seconds retention) {
  const auto rows = db_.Query("SELECT riot._purge_finished($1::interval)", {Seconds(retention)});
  return rows.empty() || !rows[0][0] ? 0 : std::stoll(*rows[0][0]);
}

void JobQueue::ExecutionStarted(const Job& job) {
  db_.Query("SELECT riot._execution_started($1::bigint)", {std::to_string(job.id)});
}

int64_t JobQueue::PurgeExecutions(const std::string& retention) {
  const auto rows = db_.Query("SELECT riot._purge_executions($1::interval)", {retention});
  return rows.empty() || !rows[0][0] ? 0 : std::stoll(*rows[0][0]);
}

}  // namespace riot
