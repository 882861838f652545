// The pg_riot launcher: one background worker that keeps riot.workers workers attached to
// riot.database while that database exists.
#pragma once

#include "postgres_includes.hpp"

namespace riot {

// Register the launcher with the postmaster; call from _PG_init.
void RegisterLauncher();

}  // namespace riot

extern "C" {
PGDLLEXPORT void riot_launcher_main(Datum main_arg);
}
