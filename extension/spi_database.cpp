// The engine's Database interface over SPI, for the in-server workers.
#include "spi_database.hpp"

#include <string>

#include "cpp_boundary.hpp"
#include "engine/error.hpp"

namespace riot {

namespace {

// A statement planned once and kept for the worker's life (the engine runs the same few
// statements thousands of times), or for one run only. PostgreSQL's plan cache replans a kept
// plan when what it uses changes (ALTER EXTENSION UPDATE, say).
SPIPlanPtr Prepare(const std::string& sql, int count, bool keep) {
  std::vector<Oid> types(count, TEXTOID);
  return PgCall([&] {
    SPIPlanPtr plan = SPI_prepare(sql.c_str(), count, types.data());
    if (plan == nullptr) {
      elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
    }
    if (keep && SPI_keepplan(plan) != 0) elog(ERROR, "SPI_keepplan failed");
    return plan;
  });
}

}  // namespace

// Run one statement through SPI in the current transaction and copy its rows out.
void SpiDatabase::ExecuteInTransaction(const std::string& sql, const std::vector<SqlValue>& params,
                                       std::vector<SqlRow>& rows) {
  const int count = static_cast<int>(params.size());
  std::vector<Datum> values(params.size());
  std::vector<char> nulls(params.size(), ' ');
  PgCall([&] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    PushActiveSnapshot(GetTransactionSnapshot());
  });
  SPIPlanPtr plan = nullptr;
  if (const auto found = plans_.find(sql); found != plans_.end()) {
    plan = found->second;
  } else {
    const bool keep = plans_.size() < kMaxKeptPlans;
    plan = Prepare(sql, count, keep);
    if (keep) plans_.emplace(sql, plan);
  }
  PgCall([&] {
    for (int i = 0; i < count; i++) {
      if (params[i]) {
        values[i] = PointerGetDatum(
            cstring_to_text_with_len(params[i]->data(), static_cast<int>(params[i]->size())));
      } else {
        nulls[i] = 'n';
      }
    }
    const int status = SPI_execute_plan(plan, values.data(), nulls.data(), false, 0);
    if (status < 0) elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(status));
  });
  // Copy the rows out while SPI is still connected; std::string may throw, SPI calls may not.
  if (SPI_tuptable != nullptr) {
    TupleDesc desc = SPI_tuptable->tupdesc;
    rows.reserve(SPI_processed);
    for (uint64 r = 0; r < SPI_processed; r++) {
      SqlRow row;
      row.reserve(desc->natts);
      for (int c = 1; c <= desc->natts; c++) {
        char* text = PgCall([&] { return SPI_getvalue(SPI_tuptable->vals[r], desc, c); });
        row.push_back(text ? SqlValue(text) : SqlValue());
      }
      rows.push_back(std::move(row));
    }
  }
  PgCall([] {
    SPI_finish();
    PopActiveSnapshot();
  });
}

void SpiDatabase::Begin() {
  PgCall([] {
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
  });
}

void SpiDatabase::Commit() {
  PgCall([this] {
    CommitTransactionCommand();
    MemoryContextSwitchTo(context_);
  });
}

void SpiDatabase::Abort() {
  PgCall([this] {
    AbortCurrentTransaction();
    MemoryContextSwitchTo(context_);
  });
}

std::vector<SqlRow> SpiDatabase::Query(std::string_view sql, const std::vector<SqlValue>& params) {
  std::vector<SqlRow> rows;
  const std::string statement(sql);
  if (in_transaction_) {
    ExecuteInTransaction(statement, params, rows);
    return rows;
  }
  Begin();
  try {
    ExecuteInTransaction(statement, params, rows);
  } catch (...) {
    Abort();
    throw;
  }
  Commit();
  return rows;
}

void SpiDatabase::Transaction(const std::function<void()>& body) {
  if (in_transaction_) throw Error("pg_riot: nested transactions are not supported");
  Begin();
  in_transaction_ = true;
  try {
    body();
  } catch (...) {
    in_transaction_ = false;
    Abort();
    throw;
  }
  in_transaction_ = false;
  Commit();
}

}  // namespace riot
