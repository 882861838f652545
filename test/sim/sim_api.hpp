// The simulator's request handling, independent of HTTP: routing by path prefix
// (/{route}/... stands for https://{route}.api.riotgames.com/...), the API key check, rate limits,
// faults, the Riot endpoints, and the /__sim/ control endpoints. The HTTP server only transports.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "faults.hpp"
#include "rate_windows.hpp"
#include "response_cache.hpp"
#include "sim_stats.hpp"
#include "world.hpp"

namespace riot {

struct ApiRequest {
  std::string method = "GET";
  std::string target;   // raw path and query, still percent-encoded
  std::string api_key;  // X-Riot-Token, or the api_key query parameter
  bool has_api_key = false;
};

struct ApiResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Fault fault = Fault::kNone;  // hang and truncated are the transport's to act out
  int64_t latency_ms = 0;
  int64_t hang_seconds = 0;
};

class SimApi {
 public:
  SimApi(World& world, RateLimiter& limiter, FaultInjector& faults, SimStats& stats,
         ResponseCache& cache)
      : world_(world), limiter_(limiter), faults_(faults), stats_(stats), cache_(cache) {}

  ApiResponse Handle(const ApiRequest& request);

 private:
  ApiResponse HandleControl(const ApiRequest& request, std::string_view path,
                            std::string_view query);
  ApiResponse HandleRiot(const ApiRequest& request, std::string_view path, std::string_view query);

  World& world_;
  RateLimiter& limiter_;
  FaultInjector& faults_;
  SimStats& stats_;
  ResponseCache& cache_;
};

// {"status":{"message":...,"status_code":...}}, Riot's error body.
std::string RiotErrorBody(int status, std::string_view message);

}  // namespace riot
