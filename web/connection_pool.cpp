// Database connections for riot-web's requests.
#include "connection_pool.hpp"

#include <chrono>
#include <iostream>
#include <stdexcept>

#include <libpq-fe.h>

#include "api_error.hpp"

namespace riot::web {

namespace {

constexpr auto kWaitForConnection = std::chrono::seconds(10);

// Every statement of a request ends within this, so a slow query cannot hold a connection (and
// a client) forever; it is answered 503. The settings travel in the connection string, not in
// SET statements: libpqxx 6 reconnects a broken connection by itself, and a reconnected session
// would have lost what SET said.
constexpr char kSessionOptions[] =
    "-c statement_timeout=15s -c idle_in_transaction_session_timeout=60s";

// A libpq parameter value, quoted for a key=value connection string.
std::string Quoted(const std::string& value) {
  std::string quoted = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

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

std::string WithSessionSettings(const std::string& connection_string) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(connection_string.c_str(), &error);
  if (parsed == nullptr) {
    const std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    throw std::invalid_argument("invalid --db connection string: " + message);
  }
  std::string result;
  std::string options;
  bool named = false;
  for (PQconninfoOption* option = parsed; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string keyword = option->keyword;
    if (keyword == "options") {
      options = option->val;
      continue;
    }
    named = named || keyword == "application_name";
    result += keyword + "=" + Quoted(option->val) + " ";
  }
  PQconninfoFree(parsed);
  if (!named) result += "application_name='riot-web' ";
  return result +
         "options=" + Quoted(options.empty() ? kSessionOptions : options + " " + kSessionOptions);
}

struct ConnectionPool::Pooled {
  explicit Pooled(const std::string& connection_string) : connection(connection_string) {}
  pqxx::connection connection;
  QuietNotices notices{connection};  // declared after the connection: unregistered first
};

ConnectionPool::ConnectionPool(const std::string& connection_string, size_t size)
    : connection_string_(WithSessionSettings(connection_string)), size_(size) {}

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
