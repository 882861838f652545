// A pg_riot background worker: attached to riot.database, it runs the engine, waiting on its
// latch and the Riot client's sockets together.
#include "worker_main.hpp"

#include <memory>
#include <optional>

#include "cpp_boundary.hpp"
#include "engine/engine.hpp"
#include "shared_state.hpp"
#include "spi_database.hpp"

namespace riot {

namespace {

constexpr long kIdlePollMs = 5000;
constexpr long kErrorPauseMs = 1000;

int g_slot = -1;
volatile sig_atomic_t g_stop_requested = false;

void ReleaseSlot(int, Datum) {
  SharedState& shared = Shared();
  SpinLockAcquire(&shared.mutex);
  shared.workers[g_slot] = WorkerSlot{0, nullptr};
  SpinLockRelease(&shared.mutex);
}

// SIGTERM: finish the current pass, give running jobs back, exit.
void HandleSigterm(SIGNAL_ARGS) {
  static_cast<void>(postgres_signal_arg);  // SIGNAL_ARGS names the signal number; unused
  const int saved_errno = errno;
  g_stop_requested = true;
  SetLatch(MyLatch);
  errno = saved_errno;
}

uint32 CurrentGeneration() {
  SharedState& shared = Shared();
  SpinLockAcquire(&shared.mutex);
  const uint32 generation = shared.generation;
  SpinLockRelease(&shared.mutex);
  return generation;
}

bool ExtensionInstalled(MemoryContext context) {
  return PgCall([context] {
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    const bool installed = OidIsValid(get_extension_oid("pg_riot", true));
    CommitTransactionCommand();
    MemoryContextSwitchTo(context);
    return installed;
  });
}

EngineOptions OptionsFromSettings() {
  EngineOptions options;
  options.client.base_url_template = g_settings.api_base_url;
  options.client.api_key = g_settings.api_key ? g_settings.api_key : "";
  options.client.max_concurrent_requests = g_settings.max_concurrent_requests;
  options.client.timeout_ms = g_settings.request_timeout_ms;
  options.limiter.default_limits = ParseRateLimits(g_settings.default_rate_limits);
  options.limiter.share = g_settings.rate_limit_share;
  options.max_active_jobs = 2 * g_settings.max_concurrent_requests;
  options.job_retention = std::chrono::seconds(g_settings.job_retention_s);
  return options;
}

// Wait on the latch, postmaster death and the client's sockets; report what became ready.
std::vector<SocketEvent> Wait(const WaitPlan& plan, long timeout_ms, bool& woken) {
  std::vector<SocketEvent> ready;
  std::vector<WaitEvent> events(plan.sockets.size() + 2);
  int count = 0;
  PgCall([&] {
    WaitEventSet* set = CreateWaitEventSet(CurrentMemoryContext, static_cast<int>(events.size()));
    AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, nullptr);
    AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, nullptr, nullptr);
    for (const SocketInterest& socket : plan.sockets) {
      const uint32 wanted =
          (socket.read ? WL_SOCKET_READABLE : 0) | (socket.write ? WL_SOCKET_WRITEABLE : 0);
      if (wanted != 0) AddWaitEventToSet(set, wanted, socket.fd, nullptr, nullptr);
    }
    count = WaitEventSetWait(set, timeout_ms, events.data(), static_cast<int>(events.size()),
                             PG_WAIT_EXTENSION);
    FreeWaitEventSet(set);
  });
  for (int i = 0; i < count; i++) {
    const WaitEvent& event = events[i];
    if (event.events & WL_LATCH_SET) {
      woken = true;
    } else if (event.events & (WL_SOCKET_READABLE | WL_SOCKET_WRITEABLE)) {
      ready.push_back(SocketEvent{event.fd, (event.events & WL_SOCKET_READABLE) != 0,
                                  (event.events & WL_SOCKET_WRITEABLE) != 0});
    }
  }
  return ready;
}

