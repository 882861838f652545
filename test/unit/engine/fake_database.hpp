// A Database for unit tests with no server: it records every statement, answers each riot.*
// function through a handler the test installs (defaults keep an engine going), and keeps
// transactions, so a test can see what a throwing body left committed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/database.hpp"

namespace riot {

// One statement the code under test sent.
struct RecordedCall {
  std::string function;  // the function it calls, "riot._claim"; "" when it calls none
  std::string sql;
  std::vector<SqlValue> params;
  bool in_transaction = false;  // sent inside Transaction()
  bool committed = false;       // its transaction committed (or, outside one, it succeeded)
  bool rolled_back = false;     // its transaction rolled back (or, outside one, it threw)

  // The text of parameter `i` ($i+1); throws when it is NULL or missing.
  const std::string& Text(size_t i) const;
};

// The grant time the default riot._take_tokens answers with.
inline constexpr std::string_view kGrantedAt = "2030-01-01 00:00:00+00";

class FakeDatabase : public Database {
 public:
  // Answers one call with rows in text form; may throw to make the statement fail.
  using Handler = std::function<std::vector<SqlRow>(const RecordedCall& call)>;

  FakeDatabase();
  FakeDatabase(const FakeDatabase&) = delete;  // the default handlers hold `this`
  FakeDatabase& operator=(const FakeDatabase&) = delete;

  std::vector<SqlRow> Query(std::string_view sql, const std::vector<SqlValue>& params) override;
  using Database::Query;
  // Commit the statements `body` sent when it returns; roll them back and rethrow when it
  // throws. A nested Transaction joins the outer one.
  void Transaction(const std::function<void()>& body) override;

  // Answer calls to `function` ("riot._claim") with `handler` instead of the default.
  void On(const std::string& function, Handler handler);
  // Answer calls to functions with no handler of their own (by default: no rows).
  void OnAnyOther(Handler handler) { fallback_ = std::move(handler); }
  // Answer the next calls to `function` with these rows, one list per call, then as before.
  void Queue(const std::string& function, std::vector<std::vector<SqlRow>> answers);

  // Every call so far, in order.
  const std::vector<RecordedCall>& Calls() const { return calls_; }
  // The calls to one function, in order.
  std::vector<RecordedCall> CallsTo(const std::string& function) const;
  // The function names of every call, in order (for checking order at a glance).
  std::vector<std::string> Functions() const;
  // The calls that are committed.
  std::vector<RecordedCall> Committed() const;

  // The riot function a statement calls: the first "riot.<name>(" in it, "" when none.
  static std::string FunctionCalled(std::string_view sql);

 private:
  std::map<std::string, Handler> handlers_;
  Handler fallback_;
  std::map<std::string, std::vector<std::vector<SqlRow>>> queued_;
  std::vector<RecordedCall> calls_;
  int depth_ = 0;  // nesting of Transaction()
  int64_t next_job_id_ = 1000;
};

// A row as riot._claim returns it to JobQueue::Claim: job_id, kind, args, attempt, fanned_out,
// parent_id, result.
SqlRow ClaimRow(int64_t id, const std::string& kind, const std::string& args = "{}",
                int attempt = 1, bool fanned_out = false,
                std::optional<int64_t> parent_id = std::nullopt,
                const SqlValue& result = std::nullopt);

}  // namespace riot
