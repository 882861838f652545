// Tests of the Riot API client against a real HTTP server (cpp-httplib) on 127.0.0.1.
#include "riot/riot_client.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/error.hpp"
#include "riot/percent_encoding.hpp"

namespace riot {
namespace {

constexpr const char* kApiKey = "RGAPI-00000000-test-secret-key-000000000000";
constexpr const char* kJsonType = "application/json;charset=utf-8";
constexpr auto kServerPatience = std::chrono::seconds(10);  // longest a handler ever waits

// Compress `text` as gzip (zlib with a gzip header).
std::string Gzip(const std::string& text) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string compressed(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  const int result = deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return compressed;
}

std::string RiotError(int status, const std::string& message) {
  return R"({"status":{"message":")" + message + R"(","status_code":)" + std::to_string(status) +
         "}}";
}

// A stand-in for the Riot API on 127.0.0.1, answering the paths the tests ask for, with
// everything the handlers saw recorded for the tests to check.
class FakeRiot {
 public:
  FakeRiot() {
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      targets_.push_back(req.target);
      paths_.push_back(req.path);
      accept_encodings_.push_back(req.get_header_value("Accept-Encoding"));
      user_agents_.push_back(req.get_header_value("User-Agent"));
      // Riot: no key is 401, a wrong key 403.
      if (!req.has_header("X-Riot-Token")) {
        res.status = 401;
        res.set_content(RiotError(401, "Unauthorized"), kJsonType);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.get_header_value("X-Riot-Token") != kApiKey && req.path != "/kr/echo-key") {
        res.status = 403;
        res.set_content(RiotError(403, "Forbidden"), kJsonType);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server_.Get("/kr/ok", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-App-Rate-Limit", "100:120,20:1");  // out of order, as Riot may send
      res.set_header("X-App-Rate-Limit-Count", "7:120,1:1");
      res.set_header("X-Method-Rate-Limit", "2000:10");
      res.set_header("X-Method-Rate-Limit-Count", "3:10");
      res.set_content(R"({"puuid":"abc","gameName":"Hide on bush","tagLine":"KR1"})", kJsonType);
    });
    server_.Get(R"(/kr/status/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.status = std::stoi(req.matches[1]);
      res.set_content(RiotError(res.status, "message for " + std::string(req.matches[1])),
                      kJsonType);
    });
    server_.Get("/kr/html-error", [](const httplib::Request&, httplib::Response& res) {
      res.status = 502;
      res.set_content("<html><body>Bad Gateway</body></html>", "text/html");
    });
    server_.Get("/kr/429/application", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_header("Retry-After", "2");
      res.set_header("X-App-Rate-Limit", "20:1,100:120");
      res.set_header("X-App-Rate-Limit-Count", "21:1,36:120");
      res.set_header("X-Rate-Limit-Type", "application");
      res.set_content(RiotError(429, "Rate limit exceeded"), kJsonType);
    });
    server_.Get("/kr/429/bare", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;  // an underlying service's own limit: no type, no Retry-After, no body
    });
    server_.Get("/kr/429/server", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_header("Retry-After", "0");
      res.set_header("X-Rate-Limit-Type", "server");
      res.set_content("server rate limit exceeded", "text/plain");
    });
    server_.Get("/kr/gzip", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Accept-Encoding").find("gzip") == std::string::npos) {
        res.set_content(R"({"compressed":false})", kJsonType);
        return;
      }
      res.set_header("Content-Encoding", "gzip");
      res.set_content(Gzip(LargeJson()), kJsonType);
    });
    server_.Get("/kr/slow", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock<std::mutex> lock(mutex_);
      released_.wait_for(lock, kServerPatience, [this] { return release_; });
      res.set_content("{}", kJsonType);
    });
    server_.Get("/kr/gate", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock<std::mutex> lock(mutex_);
      ++arrived_;
      peak_ = std::max(peak_, ++current_);
      // Hold every request until `gate_` of them have arrived: only concurrent requests pass.
      gate_open_.notify_all();
      gate_open_.wait_for(lock, kServerPatience, [this] { return arrived_ >= gate_; });
      --current_;
      res.set_content("{}", kJsonType);
    });
    server_.Get("/kr/echo-key", [](const httplib::Request& req, httplib::Response& res) {
      // A misbehaving server that repeats the key everywhere the client keeps text.
      const std::string key = req.get_header_value("X-Riot-Token");
      res.status = 500;
      res.set_content(RiotError(500, "bad key " + key), kJsonType);
    });
    server_.Get("/kr/port", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(std::to_string(req.remote_port), "text/plain");
    });
    server_.Get(R"(/(\w+)/riot/account/v1/accounts/by-riot-id/([^/]+)/([^/]+))",
                [](const httplib::Request& req, httplib::Response& res) {
                  res.set_content(R"({"gameName":")" + std::string(req.matches[2]) +
                                      R"(","tagLine":")" + std::string(req.matches[3]) + "\"}",
                                  kJsonType);
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("could not bind 127.0.0.1");
    // The socket listens from here on; connections wait in the backlog until the loop runs.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the loop is running would be lost and the join below would hang.
    const auto deadline = std::chrono::steady_clock::now() + kServerPatience;
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  ~FakeRiot() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      release_ = true;
    }
    released_.notify_all();
    server_.stop();
    thread_.join();
  }

  ClientOptions Options() const {
    ClientOptions options;
    options.base_url_template = "http://127.0.0.1:" + std::to_string(port_) + "/{route}";
    options.api_key = kApiKey;
    options.max_concurrent_requests = 4;
    options.user_agent = "pg_riot-test";
    return options;
  }

  static std::string LargeJson() {
    std::string json = "[";
    for (int i = 0; i < 2000; i++)
      json += (i ? ",\"" : "\"") + std::string("KR_") + std::to_string(i) + "\"";
    return json + "]";
  }

  void SetGate(int gate) {
    std::lock_guard<std::mutex> lock(mutex_);
    gate_ = gate;
  }
  int Peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    return peak_;
  }
  std::vector<std::string> Targets() {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }
  std::vector<std::string> Paths() {
    std::lock_guard<std::mutex> lock(mutex_);
    return paths_;
  }
  std::vector<std::string> AcceptEncodings() {
    std::lock_guard<std::mutex> lock(mutex_);
    return accept_encodings_;
  }
  std::vector<std::string> UserAgents() {
    std::lock_guard<std::mutex> lock(mutex_);
    return user_agents_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable released_;
  std::condition_variable gate_open_;
  bool release_ = false;
  int gate_ = 1;
  int arrived_ = 0;
  int current_ = 0;
  int peak_ = 0;
  std::vector<std::string> targets_;
  std::vector<std::string> paths_;
  std::vector<std::string> accept_encodings_;
  std::vector<std::string> user_agents_;
};

