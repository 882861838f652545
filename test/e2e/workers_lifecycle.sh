#!/usr/bin/env bash
# The workers' life: reload on SIGHUP, stop on SIGTERM, come back after a crash, and never
# stand in the way of DROP DATABASE or DROP EXTENSION.
source "$(dirname "$0")/tap.bash"

workers_sql="SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_riot worker'"
worker_pids_sql="SELECT string_agg(pid::text, ',' ORDER BY pid) FROM pg_stat_activity WHERE backend_type = 'pg_riot worker'"
initial=$(q -c "SHOW riot.workers")

is "$(wait_for "$initial" "$workers_sql")" "$initial" "riot.workers workers run"

# SIGHUP: the launcher reloads riot.workers.
q -c "ALTER SYSTEM SET riot.workers = 3" -c "SELECT pg_reload_conf()" >/dev/null
is "$(wait_for 3 "$workers_sql")" 3 "a reload with riot.workers = 3 starts a third worker"
q -c "ALTER SYSTEM RESET riot.workers" -c "SELECT pg_reload_conf()" >/dev/null
is "$(wait_for "$initial" "$workers_sql")" "$initial" "a reload back to the default stops the extra worker"

# Bad settings are refused by their check hooks and change nothing.
q -c "ALTER SYSTEM SET riot.default_rate_limits = '20:1,abc'" >/dev/null 2>&1
ok $((!$?)) "ALTER SYSTEM refuses a malformed riot.default_rate_limits"
q -c "ALTER SYSTEM SET riot.api_base_url = 'https://kr.api.riotgames.com'" >/dev/null 2>&1
ok $((!$?)) "ALTER SYSTEM refuses a riot.api_base_url without {route}"

# SIGTERM: a terminated worker stops at once and the launcher replaces it.
victim=$(q -c "SELECT min(pid) FROM pg_stat_activity WHERE backend_type = 'pg_riot worker'")
is "$(q -c "SELECT pg_terminate_backend($victim, 10000)")" t "SIGTERM stops a worker at once"
replaced=$(wait_for "$initial" "$workers_sql AND pid <> $victim")
is "$replaced" "$initial" "the launcher replaces a terminated worker"

# Crash: kill -9 of a worker makes the postmaster reinitialize; workers come back.
before=$(q -c "$worker_pids_sql")
victim=${before%%,*}
kill -9 "$victim"
sleep 1
is "$(wait_for "$initial" "$workers_sql AND pid::text <> ALL (string_to_array('$before', ','))")" "$initial" \
  "after kill -9 of a worker the server restarts and new workers attach"

# DROP DATABASE of riot.database succeeds without FORCE while workers are attached.
q -d postgres -c "CREATE DATABASE riot_e2e_drop" >/dev/null
q -c "ALTER SYSTEM SET riot.database = 'riot_e2e_drop'" -c "SELECT pg_reload_conf()" >/dev/null
is "$(wait_for "$initial" "$workers_sql AND datname = 'riot_e2e_drop'")" "$initial" \
  "a reload moves the workers to the new riot.database"
q -d postgres -c "DROP DATABASE riot_e2e_drop" >/dev/null
ok $? "DROP DATABASE of riot.database succeeds while workers are attached"
is "$(q -c "$workers_sql")" 0 "no worker runs while riot.database does not exist"
q -c "ALTER SYSTEM RESET riot.database" -c "SELECT pg_reload_conf()" >/dev/null
is "$(wait_for "$initial" "$workers_sql AND datname = 'riot'")" "$initial" "workers return to riot"

# DROP EXTENSION succeeds while workers run, and they keep running for its return.
q -c "DROP EXTENSION pg_riot" >/dev/null
ok $? "DROP EXTENSION pg_riot succeeds while workers run"
q -c "CREATE EXTENSION pg_riot" >/dev/null
ok $? "CREATE EXTENSION pg_riot again"
is "$(wait_for "$initial" "$workers_sql")" "$initial" "workers still run"

done_testing
