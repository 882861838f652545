// A ProcessUtility hook that moves the workers out of the way of DROP DATABASE and takes
// pg_riot's pg_cron entries away with DROP EXTENSION pg_riot.
#include "utility_hook.hpp"

#include "cpp_boundary.hpp"
#include "shared_state.hpp"

namespace riot {

namespace {

// DROP DATABASE waits up to 5 s for other sessions; the launcher waits longer than that
// before it looks at riot.database again.
constexpr long kDropPauseMs = 10000;

ProcessUtility_hook_type g_previous_hook = nullptr;

bool NamesWorkerDatabase(const char* database) {
  return database != nullptr && g_settings.database != nullptr &&
         strcmp(database, g_settings.database) == 0;
}

// True when the statement needs riot.database to have no other sessions.
bool NeedsDatabaseAlone(const Node* statement) {
  if (IsA(statement, DropdbStmt)) {
    return NamesWorkerDatabase(castNode(DropdbStmt, statement)->dbname);
  }
  if (IsA(statement, RenameStmt)) {
    const auto* rename = castNode(RenameStmt, statement);
    return rename->renameType == OBJECT_DATABASE && NamesWorkerDatabase(rename->subname);
  }
  return false;
}

// True for DROP EXTENSION naming pg_riot.
bool DropsPgRiot(const Node* statement) {
  if (!IsA(statement, DropStmt)) return false;
  const auto* drop = castNode(DropStmt, statement);
  if (drop->removeType != OBJECT_EXTENSION) return false;
  ListCell* cell = nullptr;
  foreach (cell, drop->objects) {
    if (strcmp(strVal(lfirst(cell)), "pg_riot") == 0) return true;
  }
  return false;
}

// Delete pg_riot's pg_cron entries: cron.job rows are not objects of the extension, so DROP
// EXTENSION would leave them calling functions that no longer exist. In the dropping
// transaction, so a DROP that fails keeps them.
void UnscheduleJobs() {
  if (!OidIsValid(get_extension_oid("pg_riot", true))) return;  // DROP EXTENSION IF EXISTS
  const Oid cron = get_namespace_oid("cron", true);
  if (!OidIsValid(cron) || !OidIsValid(get_relname_relid("job", cron))) return;
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  if (SPI_execute("DELETE FROM cron.job WHERE jobname LIKE 'pg\\_riot: %'", false, 0) !=
      SPI_OK_DELETE) {
    elog(ERROR, "could not delete pg_riot's entries from cron.job");
  }
  SPI_finish();
}

// Plain C on purpose: no C++ object lives here and nothing throws, so PostgreSQL's own errors
// from the standard hook pass through untouched.
void RiotProcessUtility(PlannedStmt* statement, const char* query, bool read_only_tree,
                        ProcessUtilityContext context, ParamListInfo params,
                        QueryEnvironment* query_env, DestReceiver* dest, QueryCompletion* qc) {
  if (NeedsDatabaseAlone(statement->utilityStmt)) EvictWorkers(kDropPauseMs);
  if (DropsPgRiot(statement->utilityStmt)) UnscheduleJobs();
  if (g_previous_hook != nullptr) {
    g_previous_hook(statement, query, read_only_tree, context, params, query_env, dest, qc);
  } else {
    standard_ProcessUtility(statement, query, read_only_tree, context, params, query_env, dest, qc);
  }
}

}  // namespace

void InstallUtilityHook() {
  g_previous_hook = ProcessUtility_hook;
  ProcessUtility_hook = RiotProcessUtility;
}

}  // namespace riot