ApiRequest Get(uint64_t id, const std::string& path, const std::string& route = "kr") {
  return ApiRequest{id, route, "test.method", path};
}

// Send one request and wait for its response.
ApiResponse Fetch(RiotClient& client, const std::string& path, const std::string& route = "kr") {
  client.Start(Get(1, path, route));
  std::vector<ApiResponse> responses = RunToCompletion(client);
  if (responses.size() != 1) throw std::runtime_error("expected one response");
  return std::move(responses.front());
}

// Wait once, as a caller's event loop would, on what the client asks for; then drive it.
std::vector<ApiResponse> WaitAndDrive(RiotClient& client) {
  std::vector<pollfd> fds;
  for (const SocketInterest& socket : client.Sockets()) {
    fds.push_back(
        pollfd{socket.fd,
               static_cast<short>((socket.read ? POLLIN : 0) | (socket.write ? POLLOUT : 0)), 0});
  }
  const long timeout_ms = client.NextTimeoutMs();
  poll(fds.data(), fds.size(),
       timeout_ms < 0 ? 1000 : static_cast<int>(std::min(timeout_ms, 1000L)));
  std::vector<SocketEvent> ready;
  for (const pollfd& fd : fds) {
    if (fd.revents != 0) {
      ready.push_back(SocketEvent{fd.fd, (fd.revents & (POLLIN | POLLHUP | POLLERR)) != 0,
                                  (fd.revents & (POLLOUT | POLLERR)) != 0});
    }
  }
  return client.Drive(ready);
}

