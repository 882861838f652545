// riot-sim: parse flags, build the world, serve until SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <thread>

#include <pthread.h>

#include "http_server.hpp"
#include "options.hpp"

namespace riot {
namespace {

int Run(const SimOptions& options) {
  // Block the stop signals in every thread; one thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);  // from main: Serve ended on its own
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::optional<ReplayStore> replays;
  if (!options.replay_dir.empty()) replays = ReplayStore::Load(options.replay_dir);
  World world(options.world, std::move(replays));
  SteadyClock clock;
  RateLimiter limiter(options.limits, clock);
  FaultInjector faults(options.faults);
  SimStats stats;
  ResponseCache cache(options.cache_bytes);
  SimApi api(world, limiter, faults, stats, cache);
  HttpServer server(api);
  const int port = server.Bind(options.host, options.port);
  if (port <= 0) {
    std::cerr << "riot-sim: cannot listen on " << options.host << ":" << options.port << "\n";
    return 1;
  }
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.Stop();
  });
  {
    const auto lock = world.ReadLock();
    std::cerr << "riot-sim: " << world.Players().size() << " players, " << world.MatchCount()
              << " matches, seed " << options.world.seed << ", api key " << options.world.api_key
              << "\n";
  }
  std::printf("riot-sim listening on http://%s:%d\n", options.host.c_str(), port);
  std::fflush(stdout);
  server.Serve();
  pthread_kill(stopper.native_handle(), SIGUSR1);
  stopper.join();
  std::cerr << "riot-sim: stopped\n";
  return 0;
}

}  // namespace
}  // namespace riot

int main(int argc, char** argv) {
  try {
    const riot::SimOptions options =
        riot::ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
    if (options.help) {
      std::cout << riot::kUsage;
      return 0;
    }
    return riot::Run(options);
  } catch (const std::invalid_argument& e) {
    std::cerr << "riot-sim: " << e.what() << "\n" << riot::kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "riot-sim: " << e.what() << "\n";
    return 1;
  }
}
