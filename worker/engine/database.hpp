// The one narrow interface the engine needs from PostgreSQL, implemented with SPI inside the
// server (extension/spi_database.cpp) and with libpqxx in riot-worker (pqxx_database.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace riot {

using SqlValue = std::optional<std::string>;  // text form; nullopt is NULL
using SqlRow = std::vector<SqlValue>;

class Database {
 public:
  virtual ~Database() = default;

  // Run one statement with text parameters $1, $2, ... and return its rows in text form.
  // Outside Transaction() each statement commits on its own.
  virtual std::vector<SqlRow> Query(std::string_view sql, const std::vector<SqlValue>& params) = 0;

  // Run body in one transaction: committed when it returns, rolled back when it throws.
  virtual void Transaction(const std::function<void()>& body) = 0;

  std::vector<SqlRow> Query(std::string_view sql) { return Query(sql, {}); }
};

// True when a query's first row starts with boolean true ("t").
bool ReturnedTrue(const std::vector<SqlRow>& rows);

// Format a list of integers as a PostgreSQL array literal.
std::string IntArrayLiteral(const std::vector<long>& values);

// Format a list of strings as a PostgreSQL text[] literal, quoting every element.
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace riot