void ExpectNoKey(const ApiResponse& response) {
  for (const std::string* text :
       {&response.route, &response.method_id, &response.body, &response.error}) {
    EXPECT_EQ(text->find(kApiKey), std::string::npos) << *text;
  }
}

void ExpectNoKey(const Error& error) {
  for (const std::string& text :
       {std::string(error.what()), error.Detail(), error.Hint(), error.Context()}) {
    EXPECT_EQ(text.find(kApiKey), std::string::npos) << text;
  }
}

TEST(RiotClient, ClassifiesStatuses) {
  EXPECT_EQ(ClassifyStatus(200), Outcome::kOk);
  EXPECT_EQ(ClassifyStatus(429), Outcome::kRateLimited);
  for (long status : {0L, 408L, 500L, 502L, 503L, 504L}) {
    EXPECT_EQ(ClassifyStatus(status), Outcome::kRetry) << status;
  }
  for (long status : {301L, 400L, 401L, 403L, 404L, 405L, 415L, 422L}) {
    EXPECT_EQ(ClassifyStatus(status), Outcome::kPermanent) << status;
  }
}

TEST(RiotClient, ReadsRiotErrorBodiesAndToleratesOthers) {
  EXPECT_EQ(RiotErrorMessage(R"({"status":{"message":"Forbidden","status_code":403}})"),
            "Forbidden");
  EXPECT_EQ(RiotErrorMessage(R"({"status":{"status_code":404,"message":"Data not found"}})"),
            "Data not found");
  for (const char* other :
       {"", "<html>Bad Gateway</html>", "[]", "{\"status\":404}", R"({"status":{"message":7}})",
        R"({"status":{"message":"x",})", "{\"status\":{\"message\":\"unterminated"}) {
    EXPECT_NO_THROW(EXPECT_EQ(RiotErrorMessage(other), "")) << other;
  }
}

TEST(RiotClient, FetchesJsonWithRateLimitHeaders) {
  FakeRiot server;
  RiotClient client(server.Options());
  const ApiResponse response = Fetch(client, "/ok");
  EXPECT_EQ(response.id, 1u);
  EXPECT_EQ(response.route, "kr");
  EXPECT_EQ(response.method_id, "test.method");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.outcome, Outcome::kOk);
  EXPECT_EQ(response.body, R"({"puuid":"abc","gameName":"Hide on bush","tagLine":"KR1"})");
  EXPECT_EQ(response.error, "");
  EXPECT_GE(response.elapsed_seconds, 0.0);
  EXPECT_EQ(response.limits.app_limits, (std::vector<RateWindow>{{20, 1}, {100, 120}}));
  EXPECT_EQ(CountFor(response.limits.app_counts, 1), 1);
  EXPECT_EQ(CountFor(response.limits.app_counts, 120), 7);
  EXPECT_EQ(response.limits.method_limits, (std::vector<RateWindow>{{2000, 10}}));
  EXPECT_EQ(CountFor(response.limits.method_counts, 10), 3);
  EXPECT_FALSE(response.limits.limit_type.has_value());
  EXPECT_EQ(server.UserAgents(), (std::vector<std::string>{"pg_riot-test"}));
  EXPECT_EQ(client.InFlight(), 0u);
}

TEST(RiotClient, SendsTheKeyAsXRiotToken) {
  FakeRiot server;
  ClientOptions no_key = server.Options();
  no_key.api_key = "";
  RiotClient anonymous(no_key);
  ApiResponse response = Fetch(anonymous, "/ok");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.outcome, Outcome::kPermanent);
  EXPECT_EQ(response.error, "Unauthorized");

  ClientOptions wrong_key = server.Options();
  wrong_key.api_key = "RGAPI-wrong";
  RiotClient wrong(wrong_key);
  response = Fetch(wrong, "/ok");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.outcome, Outcome::kPermanent);
  EXPECT_EQ(response.error, "Forbidden");
}

