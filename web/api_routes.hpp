// The HTTP API and the page: every route of riot-web, each answered by one pg_riot function or
// view (riot-web keeps no state of its own).
#pragma once

#include <atomic>

#include "options.hpp"

namespace httplib {
class Server;
}

namespace riot::web {

class ConnectionPool;
class JobWatcher;

class Api {
 public:
  Api(const Options& options, ConnectionPool& pool, JobWatcher& watcher)
      : options_(options), pool_(pool), watcher_(watcher) {}

  // Add every route, the error bodies and the limits to `server`.
  void Register(httplib::Server& server);

 private:
  const Options& options_;
  ConnectionPool& pool_;
  JobWatcher& watcher_;
  std::atomic<int> streams_{0};  // Server-Sent Event streams open now
};

}  // namespace riot::web
