// Tests of the request scheduler: the real Riot client against a scripted HTTP server on
// 127.0.0.1 (cpp-httplib), the shared rate limiter over a fake database.
#include "engine/request_scheduler.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/error.hpp"
#include "fake_database.hpp"

namespace riot {
namespace {

constexpr const char* kApiKey = "RGAPI-00000000-scheduler-test";
constexpr const char* kMethod = "test.method";
constexpr const char* kRoutePrefix = "/kr";                 // every request goes to route kr
constexpr auto kServerPatience = std::chrono::seconds(10);  // longest a handler ever waits
constexpr int kMaxRounds = 2000;  // a loop that has not finished by then never will
constexpr auto kGiveUpAfter = std::chrono::seconds(30);  // guards against a hang, not a timing
constexpr long kMaxWaitMs = 100;                         // one wait, at most
constexpr auto kFirstRetryDelay = std::chrono::milliseconds(500);  // request_scheduler.cpp
constexpr int kRateLimitedRetries = 20;  // kMaxRateLimitedRetries in request_scheduler.cpp

using Rows = std::vector<SqlRow>;

// A stand-in for the Riot API on 127.0.0.1 for route "kr": each path answers with the next
// status of its script (200 once the script is used up) and Riot's rate-limit headers; a 429
// names the method limit with Retry-After: 0. Every request is counted.
class ScriptedRiot {
 public:
  ScriptedRiot() {
    server_.Get(R"(/.*)",
                [this](const httplib::Request& req, httplib::Response& res) { Answer(req, res); });
    server_.set_tcp_nodelay(true);  // no Nagle delay between the headers and the body
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("could not bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + kServerPatience;
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  ~ScriptedRiot() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      gate_ = 0;
    }
    gate_open_.notify_all();
    server_.stop();
    thread_.join();
  }

  ClientOptions Options(int max_concurrent_requests = 4) const {
    ClientOptions options;
    options.base_url_template = "http://127.0.0.1:" + std::to_string(port_) + "/{route}";
    options.api_key = kApiKey;
    options.max_concurrent_requests = max_concurrent_requests;
    return options;
  }

  // Answer the next requests to `path` ("/a" on route kr) with these statuses, in order.
  void Script(const std::string& path, std::vector<int> statuses) {
    std::lock_guard<std::mutex> lock(mutex_);
    scripts_[kRoutePrefix + path].assign(statuses.begin(), statuses.end());
  }
  // Hold every request until `gate` of them have arrived: only concurrent requests pass.
  void SetGate(int gate) {
    std::lock_guard<std::mutex> lock(mutex_);
    gate_ = gate;
  }
  int Hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    return hits_[kRoutePrefix + path];
  }
  int TotalHits() {
    std::lock_guard<std::mutex> lock(mutex_);
    return total_;
  }
  int Peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    return peak_;
  }

 private:
  void Answer(const httplib::Request& req, httplib::Response& res) {
    std::unique_lock<std::mutex> lock(mutex_);
    hits_[req.path]++;
    total_++;
    peak_ = std::max(peak_, ++current_);
    gate_open_.notify_all();
    gate_open_.wait_for(lock, kServerPatience, [this] { return total_ >= gate_; });
    --current_;
    int status = 200;
    auto& script = scripts_[req.path];
    if (!script.empty()) {
      status = script.front();
      script.pop_front();
    }
    res.status = status;
    res.set_header("X-App-Rate-Limit", "20:1,100:120");
    res.set_header("X-App-Rate-Limit-Count", "1:1,1:120");
    res.set_header("X-Method-Rate-Limit", "50:10");
    res.set_header("X-Method-Rate-Limit-Count", "1:10");
    if (status == 429) {
      res.set_header("X-Rate-Limit-Type", "method");
      res.set_header("Retry-After", "0");
    }
    res.set_content(R"({"path":")" + req.path + "\"}", "application/json;charset=utf-8");
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable gate_open_;
  std::map<std::string, std::deque<int>> scripts_;
  std::map<std::string, int> hits_;
  int total_ = 0;
  int gate_ = 0;
  int current_ = 0;
  int peak_ = 0;
};

// A scheduler with its client and limiter, run the way the engine runs it.
class Rig {
 public:
  explicit Rig(ClientOptions options, int max_attempts = 5)
      : limiter(db, LimiterOptions{}),
        client(std::move(options)),
        scheduler(client, limiter, max_attempts,
                  [this](int64_t job_id, const std::exception_ptr& error) {
                    errors.emplace_back(job_id, error);
                  }) {}