TEST(RiotClient, ClassifiesHttpErrorsAndReadsRiotsMessage) {
  FakeRiot server;
  RiotClient client(server.Options());
  for (int status : {400, 403, 404, 405, 415}) {
    const ApiResponse response = Fetch(client, "/status/" + std::to_string(status));
    EXPECT_EQ(response.status, status);
    EXPECT_EQ(response.outcome, Outcome::kPermanent) << status;
    EXPECT_EQ(response.error, "message for " + std::to_string(status));
  }
  for (int status : {500, 503, 504}) {
    const ApiResponse response = Fetch(client, "/status/" + std::to_string(status));
    EXPECT_EQ(response.status, status);
    EXPECT_EQ(response.outcome, Outcome::kRetry) << status;
    EXPECT_EQ(response.error, "message for " + std::to_string(status));
  }
  const ApiResponse html = Fetch(client, "/html-error");
  EXPECT_EQ(html.status, 502);
  EXPECT_EQ(html.outcome, Outcome::kRetry);
  EXPECT_EQ(html.error, "");
  EXPECT_EQ(html.body, "<html><body>Bad Gateway</body></html>");
  const ApiResponse unknown_path = Fetch(client, "/no/such/path");
  EXPECT_EQ(unknown_path.status, 404);
  EXPECT_EQ(unknown_path.outcome, Outcome::kPermanent);
}

TEST(RiotClient, Reads429sWithAndWithoutRetryAfterAndType) {
  FakeRiot server;
  RiotClient client(server.Options());
  const ApiResponse application = Fetch(client, "/429/application");
  EXPECT_EQ(application.status, 429);
  EXPECT_EQ(application.outcome, Outcome::kRateLimited);
  EXPECT_EQ(application.limits.limit_type, LimitType::kApplication);
  EXPECT_EQ(application.limits.retry_after_seconds, 2.0);
  EXPECT_EQ(CountFor(application.limits.app_counts, 1), 21);
  EXPECT_EQ(application.error, "Rate limit exceeded");

  const ApiResponse bare = Fetch(client, "/429/bare");
  EXPECT_EQ(bare.outcome, Outcome::kRateLimited);
  EXPECT_FALSE(bare.limits.limit_type.has_value());
  EXPECT_FALSE(bare.limits.retry_after_seconds.has_value());
  EXPECT_TRUE(bare.limits.app_limits.empty());

  const ApiResponse server_type = Fetch(client, "/429/server");
  EXPECT_EQ(server_type.outcome, Outcome::kRateLimited);
  EXPECT_EQ(server_type.limits.limit_type, LimitType::kUnknown);
  EXPECT_EQ(server_type.limits.retry_after_seconds, 0.0);
  EXPECT_EQ(server_type.error, "");
}

TEST(RiotClient, AsksForGzipAndDecodesIt) {
  FakeRiot server;
  RiotClient client(server.Options());
  const ApiResponse response = Fetch(client, "/gzip");
  EXPECT_EQ(response.outcome, Outcome::kOk);
  ASSERT_EQ(server.AcceptEncodings().size(), 1u);
  EXPECT_NE(server.AcceptEncodings()[0].find("gzip"), std::string::npos);
  EXPECT_EQ(response.body, FakeRiot::LargeJson());
}

TEST(RiotClient, TimeoutIsRetryable) {
  FakeRiot server;
  ClientOptions options = server.Options();
  options.timeout_ms = 200;
  RiotClient client(options);
  const ApiResponse response = Fetch(client, "/slow");
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.outcome, Outcome::kRetry);
  EXPECT_NE(response.error, "");
  EXPECT_EQ(response.body, "");
}

TEST(RiotClient, ConnectionRefusedIsRetryable) {
  ClientOptions options;
  options.base_url_template = "http://127.0.0.1:1/{route}";  // nothing listens on port 1
  options.api_key = kApiKey;
  RiotClient client(options);
  const ApiResponse response = Fetch(client, "/ok");
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.outcome, Outcome::kRetry);
  EXPECT_NE(response.error, "");
  ExpectNoKey(response);
}

