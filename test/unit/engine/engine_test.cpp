// Tests of the engine's rules (claims, leases, failures, release, purge) over a fake database,
// run through RunOnce as riot-worker's loop runs it; the Riot API is a local cpp-httplib server.
#include "engine/engine.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/error.hpp"
#include "fake_database.hpp"

namespace riot {
namespace {

constexpr const char* kWorker = "engine test worker";
constexpr const char* kNowhere = "http://127.0.0.1:1/{route}";  // nothing listens on port 1
constexpr int kMaxPasses = 1000000;  // the time guard below ends a loop that never finishes
constexpr auto kGiveUpAfter = std::chrono::seconds(30);  // guards against a hang, not a timing
constexpr long kMaxWaitMs = 100;                         // one wait, at most
constexpr const char* kSyncArgs =
    R"({"game_name":"Hide on bush","tag_line":"KR1","platform":"kr"})";

using Rows = std::vector<SqlRow>;

EngineOptions TestOptions(const std::string& base_url = kNowhere) {
  EngineOptions options;
  options.client.base_url_template = base_url;
  options.client.api_key = "RGAPI-00000000-engine-test";
  options.max_active_jobs = 8;
  options.claim_batch = 4;
  options.lease = std::chrono::seconds(3);  // a heartbeat every second
  options.job_retention = std::chrono::hours(1);
  options.idle_poll = std::chrono::hours(1);  // no fallback poll within a test
  return options;
}

// A sync_player job: it asks for a token at once and, while the limiter grants none, keeps
// running with its request queued.
SqlRow WaitingJob(int64_t id, int attempt = 1) {
  return ClaimRow(id, "sync_player", kSyncArgs, attempt);
}

// An engine over a fake database, run the way riot-worker's loop runs it.
class Rig {
 public:
  explicit Rig(const EngineOptions& options = TestOptions()) : engine(db, kWorker, options) {}

  // Wait on the last plan's sockets for its timeout (at most kMaxWaitMs), then run once.
  void Pass(bool woken = false) {
    std::vector<pollfd> fds;
    for (const SocketInterest& socket : plan.sockets) {
      fds.push_back(
          pollfd{socket.fd,
                 static_cast<short>((socket.read ? POLLIN : 0) | (socket.write ? POLLOUT : 0)), 0});
    }
    const long timeout_ms =
        plan.timeout_ms < 0 ? kMaxWaitMs : std::min(plan.timeout_ms, kMaxWaitMs);
    std::vector<SocketEvent> ready;
    if (poll(fds.data(), fds.size(), static_cast<int>(timeout_ms)) > 0) {
      for (const pollfd& fd : fds) {
        if (fd.revents == 0) continue;
        ready.push_back(SocketEvent{fd.fd, (fd.revents & (POLLIN | POLLHUP | POLLERR)) != 0,
                                    (fd.revents & (POLLOUT | POLLERR)) != 0});
      }
    }
    plan = engine.RunOnce(ready, woken);
  }

  // Run passes until `done` holds (bounded).
  bool RunUntil(const std::function<bool()>& done) {
    const auto give_up = std::chrono::steady_clock::now() + kGiveUpAfter;
    for (int pass = 0; pass < kMaxPasses && std::chrono::steady_clock::now() < give_up; pass++) {
      if (done()) return true;
      Pass();
    }
    return done();
  }

  // The limiter grants nothing for a minute: requests stay queued, their jobs keep running.
  void GrantNoTokens() {
    db.On("riot._take_tokens", [](const RecordedCall&) { return Rows{{"0", "60000"}}; });
  }

  size_t CallCount(const std::string& function) const { return db.CallsTo(function).size(); }

  // The calls that end an attempt: finish, fail, release.
  size_t Endings() const {
    return CallCount("riot._finish") + CallCount("riot._fail") + CallCount("riot._release");
  }

  FakeDatabase db;
  Engine engine;
  WaitPlan plan{{}, 0};
};

TEST(Engine, ClaimsTheKindsItHandles) {
  Rig rig;
  rig.Pass();
  const auto claims = rig.db.CallsTo("riot._claim");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_FALSE(claims[0].in_transaction);
  EXPECT_EQ(claims[0].params, (std::vector<SqlValue>{kWorker, "4", "3 seconds",
                                                     TextArrayLiteral(HandledJobKinds())}));
  EXPECT_NE(claims[0].Text(3).find("\"noop\""), std::string::npos);
}

TEST(Engine, NeverRunsMoreThanMaxActiveJobs) {
  EngineOptions options = TestOptions();
  options.max_active_jobs = 3;
  options.claim_batch = 2;
  Rig rig(options);
  rig.GrantNoTokens();
  rig.db.Queue("riot._claim", {{WaitingJob(1), WaitingJob(2)}, {WaitingJob(3)}});
  rig.Pass();
  rig.Pass();  // a full batch: claims again at once, for the one job there is room for
  const auto claims = rig.db.CallsTo("riot._claim");
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0].params[1], "2");
  EXPECT_EQ(claims[1].params[1], "1");
  EXPECT_EQ(rig.engine.Stats().active_jobs, 3u);
  for (int i = 0; i < 3; i++) rig.Pass(true);  // woken, but full
  EXPECT_EQ(rig.CallCount("riot._claim"), 2u);
}

