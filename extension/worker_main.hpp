// A pg_riot background worker: attached to riot.database, it sleeps on its latch until work
// is queued and runs it.
#pragma once

#include "postgres_includes.hpp"

extern "C" {
PGDLLEXPORT void riot_worker_main(Datum main_arg);
}