TEST(RiotClient, PercentEncodedRiotIdsArriveIntact) {
  FakeRiot server;
  RiotClient client(server.Options());
  struct RiotId {
    std::string route, game_name, tag_line;
  };
  const std::vector<RiotId> ids = {{"kr", "Hide on bush", "KR1"},
                                   {"kr", "아이유", "워 빌"},
                                   {"asia", "アホシャコ", "JP1"},
                                   {"europe", "a#b%c+d", "12 47"}};
  for (const RiotId& id : ids) {
    const ApiResponse response =
        Fetch(client,
              "/riot/account/v1/accounts/by-riot-id/" + PercentEncodePathSegment(id.game_name) +
                  "/" + PercentEncodePathSegment(id.tag_line),
              id.route);
    EXPECT_EQ(response.outcome, Outcome::kOk) << id.game_name;
    EXPECT_EQ(response.route, id.route);
  }
  // The server decodes what it received back into the names: nothing lost, nothing doubled.
  const std::vector<std::string> paths = server.Paths();
  const std::vector<std::string> targets = server.Targets();
  ASSERT_EQ(paths.size(), ids.size());
  for (size_t i = 0; i < ids.size(); i++) {
    EXPECT_EQ(paths[i], "/" + ids[i].route + "/riot/account/v1/accounts/by-riot-id/" +
                            ids[i].game_name + "/" + ids[i].tag_line);
  }
  EXPECT_EQ(targets[0], "/kr/riot/account/v1/accounts/by-riot-id/Hide%20on%20bush/KR1");
  EXPECT_EQ(targets[3], "/europe/riot/account/v1/accounts/by-riot-id/a%23b%25c%2Bd/12%2047");
}

TEST(RiotClient, RefusesUnencodedPathsAndBadRoutesWithoutSending) {
  FakeRiot server;
  RiotClient client(server.Options());
  client.Start(Get(1, "/riot/account/v1/accounts/by-riot-id/Hide on bush/KR1"));
  client.Start(Get(2, "/lol/match/v5/matches/KR_1#fragment"));
  client.Start(Get(3, "no-leading-slash"));
  client.Start(Get(4, "/ok", "kr/../evil"));
  EXPECT_EQ(client.InFlight(), 4u);  // they count until Drive hands them back
  EXPECT_FALSE(client.HasCapacity());
  EXPECT_THROW(client.Start(Get(5, "/ok")), Error);
  EXPECT_EQ(client.NextTimeoutMs(), 0);
  std::vector<ApiResponse> responses = RunToCompletion(client);
  client.Start(Get(5, "/ok", ""));
  for (ApiResponse& response : RunToCompletion(client)) responses.push_back(std::move(response));
  ASSERT_EQ(responses.size(), 5u);
  for (const ApiResponse& response : responses) {
    EXPECT_EQ(response.outcome, Outcome::kPermanent);
    EXPECT_EQ(response.status, 0);
    EXPECT_NE(response.error, "");
  }
  EXPECT_TRUE(server.Paths().empty());
}

TEST(RiotClient, ManyRequestsInFlightButNeverMoreThanTheMaximum) {
  FakeRiot server;
  ClientOptions options = server.Options();
  options.max_concurrent_requests = 4;
  server.SetGate(4);  // the first four are answered only once all four are at the server
  RiotClient client(options);
  EXPECT_EQ(client.Capacity(), 4u);

  constexpr int kRequests = 12;
  int started = 0;
  std::vector<ApiResponse> responses;
  while (static_cast<int>(responses.size()) < kRequests) {
    while (started < kRequests && client.HasCapacity()) {
      client.Start(Get(static_cast<uint64_t>(started++), "/gate"));
    }
    EXPECT_LE(client.InFlight(), 4u);
    if (started == 4 && responses.empty()) {
      EXPECT_FALSE(client.HasCapacity());
      try {
        client.Start(Get(99, "/gate"));
        ADD_FAILURE() << "Start over capacity did not throw";
      } catch (const Error& error) {
        ExpectNoKey(error);
      }
    }
    for (ApiResponse& response : WaitAndDrive(client)) responses.push_back(std::move(response));
  }
  std::set<uint64_t> ids;
  for (const ApiResponse& response : responses) {
    EXPECT_EQ(response.outcome, Outcome::kOk) << response.error;
    ids.insert(response.id);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kRequests));
  EXPECT_EQ(server.Peak(), 4);  // four at once: concurrent, and no more than allowed
  EXPECT_EQ(client.InFlight(), 0u);
}

