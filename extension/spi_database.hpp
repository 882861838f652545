// The engine's Database interface over SPI, for the in-server workers.
#pragma once

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

  MemoryContext context_;
  bool in_transaction_ = false;
};

}  // namespace riot
