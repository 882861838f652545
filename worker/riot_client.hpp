// A concurrent Riot API client on libcurl's multi interface, driven by the caller's event loop
// (never a thread of its own: inside the server only the main thread may call PostgreSQL, and
// it waits on its latch and these sockets together).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "rate_limit_headers.hpp"

namespace riot {

struct ClientOptions {
  std::string base_url_template = "https://{route}.api.riotgames.com";
  std::string api_key;
  int max_concurrent_requests = 20;
  long timeout_ms = 10000;
  std::string user_agent = "pg_riot";
};

struct ApiRequest {
  uint64_t id = 0;
  std::string route;            // "kr", "asia"
  std::string method_id;        // "match-v5.getMatch"
  std::string path_and_query;   // already encoded, starts with '/'
};

enum class Outcome {
  kOk,           // 2xx
  kRetry,        // 5xx, timeouts, connection errors: may succeed later
  kPermanent,    // 400, 401, 403, 404 and other 4xx: will not change
  kRateLimited,  // 429
};

struct ApiResponse {
  uint64_t id = 0;
  std::string route;
  std::string method_id;
  long status = 0;  // 0 when no HTTP response arrived
  std::string body;
  RateLimitInfo limits;
  Outcome outcome = Outcome::kRetry;
  std::string error;  // transport error or Riot's status.message; never holds the key
  double elapsed_seconds = 0;
};

// A socket curl wants watched, and one the caller saw become ready.
struct SocketInterest {
  int fd = -1;
  bool read = false;
  bool write = false;
};
struct SocketEvent {
  int fd = -1;
  bool readable = false;
  bool writable = false;
};

class RiotClient {
 public:
  explicit RiotClient(ClientOptions options);
  ~RiotClient();
  RiotClient(const RiotClient&) = delete;
  RiotClient& operator=(const RiotClient&) = delete;

  // Apply new options (after SIGHUP) to requests started from now on.
  void Reconfigure(ClientOptions options);
  size_t Capacity() const { return static_cast<size_t>(options_.max_concurrent_requests); }
  size_t InFlight() const { return transfers_.size(); }
  // Send a request now; throws riot::Error when already at capacity.
  void Start(ApiRequest request);
  // Let curl work on the sockets that became ready and on expired timers, without blocking;
  // return the requests that finished.
  std::vector<ApiResponse> Drive(const std::vector<SocketEvent>& ready);
  // What to wait on next: curl's sockets, and the milliseconds until its timer (-1: none).
  std::vector<SocketInterest> Sockets() const;
  long NextTimeoutMs() const;

 private:
  struct Transfer;
  struct Handles;

  static int OnSocket(void* easy, int fd, int what, void* client, void* socket_data);
  static int OnTimer(void* multi, long timeout_ms, void* client);
  std::vector<ApiResponse> Collect();

  ClientOptions options_;
  std::unique_ptr<Handles> handles_;
  std::unordered_map<int, SocketInterest> sockets_;
  bool timer_armed_ = false;
  std::chrono::steady_clock::time_point timer_deadline_;
  std::unordered_map<void*, std::unique_ptr<Transfer>> transfers_;
};

// Block until every started request has finished (poll(2) on the client's sockets): for
// riot-worker's tests, benchmarks and tools without an event loop of their own.
std::vector<ApiResponse> RunToCompletion(RiotClient& client);

}  // namespace riot
