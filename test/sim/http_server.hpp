// The HTTP transport of riot-sim (cpp-httplib): hands every request to SimApi and acts out the
// transport faults (latency, hung connections, truncated bodies). One thread per connection, so
// a hung request never starves the others.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "sim_api.hpp"

namespace httplib {
class Server;
}

namespace riot {

class HttpServer {
 public:
  explicit HttpServer(SimApi& api);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Bind to host:port (port 0 picks a free port); returns the port, or -1.
  int Bind(const std::string& host, int port);
  // Serve until Stop() (blocks).
  void Serve();
  // Stop serving and wake every hung or delayed request; safe from any thread.
  void Stop();

 private:
  // Wait up to `ms`, or less if the server stops; false if it stopped.
  bool Sleep(int64_t ms);

  SimApi& api_;
  std::unique_ptr<httplib::Server> server_;
  int listen_socket_ = -1;
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
};

}  // namespace riot
