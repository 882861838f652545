// Keep riot.api_key out of the server log: PostgreSQL logs "parameter ... changed to ..." on
// reload, and a failing statement that holds the key would be logged with it.
#pragma once

namespace riot {

// Install the emit_log_hook that hides the key; call from _PG_init.
void InstallLogRedaction();

}  // namespace riot
