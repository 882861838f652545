// riot-web's command line.
#include "options.hpp"

#include <cstdlib>
#include <string_view>

#include "engine/error.hpp"

namespace riot::web {

namespace {

constexpr int kMaxPort = 65535;
constexpr int kMaxPoolSize = 64;

int ParseInt(const std::string& option, const std::string& text, int low, int high) {
  size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < low || value > high) {
    throw Error(option + " must be a whole number from " + std::to_string(low) + " to " +
                    std::to_string(high) + ", not \"" + text + "\"",
                sqlstate::kInvalidParameterValue);
  }
  return value;
}

// "HOST:PORT", ":PORT" or "PORT"; an IPv6 host in brackets ("[::1]:8080").
void ParseListen(const std::string& text, Options& options) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    options.port = ParseInt("--listen", text, 0, kMaxPort);
    return;
  }
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (!host.empty()) options.host = host;
  options.port = ParseInt("--listen", text.substr(colon + 1), 0, kMaxPort);
}

}  // namespace

std::string Usage() {
  return "usage: riot-web [--db CONNECTION_STRING] [--listen [HOST:]PORT] [--token TOKEN] "
         "[--pool N]\n"
         "  Serves pg_riot's SQL API as an HTTP API, and the page at /.\n"
         "  --db       libpq connection string or URI (default: libpq's PG* variables); its role\n"
         "             needs riot_operator, nothing more\n"
         "  --listen   address to listen on (default 127.0.0.1:8080; port 0 picks a free one)\n"
         "  --token    POST /api/sync then requires 'Authorization: Bearer TOKEN'; prefer the\n"
         "             RIOT_WEB_TOKEN environment variable, which other users cannot read\n"
         "  --pool     database connections for requests (default 8)\n";
}

Options ParseOptions(int argc, const char* const* argv) {
  Options options;
  if (const char* token = std::getenv("RIOT_WEB_TOKEN"); token != nullptr) options.token = token;
  for (int i = 1; i < argc; i++) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        throw Error("option " + arg + " needs a value", sqlstate::kInvalidParameterValue);
      return argv[++i];
    };
    if (arg == "--db") {
      options.database = value();
    } else if (arg == "--listen") {
      ParseListen(value(), options);
    } else if (arg == "--token") {
      options.token = value();
    } else if (arg == "--pool") {
      options.pool_size = ParseInt("--pool", value(), 1, kMaxPoolSize);
    } else if (arg == "--help" || arg == "-h") {
      options.help = true;
    } else {
      throw Error("unknown option \"" + arg + "\"", sqlstate::kInvalidParameterValue, {},
                  "Run riot-web --help for the options.");
    }
  }
  return options;
}

}  // namespace riot::web
