// Job progress for Server-Sent Events: one thread reads the rows of every job some client
// watches, in one query per tick, and wakes the streams whose job changed. A hundred clients
// watching cost the database what one does.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace riot::web {

class ConnectionPool;

struct JobSnapshot {
  std::string json;      // riot.job_status as a JSON object
  uint64_t version = 0;  // grows with every change seen
  bool final = false;    // succeeded, failed or cancelled (or purged)
};

class JobWatcher {
 public:
  // `pool` is the watcher's own (one connection is enough): streams must not stall while
  // requests hold every connection of theirs.
  explicit JobWatcher(ConnectionPool& pool);
  ~JobWatcher();
  JobWatcher(const JobWatcher&) = delete;
  JobWatcher& operator=(const JobWatcher&) = delete;

  // Start and stop watching a job (counted: several streams may watch one job). Watch returns
  // the version already seen for it, from which a new stream waits for newer ones.
  uint64_t Watch(long long job_id);
  void Unwatch(long long job_id);

  // End every wait now and for good (at shutdown: streams then end at once).
  void Stop();

  // The job's state once its version is above `seen`, or nothing after `timeout` (or when the
  // watcher stops).
  std::optional<JobSnapshot> WaitNewer(long long job_id, uint64_t seen,
                                       std::chrono::milliseconds timeout);

 private:
  struct Entry {
    JobSnapshot snapshot;
    int watchers = 0;
  };
  void Loop();
  void Poll();

  ConnectionPool& pool_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<long long, Entry> jobs_;
  bool stopping_ = false;
  bool stopped_ = false;  // the thread has been joined
  std::thread thread_;
};

}  // namespace riot::web
