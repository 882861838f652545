// What the sim counts for GET /__sim/stats: requests by endpoint and status, the 429s it sent,
// the requests that arrived beyond a limit (violations, by limit type and host), and the faults
// it injected. A client that never exceeds a limit leaves violations at 0.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "faults.hpp"

namespace riot {

class SimStats {
 public:
  void RecordResponse(std::string_view endpoint, int status);
  // A request rejected by the application or method limit it exceeded.
  void RecordViolation(std::string_view host, std::string_view method, std::string_view limit_type);
  void RecordFault(Fault fault);
  // A request held back before the limiter (--faults connect_delay), counted as fault
  // "connect_delay".
  void RecordArrivalDelay();
  void Reset();

  int64_t Requests() const;
  int64_t Violations() const;
  std::string ToJson() const;

 private:
  mutable std::mutex mutex_;
  int64_t requests_ = 0;
  int64_t rate_limited_ = 0;
  int64_t violations_ = 0;
  std::map<std::string, std::map<int, int64_t>, std::less<>> by_endpoint_;
  std::map<std::string, int64_t, std::less<>> violations_by_type_;
  std::map<std::string, int64_t, std::less<>> violations_by_host_;
  std::map<std::string, int64_t, std::less<>> violations_by_method_;
  std::map<std::string, int64_t, std::less<>> faults_;
};

}  // namespace riot
