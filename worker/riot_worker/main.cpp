// riot-worker: the engine outside the server, over libpqxx. It claims and runs the same jobs as
// the in-server workers and shares their rate limiter, for hosts where background workers
// can't be loaded and for spreading ingestion over machines.
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>

#include "engine/defaults.hpp"
#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "riot_worker/pqxx_database.hpp"

namespace riot {

namespace {

// The usage text, with the defaults every setting shares with the server (engine/defaults.hpp).
std::string Usage() {
  std::ostringstream usage;
  usage << "usage: riot-worker [options] CONNECTION_STRING\n"
           "  Runs pg_riot jobs from the database CONNECTION_STRING names (a libpq connection "
           "string\n"
           "  or URI; the role must be a member of riot_admin).\n"
           "options:\n"
           "  --name NAME               worker name shown as the lease owner (default "
           "riot-worker@HOST:PID)\n"
        << "  --concurrency N           requests in flight at most (default "
        << defaults::kMaxConcurrentRequests << ")\n"
        << "  --base-url URL            Riot API base URL with {route} (default $RIOT_API_BASE_URL "
           "or\n"
        << "                            " << defaults::kApiBaseUrl << ")\n"
        << "  --default-rate-limits S   limits before a host's first response (default "
        << defaults::kRateLimits << ")\n"
        << "  --rate-limit-share F      share of the key's limits for this installation (default "
        << defaults::kRateLimitShare << ")\n"
        << "  --timeout-ms N            request timeout (default " << defaults::kRequestTimeoutMs
        << ")\n"
        << "  --quiet                   no progress line\n"
        << "environment: RIOT_API_KEY (required), RIOT_API_BASE_URL\n";
  return usage.str();
}

constexpr long kIdlePollMs = 2000;
constexpr int kReconnectDelaySeconds = 2;
constexpr long kStatusIntervalMs = 1000;

volatile std::sig_atomic_t g_stop = 0;

void RequestStop(int) { g_stop = 1; }

struct Arguments {
  std::string connection;
  std::string name;
  EngineOptions options;
  bool quiet = false;
};

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

Arguments ParseArguments(int argc, char** argv) {
  Arguments args;
  char host[256] = "localhost";
  gethostname(host, sizeof(host) - 1);
  args.name = std::string("riot-worker@") + host + ":" + std::to_string(getpid());
  args.options.client.base_url_template = EnvOr("RIOT_API_BASE_URL", defaults::kApiBaseUrl);
  std::string default_limits = defaults::kRateLimits;
  for (int i = 1; i < argc; i++) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw Error("option " + arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--name") {
      args.name = value();
    } else if (arg == "--concurrency") {
      args.options.client.max_concurrent_requests = std::stoi(value());
    } else if (arg == "--base-url") {
      args.options.client.base_url_template = value();
    } else if (arg == "--default-rate-limits") {
      default_limits = value();
    } else if (arg == "--rate-limit-share") {
      args.options.limiter.share = std::stod(value());
    } else if (arg == "--timeout-ms") {
      args.options.client.timeout_ms = std::stol(value());
    } else if (arg == "--quiet") {
      args.quiet = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << Usage();
      std::exit(0);
    } else if (!arg.empty() && arg[0] == '-') {
      throw Error("unknown option " + arg);
    } else {
      args.connection = arg;
    }
  }
  if (args.connection.empty()) throw Error("no connection string given");
  const char* key = std::getenv("RIOT_API_KEY");
  if (key == nullptr || *key == '\0') throw Error("RIOT_API_KEY is not set");
  args.options.client.api_key = key;
  args.options.limiter.default_limits = ParseRateLimits(default_limits);
  args.options.max_active_jobs = 2 * args.options.client.max_concurrent_requests;
  return args;
}

// Wait on the client's sockets and the database connection (NOTIFY riot_jobs wakes us).
std::vector<SocketEvent> Wait(const WaitPlan& plan, int database_socket, long timeout_ms,
                              bool& database_readable) {
  std::vector<pollfd> fds;
  fds.push_back(pollfd{database_socket, POLLIN, 0});
  for (const SocketInterest& socket : plan.sockets) {
    const short events =
        static_cast<short>((socket.read ? POLLIN : 0) | (socket.write ? POLLOUT : 0));
    fds.push_back(pollfd{socket.fd, events, 0});
  }
  std::vector<SocketEvent> ready;
  if (poll(fds.data(), fds.size(), static_cast<int>(timeout_ms)) <= 0) return ready;
  database_readable = (fds[0].revents & POLLIN) != 0;
  for (size_t i = 1; i < fds.size(); i++) {
    const short revents = fds[i].revents;
    if (revents == 0) continue;
    ready.push_back(SocketEvent{fds[i].fd, (revents & (POLLIN | POLLHUP | POLLERR)) != 0,
                                (revents & (POLLOUT | POLLERR)) != 0});
  }
  return ready;
}

int Run(const Arguments& args) {
  PqxxDatabase db(args.connection);
  db.Query("LISTEN riot_jobs");
  Engine engine(db, args.name, args.options);
  const bool terminal = isatty(STDERR_FILENO) != 0;
  std::vector<SocketEvent> ready;
  bool woken = true;
  auto next_status = std::chrono::steady_clock::now();
  while (g_stop == 0) {
    const WaitPlan plan = engine.RunOnce(ready, woken);
    const auto now = std::chrono::steady_clock::now();
    if (!args.quiet && now >= next_status) {
      next_status = now + std::chrono::milliseconds(kStatusIntervalMs);
      const EngineStats stats = engine.Stats();
      std::cerr << (terminal ? "\r" : "") << "riot-worker: " << stats.active_jobs
                << " jobs running, " << stats.jobs_done << " done, " << stats.requests_in_flight
                << " requests in flight, " << stats.requests_queued << " queued"
                << (terminal ? "   " : "\n") << std::flush;
    }
    const long timeout_ms =
        plan.timeout_ms < 0 ? kIdlePollMs : std::min(plan.timeout_ms, kIdlePollMs);
    bool database_readable = false;
    ready = Wait(plan, db.Connection().sock(), std::min(timeout_ms, kStatusIntervalMs),
                 database_readable);
    woken = database_readable && db.Connection().get_notifs() > 0;
  }
  engine.ReleaseAll();
  if (!args.quiet) std::cerr << (terminal ? "\n" : "") << "riot-worker: stopped\n";
  return 0;
}

}  // namespace

}  // namespace riot

int main(int argc, char** argv) {
  struct sigaction action {};
  action.sa_handler = riot::RequestStop;  // no SA_RESTART: poll() returns at once
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  try {
    const riot::Arguments args = riot::ParseArguments(argc, argv);
    // A lost connection (server restart, network) is not the end: the jobs this worker held
    // come back to the queue when their leases expire, and it reconnects and goes on.
    while (true) {
      try {
        return riot::Run(args);
      } catch (const pqxx::broken_connection& e) {
        if (riot::g_stop != 0) return 0;
        std::cerr << "riot-worker: connection lost (" << e.what() << "); reconnecting\n";
        sleep(riot::kReconnectDelaySeconds);
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "riot-worker: " << e.what() << "\n";
    if (dynamic_cast<const riot::Error*>(&e) != nullptr &&
        std::string(e.what()).find("connection") == std::string::npos) {
      std::cerr << riot::Usage();
    }
    return 1;
  }
}
