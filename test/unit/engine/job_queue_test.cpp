// Tests of the job queue's side of the SQL API: what each call sends and how it reads the answer.
#include "engine/job_queue.hpp"

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "fake_database.hpp"

namespace riot {
namespace {

constexpr const char* kWorker = "test worker (pid 1)";

std::vector<SqlRow> Value(SqlValue value) { return {SqlRow{std::move(value)}}; }

Job HeldJob() {
  Job job;
  job.id = 42;
  job.kind = "noop";
  job.attempt = 3;
  return job;
}

TEST(JobQueue, ClaimSendsBatchLeaseAndKindsAsATextArray) {
  FakeDatabase db;
  JobQueue queue(db, kWorker);
  queue.Claim(5, std::chrono::seconds(90), {"noop", "say \"hi\"", R"(back\slash)", "a,b", "x y"});
  ASSERT_EQ(db.Calls().size(), 1u);
  const RecordedCall& call = db.Calls()[0];
  EXPECT_EQ(call.function, "riot._claim");
  EXPECT_FALSE(call.in_transaction);
  EXPECT_EQ(call.params,
            (std::vector<SqlValue>{kWorker, "5", "90 seconds",
                                   R"({"noop","say \"hi\"","back\\slash","a,b","x y"})"}));
}

TEST(JobQueue, ClaimWithNoKindsSendsNull) {
  FakeDatabase db;
  JobQueue queue(db, kWorker);
  queue.Claim(1, std::chrono::seconds(60));
  ASSERT_EQ(db.CallsTo("riot._claim").size(), 1u);
  EXPECT_EQ(db.CallsTo("riot._claim")[0].params[3], std::nullopt);
}

TEST(JobQueue, ClaimReadsEveryColumnOfTheRows) {
  FakeDatabase db;
  db.Queue(
      "riot._claim",
      {{ClaimRow(7, "sync_player", R"({"game_name":"Hide on bush","max_matches":20})", 2),
        ClaimRow(8, "fetch_match", R"({"match_id":"KR_1"})", 1, false, 7),
        ClaimRow(9, "sync_player", "{}", 4, true, std::nullopt, R"({"puuid":"p","n":[1,2]})")}});
  JobQueue queue(db, kWorker);
  const std::vector<Job> jobs = queue.Claim(3, std::chrono::seconds(60), {"sync_player"});
  ASSERT_EQ(jobs.size(), 3u);

  EXPECT_EQ(jobs[0].id, 7);
  EXPECT_EQ(jobs[0].kind, "sync_player");
  EXPECT_EQ(jobs[0].args,
            nlohmann::json::parse(R"({"game_name":"Hide on bush","max_matches":20})"));
  EXPECT_EQ(jobs[0].attempt, 2);
  EXPECT_FALSE(jobs[0].fanned_out);
  EXPECT_FALSE(jobs[0].parent_id.has_value());
  EXPECT_TRUE(jobs[0].result.is_null());

  EXPECT_EQ(jobs[1].id, 8);
  EXPECT_EQ(jobs[1].parent_id, 7);
  EXPECT_FALSE(jobs[1].fanned_out);

  EXPECT_EQ(jobs[2].attempt, 4);
  EXPECT_TRUE(jobs[2].fanned_out);
  EXPECT_FALSE(jobs[2].parent_id.has_value());
  EXPECT_EQ(jobs[2].result, nlohmann::json::parse(R"({"puuid":"p","n":[1,2]})"));
}

TEST(JobQueue, ClaimWithNothingQueuedReturnsNoJobs) {
  FakeDatabase db;
  JobQueue queue(db, kWorker);
  EXPECT_TRUE(queue.Claim(32, std::chrono::seconds(60), {"noop"}).empty());
}

TEST(JobQueue, HeartbeatSendsTheAttemptAndTheLeaseAndReadsTheAnswer) {
  FakeDatabase db;
  db.Queue("riot._heartbeat", {Value("t"), Value("f"), {}, Value(std::nullopt)});
  JobQueue queue(db, kWorker);
  EXPECT_TRUE(queue.Heartbeat(HeldJob(), std::chrono::seconds(45)));
  EXPECT_FALSE(queue.Heartbeat(HeldJob(), std::chrono::seconds(45)));
  EXPECT_FALSE(queue.Heartbeat(HeldJob(), std::chrono::seconds(45))) << "no row";
  EXPECT_FALSE(queue.Heartbeat(HeldJob(), std::chrono::seconds(45))) << "NULL";
  const auto calls = db.CallsTo("riot._heartbeat");
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].params, (std::vector<SqlValue>{"42", "3", kWorker, "45 seconds"}));
}

TEST(JobQueue, FinishSendsTheResultOrNullAndWhetherToWait) {
  FakeDatabase db;
  db.Queue("riot._finish", {Value("t"), Value("f")});
  JobQueue queue(db, kWorker);
  EXPECT_TRUE(queue.Finish(HeldJob(), {{"matches_new", 3}}, true));
  EXPECT_FALSE(queue.Finish(HeldJob(), nullptr));
  const auto calls = db.CallsTo("riot._finish");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].params,
            (std::vector<SqlValue>{"42", "3", kWorker, R"({"matches_new":3})", "true"}));
  EXPECT_EQ(calls[1].params, (std::vector<SqlValue>{"42", "3", kWorker, std::nullopt, "false"}));
}