void ReportActivity(const EngineStats& stats) {
  char activity[128];
  snprintf(activity, sizeof(activity), "pg_riot: %zu jobs, %zu requests in flight, %zu queued",
           stats.active_jobs, stats.requests_in_flight, stats.requests_queued);
  pgstat_report_activity(stats.active_jobs > 0 ? STATE_RUNNING : STATE_IDLE,
                         stats.active_jobs > 0 ? activity : nullptr);
}

void WorkerMain(int slot) {
  g_slot = slot;
  pqsignal(SIGHUP, SignalHandlerForConfigReload);
  pqsignal(SIGTERM, HandleSigterm);
  BackgroundWorkerUnblockSignals();

  // Join the generation before connecting: an eviction from now on reaches this worker.
  const uint32 generation = CurrentGeneration();
  char database[BGW_EXTRALEN];
  strlcpy(database, MyBgworkerEntry->bgw_extra, sizeof(database));
  BackgroundWorkerInitializeConnection(database, nullptr, 0);
  pgstat_report_appname(MyBgworkerEntry->bgw_name);

  SharedState& shared = Shared();
  SpinLockAcquire(&shared.mutex);
  shared.workers[slot] = WorkerSlot{MyProcPid, MyLatch};
  SpinLockRelease(&shared.mutex);
  on_shmem_exit(ReleaseSlot, 0);

  MemoryContext loop_context =
      AllocSetContextCreate(TopMemoryContext, "pg_riot worker", ALLOCSET_DEFAULT_SIZES);
  MemoryContextSwitchTo(loop_context);
  SpiDatabase db(loop_context);
  const std::string worker_name =
      std::string(MyBgworkerEntry->bgw_name) + " (pid " + std::to_string(MyProcPid) + ")";
  std::unique_ptr<Engine> engine;
  std::vector<SocketEvent> ready;
  bool woken = true;

  while (!g_stop_requested) {
    // An interrupt may raise an ERROR: through PgCall it unwinds the engine and its
    // connections as a C++ exception, and CallCpp reports it once they are gone.
    PgCall([] { CHECK_FOR_INTERRUPTS(); });
    // Leave the database at once when it is being dropped or riot.database changed.
    if (CurrentGeneration() != generation) break;
    if (ConfigReloadPending) {
      ConfigReloadPending = false;
      ProcessConfigFile(PGC_SIGHUP);
      if (engine) engine->Reconfigure(OptionsFromSettings());
    }
    WaitPlan plan{{}, kIdlePollMs};
    try {
      if (!engine && ExtensionInstalled(loop_context)) {
        // Jobs of workers that died with this server's last crash need not wait out their lease.
        db.Query("SELECT riot._expire_dead_worker_leases()");
        engine = std::make_unique<Engine>(db, worker_name, OptionsFromSettings());
      }
      if (engine) {
        plan = engine->RunOnce(ready, woken);
        ReportActivity(engine->Stats());
      }
    } catch (const std::exception& e) {
      // The extension was dropped under us, a query failed, ...: start over shortly.
      ereport(WARNING, (errmsg("pg_riot worker: %s", e.what())));
      engine.reset();
      plan = WaitPlan{{}, kErrorPauseMs};
    }
    MemoryContextReset(loop_context);
    woken = false;
    const long timeout_ms =
        plan.timeout_ms < 0 ? kIdlePollMs : std::min(plan.timeout_ms, kIdlePollMs);
    ready = Wait(plan, timeout_ms, woken);
    if (woken) ResetLatch(MyLatch);
  }
  if (engine) {
    try {
      engine->ReleaseAll();
    } catch (const std::exception&) {
      // Leases expire instead; nothing is lost.
    }
  }
  engine.reset();
  proc_exit(0);
}

}  // namespace

}  // namespace riot

extern "C" void riot_worker_main(Datum main_arg) {
  riot::CallCpp([main_arg] { riot::WorkerMain(DatumGetInt32(main_arg)); });
}