TEST(Engine, RunsANoopJobToFinish) {
  Rig rig;
  rig.db.Queue("riot._claim", {{ClaimRow(7, "noop", "{}", 2)}});
  rig.Pass();
  const auto finishes = rig.db.CallsTo("riot._finish");
  ASSERT_EQ(finishes.size(), 1u);
  EXPECT_EQ(finishes[0].params, (std::vector<SqlValue>{"7", "2", kWorker, std::nullopt, "false"}));
  EXPECT_EQ(rig.CallCount("riot._fail"), 0u);
  const auto functions = rig.db.Functions();
  EXPECT_LT(std::find(functions.begin(), functions.end(), "riot._claim") - functions.begin(),
            std::find(functions.begin(), functions.end(), "riot._finish") - functions.begin());
  const EngineStats stats = rig.engine.Stats();
  EXPECT_EQ(stats.jobs_started, 1u);
  EXPECT_EQ(stats.jobs_done, 1u);
  EXPECT_EQ(stats.active_jobs, 0u);
}

TEST(Engine, FailsAnUnknownKindForGood) {
  Rig rig;
  rig.db.Queue("riot._claim", {{ClaimRow(8, "no_such_kind", "{}", 1)}});
  rig.Pass();
  const auto fails = rig.db.CallsTo("riot._fail");
  ASSERT_EQ(fails.size(), 1u);
  EXPECT_EQ(fails[0].params[0], "8");
  EXPECT_NE(fails[0].Text(3).find("no_such_kind"), std::string::npos) << fails[0].Text(3);
  EXPECT_EQ(fails[0].params[4], "false");
  EXPECT_EQ(rig.CallCount("riot._finish"), 0u);
  EXPECT_EQ(rig.engine.Stats().active_jobs, 0u);
}

TEST(Engine, ClaimsAgainAtOnceAfterAFullBatch) {
  EngineOptions options = TestOptions();
  options.claim_batch = 2;
  Rig rig(options);
  rig.GrantNoTokens();
  rig.db.Queue("riot._claim", {{WaitingJob(1), WaitingJob(2)}});
  rig.Pass();
  EXPECT_EQ(rig.CallCount("riot._claim"), 1u);
  EXPECT_EQ(rig.plan.timeout_ms, 0) << "a full batch: come back at once";
  rig.Pass();
  EXPECT_EQ(rig.CallCount("riot._claim"), 2u);
  EXPECT_EQ(rig.engine.Stats().active_jobs, 2u);
}

TEST(Engine, WaitsForAWakeUpOrTheIdlePollAfterAPartialBatch) {
  EngineOptions options = TestOptions();
  options.claim_batch = 2;
  Rig rig(options);
  rig.GrantNoTokens();
  rig.db.Queue("riot._claim", {{WaitingJob(1)}});
  rig.Pass();
  EXPECT_GT(rig.plan.timeout_ms, 0);
  for (int i = 0; i < 3; i++) rig.Pass();
  EXPECT_EQ(rig.CallCount("riot._claim"), 1u) << "claimed again without a wake-up";
  rig.Pass(true);
  EXPECT_EQ(rig.CallCount("riot._claim"), 2u) << "a wake-up claims at once";
  rig.Pass();  // the wake-up found nothing: idle again
  EXPECT_EQ(rig.CallCount("riot._claim"), 2u);
}

TEST(Engine, ClaimsAgainAfterTheIdlePoll) {
  EngineOptions options = TestOptions();
  options.idle_poll = std::chrono::milliseconds(20);
  Rig rig(options);
  rig.Pass();
  ASSERT_TRUE(rig.RunUntil([&] { return rig.CallCount("riot._claim") >= 3; }));
}

TEST(Engine, RenewsTheLeaseOfARunningJob) {
  Rig rig;
  rig.GrantNoTokens();
  rig.db.Queue("riot._claim", {{WaitingJob(5, 2)}});
  ASSERT_TRUE(rig.RunUntil([&] { return rig.CallCount("riot._heartbeat") >= 2; }));
  for (const RecordedCall& heartbeat : rig.db.CallsTo("riot._heartbeat")) {
    EXPECT_EQ(heartbeat.params, (std::vector<SqlValue>{"5", "2", kWorker, "3 seconds"}));
  }
  EXPECT_EQ(rig.engine.Stats().active_jobs, 1u);
  EXPECT_EQ(rig.Endings(), 0u);
}