TEST(JobQueue, ReleaseSendsTheAttemptAndReadsTheAnswer) {
  FakeDatabase db;
  db.Queue("riot._release", {Value("t"), Value("f")});
  JobQueue queue(db, kWorker);
  EXPECT_TRUE(queue.Release(HeldJob()));
  EXPECT_FALSE(queue.Release(HeldJob()));
  ASSERT_EQ(db.CallsTo("riot._release").size(), 2u);
  EXPECT_EQ(db.CallsTo("riot._release")[0].params, (std::vector<SqlValue>{"42", "3", kWorker}));
}

TEST(JobQueue, FailSendsTheErrorAndRetryableAndReturnsWhatBecameOfTheJob) {
  FakeDatabase db;
  db.Queue("riot._fail", {Value("queued"), Value("failed"), Value(std::nullopt), {}});
  JobQueue queue(db, kWorker);
  EXPECT_EQ(queue.Fail(HeldJob(), "HTTP 503", true), "queued");
  EXPECT_EQ(queue.Fail(HeldJob(), "no handler", false), "failed");
  EXPECT_EQ(queue.Fail(HeldJob(), "lost", true), "") << "NULL: the attempt was lost";
  EXPECT_EQ(queue.Fail(HeldJob(), "lost", true), "") << "no row";
  const auto calls = db.CallsTo("riot._fail");
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].params, (std::vector<SqlValue>{"42", "3", kWorker, "HTTP 503", "true"}));
  EXPECT_EQ(calls[1].params, (std::vector<SqlValue>{"42", "3", kWorker, "no handler", "false"}));
}

TEST(JobQueue, ProgressSendsNullForUnknownCounts) {
  FakeDatabase db;
  db.Queue("riot._progress", {Value("t"), Value("f")});
  JobQueue queue(db, kWorker);
  EXPECT_TRUE(queue.Progress(HeldJob(), "listing matches", 120, std::nullopt));
  EXPECT_FALSE(queue.Progress(HeldJob(), "fetching matches", std::nullopt, 0));
  const auto calls = db.CallsTo("riot._progress");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].params,
            (std::vector<SqlValue>{"42", "3", kWorker, "listing matches", "120", std::nullopt}));
  EXPECT_EQ(calls[1].params,
            (std::vector<SqlValue>{"42", "3", kWorker, "fetching matches", std::nullopt, "0"}));
}

TEST(JobQueue, EnqueueSendsKindArgsPriorityDedupKeyAndParent) {
  FakeDatabase db;
  db.Queue("riot._enqueue", {Value("501"), Value("502")});
  JobQueue queue(db, kWorker);
  EXPECT_EQ(queue.Enqueue("fetch_match", {{"match_id", "KR_1"}}, "KR_1", 7, 5), 501);
  EXPECT_EQ(queue.Enqueue("noop", nlohmann::json::object()), 502);
  const auto calls = db.CallsTo("riot._enqueue");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].params,
            (std::vector<SqlValue>{"fetch_match", R"({"match_id":"KR_1"})", "5", "KR_1", "7"}));
  EXPECT_EQ(calls[1].params,
            (std::vector<SqlValue>{"noop", "{}", "0", std::nullopt, std::nullopt}));
}

