// The engine's Database interface over libpqxx, for riot-worker outside the server.
#include "riot_worker/pqxx_database.hpp"

namespace riot {

namespace {

std::vector<SqlRow> Run(pqxx::transaction_base& txn, std::string_view sql,
                        const std::vector<SqlValue>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const SqlValue& param : params) values.push_back(param ? param->c_str() : nullptr);
  const pqxx::result result =
      txn.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(values));
  std::vector<SqlRow> rows;
  rows.reserve(result.size());
  for (const auto& tuple : result) {
    SqlRow row;
    row.reserve(tuple.size());
    for (const auto& field : tuple) {
      row.push_back(field.is_null() ? SqlValue() : SqlValue(field.c_str()));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

PqxxDatabase::PqxxDatabase(const std::string& connection_string) : connection_(connection_string) {}

std::vector<SqlRow> PqxxDatabase::Query(std::string_view sql, const std::vector<SqlValue>& params) {
  if (transaction_) return Run(*transaction_, sql, params);
  pqxx::nontransaction autocommit(connection_);
  return Run(autocommit, sql, params);
}

void PqxxDatabase::Transaction(const std::function<void()>& body) {
  transaction_ = std::make_unique<pqxx::work>(connection_);
  try {
    body();
    transaction_->commit();
  } catch (...) {
    transaction_.reset();
    throw;
  }
  transaction_.reset();
}

}  // namespace riot
