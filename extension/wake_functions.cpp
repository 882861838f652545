// riot._wake_at_commit(): set the workers' latches when the calling transaction commits, so
// they never look for work that is not visible yet.
#include "cpp_boundary.hpp"
#include "shared_state.hpp"

namespace riot {

namespace {

bool g_callback_registered = false;
bool g_wake_pending = false;

void WakeOnCommit(XactEvent event, void*) {
  if (!g_wake_pending) return;
  if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT) {
    g_wake_pending = false;
    WakeAllWorkers();
  } else if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT) {
    g_wake_pending = false;
  }
}

Datum WakeAtCommitImpl(FunctionCallInfo) {
  if (!g_callback_registered) {
    RegisterXactCallback(WakeOnCommit, nullptr);
    g_callback_registered = true;
  }
  g_wake_pending = true;
  PG_RETURN_VOID();
}

}  // namespace

}  // namespace riot

RIOT_SQL_FUNCTION(riot_wake_at_commit, riot::WakeAtCommitImpl)
