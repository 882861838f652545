// Database connections for riot-web's requests: a fixed number, opened when first needed,
// dropped when broken, and never shared by two requests at once (libpqxx connections are not
// thread-safe).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace riot::web {

// A libpq connection string (key=value or URI) as key=value, with riot-web's session settings
// (statement timeouts, application_name) added to what it already says.
std::string WithSessionSettings(const std::string& connection_string);

class ConnectionPool {
 public:
  // Throws std::invalid_argument for a connection string libpq cannot parse.
  ConnectionPool(const std::string& connection_string, size_t size);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Run `body` on a connection of its own. When the database cannot be reached, or no
  // connection frees up in time, throws ApiError 503; a connection that broke meanwhile is
  // dropped (and the error is 503 too). Other exceptions pass through.
  void Run(const std::function<void(pqxx::connection&)>& body);

 private:
  struct Pooled;
  std::unique_ptr<Pooled> Take();
  void Give(std::unique_ptr<Pooled> pooled);
  void Forget();

  const std::string connection_string_;
  const size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Pooled>> idle_;
  size_t open_ = 0;  // idle and lent out
};

}  // namespace riot::web
