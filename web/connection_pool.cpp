// Database connections for riot-web's requests.
#include "connection_pool.hpp"

#include <chrono>
#include <iostream>

#include "api_error.hpp"

namespace riot::web {

namespace {

constexpr auto kWaitForConnection = std::chrono::seconds(10);

// Every statement of a request ends within this, so a slow query cannot hold a connection (and
// a client) forever; it is answered 503.
constexpr char kSessionSetup[] =
    "SET application_name = 'riot-web'; SET statement_timeout = '15s'; "
    "SET idle_in_transaction_session_timeout = '60s'";

// riot.sync_player tells of a recent sync with a NOTICE; riot-web answers it in JSON instead,
// so notices are not printed.
class QuietNotices : public pqxx::errorhandler {
 public:
  explicit QuietNotices(pqxx::connection_base& connection) : pqxx::errorhandler(connection) {}
  bool operator()(const char*) noexcept override { return false; }
};

ApiError Unavailable() {
  return {http::kServiceUnavailable, "the database is unreachable",
          "Check that PostgreSQL is running and that riot-web's --db can connect."};
}

}  // namespace

struct ConnectionPool::Pooled {
  explicit Pooled(const std::string& connection_string) : connection(connection_string) {}
  pqxx::connection connection;
  QuietNotices notices{connection};  // declared after the connection: unregistered first
};

ConnectionPool::ConnectionPool(std::string connection_string, size_t size)
    : connection_string_(std::move(connection_string)), size_(size) {}

ConnectionPool::~ConnectionPool() = default;

std::unique_ptr<ConnectionPool::Pooled> ConnectionPool::Take() {
  {
    std::unique_lock lock(mutex_);
    const bool available = freed_.wait_for(lock, kWaitForConnection,
                                           [this] { return !idle_.empty() || open_ < size_; });
    if (!available) {
      throw ApiError(http::kServiceUnavailable, "riot-web is busy",
                     "Every database connection is in use; try again in a moment.");
    }
    if (!idle_.empty()) {
      std::unique_ptr<Pooled> pooled = std::move(idle_.back());
      idle_.pop_back();
      return pooled;
    }
    open_++;
  }
  try {
    auto pooled = std::make_unique<Pooled>(connection_string_);
    // Error messages then carry their SQLSTATE, which libpqxx 6 does not always pass on.
    pooled->connection.set_verbosity(pqxx::connection_base::verbose);
    pqxx::nontransaction setup(pooled->connection);
    setup.exec(kSessionSetup);
    return pooled;
  } catch (const std::exception& error) {
    std::cerr << "riot-web: cannot connect to the database: " << error.what() << std::flush;
    Forget();
    throw Unavailable();
  }
}

void ConnectionPool::Give(std::unique_ptr<Pooled> pooled) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(pooled));
  freed_.notify_one();
}

void ConnectionPool::Forget() {
  std::lock_guard lock(mutex_);
  open_--;
  freed_.notify_one();
}

void ConnectionPool::Run(const std::function<void(pqxx::connection&)>& body) {
  std::unique_ptr<Pooled> pooled = Take();
  try {
    body(pooled->connection);
  } catch (const pqxx::broken_connection&) {
    pooled.reset();
    Forget();
    throw Unavailable();
  } catch (...) {
    if (pooled->connection.is_open()) {
      Give(std::move(pooled));
    } else {
      pooled.reset();
      Forget();
    }
    throw;
  }
  Give(std::move(pooled));
}

}  // namespace riot::web
