// The engine's Database interface over libpqxx, for riot-worker outside the server.
#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "engine/database.hpp"

namespace riot {

class PqxxDatabase final : public Database {
 public:
  explicit PqxxDatabase(const std::string& connection_string);

  std::vector<SqlRow> Query(std::string_view sql, const std::vector<SqlValue>& params) override;
  void Transaction(const std::function<void()>& body) override;
  using Database::Query;

  pqxx::connection& Connection() { return connection_; }

 private:
  pqxx::connection connection_;
  std::unique_ptr<pqxx::work> transaction_;  // set inside Transaction()
};

}  // namespace riot
