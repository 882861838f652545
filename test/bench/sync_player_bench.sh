#!/usr/bin/env bash
# Benchmarks of riot.sync_player against riot-sim, each printing its figure on its last line:
#   rate      production limits (500:10,30000:600) and 30 ms latency: achieved request rate over
#             allowed rate during a 1000-match sync
#   speed     no limits, no latency: matches stored per second, and the share it is of the rate
#             at which the server takes the same rows by COPY from a file
#   memory    private memory (RssAnon) of the in-server workers over their first 100 matches and
#             on to more than 2,000, with production limits and latency
#   limiter   sustained load on a 100:10 application limit (10 req/s) shared by two in-server
#             workers and riot-worker: utilization of the binding window and violations
#   late      the same key shared by two in-server workers and two riot-worker processes, a
#             1000-match sync, and 5 % of requests reaching riot-sim up to 2 s late (as over a
#             slow connection): utilization and violations. LATE_APP_LIMIT (100:10) and
#             LATE_MATCHES (1000) change the key and the sync; with 10:1,100:10 tokens are
#             granted all through each 10 s window, so late requests cross into the next one
# Usage: test/bench/sync_player_bench.sh rate|speed|memory|limiter|late  (SIM_LOG=FILE keeps riot-sim's log)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${RIOT_BUILD_DIR:-$repo/build}
mode=${1:?usage: sync_player_bench.sh rate|speed|memory|limiter|late}
extra_conf=()
export RIOT_SANDBOX_PORT=${RIOT_SANDBOX_PORT:-54349}

case $mode in
  rate | memory) sim_flags=(--limits prod --latency-ms 30:10) ;;
  speed) sim_flags=(--limits none); extra_conf=("riot.default_rate_limits = '1000000:1'") ;;
  limiter) sim_flags=(--app-limit 100:10 --method-limit match-v5.getMatch=100000:10 --latency-ms 30:10) ;;
  late) sim_flags=(--app-limit "${LATE_APP_LIMIT:-100:10}" --method-limit match-v5.getMatch=100000:10
                   --latency-ms 30:10 --faults connect_delay=0.05 --connect-delay-ms 2000) ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac

sim_log=${SIM_LOG:-$(mktemp /tmp/riot-sim.XXXXXX.log)}
"$build/test/sim/riot-sim" --port 0 --seed 5 --players 300 "${sim_flags[@]}" >"$sim_log" 2>&1 &
sim_pid=$!
worker_pids=()
cleanup() {
  kill $sim_pid "${worker_pids[@]}" 2>/dev/null || true
  "$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
for _ in $(seq 1 200); do grep -q 'listening on' "$sim_log" && break; sleep 0.05; done
sim_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$sim_log" | head -1)
export RIOT_API_KEY=RGAPI-sim RIOT_API_BASE_URL="$sim_url/{route}"
"$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
# A sim without limits sends no limit headers: pg_riot must be told not to hold back.
"$repo/scripts/sandbox" start -- "riot.max_concurrent_requests = 64" "${extra_conf[@]}" >/dev/null
eval "$("$repo/scripts/sandbox" env)"
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# pg_cron's schedules stay paused: a scheduled run (the analyzer fetching for the players a sync
# discovers) would add requests and jobs of its own to what is measured.
psql -X -q -At -c "SELECT riot.configure_job(name, active => false) FROM riot.job_configurations" >/dev/null
stat() { curl -sf "$sim_url/__sim/stats" | grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }

players=$(curl -sf "$sim_url/__sim/players")
player() {  # the OFFSET-th player with the most matches
  q -v players="$players" -F $'\t' <<< "
    SELECT p ->> 'game_name', p ->> 'tag_line', p ->> 'platform' FROM json_array_elements(:'players'::json) p
     WHERE NOT (p ->> 'banned')::boolean ORDER BY (p ->> 'match_count')::int DESC LIMIT 1 OFFSET $1"
}
sync() {  # sync OFFSET MAX_MATCHES: queue it and wait; print the seconds it took
  local name tag platform job start
  IFS=$'\t' read -r name tag platform < <(player "$1")
  start=$(date +%s.%N)
  job=$(q -v n="$name" -v t="$tag" -v p="$platform" <<< "SELECT riot.sync_player(:'n', :'t', :'p', max_matches => $2)")
  [[ $(q -c "SELECT riot.wait_job($job, '30 minutes')") == succeeded ]] || { echo "sync failed" >&2; exit 1; }
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'
}

case $mode in
  rate)
    before=$(stat requests)
    seconds=$(sync 0 1000)
    requests=$(( $(stat requests) - before ))
    echo "sync of 1000 matches: $requests requests in $seconds s; violations $(stat violations)"
    awk -v r="$requests" -v s="$seconds" 'BEGIN {
      printf "rate: achieved %.1f req/s of 50.0 allowed (500:10) = %.1f%% with 30 ms latency\n", r / s, 100 * r / s / 50 }'
    ;;
  speed)
    seconds=$(sync 0 1000)
    stored=$(q -c "SELECT count(*) FROM riot.matches")
    # The limit, in the same run: how fast this server takes the same rows (the raw payloads and
    # the participant rows of these matches) by COPY from a file into tables defined alike
    # (columns, compression, indexes and checks; LIKE copies no foreign key).
    files="$("$repo/scripts/sandbox" env | sed -n 's/.*PGHOST=\([^ ]*\).*/\1/p')"
    q >/dev/null <<SQL