  // Queue a GET for a job; its final response is kept in `answers` under `name`.
  void Get(int64_t job_id, const std::string& name, const std::string& path,
           const std::string& method = kMethod) {
    scheduler.Get(job_id, "kr", method, path, [this, name](const ApiResponse& response) {
      answers.emplace_back(name, response);
    });
  }

  // Wait on the client's sockets for at most its timer, `pump_wait_ms` and kMaxWaitMs; return
  // what finished, not yet delivered.
  std::vector<ApiResponse> WaitAndDrive(long pump_wait_ms) {
    long timeout_ms = kMaxWaitMs;
    for (long candidate : {client.NextTimeoutMs(), pump_wait_ms}) {
      if (candidate >= 0) timeout_ms = std::min(timeout_ms, candidate);
    }
    std::vector<pollfd> fds;
    for (const SocketInterest& socket : client.Sockets()) {
      fds.push_back(
          pollfd{socket.fd,
                 static_cast<short>((socket.read ? POLLIN : 0) | (socket.write ? POLLOUT : 0)), 0});
    }
    std::vector<SocketEvent> ready;
    if (poll(fds.data(), fds.size(), static_cast<int>(timeout_ms)) > 0) {
      for (const pollfd& fd : fds) {
        if (fd.revents == 0) continue;
        ready.push_back(SocketEvent{fd.fd, (fd.revents & (POLLIN | POLLHUP | POLLERR)) != 0,
                                    (fd.revents & (POLLOUT | POLLERR)) != 0});
      }
    }
    return client.Drive(ready);
  }

  // Pump, wait and deliver, as the engine's loop does, until `done` holds (bounded).
  bool RunUntil(const std::function<bool()>& done) {
    const auto give_up = std::chrono::steady_clock::now() + kGiveUpAfter;
    for (int round = 0; round < kMaxRounds && std::chrono::steady_clock::now() < give_up; round++) {
      if (done()) return true;
      const long pump_wait_ms = scheduler.Pump();
      scheduler.Deliver(WaitAndDrive(pump_wait_ms));
    }
    return done();
  }

  // Drive the client, without pumping, until at least one response came back (bounded).
  std::vector<ApiResponse> NextResponses() {
    for (int round = 0; round < kMaxRounds; round++) {
      std::vector<ApiResponse> responses = WaitAndDrive(kMaxWaitMs);
      if (!responses.empty()) return responses;
    }
    ADD_FAILURE() << "no response came back";
    return {};
  }

  // Pump until a request is in flight (bounded); false when none was sent.
  bool PumpUntilSent() {
    for (int round = 0; round < kMaxRounds; round++) {
      const long wait_ms = scheduler.Pump();
      if (client.InFlight() > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(wait_ms, 1L, kMaxWaitMs)));
    }
    return false;
  }

  bool Idle() const { return client.InFlight() == 0 && scheduler.Queued() == 0; }

  std::vector<std::string> LimiterCalls() const {
    std::vector<std::string> calls;
    for (const std::string& function : db.Functions()) {
      if (function == "riot._take_tokens" || function == "riot._record_response") {
        calls.push_back(function == "riot._take_tokens" ? "take" : "record");
      }
    }
    return calls;
  }

  FakeDatabase db;
  RateLimiter limiter;
  RiotClient client;
  std::vector<std::pair<int64_t, std::exception_ptr>> errors;
  std::vector<std::pair<std::string, ApiResponse>> answers;
  RequestScheduler scheduler;  // last: it reports into `errors`
};

Rows Grant(int granted, long retry_in_ms) {
  return {SqlRow{std::to_string(granted), std::to_string(retry_in_ms), std::string(kGrantedAt)}};
}

