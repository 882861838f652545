// The pg_riot launcher: one background worker that keeps riot.workers workers attached to
// riot.database while that database exists.
#include "launcher.hpp"

#include "cpp_boundary.hpp"
#include "shared_state.hpp"

namespace riot {

namespace {

constexpr int kLauncherRestartSeconds = 5;
constexpr long kPollMs = 5000;
constexpr long kRestartDelayMs = 1000;

// The launcher's view of one worker slot.
struct LaunchedWorker {
  BackgroundWorkerHandle* handle;  // palloc'd in TopMemoryContext by the postmaster API
  TimestampTz started_at;
};

LaunchedWorker g_launched[kMaxWorkers];

// Look riot.database up with a heap scan of pg_database: without a database of its own, the
// launcher can read shared catalogs only, and not through their indexes (as autovacuum does).
bool DatabaseExists(const char* name) {
  return PgCall([name] {
    bool exists = false;
    StartTransactionCommand();
    (void)GetTransactionSnapshot();
    Relation rel = table_open(DatabaseRelationId, AccessShareLock);
    TableScanDesc scan = table_beginscan_catalog(rel, 0, nullptr);
    for (HeapTuple tuple;
         !exists && (tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr;) {
      const auto* database = reinterpret_cast<Form_pg_database>(GETSTRUCT(tuple));
      exists = database->datallowconn && strcmp(NameStr(database->datname), name) == 0;
    }
    table_endscan(scan);
    table_close(rel, AccessShareLock);
    CommitTransactionCommand();
    return exists;
  });
}

bool IsRunning(const LaunchedWorker& worker) {
  pid_t pid = 0;
  return worker.handle != nullptr && GetBackgroundWorkerPid(worker.handle, &pid) != BGWH_STOPPED;
}

void StartWorker(int slot, const char* database) {
  BackgroundWorkerHandle* handle = nullptr;
  BackgroundWorker worker{};
  worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
  worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
  worker.bgw_restart_time = BGW_NEVER_RESTART;  // the launcher restarts it
  snprintf(worker.bgw_library_name, BGW_MAXLEN, "pg_riot");
  snprintf(worker.bgw_function_name, BGW_MAXLEN, "riot_worker_main");
  snprintf(worker.bgw_name, BGW_MAXLEN, "pg_riot worker %d", slot + 1);
  snprintf(worker.bgw_type, BGW_MAXLEN, "pg_riot worker");
  snprintf(worker.bgw_extra, BGW_EXTRALEN, "%s", database);
  worker.bgw_main_arg = Int32GetDatum(slot);
  worker.bgw_notify_pid = MyProcPid;
  if (!RegisterDynamicBackgroundWorker(&worker, &handle)) {
    ereport(WARNING, (errmsg("pg_riot could not start worker %d", slot + 1),
                      errhint("Raise max_worker_processes.")));
    return;
  }
  g_launched[slot] = {handle, GetCurrentTimestamp()};
}

// Start missing workers and stop surplus ones so that exactly the wanted number runs.
void ReconcileWorkers() {
  SharedState& shared = Shared();
  SpinLockAcquire(&shared.mutex);
  const TimestampTz paused_until = shared.paused_until;
  SpinLockRelease(&shared.mutex);

  const TimestampTz now = GetCurrentTimestamp();
  const bool paused = now < paused_until;
  const bool database_exists = !paused && DatabaseExists(g_settings.database);
  const int wanted = database_exists ? g_settings.workers : 0;
  for (int slot = 0; slot < kMaxWorkers; slot++) {
    LaunchedWorker& launched = g_launched[slot];
    const bool running = IsRunning(launched);
    if (slot >= wanted && running) {
      TerminateBackgroundWorker(launched.handle);
    } else if (slot < wanted && !running &&
               TimestampDifferenceExceeds(launched.started_at, now, kRestartDelayMs)) {
      StartWorker(slot, g_settings.database);
    }
  }
}

void LauncherMain() {
  pqsignal(SIGHUP, SignalHandlerForConfigReload);
  pqsignal(SIGTERM, die);
  BackgroundWorkerUnblockSignals();
  // No database: the launcher reads only the shared catalog pg_database.
  BackgroundWorkerInitializeConnection(nullptr, nullptr, 0);
  pgstat_report_appname("pg_riot launcher");

  SharedState& shared = Shared();
  SpinLockAcquire(&shared.mutex);
  shared.launcher_latch = MyLatch;
  SpinLockRelease(&shared.mutex);

  while (true) {
    CHECK_FOR_INTERRUPTS();
    if (ConfigReloadPending) {
      ConfigReloadPending = false;
      char old_database[NAMEDATALEN];
      strlcpy(old_database, g_settings.database, sizeof(old_database));
      ProcessConfigFile(PGC_SIGHUP);
      if (strcmp(old_database, g_settings.database) != 0) EvictWorkers(0);
    }
    ReconcileWorkers();
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, kPollMs,
                    PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
  }
}

}  // namespace

void RegisterLauncher() {
  BackgroundWorker worker{};
  worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
  worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
  worker.bgw_restart_time = kLauncherRestartSeconds;
  snprintf(worker.bgw_library_name, BGW_MAXLEN, "pg_riot");
  snprintf(worker.bgw_function_name, BGW_MAXLEN, "riot_launcher_main");
  snprintf(worker.bgw_name, BGW_MAXLEN, "pg_riot launcher");
  snprintf(worker.bgw_type, BGW_MAXLEN, "pg_riot launcher");
  RegisterBackgroundWorker(&worker);
}

}  // namespace riot

extern "C" void riot_launcher_main(Datum) {
  riot::CallCpp([] { riot::LauncherMain(); });
}
