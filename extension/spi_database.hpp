// The engine's Database interface over SPI, for the in-server workers.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/database.hpp"
#include "postgres_includes.hpp"

namespace riot {

class SpiDatabase final : public Database {
 public:
  // context: where results and the caller's data live between transactions.
  explicit SpiDatabase(MemoryContext context) : context_(context) {}

  std::vector<SqlRow> Query(std::string_view sql, const std::vector<SqlValue>& params) override;
  void Transaction(const std::function<void()>& body) override;
  using Database::Query;

 private:
  void Begin();
  void Commit();
  void Abort();
  void ExecuteInTransaction(const std::string& sql, const std::vector<SqlValue>& params,
                            std::vector<SqlRow>& rows);

  // Statements kept planned, by their text; a few dozen in practice, bounded all the same.
  static constexpr std::size_t kMaxKeptPlans = 256;
  std::unordered_map<std::string, SPIPlanPtr> plans_;
  MemoryContext context_;
  bool in_transaction_ = false;
};

}  // namespace riot