TEST(RequestScheduler, TakesATokenBeforeEveryRequestAndNeverAfter) {
  ScriptedRiot server;
  Rig rig(server.Options(4));
  int granted = 0;
  rig.db.On("riot._take_tokens", [&](const RecordedCall& call) {
    // Every request started so far (answered, hence recorded, or still in flight) was paid
    // for by an earlier grant.
    const size_t started = rig.db.CallsTo("riot._record_response").size() + rig.client.InFlight();
    EXPECT_LE(started, static_cast<size_t>(granted));
    const int give = std::min(std::stoi(call.Text(2)), 2);  // fewer than asked: never more sent
    granted += give;
    return Grant(give, 0);
  });
  constexpr int kRequests = 7;
  for (int i = 0; i < kRequests; i++)
    rig.Get(1, "r" + std::to_string(i), "/ok/" + std::to_string(i));
  ASSERT_TRUE(rig.RunUntil([&] { return rig.answers.size() == kRequests && rig.Idle(); }));

  for (const auto& [name, response] : rig.answers) EXPECT_EQ(response.status, 200) << name;
  EXPECT_EQ(granted, kRequests);
  EXPECT_EQ(server.TotalHits(), kRequests);
  for (const RecordedCall& take : rig.db.CallsTo("riot._take_tokens")) {
    EXPECT_EQ(take.params[0], "kr");
    EXPECT_EQ(take.params[1], kMethod);
  }
  EXPECT_EQ(rig.db.CallsTo("riot._record_response").size(), static_cast<size_t>(kRequests));
}

TEST(RequestScheduler, AGrantOfZeroSendsNothingAndBlocksOnlyThatBucket) {
  ScriptedRiot server;
  Rig rig(server.Options());
  constexpr long kBlockMs = 60000;
  rig.db.On("riot._take_tokens", [](const RecordedCall& call) {
    return call.Text(1) == "blocked.method" ? Grant(0, kBlockMs)
                                            : Grant(std::stoi(call.Text(2)), 0);
  });
  rig.Get(1, "blocked", "/blocked", "blocked.method");
  const long wait_ms = rig.scheduler.Pump();
  EXPECT_EQ(rig.client.InFlight(), 0u);
  EXPECT_GT(wait_ms, 0);
  EXPECT_LE(wait_ms, kBlockMs) << "the bucket waits the limiter's retry_in_ms";
  // Blocked: pumping again neither asks for a token nor sends.
  for (int i = 0; i < 5; i++) {
    EXPECT_GT(rig.scheduler.Pump(), 0);
    EXPECT_EQ(rig.client.InFlight(), 0u);
  }
  EXPECT_EQ(rig.db.CallsTo("riot._take_tokens").size(), 1u);

  // Another method's bucket is not blocked.
  rig.Get(2, "other", "/other", "other.method");
  ASSERT_TRUE(rig.RunUntil([&] { return rig.answers.size() == 1 && rig.client.InFlight() == 0; }));
  EXPECT_EQ(rig.answers[0].first, "other");
  EXPECT_EQ(server.Hits("/blocked"), 0);
  EXPECT_EQ(rig.scheduler.Queued(), 1u);
  EXPECT_EQ(rig.db.CallsTo("riot._take_tokens").size(), 2u);
}

TEST(RequestScheduler, ABlockedBucketAsksAgainAfterRetryIn) {
  ScriptedRiot server;
  Rig rig(server.Options());
  rig.db.Queue("riot._take_tokens", {Grant(0, 20)});  // then every token is granted
  rig.Get(1, "a", "/a");
  ASSERT_TRUE(rig.RunUntil([&] { return rig.answers.size() == 1 && rig.Idle(); }));
  EXPECT_EQ(rig.answers[0].second.status, 200);
  EXPECT_EQ(server.Hits("/a"), 1);
  EXPECT_EQ(rig.LimiterCalls(), (std::vector<std::string>{"take", "take", "record"}));
}

TEST(RequestScheduler, NeverMoreInFlightThanTheClientsCapacity) {
  ScriptedRiot server;
  server.SetGate(2);  // the first two are answered only once both are at the server
  Rig rig(server.Options(2));
  rig.db.On("riot._take_tokens", [&](const RecordedCall& call) {
    const size_t wanted = std::stoul(call.Text(2));
    EXPECT_LE(wanted + rig.client.InFlight(), rig.client.Capacity())
        << "asked for tokens it has no room to use";
    return Grant(static_cast<int>(wanted), 0);
  });
  constexpr int kRequests = 6;
  for (int i = 0; i < kRequests; i++)
    rig.Get(1, "r" + std::to_string(i), "/gate/" + std::to_string(i));
  ASSERT_TRUE(rig.RunUntil([&] {
    EXPECT_LE(rig.client.InFlight(), 2u);
    return rig.answers.size() == kRequests && rig.Idle();
  }));
  EXPECT_EQ(server.Peak(), 2) << "two at once: concurrent, and no more than the capacity";
  EXPECT_EQ(server.TotalHits(), kRequests);
}

