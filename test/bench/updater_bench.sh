#!/usr/bin/env bash
# Benchmark of the tracked-player updater in its steady state: 1,000 tracked players (or N) with
# no new match, one run against riot-sim with production limits (500:10 per routing host). Prints
# the run's wall time beside the floor the busiest host's limit sets, and the requests per player
# beside the floor of two (one ids call, one league call). Figure on the last line.
# Usage: test/bench/updater_bench.sh [players]   (SIM_LOG=FILE keeps riot-sim's log)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${RIOT_BUILD_DIR:-$repo/build}
players=${1:-1000}
export RIOT_SANDBOX_PORT=${RIOT_SANDBOX_PORT:-54359}
readonly app_limit=500 app_window_s=10  # riot-sim's prod preset

sim_log=${SIM_LOG:-$(mktemp /tmp/riot-sim.XXXXXX.log)}
"$build/test/sim/riot-sim" --port 0 --seed 7 --players "$((players + players / 10))" --limits prod >"$sim_log" 2>&1 &
sim_pid=$!
cleanup() {
  kill "$sim_pid" 2>/dev/null || true
  "$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
}
[[ -n ${KEEP:-} ]] || trap cleanup EXIT
for _ in $(seq 1 400); do grep -q 'listening on' "$sim_log" && break; sleep 0.05; done
sim_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$sim_log" | head -1)
export RIOT_API_KEY=RGAPI-sim RIOT_API_BASE_URL="$sim_url/{route}"
"$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
"$repo/scripts/sandbox" start -- "riot.max_concurrent_requests = 64" >/dev/null
eval "$("$repo/scripts/sandbox" env)"
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# The steady state: every player tracked, each with a stored game that started at the sim's
# clock, so riot-sim has no newer match for anyone. pg_cron is kept out of the measurement.
now_ms=$(curl -sf "$sim_url/__sim/clock" | grep -o '"now_ms":[0-9]*' | cut -d: -f2)
q -v sim_url="$sim_url" -v n="$players" -v now_ms="$now_ms" >/dev/null <<'SQL'
\set players `curl -sf :sim_url/__sim/players`
SELECT riot.configure_job('tracked_player_updater', active => false,
                          config => jsonb_build_object('max_requests', 4 * :n + 100));
CREATE TEMP TABLE picked AS
SELECT p ->> 'puuid' AS puuid, p ->> 'platform' AS platform, row_number() OVER () AS n
  FROM json_array_elements(:'players'::json) p
 WHERE NOT (p ->> 'banned')::boolean LIMIT :n;
INSERT INTO riot.players (puuid, platform, tracked, tracked_at) SELECT puuid, platform, true, now() FROM picked;
INSERT INTO riot.matches (match_id, platform, game_id, queue_id, game_mode, game_type, game_version, map_id,
                          game_start, duration_seconds, raw)
SELECT 'BENCH_' || n, platform, n, 420, 'CLASSIC', 'MATCHED_GAME', '16.1', 11,
       to_timestamp(:now_ms / 1000.0), 1800, '{}' FROM picked;
INSERT INTO riot.match_participants (match_id, puuid, participant_id, champion_id, champion_name, team_id,
                                     kills, deaths, assists, cs, gold_earned, damage_to_champions, damage_taken,
                                     vision_score, champion_level, items, win)
SELECT 'BENCH_' || n, puuid, 1, 1, 'Annie', 100, 0, 0, 0, 0, 0, 0, 0, 0, 1, '{0,0,0,0,0,0,0}', true FROM picked;
SQL
curl -sf -X POST -d '' "$sim_url/__sim/reset" >/dev/null

job=$(q -c "SELECT riot.run_job('tracked_player_updater')")
[[ $(q -c "SELECT riot.wait_job($job, '30 minutes')") == succeeded ]] || { echo "the run failed" >&2; exit 1; }
stats=$(curl -sf "$sim_url/__sim/stats")
requests=$(grep -o '"requests":[0-9]*' <<< "$stats" | head -1 | cut -d: -f2)
violations=$(grep -o '"violations":[0-9]*' <<< "$stats" | head -1 | cut -d: -f2)
IFS=$'\t' read -r processed failed fetched seconds < <(q -F $'\t' -c "
  SELECT metrics ->> 'players_processed', metrics ->> 'players_failed', metrics ->> 'matches_fetched',
         round(extract(epoch FROM finished_at - started_at)::numeric, 2)
    FROM riot.job_executions WHERE job_id = $job")
# Each routing host has its own application limit: it lets app_limit requests through at once
# and app_limit more every window, so the busiest host sets the floor.
IFS=$'\t' read -r busiest floor < <(q -F $'\t' -c "
  SELECT host || ' ' || requests, CASE WHEN requests <= $app_limit THEN 0
                                       ELSE ((requests - 1) / $app_limit) * $app_window_s END
    FROM riot.rate_limits WHERE method = '' ORDER BY requests DESC LIMIT 1")
echo "players tracked: $players, checked: $processed, failed: $failed, matches fetched: $fetched (steady state: 0)"
echo "requests: $requests = $(awk -v r="$requests" -v p="$players" 'BEGIN { printf "%.2f", r / p }') per player (floor 2.00), violations: $violations"
echo "busiest host: $busiest requests; its ${app_limit}:${app_window_s} application limit alone needs $floor s"
awk -v s="$seconds" -v f="$floor" -v r="$requests" -v p="$players" \
  'BEGIN { printf "updater steady state: %d players in %.2f s (%.0f players/s), %.2f requests/player (floor 2.00), rate-limit floor %.1f s\n", p, s, p / s, r / p, f }'
