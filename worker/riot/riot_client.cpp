// The Riot API HTTP client: many GETs in flight on one libcurl multi handle, driven by the
// caller's event loop through curl's socket interface.
#include "riot/riot_client.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

constexpr long kMaxConnectTimeoutMs = 5000;
constexpr long kTooManyRequests = 429;
constexpr long kRequestTimeout = 408;
constexpr size_t kMaxBodyBytes = size_t{64} << 20;  // far above the largest timeline
constexpr size_t kMaxRouteLength = 32;
constexpr long kIdleConnectionsPerSlot = 2;  // connection cache size, per request slot
constexpr int kMaxPollMs = 1000;             // RunToCompletion's wait when curl sets no timer
constexpr std::string_view kRedacted = "[redacted]";

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

// Initialise libcurl once per process, before the first handle.
void InitCurlOnce() {
  static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (result != CURLE_OK) {
    throw Error("could not initialize libcurl", sqlstate::kInternalError,
                curl_easy_strerror(result));
  }
}

// Append one header line to a list, freeing the list when curl runs out of memory.
void AppendHeader(SlistPtr& list, const std::string& line) {
  curl_slist* extended = curl_slist_append(list.get(), line.c_str());
  if (extended == nullptr) throw std::bad_alloc();
  // extended is the same list (or its new head when it was empty): keep one owner of it.
  static_cast<void>(list.release());
  list.reset(extended);
}

// Replace every occurrence of `secret` in `text`.
void Redact(std::string& text, std::string_view secret) {
  if (secret.empty()) return;
  for (auto at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kRedacted.size())) {
    text.replace(at, secret.size(), kRedacted);
  }
}

// True for routing values that can stand in a host name ("kr", "americas").
bool IsValidRoute(std::string_view route) {
  return !route.empty() && route.size() <= kMaxRouteLength &&
         std::all_of(route.begin(), route.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-';
         });
}

// True when a path is already percent-encoded: it starts with '/' and holds only characters
// RFC 3986 allows unencoded in a path and query (no space, '#', control or non-ASCII byte).
bool IsEncodedPath(std::string_view path) {
  constexpr std::string_view kAllowedPunctuation = "-._~!$&'()*+,;=:@/?%";
  return !path.empty() && path.front() == '/' && std::all_of(path.begin(), path.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kAllowedPunctuation.find(c) != std::string_view::npos;
  });
}

// Refuse options no request could succeed with, naming the option but never the key.
void ValidateOptions(const ClientOptions& options) {
  if (!IsValidBaseUrlTemplate(options.base_url_template)) {
    throw Error("invalid Riot API base URL \"" + options.base_url_template + "\"",
                sqlstate::kInvalidParameterValue,
                "The base URL must start with http:// or https:// and contain {route}.",
                "Use \"https://{route}.api.riotgames.com\", or "
                "\"http://127.0.0.1:PORT/{route}\" for riot-sim.");
  }
  if (options.timeout_ms <= 0) {
    throw Error("invalid Riot API request timeout " + std::to_string(options.timeout_ms) + " ms",
                sqlstate::kInvalidParameterValue, "The timeout must be positive.");
  }
  const auto is_control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; };
  if (std::any_of(options.api_key.begin(), options.api_key.end(), is_control)) {
    throw Error("invalid Riot API key", sqlstate::kInvalidParameterValue,
                "The key contains a control character.",
                "Copy the key again from the Riot developer portal.");
  }
}

}  // namespace

// One request in flight: its easy handle and what has arrived so far.
struct RiotClient::Transfer {
  ApiRequest request;
  SlistPtr request_headers;  // holds the key; curl reads it until the transfer ends
  std::string api_key;       // the key this request was sent with, to redact it
  std::string url;
  std::string body;
  HeaderMap response_headers;
  bool body_too_large = false;
  char error_buffer[CURL_ERROR_SIZE] = {};
  Clock::time_point started;
  EasyPtr easy;  // last, so destroyed first: it points at the members above

