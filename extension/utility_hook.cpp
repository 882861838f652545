// A ProcessUtility hook that moves the workers out of the way of DROP DATABASE.
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

// Plain C on purpose: no C++ object lives here and nothing throws, so PostgreSQL's own errors
// from the standard hook pass through untouched.
void RiotProcessUtility(PlannedStmt* statement, const char* query, bool read_only_tree,
                        ProcessUtilityContext context, ParamListInfo params,
                        QueryEnvironment* query_env, DestReceiver* dest, QueryCompletion* qc) {
  if (NeedsDatabaseAlone(statement->utilityStmt)) EvictWorkers(kDropPauseMs);
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