TEST(RiotClient, ReusesConnections) {
  FakeRiot server;
  RiotClient client(server.Options());
  std::set<std::string> ports;
  for (int i = 0; i < 3; i++) ports.insert(Fetch(client, "/port").body);
  EXPECT_EQ(ports.size(), 1u);
}

TEST(RiotClient, ReconfigureAppliesToNewRequests) {
  FakeRiot server;
  ClientOptions options = server.Options();
  RiotClient client(options);
  EXPECT_EQ(Fetch(client, "/ok").status, 200);

  options.api_key = "RGAPI-rotated";
  options.max_concurrent_requests = 1;
  client.Reconfigure(options);
  EXPECT_EQ(client.Capacity(), 1u);
  EXPECT_EQ(Fetch(client, "/ok").status, 403);

  ClientOptions bad = server.Options();
  bad.base_url_template = "ftp://{route}.example";
  try {
    client.Reconfigure(bad);
    ADD_FAILURE() << "an invalid base URL was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.Sqlstate(), sqlstate::kInvalidParameterValue);
    ExpectNoKey(error);
  }
  EXPECT_EQ(Fetch(client, "/ok").status, 403) << "a refused Reconfigure keeps the old options";

  client.Reconfigure(server.Options());
  EXPECT_EQ(Fetch(client, "/ok").status, 200);
}

TEST(RiotClient, RejectsInvalidOptionsWithoutNamingTheKey) {
  ClientOptions options;
  options.api_key = kApiKey;
  options.base_url_template = "https://api.riotgames.com";  // no {route}
  try {
    RiotClient client(options);
    ADD_FAILURE() << "a base URL without {route} was accepted";
  } catch (const Error& error) {
    ExpectNoKey(error);
  }
  options.base_url_template = "https://{route}.api.riotgames.com";
  options.timeout_ms = 0;  // curl would read it as "no timeout at all"
  EXPECT_THROW(RiotClient client(options), Error);
  options.timeout_ms = 1000;
  options.api_key = std::string(kApiKey) + "\r\nX-Injected: 1";
  try {
    RiotClient client(options);
    ADD_FAILURE() << "a key with a line break was accepted";
  } catch (const Error& error) {
    ExpectNoKey(error);
  }
}

TEST(RiotClient, TheKeyAppearsInNoResponse) {
  FakeRiot server;
  RiotClient client(server.Options());
  const ApiResponse echoed = Fetch(client, "/echo-key");
  EXPECT_EQ(echoed.outcome, Outcome::kRetry);
  EXPECT_NE(echoed.error.find("bad key [redacted]"), std::string::npos) << echoed.error;
  ExpectNoKey(echoed);

  ClientOptions slow = server.Options();
  slow.timeout_ms = 200;
  RiotClient impatient(slow);
  for (const char* path : {"/slow", "/status/404", "/status/500", "/echo-key", "/a b"}) {
    ExpectNoKey(Fetch(impatient, path));
  }
  // The key as a route or method id (a caller's mistake) is not echoed back either.
  client.Start(ApiRequest{7, kApiKey, kApiKey, "/ok"});
  for (const ApiResponse& response : RunToCompletion(client)) ExpectNoKey(response);
}

TEST(RiotClient, WaitsOnlyWhenItHasWork) {
  FakeRiot server;
  RiotClient client(server.Options());
  EXPECT_EQ(client.InFlight(), 0u);
  EXPECT_TRUE(client.Sockets().empty());
  EXPECT_TRUE(client.Drive({}).empty());
  client.Start(Get(1, "/ok"));
  EXPECT_GE(client.NextTimeoutMs(), 0) << "a started request sets curl's timer";
  std::vector<ApiResponse> responses;
  while (responses.empty()) {
    for (ApiResponse& response : WaitAndDrive(client)) responses.push_back(std::move(response));
  }
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(client.InFlight(), 0u);
}

}  // namespace
}  // namespace riot