TEST(Engine, AbandonsAJobWhoseHeartbeatFailsAndClaimsInItsPlace) {
  EngineOptions options = TestOptions();
  options.max_active_jobs = 1;
  Rig rig(options);
  rig.GrantNoTokens();
  rig.db.On("riot._heartbeat", [](const RecordedCall&) { return Rows{{"f"}}; });
  rig.db.Queue("riot._claim", {{WaitingJob(5)}});
  rig.Pass();
  rig.Pass();  // a full batch, but no room: no claim
  EXPECT_EQ(rig.CallCount("riot._claim"), 1u);
  ASSERT_TRUE(rig.RunUntil([&] { return rig.CallCount("riot._heartbeat") >= 1; }));
  rig.Pass();
  const EngineStats stats = rig.engine.Stats();
  EXPECT_EQ(stats.active_jobs, 0u);
  EXPECT_EQ(stats.requests_queued, 0u) << "the lost attempt's request was not dropped";
  EXPECT_EQ(rig.Endings(), 0u) << "a lost attempt writes nothing more";
  EXPECT_EQ(rig.CallCount("riot._heartbeat"), 1u);
  // Its place is free: the engine claims again at once, without a wake-up.
  ASSERT_EQ(rig.CallCount("riot._claim"), 2u);
  const auto functions = rig.db.Functions();
  const auto first_heartbeat =
      std::find(functions.begin(), functions.end(), "riot._heartbeat") - functions.begin();
  const auto last_claim =
      functions.rend() - std::find(functions.rbegin(), functions.rend(), "riot._claim") - 1;
  EXPECT_LT(first_heartbeat, last_claim) << "claimed again only after the job was lost";
}

// Its lease expired while this worker still ran it, and the worker claimed it again: the old
// attempt's requests go, the new attempt runs.
TEST(Engine, AJobClaimedAgainDropsItsOldAttempt) {
  EngineOptions options = TestOptions();
  options.claim_batch = 1;
  Rig rig(options);
  rig.GrantNoTokens();
  rig.db.Queue("riot._claim", {{WaitingJob(5, 1)}, {WaitingJob(5, 2)}});
  rig.Pass();
  rig.Pass();  // a full batch: claims again at once, and gets the same job's next attempt
  rig.Pass();
  EXPECT_EQ(rig.CallCount("riot._claim"), 3u);
  const EngineStats stats = rig.engine.Stats();
  EXPECT_EQ(stats.active_jobs, 1u);
  EXPECT_EQ(stats.requests_queued, 1u) << "the old attempt's request is still queued";
  ASSERT_TRUE(rig.RunUntil([&] { return rig.CallCount("riot._heartbeat") >= 1; }));
  EXPECT_EQ(rig.db.CallsTo("riot._heartbeat")[0].params[1], "2") << "renews the new attempt";
}

// A job's handler throws from Start: the job's fate follows the exception.
TEST(Engine, AnExceptionFromAHandlerFailsTheJobRetryableUnless22023) {
  struct Case {
    std::function<void()> raise;
    std::string error;
    std::string retryable;
  };
  const std::vector<Case> cases = {
      {[] { throw Error("bad value", sqlstate::kInvalidParameterValue, "the detail"); },
       "bad value: the detail", "false"},
      {[] { throw Error("internal"); }, "internal", "true"},
      {[] { throw std::runtime_error("connection lost"); }, "connection lost", "true"},
      {[] { throw 42; }, "unknown error", "true"},
  };
  for (const Case& c : cases) {
    Rig rig;
    rig.GrantNoTokens();
    // sync_player records its progress as it starts: make that statement throw.
    rig.db.On("riot._progress", [&c](const RecordedCall&) -> Rows {
      c.raise();
      return {};
    });
    rig.db.Queue("riot._claim", {{WaitingJob(9, 2)}});
    rig.Pass();
    const auto fails = rig.db.CallsTo("riot._fail");
    ASSERT_EQ(fails.size(), 1u) << c.error;
    EXPECT_EQ(fails[0].params, (std::vector<SqlValue>{"9", "2", kWorker, c.error, c.retryable}));
    EXPECT_EQ(rig.engine.Stats().active_jobs, 0u);
  }
}

