// State shared by the launcher, the workers and every backend, in shared memory.
#include "shared_state.hpp"

namespace riot {

namespace {

SharedState* g_shared = nullptr;

}  // namespace

void RequestSharedState() { RequestAddinShmemSpace(MAXALIGN(sizeof(SharedState))); }

void AttachSharedState() {
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  g_shared = static_cast<SharedState*>(ShmemInitStruct("pg_riot", sizeof(SharedState), &found));
  if (!found) {
    memset(g_shared, 0, sizeof(SharedState));
    SpinLockInit(&g_shared->mutex);
  }
  LWLockRelease(AddinShmemInitLock);
}

SharedState& Shared() {
  if (g_shared == nullptr) elog(PANIC, "pg_riot shared state used before it was attached");
  return *g_shared;
}

void WakeAllWorkers() {
  SharedState& shared = Shared();
  Latch* latches[kMaxWorkers + 1];
  int count = 0;
  SpinLockAcquire(&shared.mutex);
  for (const WorkerSlot& slot : shared.workers) {
    if (slot.latch != nullptr) latches[count++] = slot.latch;
  }
  if (shared.launcher_latch != nullptr) latches[count++] = shared.launcher_latch;
  SpinLockRelease(&shared.mutex);
  for (int i = 0; i < count; i++) SetLatch(latches[i]);
}

void EvictWorkers(long pause_ms) {
  SharedState& shared = Shared();
  SpinLockAcquire(&shared.mutex);
  shared.generation++;
  shared.paused_until = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), pause_ms);
  SpinLockRelease(&shared.mutex);
  WakeAllWorkers();
}

}  // namespace riot
