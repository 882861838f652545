// The Riot API HTTP client: many GETs in flight on one libcurl multi handle, driven by the
// caller's event loop (it waits on Sockets() and NextTimeoutMs(), then calls Drive). No threads:
// inside PostgreSQL only the worker's main thread may run, and it also waits on its latch.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/defaults.hpp"
#include "riot/rate_limit_headers.hpp"

namespace riot {

struct ClientOptions {
  // "https://{route}.api.riotgames.com", or "http://127.0.0.1:PORT/{route}" for riot-sim.
  std::string base_url_template = defaults::kApiBaseUrl;
  std::string api_key;  // sent as X-Riot-Token; never copied into a message or a response
  int max_concurrent_requests = defaults::kMaxConcurrentRequests;
  long timeout_ms = defaults::kRequestTimeoutMs;  // whole request, connecting included
  std::string user_agent = "pg_riot";
};

// One GET. `id` is the caller's, returned on the response.
struct ApiRequest {
  uint64_t id = 0;
  std::string route;           // routing value: "kr", "asia"
  std::string method_id;       // "match-v5.getMatch": the method rate-limit bucket
  std::string path_and_query;  // already percent-encoded, starts with '/'
};

// What the caller should do with a response.
enum class Outcome {
  kOk,           // 2xx; whether the body parses is the caller's concern
  kRetry,        // 5xx, 408, timeout, connection or other transport error: try again later
  kPermanent,    // 400, 401, 403, 404, 405, 415 and other 4xx: the same request fails again
  kRateLimited,  // 429: wait as `limits` (limit_type, retry_after_seconds) says
};

// The HTTP statuses callers tell apart beyond their Outcome.
inline constexpr long kHttpOk = 200;
inline constexpr long kHttpNotFound = 404;  // no such account, summoner, match or timeline

struct ApiResponse {
  uint64_t id = 0;
  std::string route;
  std::string method_id;
  long status = 0;   // HTTP status; 0 when the transfer failed (timeout, connection, ...)
  std::string body;  // decoded (gzip) body, also for errors
  RateLimitInfo limits;
  Outcome outcome = Outcome::kRetry;
  std::string error;           // transport error text, or Riot's status.message on an HTTP error
  double elapsed_seconds = 0;  // from Start to completion
};

// A socket curl wants watched, and for what.
struct SocketInterest {
  int fd = -1;
  bool read = false;
  bool write = false;
};

// A socket the caller's wait found ready.
struct SocketEvent {
  int fd = -1;
  bool readable = false;
  bool writable = false;
};

// Classify an HTTP status (0 = transport error) into what the caller should do.
Outcome ClassifyStatus(long status);

// Riot's `status.message` from an error body like {"status":{"message":"...","status_code":N}};
// empty when the body is not that (Riot does not promise JSON on errors).
std::string RiotErrorMessage(std::string_view body);

class RiotClient {
 public:
  explicit RiotClient(ClientOptions options);
  ~RiotClient();
  RiotClient(const RiotClient&) = delete;
  RiotClient& operator=(const RiotClient&) = delete;
  RiotClient(RiotClient&&) = delete;  // curl callbacks hold `this`
  RiotClient& operator=(RiotClient&&) = delete;

  // Take new options (after SIGHUP); requests in flight finish with the old ones.
  void Reconfigure(ClientOptions options);

  // Requests that may be in flight at once (max_concurrent_requests, at least 1).
  size_t Capacity() const;
  size_t InFlight() const;
  bool HasCapacity() const { return InFlight() < Capacity(); }

  // Send a request. Throws riot::Error when no capacity is left (check HasCapacity first).
  // A request that cannot be sent (bad route or path) completes on the next Drive with
  // kPermanent rather than throwing.
  void Start(ApiRequest request);

  // Let curl work on the sockets that became ready and on expired timers, without blocking;
  // return the requests that finished. Call it with an empty list when the wait timed out.
  std::vector<ApiResponse> Drive(const std::vector<SocketEvent>& ready);

  // The sockets to wait on before the next Drive.
  std::vector<SocketInterest> Sockets() const;
  // Milliseconds to wait at most before the next Drive (-1: no timer, wait for sockets only).
  long NextTimeoutMs() const;

 private:
  struct Transfer;
  struct EasyDeleter {
    void operator()(CURL* easy) const;
  };
  struct MultiDeleter {
    void operator()(CURLM* multi) const;
  };
  using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
  using MultiPtr = std::unique_ptr<CURLM, MultiDeleter>;
  using Clock = std::chrono::steady_clock;

  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* client, void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* client);

  void ApplyMultiOptions();
  void Act(curl_socket_t fd, int event_mask);
  void CollectFinished(std::vector<ApiResponse>& finished);
  ApiResponse Finish(Transfer& transfer, CURLcode result);
  void Fail(ApiRequest request, std::string error);
  EasyPtr TakeEasy();

  ClientOptions options_;
  std::map<curl_socket_t, int> sockets_;  // what curl wants per socket (CURL_POLL_*)
  std::optional<Clock::time_point> timer_due_;
  std::vector<ApiResponse> failed_early_;  // requests that never reached curl
  std::vector<EasyPtr> idle_easy_;         // finished handles, reset for reuse
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  // Declared last so that it goes first: removing transfers calls back into the members above.
  MultiPtr multi_;
};

// Drive `client` until every started request has finished, waiting with poll(2); for
// riot-worker tools, tests and benchmarks, never inside PostgreSQL.
std::vector<ApiResponse> RunToCompletion(RiotClient& client);

}  // namespace riot
