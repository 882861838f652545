// riot-web's command line.
#pragma once

#include <string>

namespace riot::web {

struct Options {
  std::string database;  // libpq connection string; empty: libpq's defaults (PG* variables)
  std::string host = "127.0.0.1";  // only this machine, unless told otherwise
  int port = 8080;                 // 0: any free port (printed at start)
  std::string token;               // when set, POSTs that spend API budget must present it
  int pool_size = 8;               // database connections for requests
  bool help = false;
};

// Parse argv; throws riot::Error (22023) for a bad option. The token comes from --token or,
// better (argv is visible to every local user), from RIOT_WEB_TOKEN.
Options ParseOptions(int argc, const char* const* argv);

std::string Usage();

}  // namespace riot::web
