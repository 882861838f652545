// Counters behind GET /__sim/stats.
#include "sim_stats.hpp"

#include "json_writer.hpp"

namespace riot {

namespace {
void WriteCounts(JsonWriter& out, std::string_view key,
                 const std::map<std::string, int64_t, std::less<>>& counts) {
  out.Key(key).BeginObject();
  for (const auto& [name, count] : counts) out.IntField(name, count);
  out.EndObject();
}
}  // namespace

void SimStats::RecordResponse(std::string_view endpoint, int status) {
  std::lock_guard lock(mutex_);
  ++requests_;
  if (status == 429) ++rate_limited_;
  auto it = by_endpoint_.find(endpoint);
  if (it == by_endpoint_.end())
    it = by_endpoint_.emplace(std::string(endpoint), std::map<int, int64_t>()).first;
  ++it->second[status];
}

void SimStats::RecordViolation(std::string_view host, std::string_view method,
                               std::string_view limit_type) {
  std::lock_guard lock(mutex_);
  ++violations_;
  ++violations_by_type_[std::string(limit_type)];
  ++violations_by_host_[std::string(host)];
  ++violations_by_method_[std::string(method)];
}

void SimStats::RecordFault(Fault fault) {
  std::lock_guard lock(mutex_);
  ++faults_[std::string(FaultName(fault))];
}

void SimStats::RecordArrivalDelay() {
  std::lock_guard lock(mutex_);
  ++faults_["connect_delay"];
}

void SimStats::Reset() {
  std::lock_guard lock(mutex_);
  requests_ = rate_limited_ = violations_ = 0;
  by_endpoint_.clear();
  violations_by_type_.clear();
  violations_by_host_.clear();
  violations_by_method_.clear();
  faults_.clear();
}

int64_t SimStats::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int64_t SimStats::Violations() const {
  std::lock_guard lock(mutex_);
  return violations_;
}

std::string SimStats::ToJson() const {
  std::lock_guard lock(mutex_);
  std::string json;
  JsonWriter out(json);
  out.BeginObject().IntField("requests", requests_).Key("by_endpoint").BeginObject();
  for (const auto& [endpoint, statuses] : by_endpoint_) {
    out.Key(endpoint).BeginObject();
    for (const auto& [status, count] : statuses) out.IntField(std::to_string(status), count);
    out.EndObject();
  }
  out.EndObject().IntField("rate_limited", rate_limited_).IntField("violations", violations_);
  WriteCounts(out, "violations_by_type", violations_by_type_);
  WriteCounts(out, "violations_by_host", violations_by_host_);
  WriteCounts(out, "violations_by_method", violations_by_method_);
  WriteCounts(out, "faults", faults_);
  out.EndObject();
  return json;
}

}  // namespace riot
