// Parse fault specifications and draw each request's fault.
#include "faults.hpp"

#include <charconv>
#include <string>

#include "random.hpp"

namespace riot {

namespace {
constexpr int kServerErrors[] = {500, 502, 503, 504};

bool ParseNumber(std::string_view text, double& value) {
  try {
    size_t used = 0;
    value = std::stod(std::string(text), &used);
    return used == text.size();
  } catch (const std::exception&) {
    return false;
  }
}

bool ParseWhole(std::string_view text, int64_t& value) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && result.ec == std::errc() && result.ptr == text.data() + text.size() &&
         value >= 0;
}
}  // namespace

std::string_view FaultName(Fault fault) {
  switch (fault) {
    case Fault::kNone:
      return "none";
    case Fault::kServerError:
      return "5xx";
    case Fault::kHang:
      return "hang";
    case Fault::kMalformed:
      return "malformed";
    case Fault::kTruncated:
      return "truncated";
    case Fault::kService429:
      return "service429";
  }
  return "none";
}

bool ParseFaultSpec(std::string_view text, FaultConfig& config) {
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t equals = item.find('=');
    double rate = 0;
    if (equals == std::string_view::npos || !ParseNumber(item.substr(equals + 1), rate) ||
        rate < 0 || rate > 1) {
      return false;
    }
    const std::string_view name = item.substr(0, equals);
    if (name == "5xx")
      config.server_error = rate;
    else if (name == "hang")
      config.hang = rate;
    else if (name == "malformed")
      config.malformed = rate;
    else if (name == "truncated")
      config.truncated = rate;
    else if (name == "service429")
      config.service429 = rate;
    else if (name == "connect_delay")
      config.connect_delay = rate;
    else
      return false;
  }
  return config.server_error + config.hang + config.malformed + config.truncated +
             config.service429 <=
         1.0;
}

bool ParseLatencySpec(std::string_view text, FaultConfig& config) {
  const size_t colon = text.find(':');
  int64_t mean = 0;
  int64_t jitter = 0;
  if (!ParseWhole(text.substr(0, colon), mean)) return false;
  if (colon != std::string_view::npos && !ParseWhole(text.substr(colon + 1), jitter)) return false;
  config.latency_mean_ms = mean;
  config.latency_jitter_ms = jitter;
  return true;
}

int64_t FaultInjector::ArrivalDelayMs(uint64_t sequence) const {
  if (config_.connect_delay <= 0) return 0;
  Rng rng(HashOf({config_.seed, 0xde1a7, sequence}));
  if (rng.Real() >= config_.connect_delay) return 0;
  return rng.Int(1, std::max<int64_t>(1, config_.connect_delay_max_ms));
}

FaultDecision FaultInjector::Decide(uint64_t sequence) const {
  Rng rng(HashOf({config_.seed, 0xfa017, sequence}));
  FaultDecision decision;
  const int64_t low = std::max<int64_t>(0, config_.latency_mean_ms - config_.latency_jitter_ms);
  decision.latency_ms = rng.Int(low, config_.latency_mean_ms + config_.latency_jitter_ms);
  double roll = rng.Real();
  const std::pair<Fault, double> kinds[] = {{Fault::kServerError, config_.server_error},
                                            {Fault::kHang, config_.hang},
                                            {Fault::kMalformed, config_.malformed},
                                            {Fault::kTruncated, config_.truncated},
                                            {Fault::kService429, config_.service429}};
  for (const auto& [fault, rate] : kinds) {
    if (roll < rate) {
      decision.fault = fault;
      break;
    }
    roll -= rate;
  }
  if (decision.fault == Fault::kServerError) decision.status = kServerErrors[rng.Index(4)];
  if (decision.fault == Fault::kService429) decision.status = 429;
  return decision;
}

}  // namespace riot
