// dota-sim: OpenDota's API and Dotabuff's team pages from a deterministic world, for pg_riot's
// Dota provider (tests, demo, benchmarks). Flags: dota-sim --help. See test/sim/README.md.
#include <csignal>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <httplib.h>

#include "dota/dota_sim_api.hpp"

namespace {

constexpr char kUsage[] = R"(usage: dota-sim [flags]
  --port N                 listen port; 0 (default) picks a free one
  --host ADDR              listen address (default 127.0.0.1)
  --seed N                 world seed (default 42)
  --teams N                teams in the world (default 12)
  --series N               series per league (default 6)
  --per-minute N           keyless requests per UTC minute (default 60)
  --per-day N              keyless requests per UTC day (default 2000)
  --keyed-per-minute N     requests per UTC minute with the key (default 1200)
  --no-limits              count, but refuse nothing
  --api-key UUID           the one valid key (default 00000000-0000-4000-8000-000000000000)
  --error-rate R           share of API requests answered 500 (default 0)
  --dotabuff-challenge     Dotabuff answers with Cloudflare's challenge page
  --replay DIR             serve the real OpenDota payloads in DIR (matches/, players/, ...)
  --start-time S           the sim clock's start, Unix seconds (default: now)
OpenDota is under /api, Dotabuff under /esports, control under /__sim (teams, stats, reset,
advance?seconds=N, parse?match_id=N, dotabuff?challenge=0|1).
)";

struct Flags {
  std::string host = "127.0.0.1";
  int port = 0;
  riot::dota_sim::WorldConfig world;
  riot::dota_sim::DotaSimConfig sim;
  std::string replay_dir;
};

Flags Parse(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--port")
      flags.port = std::stoi(value());
    else if (arg == "--host")
      flags.host = value();
    else if (arg == "--seed")
      flags.world.seed = std::stoull(value());
    else if (arg == "--teams")
      flags.world.teams = std::stoi(value());
    else if (arg == "--series")
      flags.world.series_per_league = std::stoi(value());
    else if (arg == "--per-minute")
      flags.sim.limits.keyless_per_minute = std::stoi(value());
    else if (arg == "--per-day")
      flags.sim.limits.keyless_per_day = std::stoi(value());
    else if (arg == "--keyed-per-minute")
      flags.sim.limits.keyed_per_minute = std::stoi(value());
    else if (arg == "--no-limits")
      flags.sim.limits.enabled = false;
    else if (arg == "--api-key")
      flags.sim.api_key = value();
    else if (arg == "--error-rate")
      flags.sim.error_rate = std::stod(value());
    else if (arg == "--dotabuff-challenge")
      flags.sim.dotabuff_challenge = true;
    else if (arg == "--replay")
      flags.replay_dir = value();
    else if (arg == "--start-time")
      flags.sim.start_time = std::stoll(value());
    else
      throw std::invalid_argument("unknown flag " + arg);
  }
  if (flags.world.teams < 2 || flags.world.teams > 1000)
    throw std::invalid_argument("--teams: 2 to 1000");
  return flags;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace riot::dota_sim;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help") {
      std::cout << kUsage;
      return 0;
    }
  }
  Flags flags;
  Replays replays;
  try {
    flags = Parse(argc, argv);
    if (!flags.replay_dir.empty()) replays = LoadReplays(flags.replay_dir);
  } catch (const std::exception& error) {
    std::cerr << "dota-sim: " << error.what() << "\n" << kUsage;
    return 2;
  }
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  DotaSimApi api(DotaWorld(flags.world), std::move(replays), flags.sim);
  httplib::Server server;
  auto handler = [&api](const httplib::Request& req, httplib::Response& res) {
    SimRequest request;
    request.method = req.method;
    request.path = req.path;
    for (const auto& [name, value] : req.params) request.params[name] = value;
    request.authorization = req.get_header_value("Authorization");
    request.caller = req.remote_addr;
    const SimResponse response = api.Handle(request);
    res.status = response.status;
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    res.set_content(response.body, response.content_type);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  const int port = flags.port == 0
                       ? server.bind_to_any_port(flags.host)
                       : (server.bind_to_port(flags.host, flags.port) ? flags.port : -1);
  if (port <= 0) {
    std::cerr << "dota-sim: cannot listen on " << flags.host << ":" << flags.port << "\n";
    return 1;
  }
  std::cout << "dota-sim: listening on http://" << flags.host << ":" << port << std::endl;
  std::thread listener([&server] { server.listen_after_bind(); });
  int signal = 0;
  sigwait(&stop_signals, &signal);
  server.stop();
  listener.join();
  return 0;
}
