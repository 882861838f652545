// A Database for unit tests with no server: records statements, answers riot.* functions
// through handlers, keeps transactions.
#include "fake_database.hpp"

#include <cctype>
#include <stdexcept>

namespace riot {

namespace {

std::vector<SqlRow> One(SqlValue value) { return {SqlRow{std::move(value)}}; }

}  // namespace

const std::string& RecordedCall::Text(size_t i) const {
  if (i >= params.size() || !params[i]) {
    throw std::logic_error(function + ": parameter $" + std::to_string(i + 1) + " is not text");
  }
  return *params[i];
}

FakeDatabase::FakeDatabase() {
  // Defaults: no job to claim, every held attempt still held, every token granted.
  On("riot._claim", [](const RecordedCall&) { return std::vector<SqlRow>{}; });
  for (const char* held : {"riot._heartbeat", "riot._finish", "riot._release", "riot._progress"}) {
    On(held, [](const RecordedCall&) { return One("t"); });
  }
  On("riot._fail",
     [](const RecordedCall& call) { return One(call.Text(4) == "true" ? "queued" : "failed"); });
  On("riot._enqueue", [this](const RecordedCall&) { return One(std::to_string(next_job_id_++)); });
  On("riot._purge_finished", [](const RecordedCall&) { return One("0"); });
  On("riot._expire_dead_worker_leases", [](const RecordedCall&) { return One("0"); });
  On("riot._take_tokens", [](const RecordedCall& call) {
    return std::vector<SqlRow>{{call.Text(2), "0", std::string(kGrantedAt)}};
  });
  On("riot._record_response", [](const RecordedCall&) { return One(std::nullopt); });
}

std::string FakeDatabase::FunctionCalled(std::string_view sql) {
  constexpr std::string_view kSchema = "riot.";
  for (size_t at = sql.find(kSchema); at != std::string_view::npos;
       at = sql.find(kSchema, at + 1)) {
    size_t end = at + kSchema.size();
    while (end < sql.size() &&
           (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_')) {
      end++;
    }
    size_t paren = end;
    while (paren < sql.size() && std::isspace(static_cast<unsigned char>(sql[paren]))) paren++;
    if (end > at + kSchema.size() && paren < sql.size() && sql[paren] == '(') {
      return std::string(sql.substr(at, end - at));
    }
  }
  return "";
}

std::vector<SqlRow> FakeDatabase::Query(std::string_view sql, const std::vector<SqlValue>& params) {
  RecordedCall call;
  call.function = FunctionCalled(sql);
  call.sql = std::string(sql);
  call.params = params;
  call.in_transaction = depth_ > 0;
  calls_.push_back(call);
  const size_t index = calls_.size() - 1;
  try {
    std::vector<SqlRow> rows;
    auto queued = queued_.find(call.function);
    if (queued != queued_.end() && !queued->second.empty()) {
      rows = std::move(queued->second.front());
      queued->second.erase(queued->second.begin());
    } else if (auto handler = handlers_.find(call.function); handler != handlers_.end()) {
      rows = handler->second(call);
    } else if (fallback_) {
      rows = fallback_(call);
    }
    if (depth_ == 0) calls_[index].committed = true;
    return rows;
  } catch (...) {
    if (depth_ == 0) calls_[index].rolled_back = true;
    throw;
  }
}

void FakeDatabase::Transaction(const std::function<void()>& body) {
  if (depth_ > 0) {
    body();
    return;
  }
  const size_t first = calls_.size();
  depth_ = 1;
  try {
    body();
  } catch (...) {
    depth_ = 0;
    for (size_t i = first; i < calls_.size(); i++) calls_[i].rolled_back = true;
    throw;
  }
  depth_ = 0;
  for (size_t i = first; i < calls_.size(); i++) calls_[i].committed = true;
}

void FakeDatabase::On(const std::string& function, Handler handler) {
  handlers_[function] = std::move(handler);
}

void FakeDatabase::Queue(const std::string& function, std::vector<std::vector<SqlRow>> answers) {
  auto& queued = queued_[function];
  for (auto& answer : answers) queued.push_back(std::move(answer));
}

std::vector<RecordedCall> FakeDatabase::CallsTo(const std::string& function) const {
  std::vector<RecordedCall> matching;
  for (const RecordedCall& call : calls_) {
    if (call.function == function) matching.push_back(call);
  }
  return matching;
}

std::vector<std::string> FakeDatabase::Functions() const {
  std::vector<std::string> functions;
  for (const RecordedCall& call : calls_) functions.push_back(call.function);
  return functions;
}

std::vector<RecordedCall> FakeDatabase::Committed() const {
  std::vector<RecordedCall> committed;
  for (const RecordedCall& call : calls_) {
    if (call.committed) committed.push_back(call);
  }
  return committed;
}

SqlRow ClaimRow(int64_t id, const std::string& kind, const std::string& args, int attempt,
                bool fanned_out, std::optional<int64_t> parent_id, const SqlValue& result) {
  return SqlRow{std::to_string(id),
                kind,
                args,
                std::to_string(attempt),
                std::string(fanned_out ? "t" : "f"),
                parent_id ? SqlValue(std::to_string(*parent_id)) : SqlValue(),
                result};
}

}  // namespace riot