  // Append a piece of the (decoded) body; refuse a body too large to be a Riot response.
  static size_t OnBody(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    const size_t bytes = size * count;
    if (transfer->body.size() + bytes > kMaxBodyBytes) {
      transfer->body_too_large = true;
      return 0;  // curl ends the transfer with CURLE_WRITE_ERROR
    }
    transfer->body.append(data, bytes);
    return bytes;
  }

  // Record one header line; a status line starts a new response (after a 1xx).
  static size_t OnHeader(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    const size_t bytes = size * count;
    std::string_view line(data, bytes);
    if (line.rfind("HTTP/", 0) == 0) {
      transfer->response_headers.clear();
      return bytes;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return bytes;  // the blank line that ends the headers
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
    while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
    transfer->response_headers.insert_or_assign(std::string(line.substr(0, colon)),
                                                std::string(value));
    return bytes;
  }
};

void RiotClient::EasyDeleter::operator()(CURL* easy) const { curl_easy_cleanup(easy); }

void RiotClient::MultiDeleter::operator()(CURLM* multi) const { curl_multi_cleanup(multi); }

Outcome ClassifyStatus(long status) {
  if (status >= 200 && status < 300) return Outcome::kOk;
  if (status == kTooManyRequests) return Outcome::kRateLimited;
  if (status == 0 || status == kRequestTimeout || (status >= 500 && status < 600)) {
    return Outcome::kRetry;
  }
  // Other 4xx, and redirects we do not follow: the same request gets the same answer.
  return Outcome::kPermanent;
}

std::string RiotErrorMessage(std::string_view body) {
  const auto json = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (!json.is_object()) return {};
  const auto status = json.find("status");
  if (status == json.end() || !status->is_object()) return {};
  const auto message = status->find("message");
  if (message == status->end() || !message->is_string()) return {};
  return message->get<std::string>();
}

RiotClient::RiotClient(ClientOptions options) {
  ValidateOptions(options);
  InitCurlOnce();
  multi_.reset(curl_multi_init());
  if (!multi_) throw Error("could not create a libcurl multi handle");
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETFUNCTION, &RiotClient::OnSocket);
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERFUNCTION, &RiotClient::OnTimer);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERDATA, this);
  options_ = std::move(options);
  ApplyMultiOptions();
}

RiotClient::~RiotClient() {
  for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_.get(), easy);
  transfers_.clear();
  idle_easy_.clear();
  multi_.reset();  // curl may still call OnSocket here, while the members it uses exist
}

void RiotClient::Reconfigure(ClientOptions options) {
  ValidateOptions(options);
  options_ = std::move(options);
  ApplyMultiOptions();
}

// Size the connection pool: one connection per request slot to a host (the multi handle
// keeps idle ones open for the next requests: keep-alive), and a cache for several hosts.
void RiotClient::ApplyMultiOptions() {
  const auto slots = static_cast<long>(Capacity());
  curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS, slots);
  curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, kIdleConnectionsPerSlot * slots);
}

size_t RiotClient::Capacity() const {
  return static_cast<size_t>(std::max(1, options_.max_concurrent_requests));
}

size_t RiotClient::InFlight() const { return transfers_.size() + failed_early_.size(); }

RiotClient::EasyPtr RiotClient::TakeEasy() {
  if (!idle_easy_.empty()) {
    EasyPtr easy = std::move(idle_easy_.back());
    idle_easy_.pop_back();
    return easy;
  }
  EasyPtr easy(curl_easy_init());
  if (!easy) throw Error("could not create a libcurl easy handle");
  return easy;
}

