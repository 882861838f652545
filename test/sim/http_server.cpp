// cpp-httplib glue: requests in, SimApi answers out, faults acted out on the wire.
#include "http_server.hpp"

#include <chrono>
#include <thread>

#include <sys/socket.h>

#include <httplib.h>

namespace riot {

namespace {

constexpr char kJsonType[] = "application/json;charset=utf-8";
constexpr size_t kKeepAliveRequests = 100000;

// A thread for every connection instead of httplib's fixed pool: hung requests (--faults hang)
// hold their thread for minutes, and must not leave other clients waiting for one.
class ThreadPerConnection : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> task) override {
    std::lock_guard lock(mutex_);
    ++active_;
    std::thread([this, task = std::move(task)] {
      task();
      std::lock_guard done(mutex_);
      if (--active_ == 0) idle_.notify_all();
    }).detach();
  }

  void shutdown() override {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return active_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  size_t active_ = 0;
};

}  // namespace

HttpServer::HttpServer(SimApi& api) : api_(api), server_(std::make_unique<httplib::Server>()) {
  // httplib takes ownership of the queue it gets from this factory and deletes it.
  server_->new_task_queue = [] { return std::make_unique<ThreadPerConnection>().release(); };
  server_->set_keep_alive_max_count(kKeepAliveRequests);
  server_->set_tcp_nodelay(true);  // headers and body go out in two writes; no Nagle delay
  server_->set_socket_options([this](int socket) {
    httplib::default_socket_options(socket);
    listen_socket_ = socket;
  });
  auto handler = [this](const httplib::Request& http_request, httplib::Response& http_response) {
    ApiRequest request;
    request.method = http_request.method;
    request.target = http_request.target;
    if (http_request.has_header("X-Riot-Token")) {
      request.api_key = http_request.get_header_value("X-Riot-Token");
      request.has_api_key = true;
    } else if (http_request.has_param("api_key")) {
      request.api_key = http_request.get_param_value("api_key");
      request.has_api_key = true;
    }
    ApiResponse response = api_.Handle(request);
    if (response.latency_ms > 0 && !Sleep(response.latency_ms)) response.fault = Fault::kHang;
    if (response.fault == Fault::kHang) {
      Sleep(response.hang_seconds * 1000);
      http_response.status = 504;
      http_response.set_content(RiotErrorBody(504, "Gateway timeout"), kJsonType);
      return;
    }
    http_response.status = response.status;
    for (const auto& [name, value] : response.headers) http_response.set_header(name, value);
    if (response.fault == Fault::kTruncated) {
      auto body = std::make_shared<const std::string>(std::move(response.body));
      http_response.set_content_provider(body->size(), kJsonType,
                                         [body](size_t, size_t, httplib::DataSink& sink) {
                                           sink.write(body->data(), body->size() / 2);
                                           return false;  // abort: the client gets half the body
                                         });
      return;
    }
    http_response.set_content(response.body, kJsonType);
  };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Delete(".*", handler);
  server_->Patch(".*", handler);
}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::Bind(const std::string& host, int port) {
  const int bound =
      port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  // httplib listens with a backlog of 5. A client opening dozens of connections at once (as
  // pg_riot's workers do when a rate-limit window opens) would have its SYNs dropped and
  // retried 1, 3 and 7 s later: requests arriving seconds after they were sent, which no real
  // Riot front end does. Listening again on a listening socket only raises the backlog.
  if (bound > 0 && listen_socket_ >= 0) ::listen(listen_socket_, SOMAXCONN);
  return bound;
}

void HttpServer::Serve() { server_->listen_after_bind(); }

void HttpServer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  server_->stop();
}

bool HttpServer::Sleep(int64_t ms) {
  std::unique_lock lock(mutex_);
  return !stop_signal_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

}  // namespace riot
