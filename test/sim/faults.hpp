// Faults on demand (--faults, --latency-ms): 5xx answers, hung connections, malformed or
// truncated bodies, service 429s without Retry-After, requests that reach the limiter late, and
// latency with jitter. Each request's
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
  double server_error = 0;   // "5xx": 500, 502, 503 or 504
  double hang = 0;           // no answer until --hang-seconds pass or the server stops
  double malformed = 0;      // 200 with a body that is not JSON
  double truncated = 0;      // the connection closes half way through the body
  double service429 = 0;     // 429 X-Rate-Limit-Type: service, no Retry-After
  double connect_delay = 0;  // "connect_delay": the request reaches the limiter late (a slow
                             // network or connection), independently of the faults above
  int64_t connect_delay_max_ms = 2000;  // that delay is uniform in 1..max
  int64_t latency_mean_ms = 0;
  int64_t latency_jitter_ms = 0;
  int64_t hang_seconds = 120;
  uint64_t seed = 0;
};

// Parse "5xx=0.05,hang=0.01,malformed=0.01,truncated=0.01,service429=0.01,connect_delay=0.05"
// into `config`; the rates but connect_delay's sum to at most 1.
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
  // How long the next request takes to reach the limiter: 0, or with the connect_delay rate a
  // uniform 1..connect_delay_max_ms (its own sequence, drawn before the limiter counts).
  int64_t NextArrivalDelayMs() { return ArrivalDelayMs(arrivals_.fetch_add(1)); }
  int64_t ArrivalDelayMs(uint64_t sequence) const;
  void Reset() {
    sequence_ = 0;
    arrivals_ = 0;
  }
  const FaultConfig& Config() const { return config_; }

 private:
  FaultConfig config_;
  std::atomic<uint64_t> sequence_{0};
  std::atomic<uint64_t> arrivals_{0};
};

}  // namespace riot