TEST(JobQueue, EnqueueThrowsWhenNoJobIdComesBack) {
  FakeDatabase db;
  db.Queue("riot._enqueue", {{}, Value(std::nullopt)});
  JobQueue queue(db, kWorker);
  EXPECT_THROW(queue.Enqueue("noop", nlohmann::json::object()), Error) << "no row";
  EXPECT_THROW(queue.Enqueue("noop", nlohmann::json::object()), Error) << "NULL";
}

// What sync_player's fan-out relies on: an enqueue that fails inside a transaction takes the
// enqueues before it with it.
TEST(JobQueue, AFailedEnqueueInATransactionLeavesNothingCommitted) {
  FakeDatabase db;
  db.Queue("riot._enqueue", {Value("501"), {}});
  JobQueue queue(db, kWorker);
  EXPECT_THROW(db.Transaction([&] {
    queue.Enqueue("fetch_match", {{"match_id", "KR_1"}}, "KR_1", 7);
    queue.Enqueue("fetch_match", {{"match_id", "KR_2"}}, "KR_2", 7);
  }),
               Error);
  ASSERT_EQ(db.CallsTo("riot._enqueue").size(), 2u);
  for (const RecordedCall& call : db.CallsTo("riot._enqueue")) {
    EXPECT_TRUE(call.in_transaction);
    EXPECT_TRUE(call.rolled_back);
  }
  EXPECT_TRUE(db.Committed().empty());

  db.Transaction([&] { queue.Enqueue("noop", nlohmann::json::object()); });
  ASSERT_EQ(db.Committed().size(), 1u);
  EXPECT_EQ(db.Committed()[0].function, "riot._enqueue");
}

TEST(JobQueue, PurgeFinishedSendsTheRetentionAndReturnsTheCount) {
  FakeDatabase db;
  db.Queue("riot._purge_finished", {Value("12"), {}});
  JobQueue queue(db, kWorker);
  EXPECT_EQ(queue.PurgeFinished(std::chrono::hours(24 * 7)), 12);
  EXPECT_EQ(queue.PurgeFinished(std::chrono::seconds(30)), 0);
  const auto calls = db.CallsTo("riot._purge_finished");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].params, (std::vector<SqlValue>{"604800 seconds"}));
  EXPECT_EQ(calls[1].params, (std::vector<SqlValue>{"30 seconds"}));
}

TEST(JobQueue, ExecutionStartedSendsTheJob) {
  FakeDatabase db;
  JobQueue queue(db, kWorker);
  queue.ExecutionStarted(HeldJob());
  ASSERT_EQ(db.CallsTo("riot._execution_started").size(), 1u);
  EXPECT_EQ(db.CallsTo("riot._execution_started")[0].params, (std::vector<SqlValue>{"42"}));
}

TEST(JobQueue, PurgeExecutionsSendsTheRetentionAndReturnsTheCount) {
  FakeDatabase db;
  db.Queue("riot._purge_executions", {Value("3"), Value(std::nullopt)});
  JobQueue queue(db, kWorker);
  EXPECT_EQ(queue.PurgeExecutions("90 days"), 3);
  EXPECT_EQ(queue.PurgeExecutions("1 day"), 0);
  const auto calls = db.CallsTo("riot._purge_executions");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].params, (std::vector<SqlValue>{"90 days"}));
}

TEST(FakeDatabase, NamesTheFunctionAStatementCalls) {
  EXPECT_EQ(FakeDatabase::FunctionCalled("SELECT riot._heartbeat($1::bigint, $2)"),
            "riot._heartbeat");
  EXPECT_EQ(FakeDatabase::FunctionCalled("SELECT a, b FROM riot._claim ($1)"), "riot._claim");
  EXPECT_EQ(FakeDatabase::FunctionCalled("SELECT 1 FROM riot.matches m WHERE riot._f(m.x)"),
            "riot._f");
  EXPECT_EQ(FakeDatabase::FunctionCalled("SELECT m.id FROM riot.matches x"), "");
}

}  // namespace
}  // namespace riot
