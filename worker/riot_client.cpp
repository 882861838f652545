// A concurrent Riot API client on libcurl's multi interface, driven by the caller's event loop.
#include "riot_client.hpp"

#include <poll.h>

#include <algorithm>
#include <cctype>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "error.hpp"
#include "routing.hpp"

namespace riot {

namespace {

constexpr long kMaxConnectTimeoutMs = 5000;
constexpr long kTooManyRequests = 429;

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SharedHeaders = std::shared_ptr<curl_slist>;

void InitCurlOnce() {
  static const bool initialized = [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw Error("pg_riot: curl_global_init failed");
    }
    return true;
  }();
  (void)initialized;
}

SharedHeaders MakeHeaders(const ClientOptions& options) {
  curl_slist* list = nullptr;
  for (const std::string& header :
       {"X-Riot-Token: " + options.api_key, std::string("Accept: application/json")}) {
    curl_slist* extended = curl_slist_append(list, header.c_str());
    if (extended == nullptr) {
      curl_slist_free_all(list);
      throw std::bad_alloc();
    }
    list = extended;
  }
  return SharedHeaders(list, SlistDeleter());
}

Outcome Classify(long status) {
  if (status >= 200 && status < 300) return Outcome::kOk;
  if (status == kTooManyRequests) return Outcome::kRateLimited;
  if (status >= 500) return Outcome::kRetry;
  return Outcome::kPermanent;
}

// Riot's error body {"status":{"message":...}}; empty when the body is something else.
std::string RiotErrorMessage(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("status") && json["status"].is_object()) {
    const auto& message = json["status"].value("message", nlohmann::json());
    if (message.is_string()) return message.get<std::string>();
  }
  return {};
}

}  // namespace

struct RiotClient::Handles {
  std::unique_ptr<CURLM, MultiDeleter> multi;
  SharedHeaders headers;
};

// One request in flight: its easy handle and what has arrived so far.
struct RiotClient::Transfer {
  ApiRequest request;
  std::unique_ptr<CURL, EasyDeleter> easy;
  SharedHeaders headers;  // kept alive while curl uses it
  std::string url;
  std::string body;
  HeaderMap response_headers;
  std::chrono::steady_clock::time_point started;

  static size_t OnBody(char* data, size_t size, size_t count, void* self) {
    static_cast<Transfer*>(self)->body.append(data, size * count);
    return size * count;
  }

  static size_t OnHeader(char* data, size_t size, size_t count, void* self) {
    const std::string_view line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name(line.substr(0, colon));
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
        value.remove_suffix(1);
      }
      static_cast<Transfer*>(self)->response_headers[name] = std::string(value);
    }
    return size * count;
  }
};

RiotClient::RiotClient(ClientOptions options) : handles_(std::make_unique<Handles>()) {
  InitCurlOnce();
  handles_->multi.reset(curl_multi_init());
  if (!handles_->multi) throw Error("pg_riot: curl_multi_init failed");
  CURLM* multi = handles_->multi.get();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &RiotClient::OnSocket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &RiotClient::OnTimer);
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
  Reconfigure(std::move(options));
}

RiotClient::~RiotClient() {
  for (auto& [easy, transfer] : transfers_) {
    curl_multi_remove_handle(handles_->multi.get(), transfer->easy.get());
  }
  transfers_.clear();
}

void RiotClient::Reconfigure(ClientOptions options) {
  options_ = std::move(options);
  options_.max_concurrent_requests = std::max(1, options_.max_concurrent_requests);
  handles_->headers = MakeHeaders(options_);
  CURLM* multi = handles_->multi.get();
  // Keep-alive: idle connections stay in the multi handle's cache for the next requests.
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(options_.max_concurrent_requests));
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS,
                    static_cast<long>(2 * options_.max_concurrent_requests));
}

void RiotClient::Start(ApiRequest request) {
  if (InFlight() >= Capacity()) throw Error("pg_riot: the Riot client is at capacity");
  auto transfer = std::make_unique<Transfer>();
  transfer->easy.reset(curl_easy_init());
  if (!transfer->easy) throw Error("pg_riot: curl_easy_init failed");
  transfer->headers = handles_->headers;
  transfer->url = ExpandBaseUrl(options_.base_url_template, request.route) + request.path_and_query;
  transfer->request = std::move(request);
  transfer->started = std::chrono::steady_clock::now();
  CURL* easy = transfer->easy.get();
  curl_easy_setopt(easy, CURLOPT_URL, transfer->url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers.get());
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // gzip and whatever else curl decodes
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, std::min(options_.timeout_ms, kMaxConnectTimeoutMs));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
  if (curl_multi_add_handle(handles_->multi.get(), easy) != CURLM_OK) {
    throw Error("pg_riot: curl_multi_add_handle failed");
  }
  transfers_.emplace(easy, std::move(transfer));
}

