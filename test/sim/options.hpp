// riot-sim's command line (see README.md): the world, limits, faults and where to listen.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "faults.hpp"
#include "rate_windows.hpp"
#include "world.hpp"

namespace riot {

struct SimOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: pick a free port and print it
  WorldConfig world;
  LimiterConfig limits;
  FaultConfig faults;
  std::string replay_dir;
  size_t cache_bytes = size_t{256} << 20;
  bool help = false;
};

// Parse argv (without the program name); throws std::invalid_argument naming the bad flag.
SimOptions ParseOptions(const std::vector<std::string>& args);

inline constexpr char kUsage[] = R"(usage: riot-sim [flags]
  --port N                 listen port; 0 (default) picks a free one
  --host ADDR              listen address (default 127.0.0.1)
  --seed N                 world seed (default 42)
  --players N              generated players besides the well-known ones (default 1000)
  --api-key KEY            the key X-Riot-Token must carry (default RGAPI-sim)
  --limits dev|prod|none   rate-limit preset (default dev: app 20:1,100:120)
  --app-limit SPEC         application windows per host, e.g. 500:10,30000:600
  --method-limit M=SPEC    windows of one method, e.g. match-v5.getMatch=2000:10 (repeatable)
  --latency-ms MEAN[:J]    answer after MEAN +- J milliseconds
  --faults SPEC            5xx=R,hang=R,malformed=R,truncated=R,service429=R (rates 0..1)
  --fault-seed N           seed of the fault draw (default: --seed)
  --hang-seconds N         how long a hung request stays silent (default 120)
  --replay DIR             serve the real match/timeline JSON files in DIR as part of histories
  --start-time S|now       the sim clock's start, epoch seconds (default 1772323200 = 2026-03-01)
  --cache-mb N             memory for rendered matches and timelines (default 256)
)";

}  // namespace riot