void RiotClient::Start(ApiRequest request) {
  if (!HasCapacity()) {
    throw Error("too many Riot API requests in flight", sqlstate::kInternalError,
                "The client allows " + std::to_string(Capacity()) + " at once.",
                "Wait for HasCapacity() before starting another request.");
  }
  if (!IsValidRoute(request.route)) {
    std::string error = "invalid routing value \"" + request.route + "\"";
    Fail(std::move(request), std::move(error));
    return;
  }
  if (!IsEncodedPath(request.path_and_query)) {
    Fail(std::move(request), "request path is not percent-encoded or does not start with /");
    return;
  }

  auto transfer = std::make_unique<Transfer>();
  transfer->easy = TakeEasy();
  transfer->api_key = options_.api_key;
  transfer->url = ExpandBaseUrl(options_.base_url_template, request.route) + request.path_and_query;
  transfer->request = std::move(request);
  if (!options_.api_key.empty()) {
    AppendHeader(transfer->request_headers, "X-Riot-Token: " + options_.api_key);
  }
  AppendHeader(transfer->request_headers, "Accept: application/json");

  CURL* easy = transfer->easy.get();
  curl_easy_setopt(easy, CURLOPT_URL, transfer->url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->request_headers.get());
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl can decode
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_VERBOSE, 0L);  // verbose output would print the key
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min(options_.timeout_ms, kMaxConnectTimeoutMs));
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would carry the key away
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error_buffer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
  transfer->started = Clock::now();
  const CURLMcode added = curl_multi_add_handle(multi_.get(), easy);
  if (added != CURLM_OK) {
    throw Error("could not start a Riot API request", sqlstate::kInternalError,
                curl_multi_strerror(added));
  }
  transfers_.emplace(easy, std::move(transfer));
}

// Complete a request that never reached curl; Drive returns it.
void RiotClient::Fail(ApiRequest request, std::string error) {
  ApiResponse response;
  response.id = request.id;
  response.route = std::move(request.route);
  response.method_id = std::move(request.method_id);
  response.outcome = Outcome::kPermanent;
  response.error = std::move(error);
  for (std::string* text : {&response.route, &response.method_id, &response.error}) {
    Redact(*text, options_.api_key);
  }
  failed_early_.push_back(std::move(response));
}

int RiotClient::OnSocket(CURL*, curl_socket_t fd, int what, void* client, void*) {
  auto* self = static_cast<RiotClient*>(client);
  if (what == CURL_POLL_REMOVE) {
    self->sockets_.erase(fd);
  } else {
    self->sockets_[fd] = what;
  }
  return 0;
}

