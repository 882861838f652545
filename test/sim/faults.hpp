// Faults on demand (--faults, --latency-ms): 5xx answers, hung connections, malformed or
// truncated bodies, service 429s without Retry-After, and latency with jitter. Each request's
// fault follows from (seed, request number), so a run with the same requests repeats exactly.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace riot {

enum class Fault : uint8_t { kNone, kServerError, kHang, kMalformed, kTruncated, kService429 };

std::string_view FaultName(Fault fault);

struct FaultConfig {
  double server_error = 0;  // "5xx": 500, 502, 503 or 504
  double hang = 0;          // no answer until --hang-seconds pass or the server stops
  double malformed = 0;     // 200 with a body that is not JSON
  double truncated = 0;     // the connection closes half way through the body
  double service429 = 0;    // 429 X-Rate-Limit-Type: service, no Retry-After
  int64_t latency_mean_ms = 0;
  int64_t latency_jitter_ms = 0;
  int64_t hang_seconds = 120;
  uint64_t seed = 0;
};

// Parse "5xx=0.05,hang=0.01,malformed=0.01,truncated=0.01,service429=0.01" into `config`.
bool ParseFaultSpec(std::string_view text, FaultConfig& config);
// Parse "MEAN[:JITTER]" milliseconds into `config`.
bool ParseLatencySpec(std::string_view text, FaultConfig& config);

struct FaultDecision {
  Fault fault = Fault::kNone;
  int status = 200;        // for kServerError
  int64_t latency_ms = 0;  // to wait before answering
};

class FaultInjector {
 public:
  explicit FaultInjector(FaultConfig config) : config_(config) {}

  // The fault for the next request.
  FaultDecision Next() { return Decide(sequence_.fetch_add(1)); }
  // The fault for request number `sequence` (pure; Next() draws the numbers in order).
  FaultDecision Decide(uint64_t sequence) const;
  void Reset() { sequence_ = 0; }
  const FaultConfig& Config() const { return config_; }

 private:
  FaultConfig config_;
  std::atomic<uint64_t> sequence_{0};
};

}  // namespace riot
