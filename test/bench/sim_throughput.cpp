// riot-sim throughput on one core: match-v5 getMatch responses per second over HTTP (server and
// keep-alive clients in this process, pinned to one CPU), after a pass that renders every match.
// Usage: sim_throughput [SECONDS] [CLIENTS]; the last line is the figure.
#include <httplib.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "http_server.hpp"
#include "match_generator.hpp"

namespace {

constexpr size_t kPoolSize = 2000;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Pin this thread, and every thread it starts later, to the first CPU it may use.
void PinToOneCore() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  sched_getaffinity(0, sizeof allowed, &allowed);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed)) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    sched_setaffinity(0, sizeof one, &one);
    return;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::stod(argv[1]) : 5.0;
  const int clients = argc > 2 ? std::stoi(argv[2]) : 4;
  PinToOneCore();

  riot::WorldConfig config;
  riot::World world(config);
  riot::SteadyClock clock;
  riot::RateLimiter limiter(*riot::LimiterPreset("none"), clock);
  riot::FaultInjector faults{riot::FaultConfig()};
  riot::SimStats stats;
  riot::ResponseCache cache(size_t{512} << 20);
  riot::SimApi api(world, limiter, faults, stats, cache);

  // The most recent finished matches, with the region that serves each.
  std::vector<std::string> paths;
  {
    const auto lock = world.ReadLock();
    for (size_t i = world.MatchCount(); i-- > 0 && paths.size() < kPoolSize;) {
      const riot::MatchRecord& match = world.Match(i);
      if (!world.HasEnded(match)) continue;
      paths.push_back("/" + std::string(riot::RegionName(riot::Platform(match.platform).region)) +
                      "/lol/match/v5/matches/" + match.MatchId());
    }
    // Rendering alone, no HTTP and no cache.
    const auto start = std::chrono::steady_clock::now();
    size_t bytes = 0;
    for (size_t i = 0; i < 500; ++i)
      bytes += riot::GenerateMatchJson(world, world.Match(world.MatchCount() - 1 - i)).size();
    std::printf("render: %.0f matches per second, %.1f KB each (no HTTP, no cache)\n",
                500 / Seconds(start), static_cast<double>(bytes) / 500.0 / 1024);
  }

  riot::HttpServer server(api);
  const int port = server.Bind("127.0.0.1", 0);
  std::thread serving([&] { server.Serve(); });
  const httplib::Headers key = {{"X-Riot-Token", "RGAPI-sim"}};

  auto warm_start = std::chrono::steady_clock::now();
  {
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(true);
    for (const std::string& path : paths) client.Get(path, key);
  }
  std::printf("first pass (renders each match): %.0f responses per second over %zu matches\n",
              static_cast<double>(paths.size()) / Seconds(warm_start), paths.size());

  std::atomic<size_t> served{0}, failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(clients));
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      for (size_t i = static_cast<size_t>(c) * 997; !stop; ++i) {
        const auto response = client.Get(paths[i % paths.size()], key);
        (response && response->status == 200 ? served : failed)++;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& thread : threads) thread.join();
  const double elapsed = Seconds(start);
  server.Stop();
  serving.join();
  std::printf("cached: %zu responses in %.1f s with %d keep-alive clients, %zu failed\n",
              served.load(), elapsed, clients, failed.load());
  std::printf("sim_throughput: %.0f match responses per second on one core\n",
              static_cast<double>(served.load()) / elapsed);
  return failed == 0 ? 0 : 1;
}
