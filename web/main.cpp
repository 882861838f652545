// riot-web: pg_riot's SQL API as an HTTP API, and one page that syncs and shows a player.
// Every answer comes from SQL and every action is a pg_riot function; riot-web keeps nothing.
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include <httplib.h>

#include "api_routes.hpp"
#include "connection_pool.hpp"
#include "engine/error.hpp"
#include "job_events.hpp"
#include "options.hpp"

namespace {

// Enough for every open event stream (api_routes.cpp caps them at 32) and a burst of requests
// besides; requests beyond wait for a thread, they are not refused.
constexpr size_t kThreads = 64;
constexpr time_t kKeepAliveSeconds = 2;  // an idle connection holds a thread this long

}  // namespace

int main(int argc, char** argv) {
  using namespace riot::web;
  Options options;
  try {
    options = ParseOptions(argc, argv);
  } catch (const riot::Error& error) {
    std::cerr << "riot-web: " << error.what() << "\n" << Usage();
    return 2;
  }
  if (options.help) {
    std::cout << Usage();
    return 0;
  }

  // SIGINT and SIGTERM are taken by sigwait below, in this thread only; every thread started
  // from here on inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client that hung up is an error from write, not a signal

  std::unique_ptr<ConnectionPool> pool;
  std::unique_ptr<ConnectionPool> watcher_pool;
  try {
    pool =
        std::make_unique<ConnectionPool>(options.database, static_cast<size_t>(options.pool_size));
    watcher_pool = std::make_unique<ConnectionPool>(options.database, 1);
  } catch (const std::invalid_argument& error) {
    std::cerr << "riot-web: " << error.what() << "\n";
    return 2;
  }
  JobWatcher watcher(*watcher_pool);
  Api api(options, *pool, watcher);
  httplib::Server server;
  // httplib takes ownership of the queue it gets from this factory and deletes it.
  server.new_task_queue = [] { return std::make_unique<httplib::ThreadPool>(kThreads).release(); };
  server.set_keep_alive_timeout(kKeepAliveSeconds);
  api.Register(server);

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << "riot-web: cannot listen on " << options.host << ":" << options.port << "\n";
    return 1;
  }
  const std::string host =
      options.host.find(':') == std::string::npos ? options.host : "[" + options.host + "]";
  std::cout << "riot-web: listening on http://" << host << ":" << port << "/" << std::endl;
  if (options.token.empty()) {
    std::cout << "riot-web: no token: anyone who reaches this address can start syncs" << std::endl;
  }

  std::thread listener([&server] { server.listen_after_bind(); });
  // stop() before the listener runs would be lost, and join() would wait forever.
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::cout << "riot-web: stopping" << std::endl;
  server.stop();
  watcher.Stop();  // open event streams end now, not at their next keep-alive
  listener.join();
  return 0;
}