int RiotClient::OnSocket(void*, int fd, int what, void* client, void*) {
  auto* self = static_cast<RiotClient*>(client);
  if (what == CURL_POLL_REMOVE) {
    self->sockets_.erase(fd);
  } else {
    self->sockets_[fd] = SocketInterest{fd, what == CURL_POLL_IN || what == CURL_POLL_INOUT,
                                        what == CURL_POLL_OUT || what == CURL_POLL_INOUT};
  }
  return 0;
}

int RiotClient::OnTimer(void*, long timeout_ms, void* client) {
  auto* self = static_cast<RiotClient*>(client);
  self->timer_armed_ = timeout_ms >= 0;
  self->timer_deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  return 0;
}

std::vector<ApiResponse> RiotClient::Drive(const std::vector<SocketEvent>& ready) {
  CURLM* multi = handles_->multi.get();
  int running = 0;
  for (const SocketEvent& event : ready) {
    const int flags = (event.readable ? CURL_CSELECT_IN : 0) | (event.writable ? CURL_CSELECT_OUT : 0);
    curl_multi_socket_action(multi, event.fd, flags, &running);
  }
  if (timer_armed_ && std::chrono::steady_clock::now() >= timer_deadline_) {
    timer_armed_ = false;
    curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
  }
  return Collect();
}

std::vector<ApiResponse> RiotClient::Collect() {
  std::vector<ApiResponse> done;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(handles_->multi.get(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;
    curl_multi_remove_handle(handles_->multi.get(), easy);
    auto found = transfers_.find(easy);
    if (found == transfers_.end()) continue;
    std::unique_ptr<Transfer> transfer = std::move(found->second);
    transfers_.erase(found);

    ApiResponse response;
    response.id = transfer->request.id;
    response.route = std::move(transfer->request.route);
    response.method_id = std::move(transfer->request.method_id);
    response.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - transfer->started).count();
    if (code == CURLE_OK) {
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
      response.outcome = Classify(response.status);
      response.limits = ParseRateLimitHeaders(transfer->response_headers);
      if (response.outcome != Outcome::kOk) response.error = RiotErrorMessage(transfer->body);
      response.body = std::move(transfer->body);
    } else {
      // Timeouts, refused or reset connections, bodies cut short: worth another try. The
      // message comes from curl's table, never from the request, so it cannot hold the key.
      response.outcome = Outcome::kRetry;
      response.error = curl_easy_strerror(code);
    }
    done.push_back(std::move(response));
  }
  return done;
}

std::vector<SocketInterest> RiotClient::Sockets() const {
  std::vector<SocketInterest> sockets;
  sockets.reserve(sockets_.size());
  for (const auto& [fd, interest] : sockets_) sockets.push_back(interest);
  return sockets;
}

long RiotClient::NextTimeoutMs() const {
  if (!timer_armed_) return -1;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      timer_deadline_ - std::chrono::steady_clock::now());
  return std::max<long>(0, left.count());
}

std::vector<ApiResponse> RunToCompletion(RiotClient& client) {
  std::vector<ApiResponse> responses;
  std::vector<SocketEvent> ready;
  while (true) {
    for (ApiResponse& response : client.Drive(ready)) responses.push_back(std::move(response));
    if (client.InFlight() == 0) return responses;
    std::vector<pollfd> fds;
    for (const SocketInterest& socket : client.Sockets()) {
      fds.push_back(pollfd{socket.fd,
                           static_cast<short>((socket.read ? POLLIN : 0) | (socket.write ? POLLOUT : 0)),
                           0});
    }
    const long timeout = client.NextTimeoutMs();
    const int polled = poll(fds.data(), fds.size(), timeout < 0 ? 100 : static_cast<int>(std::min(timeout, 100L)));
    ready.clear();
    for (int i = 0; polled > 0 && i < static_cast<int>(fds.size()); i++) {
      if (fds[i].revents == 0) continue;
      ready.push_back(SocketEvent{fds[i].fd, (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0,
                                  (fds[i].revents & (POLLOUT | POLLERR)) != 0});
    }
  }
}

}  // namespace riot
