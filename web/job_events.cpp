// Job progress for Server-Sent Events, read by one thread for every client.
#include "job_events.hpp"

#include <vector>

#include <pqxx/pqxx>

#include "connection_pool.hpp"

namespace riot::web {

namespace {

// How often watched jobs are read: a progress bar moves smoothly, the database hardly notices.
constexpr auto kPollInterval = std::chrono::milliseconds(200);

constexpr char kWatchedJobs[] =
    "SELECT i.job_id, to_json(s)::text, s.state IN ('succeeded', 'failed', 'cancelled') "
    "  FROM unnest($1::bigint[]) AS i(job_id) "
    "  LEFT JOIN LATERAL riot.job_status(i.job_id) s ON true";

}  // namespace

JobWatcher::JobWatcher(ConnectionPool& pool) : pool_(pool), thread_([this] { Loop(); }) {}

JobWatcher::~JobWatcher() { Stop(); }

void JobWatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopping_ = true;
    stopped_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

uint64_t JobWatcher::Watch(long long job_id) {
  std::lock_guard lock(mutex_);
  Entry& entry = jobs_[job_id];
  entry.watchers++;
  return entry.snapshot.version;
}

void JobWatcher::Unwatch(long long job_id) {
  std::lock_guard lock(mutex_);
  auto entry = jobs_.find(job_id);
  if (entry != jobs_.end() && --entry->second.watchers <= 0) jobs_.erase(entry);
}

std::optional<JobSnapshot> JobWatcher::WaitNewer(long long job_id, uint64_t seen,
                                                 std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const auto newer = [&] {
    auto entry = jobs_.find(job_id);
    return stopping_ || (entry != jobs_.end() && entry->second.snapshot.version > seen);
  };
  if (!changed_.wait_for(lock, timeout, newer) || stopping_) return std::nullopt;
  return jobs_.at(job_id).snapshot;
}

void JobWatcher::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    changed_.wait_for(lock, kPollInterval, [this] { return stopping_; });
    if (stopping_ || jobs_.empty()) continue;
    lock.unlock();
    Poll();
    lock.lock();
  }
}

void JobWatcher::Poll() {
  std::string ids = "{";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [job_id, entry] : jobs_) {
      if (ids.size() > 1) ids += ',';
      ids += std::to_string(job_id);
    }
  }
  ids += '}';
  std::vector<std::tuple<long long, std::optional<std::string>, bool>> rows;
  try {
    pool_.Run([&](pqxx::connection& connection) {
      pqxx::read_transaction txn(connection);
      for (const auto& row : txn.exec_params(kWatchedJobs, ids)) {
        rows.emplace_back(row[0].as<long long>(),
                          row[1].is_null() ? std::nullopt : std::optional(row[1].as<std::string>()),
                          !row[2].is_null() && row[2].as<bool>());
      }
    });
  } catch (const std::exception&) {
    return;  // the database is away: the streams keep their last state and try again next tick
  }
  bool any = false;
  {
    std::lock_guard lock(mutex_);
    for (auto& [job_id, json, final] : rows) {
      auto entry = jobs_.find(job_id);
      if (entry == jobs_.end()) continue;
      JobSnapshot& snapshot = entry->second.snapshot;
      // A job purged while watched ends its streams with the last state they saw.
      const bool gone = !json.has_value();
      if (gone ? snapshot.final : snapshot.json == *json) continue;
      if (!gone) snapshot.json = std::move(*json);
      snapshot.final = gone || final;
      snapshot.version++;
      any = true;
    }
  }
  if (any) changed_.notify_all();
}

}  // namespace riot::web