TEST(RequestScheduler, A429IsRetriedAfterTheLimitersBlockAndTheJobNeverSeesIt) {
  ScriptedRiot server;
  server.Script("/limited", {429});
  Rig rig(server.Options());
  rig.db.Queue("riot._take_tokens", {Grant(1, 0), Grant(0, 20)});  // the 429 blocked the bucket
  rig.Get(1, "limited", "/limited");
  rig.scheduler.Pump();
  ASSERT_EQ(rig.client.InFlight(), 1u);
  rig.scheduler.Deliver(rig.NextResponses());
  // The retry asks the limiter at once (no backoff of its own) and is not sent while blocked.
  rig.scheduler.Pump();
  EXPECT_EQ(rig.db.CallsTo("riot._take_tokens").size(), 2u);
  EXPECT_EQ(rig.client.InFlight(), 0u);
  EXPECT_TRUE(rig.answers.empty());

  ASSERT_TRUE(rig.RunUntil([&] { return rig.answers.size() == 1 && rig.Idle(); }));
  EXPECT_EQ(rig.answers[0].second.status, 200);
  EXPECT_EQ(rig.answers[0].second.outcome, Outcome::kOk);
  EXPECT_EQ(server.Hits("/limited"), 2);
  EXPECT_EQ(rig.LimiterCalls(),
            (std::vector<std::string>{"take", "record", "take", "take", "record"}));
  const RecordedCall limited = rig.db.CallsTo("riot._record_response")[0];
  EXPECT_EQ(limited.params[2], "429");
  EXPECT_EQ(limited.params[9], "method");
  EXPECT_EQ(limited.params[10], "0");
  // Each response names its request's grant, so the limiter knows it is no longer in flight.
  for (const RecordedCall& record : rig.db.CallsTo("riot._record_response")) {
    ASSERT_EQ(record.params.size(), 13u);
    EXPECT_EQ(record.params[12], std::string(kGrantedAt));
  }
}

TEST(RequestScheduler, RateLimitedRetriesAreCapped) {
  ScriptedRiot server;
  server.Script("/limited", std::vector<int>(kRateLimitedRetries + 5, 429));
  Rig rig(server.Options());
  rig.Get(1, "limited", "/limited");
  ASSERT_TRUE(rig.RunUntil([&] { return rig.answers.size() == 1 && rig.Idle(); }));
  EXPECT_EQ(rig.answers[0].second.status, 429);
  EXPECT_EQ(rig.answers[0].second.outcome, Outcome::kRateLimited);
  EXPECT_EQ(server.Hits("/limited"), 1 + kRateLimitedRetries);
}

TEST(RequestScheduler, ServerErrorsAreRetriedWithBackoffUpToMaxAttempts) {
  ScriptedRiot server;
  server.Script("/flaky", {503, 503, 503, 503});
  constexpr int kMaxAttempts = 3;
  Rig rig(server.Options(), kMaxAttempts);
  rig.Get(1, "flaky", "/flaky");
  rig.scheduler.Pump();
  for (int failure = 1; failure < kMaxAttempts; failure++) {
    std::vector<ApiResponse> responses = rig.NextResponses();
    const auto delivered = std::chrono::steady_clock::now();
    rig.scheduler.Deliver(responses);
    const long wait_ms = rig.scheduler.Pump();
    const auto elapsed = std::chrono::steady_clock::now() - delivered;
    // 500 ms, then 1 s: checked only when this thread was not held up for longer than the
    // margin, so that a slow machine cannot fail it.
    const auto backoff = kFirstRetryDelay * (1 << (failure - 1));
    constexpr auto kMargin = std::chrono::milliseconds(250);
    if (elapsed < kMargin) {
      EXPECT_EQ(rig.client.InFlight(), 0u) << "retried at once, with no backoff";
      EXPECT_GT(wait_ms, (backoff - kMargin).count()) << "failure " << failure;
      EXPECT_LE(wait_ms, backoff.count()) << "failure " << failure;
    }
    EXPECT_TRUE(rig.answers.empty()) << "the job saw a failure that was to be retried";
    ASSERT_TRUE(rig.PumpUntilSent());
  }
  rig.scheduler.Deliver(rig.NextResponses());
  ASSERT_EQ(rig.answers.size(), 1u);
  EXPECT_EQ(rig.answers[0].second.status, 503);
  EXPECT_EQ(rig.answers[0].second.outcome, Outcome::kRetry);
  EXPECT_EQ(server.Hits("/flaky"), kMaxAttempts);
  EXPECT_TRUE(rig.Idle());
  EXPECT_EQ(rig.db.CallsTo("riot._take_tokens").size(), static_cast<size_t>(kMaxAttempts));
}

