// dota-sim's requests and answers, apart from HTTP (so that tests call it directly): OpenDota's
// routes under /api, Dotabuff's team pages under /esports, and the control routes under /__sim.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "dota/dota_limits.hpp"
#include "dota/dota_world.hpp"

namespace riot::dota_sim {

struct SimRequest {
  std::string method = "GET";
  std::string path;                           // decoded, without the query
  std::map<std::string, std::string> params;  // the query
  std::string authorization;                  // the Authorization header, if any
  std::string caller = "127.0.0.1";           // whose limits the request counts against
};

struct SimResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Real payloads served as they were recorded, in place of (or besides) generated ones:
// match id -> the states a match goes through (unparsed first, then parsed), and the bodies of
// other paths ("/players/40927904", "/players/40927904/wl", ...).
struct Replays {
  std::map<int64_t, std::vector<std::string>> matches;
  std::map<std::string, std::string> paths;
};

struct DotaSimConfig {
  DotaLimitConfig limits;
  std::string api_key = "00000000-0000-4000-8000-000000000000";  // the one valid key
  double error_rate = 0;            // share of API requests answered 500
  bool dotabuff_challenge = false;  // Dotabuff answers with Cloudflare's challenge page
  int64_t start_time = 0;           // the sim clock at start (0: the real clock)
};

class DotaSimApi {
 public:
  DotaSimApi(DotaWorld world, Replays replays, const DotaSimConfig& config);

  SimResponse Handle(const SimRequest& request);

  // The sim clock, in Unix seconds (the real clock plus what /__sim/advance added).
  int64_t Now() const;

 private:
  SimResponse OpenDota(const SimRequest& request, const std::vector<std::string>& parts);
  SimResponse Dotabuff(const std::vector<std::string>& parts, const SimRequest& request);
  SimResponse Control(const SimRequest& request, const std::vector<std::string>& parts);

  std::mutex mutex_;
  DotaWorld world_;
  Replays replays_;
  std::map<int64_t, int> replay_fetches_;
  DotaSimConfig config_;
  DotaLimiter limiter_;
  int64_t offset_seconds_ = 0;
  uint64_t requests_ = 0;
  std::map<std::string, int64_t> by_route_;
};

// Load DIR/matches/*.json (a match with both NAME.unparsed.json and NAME.parsed.json goes
// through both states, in that order), DIR/players/{id}.json, DIR/players/{id}.wl.json,
// DIR/teams/{id}.json, DIR/teams/{id}.matches.json, DIR/leagues/{id}.json and
// DIR/leagues/{id}.matchIds.json, where present. Throws std::runtime_error for a file that is
// not what its name says.
Replays LoadReplays(const std::string& dir);

}  // namespace riot::dota_sim
