// A pg_riot background worker: attached to riot.database, it sleeps on its latch until work
// is queued and runs it.
#include "worker_main.hpp"

#include "cpp_boundary.hpp"
#include "shared_state.hpp"

namespace riot {

namespace {

constexpr long kIdlePollMs = 5000;

int g_slot = -1;

void ReleaseSlot(int, Datum) {
  SharedState& shared = Shared();
  SpinLockAcquire(&shared.mutex);
  shared.workers[g_slot] = WorkerSlot{0, nullptr};
  SpinLockRelease(&shared.mutex);
}

uint32 CurrentGeneration() {
  SharedState& shared = Shared();
  SpinLockAcquire(&shared.mutex);
  const uint32 generation = shared.generation;
  SpinLockRelease(&shared.mutex);
  return generation;
}

bool ExtensionInstalled() {
  return PgCall([] {
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    const bool installed = OidIsValid(get_extension_oid("pg_riot", true));
    CommitTransactionCommand();
    return installed;
  });
}

void WorkerMain(int slot) {
  g_slot = slot;
  pqsignal(SIGHUP, SignalHandlerForConfigReload);
  pqsignal(SIGTERM, die);
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

  while (true) {
    CHECK_FOR_INTERRUPTS();
    // Leave the database at once when it is being dropped or riot.database changed.
    if (CurrentGeneration() != generation) proc_exit(0);
    if (ConfigReloadPending) {
      ConfigReloadPending = false;
      ProcessConfigFile(PGC_SIGHUP);
    }
    pgstat_report_activity(STATE_RUNNING, "pg_riot: looking for work");
    (void)ExtensionInstalled();
    pgstat_report_activity(STATE_IDLE, nullptr);
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, kIdlePollMs,
                    PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
  }
}

}  // namespace

}  // namespace riot

extern "C" void riot_worker_main(Datum main_arg) {
  riot::CallCpp([main_arg] { riot::WorkerMain(DatumGetInt32(main_arg)); });
}