TEST(Engine, BadJobArgumentsFailTheJob) {
  Rig rig;
  rig.db.Queue("riot._claim",
               {{ClaimRow(1, "sync_player", R"({"game_name":"a","tag_line":"b","platform":"zz"})"),
                 ClaimRow(2, "sync_player", "{}")}});
  rig.Pass();
  const auto fails = rig.db.CallsTo("riot._fail");
  ASSERT_EQ(fails.size(), 2u);
  EXPECT_EQ(fails[0].params[0], "1");
  EXPECT_EQ(fails[0].params[4], "false") << "an unknown platform (22023) is for good";
  EXPECT_EQ(fails[1].params[0], "2");
  EXPECT_EQ(fails[1].params[4], "true") << "any other exception is retried";
}

// A Riot API on 127.0.0.1 that knows one account.
class AccountServer {
 public:
  AccountServer() {
    server_.Get(R"(/asia/riot/account/v1/accounts/by-riot-id/.*)", [](const httplib::Request&,
                                                                      httplib::Response& res) {
      res.set_content(R"({"puuid":"puuid-1","gameName":"Hide on bush","tagLine":"KR1"})",
                      "application/json;charset=utf-8");
    });
    server_.set_tcp_nodelay(true);  // no Nagle delay between the headers and the body
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("could not bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~AccountServer() {
    server_.stop();
    thread_.join();
  }
  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/{route}"; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// A handler throws in a response callback: the scheduler reports it and the engine fails the job.
TEST(Engine, AnExceptionInAResponseCallbackFailsTheJob) {
  AccountServer server;
  for (bool bad_data : {true, false}) {
    Rig rig(TestOptions(server.BaseUrl()));
    // The first statement the job sends after the account arrives (it stores the player).
    rig.db.OnAnyOther([bad_data](const RecordedCall& call) -> Rows {
      if (bad_data) throw Error("invalid player", sqlstate::kInvalidParameterValue);
      throw std::runtime_error("connection lost in " + call.function);
    });
    rig.db.Queue("riot._claim", {{WaitingJob(3)}});
    ASSERT_TRUE(rig.RunUntil([&] { return rig.CallCount("riot._fail") > 0; }));
    const auto fails = rig.db.CallsTo("riot._fail");
    ASSERT_EQ(fails.size(), 1u);
    EXPECT_EQ(fails[0].params[0], "3");
    EXPECT_EQ(fails[0].params[4], bad_data ? "false" : "true");
    const auto takes = rig.db.CallsTo("riot._take_tokens");
    ASSERT_EQ(takes.size(), 1u);
    EXPECT_EQ(takes[0].params[0], "asia");
    EXPECT_EQ(takes[0].params[1], "account-v1.getByRiotId");
    rig.Pass();
    EXPECT_EQ(rig.engine.Stats().active_jobs, 0u);
  }
}

TEST(Engine, ReleaseAllGivesEveryRunningJobBack) {
  Rig rig;
  rig.GrantNoTokens();
  rig.db.Queue("riot._claim", {{WaitingJob(11, 1), WaitingJob(12, 3)}});
  rig.Pass();
  ASSERT_EQ(rig.engine.Stats().active_jobs, 2u);
  rig.engine.ReleaseAll();
  const auto releases = rig.db.CallsTo("riot._release");
  ASSERT_EQ(releases.size(), 2u);
  EXPECT_EQ(releases[0].params, (std::vector<SqlValue>{"11", "1", kWorker}));
  EXPECT_EQ(releases[1].params, (std::vector<SqlValue>{"12", "3", kWorker}));
  EXPECT_EQ(rig.CallCount("riot._fail") + rig.CallCount("riot._finish"), 0u);
  EXPECT_EQ(rig.engine.Stats().active_jobs, 0u);
  EXPECT_EQ(rig.engine.Stats().requests_queued, 0u);
}

TEST(Engine, ReleaseAllGoesOnWhenOneReleaseFails) {
  Rig rig;
  rig.GrantNoTokens();
  rig.db.On("riot._release", [](const RecordedCall& call) -> Rows {
    if (call.Text(0) == "11") throw std::runtime_error("connection lost");
    return {{"t"}};
  });
  rig.db.Queue("riot._claim", {{WaitingJob(11), WaitingJob(12)}});
  rig.Pass();
  EXPECT_NO_THROW(rig.engine.ReleaseAll());
  EXPECT_EQ(rig.CallCount("riot._release"), 2u);
  EXPECT_EQ(rig.engine.Stats().active_jobs, 0u);
}

TEST(Engine, PurgesWithTheConfiguredRetention) {
  Rig rig;
  rig.Pass();
  rig.Pass(true);
  const auto purges = rig.db.CallsTo("riot._purge_finished");
  ASSERT_EQ(purges.size(), 1u) << "purged once, not on every pass";
  EXPECT_EQ(purges[0].params, (std::vector<SqlValue>{"3600 seconds"}));
}

}  // namespace
}  // namespace riot