// curl asks for one timer at a time: -1 removes it, anything else replaces it.
int RiotClient::OnTimer(CURLM*, long timeout_ms, void* client) {
  auto* self = static_cast<RiotClient*>(client);
  if (timeout_ms < 0) {
    self->timer_due_.reset();
  } else {
    self->timer_due_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

void RiotClient::Act(curl_socket_t fd, int event_mask) {
  int running = 0;
  // Errors here concern one socket or a transfer; the transfer then reports its own failure.
  curl_multi_socket_action(multi_.get(), fd, event_mask, &running);
}

std::vector<ApiResponse> RiotClient::Drive(const std::vector<SocketEvent>& ready) {
  std::vector<ApiResponse> finished = std::move(failed_early_);
  failed_early_.clear();
  for (const SocketEvent& event : ready) {
    // A socket curl closed while handling an earlier event in this list is no longer ours.
    if (sockets_.count(event.fd) == 0) continue;
    Act(event.fd, (event.readable ? CURL_CSELECT_IN : 0) | (event.writable ? CURL_CSELECT_OUT : 0));
  }
  // The timer is one-shot: forget it before curl runs, since curl may set a new one.
  if (timer_due_ && Clock::now() >= *timer_due_) {
    timer_due_.reset();
    Act(CURL_SOCKET_TIMEOUT, 0);
  }
  CollectFinished(finished);
  return finished;
}

void RiotClient::CollectFinished(std::vector<ApiResponse>& finished) {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode result = message->data.result;
    const auto found = transfers_.find(easy);
    curl_multi_remove_handle(multi_.get(), easy);
    if (found == transfers_.end()) continue;
    std::unique_ptr<Transfer> transfer = std::move(found->second);
    transfers_.erase(found);
    finished.push_back(Finish(*transfer, result));
    if (idle_easy_.size() < Capacity()) {
      curl_easy_reset(easy);  // keeps the handle's caches; options are set again on reuse
      idle_easy_.push_back(std::move(transfer->easy));
    }
  }
}

// Turn a finished transfer into a response the caller can act on.
ApiResponse RiotClient::Finish(Transfer& transfer, CURLcode result) {
  ApiResponse response;
  response.id = transfer.request.id;
  response.route = std::move(transfer.request.route);
  response.method_id = std::move(transfer.request.method_id);
  response.elapsed_seconds = std::chrono::duration<double>(Clock::now() - transfer.started).count();
  // Headers count even when the body failed: Riot counted the request.
  response.limits = ParseRateLimitHeaders(transfer.response_headers);
  if (result == CURLE_OK) {
    curl_easy_getinfo(transfer.easy.get(), CURLINFO_RESPONSE_CODE, &response.status);
    response.outcome = ClassifyStatus(response.status);
    response.body = std::move(transfer.body);
    if (response.outcome != Outcome::kOk) response.error = RiotErrorMessage(response.body);
  } else if (transfer.body_too_large) {
    response.outcome = Outcome::kPermanent;
    response.error = "response body exceeds " + std::to_string(kMaxBodyBytes >> 20) + " MiB";
  } else {
    // Timeouts, refused or reset connections, bodies cut short: worth another try. curl's
    // messages name the host and the failure, never a request header.
    response.outcome = Outcome::kRetry;
    response.error =
        transfer.error_buffer[0] != '\0' ? transfer.error_buffer : curl_easy_strerror(result);
  }
  for (std::string* text :
       {&response.route, &response.method_id, &response.body, &response.error}) {
    Redact(*text, transfer.api_key);
    Redact(*text, options_.api_key);
  }
  return response;
}

std::vector<SocketInterest> RiotClient::Sockets() const {
  std::vector<SocketInterest> sockets;
  sockets.reserve(sockets_.size());
  for (const auto& [fd, what] : sockets_) {
    sockets.push_back(SocketInterest{fd, (what & CURL_POLL_IN) != 0, (what & CURL_POLL_OUT) != 0});
  }
  return sockets;
}

long RiotClient::NextTimeoutMs() const {
  if (!failed_early_.empty()) return 0;
  if (!timer_due_) return -1;
  const auto left = *timer_due_ - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  // Round up: a wait that ends just before the timer would find nothing to do and spin.
  return static_cast<long>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

std::vector<ApiResponse> RunToCompletion(RiotClient& client) {
  std::vector<ApiResponse> responses;
  std::vector<SocketEvent> ready;
  while (true) {
    for (ApiResponse& response : client.Drive(ready)) responses.push_back(std::move(response));
    ready.clear();
    if (client.InFlight() == 0) return responses;
    std::vector<pollfd> fds;
    for (const SocketInterest& socket : client.Sockets()) {
      const short events =
          static_cast<short>((socket.read ? POLLIN : 0) | (socket.write ? POLLOUT : 0));
      fds.push_back(pollfd{socket.fd, events, 0});
    }
    const long timeout_ms = client.NextTimeoutMs();
    const int wait_ms =
        timeout_ms < 0 || timeout_ms > kMaxPollMs ? kMaxPollMs : static_cast<int>(timeout_ms);
    if (poll(fds.data(), fds.size(), wait_ms) < 0) {
      if (errno == EINTR) continue;
      throw Error("could not wait for Riot API responses", sqlstate::kInternalError,
                  std::strerror(errno));
    }
    for (const pollfd& fd : fds) {
      if (fd.revents == 0) continue;
      ready.push_back(SocketEvent{fd.fd, (fd.revents & (POLLIN | POLLHUP | POLLERR)) != 0,
                                  (fd.revents & (POLLOUT | POLLERR)) != 0});
    }
  }
}

}  // namespace riot