TEST(RequestScheduler, ARetriedServerErrorThatSucceedsReachesTheJobOnce) {
  ScriptedRiot server;
  server.Script("/flaky", {500});
  Rig rig(server.Options());
  rig.Get(1, "flaky", "/flaky");
  ASSERT_TRUE(rig.RunUntil([&] { return !rig.answers.empty() && rig.Idle(); }));
  ASSERT_EQ(rig.answers.size(), 1u);
  EXPECT_EQ(rig.answers[0].second.status, 200);
  EXPECT_EQ(server.Hits("/flaky"), 2);
}

TEST(RequestScheduler, TransportErrorsAreRetriedThenReportedWithoutTeachingTheLimiter) {
  ClientOptions options;
  options.base_url_template = "http://127.0.0.1:1/{route}";  // nothing listens on port 1
  options.api_key = kApiKey;
  constexpr int kMaxAttempts = 2;
  Rig rig(options, kMaxAttempts);
  rig.Get(1, "refused", "/a");
  ASSERT_TRUE(rig.RunUntil([&] { return !rig.answers.empty() && rig.Idle(); }));
  ASSERT_EQ(rig.answers.size(), 1u);
  EXPECT_EQ(rig.answers[0].second.status, 0);
  EXPECT_EQ(rig.answers[0].second.outcome, Outcome::kRetry);
  EXPECT_EQ(rig.db.CallsTo("riot._take_tokens").size(), static_cast<size_t>(kMaxAttempts));
  EXPECT_TRUE(rig.db.CallsTo("riot._record_response").empty());
}

TEST(RequestScheduler, CancelDropsAJobsQueuedRequests) {
  ScriptedRiot server;
  Rig rig(server.Options());
  rig.Get(1, "one-a", "/one/a");
  rig.Get(2, "two", "/two");
  rig.Get(1, "one-b", "/one/b");
  rig.scheduler.Cancel(1);
  EXPECT_EQ(rig.scheduler.Queued(), 1u);
  ASSERT_TRUE(rig.RunUntil([&] { return !rig.answers.empty() && rig.Idle(); }));
  ASSERT_EQ(rig.answers.size(), 1u);
  EXPECT_EQ(rig.answers[0].first, "two");
  EXPECT_EQ(server.TotalHits(), 1);
  ASSERT_EQ(rig.db.CallsTo("riot._take_tokens").size(), 1u);
  EXPECT_EQ(rig.db.CallsTo("riot._take_tokens")[0].params[2], "1") << "tokens for dropped requests";
}

TEST(RequestScheduler, CancelDropsAJobsResponsesInFlight) {
  ScriptedRiot server;
  server.Script("/one", {503});  // not retried either: its job is gone
  Rig rig(server.Options());
  rig.Get(1, "one", "/one");
  rig.Get(2, "two", "/two");
  rig.scheduler.Pump();
  ASSERT_EQ(rig.client.InFlight(), 2u);
  rig.scheduler.Cancel(1);
  ASSERT_TRUE(rig.RunUntil([&] { return !rig.answers.empty() && rig.Idle(); }));
  ASSERT_EQ(rig.answers.size(), 1u);
  EXPECT_EQ(rig.answers[0].first, "two");
  EXPECT_EQ(server.Hits("/one"), 1);
  // The limiter still learns from the dropped response: Riot counted the request.
  EXPECT_EQ(rig.db.CallsTo("riot._record_response").size(), 2u);
  EXPECT_TRUE(rig.errors.empty());
}

TEST(RequestScheduler, ACallbackThatThrowsIsReportedForItsJob) {
  ScriptedRiot server;
  Rig rig(server.Options());
  rig.scheduler.Get(7, "kr", kMethod, "/a", [](const ApiResponse&) {
    throw Error("bad payload", sqlstate::kInvalidParameterValue);
  });
  rig.Get(8, "b", "/b");
  ASSERT_TRUE(
      rig.RunUntil([&] { return !rig.errors.empty() && !rig.answers.empty() && rig.Idle(); }));
  ASSERT_EQ(rig.errors.size(), 1u);
  EXPECT_EQ(rig.errors[0].first, 7);
  try {
    std::rethrow_exception(rig.errors[0].second);
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "bad payload");
    EXPECT_EQ(error.Sqlstate(), sqlstate::kInvalidParameterValue);
  }
  ASSERT_EQ(rig.answers.size(), 1u);
  EXPECT_EQ(rig.answers[0].first, "b");
}

}  // namespace
}  // namespace riot