CREATE TABLE public.copy_matches (LIKE riot.matches INCLUDING ALL);
CREATE TABLE public.copy_participants (LIKE riot.match_participants INCLUDING ALL);
COPY riot.matches TO '$files/matches.copy';
COPY riot.match_participants TO '$files/participants.copy';
SQL
    copy_start=$(date +%s.%N)
    q -c "BEGIN" -c "COPY public.copy_matches FROM '$files/matches.copy'" \
      -c "COPY public.copy_participants FROM '$files/participants.copy'" -c "COMMIT" >/dev/null
    copy_seconds=$(awk -v s="$copy_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f", e - s }')
    awk -v n="$stored" -v s="$copy_seconds" 'BEGIN {
      printf "copy: the same %d matches and their participants by COPY from a file in %.2f s = %.0f matches/s\n", n, s, n / s }'
    awk -v n="$stored" -v s="$seconds" -v c="$copy_seconds" 'BEGIN {
      printf "speed: %d matches stored in %.1f s = %.0f matches/s (no limits, no latency, 2 workers) = %.0f%% of COPY (%.0f matches/s)\n",
             n, s, n / s, 100 * c / s, n / c }'
    ;;
  memory)
    # Private memory (RssAnon: the heap, not the shared buffers a worker maps) of the busiest
    # in-server worker, sampled every 50 ms: while it has stored its first 100 matches, and
    # while it goes on to more than 2,000 (the two richest players' histories, one after the other). A leak per
    # match shows as growth between the two.
    pids=$(q -c "SELECT string_agg(pid::text, ' ') FROM riot.worker_processes WHERE backend_type = 'pg_riot worker'")
    peak_anon() {  # peak RssAnon in KiB over the workers while the command runs
      local peak=0 kb pid
      "$@" >/dev/null &
      local running=$!
      while kill -0 "$running" 2>/dev/null; do
        for pid in $pids; do
          kb=$(awk '/RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
          [[ ${kb:-0} -gt $peak ]] && peak=$kb
        done
        sleep 0.05
      done
      wait "$running"
      echo "$peak"
    }
    first=$(peak_anon sync 2 100)
    middle=$(peak_anon sync 0 2000)
    stored_middle=$(q -c "SELECT count(*) FROM riot.matches")
    later=$(peak_anon sync 1 2000)
    stored=$(q -c "SELECT count(*) FROM riot.matches")
    hwm=0
    for pid in $pids; do
      kb=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
      [[ $kb -gt $hwm ]] && hwm=$kb
    done
    echo "memory: worker private memory (RssAnon) peak $((first / 1024)) MiB over the first 100 matches, $((middle / 1024)) MiB up to $stored_middle, $((later / 1024)) MiB up to $stored; VmHWM (shared buffers included) $((hwm / 1024)) MiB"
    ;;
  limiter | late)
    # riot-worker processes beside the two in-server workers, all on the same key.
    for _ in $(seq 1 $([[ $mode == late ]] && echo 2 || echo 1)); do
      RIOT_API_KEY=RGAPI-sim "$build/worker/riot_worker/riot-worker" --quiet --base-url "$sim_url/{route}" \
        "host=$PGHOST port=$PGPORT user=postgres dbname=riot" &
      worker_pids+=($!)
    done
    before=$(stat requests)
    if [[ $mode == late ]]; then
      sync 0 "${LATE_MATCHES:-1000}" >/dev/null
    else
      sync 1 400 >/dev/null & first=$!
      sync 2 400 >/dev/null & second=$!
      wait $first && wait $second
    fi
    start=$(q -c "SELECT extract(epoch FROM min(started_at)) FROM riot.jobs WHERE kind = 'sync_player'")
    end=$(q -c "SELECT extract(epoch FROM max(finished_at)) FROM riot.jobs WHERE kind = 'fetch_match'")
    requests=$(( $(stat requests) - before ))
    # Our windows follow each other every 10.25 s (Riot's 10 s plus pg_riot's 250 ms margin).
    # Whole windows only: the first and last partial ones say nothing about the limiter.
    period=10.25
    read -r windows in_windows < <(q -F ' ' -c "
      WITH w AS (SELECT floor(($end - $start) / $period)::int AS n)
      SELECT w.n, count(*) FILTER (WHERE extract(epoch FROM j.finished_at) < $start + w.n * $period)
        FROM riot.jobs j, w WHERE j.kind = 'fetch_match' GROUP BY w.n")
    curl -sf "$sim_url/__sim/stats" | grep -o '"violations_by_[a-z]*":{[^}]*}' || true
    late=$(curl -sf "$sim_url/__sim/stats" | grep -o '"connect_delay":[0-9]*' | cut -d: -f2 || true)
    echo "$mode: $requests requests in $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }') s by 2 in-server workers and ${#worker_pids[@]} riot-worker on a ${LATE_APP_LIMIT:-100:10} key; ${late:-0} reached riot-sim late"
    # The first figure is the share of each window's 100 requests used, the second the share of
    # the 10 req/s the key allows.
    awk -v m="$mode" -v n="$in_windows" -v w="$windows" -v p="$period" -v v="$(stat violations)" 'BEGIN {
      printf "%s: binding window (100:10) utilization %.1f%% over %d whole windows (%.1f%% of 10 req/s), violations %d\n",
             m, 100 * n / (w * 100), w, 100 * n / (w * p * 10), v }'
    ;;
esac
