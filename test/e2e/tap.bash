# A few TAP helpers for the end-to-end scripts (sourced, not run); they talk to the sandbox.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
eval "$("$repo/scripts/sandbox" env)"
tap_count=0
tap_failed=0

q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# pg_cron's schedules would run the updater and the analyzer behind a script's back (and fetch
# matches it does not expect): every script starts with them paused, and a script that wants
# one turns it on itself.
q -c "SELECT riot.configure_job(name, active => false) FROM riot.job_configurations" >/dev/null 2>&1 || true

ok() {  # ok CONDITION-EXIT-STATUS DESCRIPTION
  tap_count=$((tap_count + 1))
  if [[ $1 -eq 0 ]]; then echo "ok $tap_count - $2"; else echo "not ok $tap_count - $2"; tap_failed=$((tap_failed + 1)); fi
}

is() {  # is GOT EXPECTED DESCRIPTION
  [[ $1 == "$2" ]]
  local status=$?
  ok $status "$3"
  [[ $status -eq 0 ]] || printf '#   got: %s\n#   expected: %s\n' "$1" "$2"
}

# Poll a query until it prints the expected value (up to 60 s); print what it printed last.
wait_for() {  # wait_for EXPECTED SQL [psql args]
  wait_for_seconds 60 "$@"
}

wait_for_seconds() {  # wait_for_seconds SECONDS EXPECTED SQL [psql args]
  local tries=$(($1 * 10)) expected=$2 sql=$3 got=""
  shift 3
  for _ in $(seq 1 "$tries"); do
    got=$(q "$@" -c "$sql" 2>/dev/null) && [[ $got == "$expected" ]] && break
    sleep 0.1
  done
  echo "$got"
}

done_testing() { echo "1..$tap_count"; [[ $tap_failed -eq 0 ]]; }

# Start riot-sim with the given flags (port chosen by the sim); sets SIM_URL and SIM_PID and
# points the sandbox's workers at it with its API key.
start_sim() {
  local log
  log=$(mktemp /tmp/riot-sim.XXXXXX.log)
  "${RIOT_BUILD_DIR:-$repo/build}/test/sim/riot-sim" --port 0 "$@" >"$log" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 200); do grep -q 'listening on' "$log" && break; sleep 0.05; done
  SIM_URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
  [[ -n $SIM_URL ]] || { echo "# riot-sim did not start:"; sed 's/^/# /' "$log"; exit 1; }
  q -c "ALTER SYSTEM SET riot.api_base_url = '$SIM_URL/{route}'" \
    -c "ALTER SYSTEM SET riot.api_key = 'RGAPI-sim'" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5  # the workers reload on SIGHUP
}

stop_sim() {
  [[ -z ${SIM_PID:-} ]] || kill "$SIM_PID" 2>/dev/null || true
  q -c "ALTER SYSTEM RESET riot.api_base_url" -c "ALTER SYSTEM RESET riot.api_key" \
    -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
}

sim_get() { curl -sf "$SIM_URL/__sim/$1"; }
sim_post() { curl -sf -X POST -d '' "$SIM_URL/__sim/$1"; }

# Requests this script sends itself must not be charged to pg_riot: before and after them, add
# up the violations so far and let riot-sim forget its windows (ours then only err on the safe side).
violations=0  # pg_riot's violations so far, added up by settle
settle() {
  violations=$((violations + $(sim_get stats | grep -o '"violations":[0-9]*' | cut -d: -f2)))
  sim_post reset >/dev/null
}
# The match ids riot-sim's API lists for a puuid (newest first, optionally filtered), paging
# through them between two settles.
sim_ids() {  # sim_ids PUUID REGION [QUERY]
  local start=0 page
  settle
  while :; do
    page=$(curl -sf -H 'X-Riot-Token: RGAPI-sim' \
      "$SIM_URL/$2/lol/match/v5/matches/by-puuid/$1/ids?start=$start&count=100${3:-}")
    [[ $page == "["* && $page != "[]" ]] || break
    echo "$page" | tr -d '[]"' | tr ',' '\n'
    start=$((start + 100))
  done
  sim_post reset >/dev/null
}

# Make the sandbox forget players, so that a script can sync them as if for the first time
# whatever ran before it: their matches (with every row hanging off them), their player rows
# and their syncs (whose cooldown would answer "ready").
forget_players() {  # forget_players PUUID...
  local ids
  ids=$(printf "'%s'," "$@")
  q -c "SET client_min_messages = warning" \
    -c "DELETE FROM riot.matches WHERE match_id IN (SELECT match_id FROM riot.match_participants WHERE puuid IN (${ids%,}))" \
    -c "DELETE FROM riot.jobs WHERE kind = 'sync_player' AND parent_id IS NULL AND result ->> 'puuid' IN (${ids%,})" \
    -c "DELETE FROM riot.players WHERE puuid IN (${ids%,})" >/dev/null
}
