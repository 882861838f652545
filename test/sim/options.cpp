// Parse riot-sim's flags.
#include "options.hpp"

#include <chrono>
#include <stdexcept>

namespace riot {

namespace {

int64_t ToInteger(const std::string& flag, const std::string& value) {
  try {
    size_t used = 0;
    const long long parsed = std::stoll(value, &used);
    if (used == value.size()) return parsed;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(flag + " wants an integer, not '" + value + "'");
}

RateLimitSpec ToLimits(const std::string& flag, const std::string& value) {
  const auto spec = ParseRateLimitSpec(value);
  if (!spec) throw std::invalid_argument(flag + " wants LIMIT:SECONDS[,...], not '" + value + "'");
  return *spec;
}

}  // namespace

SimOptions ParseOptions(const std::vector<std::string>& args) {
  SimOptions options;
  std::string preset = "dev";
  std::optional<RateLimitSpec> app_limit;
  std::vector<std::pair<std::string, RateLimitSpec>> method_limits;
  std::optional<uint64_t> fault_seed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") {
      options.help = true;
      continue;
    }
    if (i + 1 >= args.size())
      throw std::invalid_argument(flag + " needs a value (or is unknown; see --help)");
    const std::string& value = args[++i];
    if (flag == "--port") {
      options.port = static_cast<int>(ToInteger(flag, value));
      if (options.port < 0 || options.port > 65535)
        throw std::invalid_argument("--port must be 0..65535");
    } else if (flag == "--host") {
      options.host = value;
    } else if (flag == "--seed") {
      options.world.seed = static_cast<uint64_t>(ToInteger(flag, value));
    } else if (flag == "--players") {
      options.world.players = static_cast<int>(ToInteger(flag, value));
      if (options.world.players < 0) throw std::invalid_argument("--players must not be negative");
    } else if (flag == "--api-key") {
      options.world.api_key = value;
    } else if (flag == "--limits") {
      if (!LimiterPreset(value)) throw std::invalid_argument("--limits is dev, prod or none");
      preset = value;
    } else if (flag == "--app-limit") {
      app_limit = ToLimits(flag, value);
    } else if (flag == "--method-limit") {
      const size_t equals = value.find('=');
      if (equals == std::string::npos)
        throw std::invalid_argument("--method-limit wants METHOD=SPEC");
      method_limits.emplace_back(value.substr(0, equals), ToLimits(flag, value.substr(equals + 1)));
    } else if (flag == "--latency-ms") {
      if (!ParseLatencySpec(value, options.faults))
        throw std::invalid_argument("--latency-ms wants MEAN[:JITTER]");
    } else if (flag == "--faults") {
      if (!ParseFaultSpec(value, options.faults)) {
        throw std::invalid_argument(
            "--faults wants 5xx=R,hang=R,malformed=R,truncated=R,service429=R,connect_delay=R with "
            "rates (connect_delay's aside) summing to at most 1");
      }
    } else if (flag == "--fault-seed") {
      fault_seed = static_cast<uint64_t>(ToInteger(flag, value));
    } else if (flag == "--hang-seconds") {
      options.faults.hang_seconds = ToInteger(flag, value);
    } else if (flag == "--connect-delay-ms") {
      options.faults.connect_delay_max_ms = ToInteger(flag, value);
    } else if (flag == "--replay") {
      options.replay_dir = value;
    } else if (flag == "--start-time") {
      const int64_t seconds = value == "now"
                                  ? std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count()
                                  : ToInteger(flag, value);
      options.world.start_ms = seconds * kMsPerSecond;
      if (options.world.start_ms <= options.world.history_start_ms) {
        throw std::invalid_argument("--start-time must be after the history start (2022-01-10)");
      }
    } else if (flag == "--cache-mb") {
      options.cache_bytes = static_cast<size_t>(ToInteger(flag, value)) << 20;
    } else {
      throw std::invalid_argument("unknown flag " + flag + " (see --help)");
    }
  }
  options.limits = *LimiterPreset(preset);
  if (app_limit) options.limits.app = *app_limit;
  for (auto& [method, spec] : method_limits) options.limits.methods[method] = std::move(spec);
  options.faults.seed = fault_seed.value_or(options.world.seed);
  return options;
}

}  // namespace riot
