// State shared by the launcher, the workers and every backend, in shared memory.
#pragma once

#include "gucs.hpp"
#include "postgres_includes.hpp"

namespace riot {

// One running worker, as the launcher and wakers see it.
struct WorkerSlot {
  pid_t pid;
  Latch* latch;
};

struct SharedState {
  slock_t mutex;
  Latch* launcher_latch;
  // Workers leave their database when this changes (DROP DATABASE, a new riot.database).
  uint32 generation;
  // Until then the launcher starts no worker: a DROP DATABASE of riot.database is under way.
  TimestampTz paused_until;
  WorkerSlot workers[kMaxWorkers];
};

// Ask for the shared memory; call from the shmem_request hook.
void RequestSharedState();

// Attach to (or create) the shared state; call from the shmem_startup hook.
void AttachSharedState();

SharedState& Shared();

// Set the latch of every running worker (and the launcher).
void WakeAllWorkers();

// Make every worker leave its database and keep the launcher from starting new ones for a while.
void EvictWorkers(long pause_ms);

}  // namespace riot
