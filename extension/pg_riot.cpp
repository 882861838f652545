// pg_riot's entry point: _PG_init checks it is preloaded, defines the settings, asks for
// shared memory and registers the launcher and the DROP DATABASE hook.
#include "cpp_boundary.hpp"
#include "gucs.hpp"
#include "launcher.hpp"
#include "log_redaction.hpp"
#include "shared_state.hpp"
#include "utility_hook.hpp"

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

namespace {

shmem_request_hook_type g_previous_shmem_request = nullptr;
shmem_startup_hook_type g_previous_shmem_startup = nullptr;

void RequestShmem() {
  if (g_previous_shmem_request != nullptr) g_previous_shmem_request();
  riot::RequestSharedState();
}

void StartupShmem() {
  if (g_previous_shmem_startup != nullptr) g_previous_shmem_startup();
  riot::AttachSharedState();
}

}  // namespace

extern "C" void _PG_init(void) {
  if (IsBinaryUpgrade) return;
  if (!process_shared_preload_libraries_in_progress) {
    ereport(ERROR,
            (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
             errmsg("pg_riot must be loaded via shared_preload_libraries"),
             errhint("Add pg_riot (and pg_cron) to shared_preload_libraries in postgresql.conf "
                     "and restart the server.")));
  }
  riot::CallCpp([] {
    riot::DefineSettings();
    riot::InstallLogRedaction();
    g_previous_shmem_request = shmem_request_hook;
    shmem_request_hook = RequestShmem;
    g_previous_shmem_startup = shmem_startup_hook;
    shmem_startup_hook = StartupShmem;
    riot::InstallUtilityHook();
    riot::RegisterLauncher();
  });
}
