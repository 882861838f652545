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

extern const char kUsage[];

}  // namespace riot
