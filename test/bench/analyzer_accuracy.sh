#!/usr/bin/env bash
# Accuracy of the player analyzer against riot-sim's ground truth. For each world seed: a world
# of 1,000 players, 10 of them tracked; the updater discovers who they play with, the analyzer
# runs (fetch, score, ban check) until no player is left to fetch for or score, the clock moves
# past every ban due, and a last run re-checks the suspected smurfs. Then, for each variant,
# precision, recall and F1 of "smurf" (any confidence) against riot-sim's smurf labels, over the
# players with a verdict, and of "likely banned" against the accounts banned by then.
# The pg_riot variant was tuned on seeds 101-103 (test/bench/tune_analyzer.py); the default seeds
# 201-203 were never tuned on.
# Usage: test/bench/analyzer_accuracy.sh [seed...]   (DUMP=DIR writes each seed's players for tuning)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${RIOT_BUILD_DIR:-$repo/build}
seeds=("$@")
[[ ${#seeds[@]} -gt 0 ]] || seeds=(201 202 203)
export RIOT_SANDBOX_PORT=${RIOT_SANDBOX_PORT:-54369}
readonly players=1000 tracked=10 ban_horizon_days=11
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
sim_pid=""
cleanup() {
  [[ -z $sim_pid ]] || kill "$sim_pid" 2>/dev/null || true
  "$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

run() {  # run CONFIGURATION: a manual run, waited for
  local job
  job=$(q -c "SELECT riot.run_job('$1')")
  [[ $(q -c "SELECT riot.wait_job($job, '30 minutes')") == succeeded ]] ||
    { echo "$1 run $job failed: $(q -c "SELECT error FROM riot.jobs WHERE job_id = $job")" >&2; exit 1; }
  echo "$job"
}
metric() { q -c "SELECT COALESCE(metrics ->> '$2', '0') FROM riot.job_executions WHERE job_id = $1"; }

# counts VARIANT NOW_MS: "tp fp fn" of smurf, then of likely banned, over the players the
# variant gave a verdict (insufficient data left out).
counts() {
  q -F ' ' -c "
    SELECT count(*) FILTER (WHERE t.smurf AND a.verdict LIKE 'smurf%'),
           count(*) FILTER (WHERE NOT t.smurf AND a.verdict LIKE 'smurf%'),
           count(*) FILTER (WHERE t.smurf AND a.verdict NOT LIKE 'smurf%'),
           count(*) FILTER (WHERE banned AND p.ban_status IS NOT DISTINCT FROM 'likely_banned'),
           count(*) FILTER (WHERE NOT banned AND p.ban_status IS NOT DISTINCT FROM 'likely_banned'),
           count(*) FILTER (WHERE banned AND p.ban_status IS DISTINCT FROM 'likely_banned')
      FROM (SELECT t.*, t.ban_time IS NOT NULL AND t.ban_time::bigint <= $2 AS banned FROM public.riot_truth t) t
      JOIN riot.player_analysis a ON a.puuid = t.puuid AND a.current AND a.variant = '$1'
      JOIN riot.players p ON p.puuid = t.puuid
     WHERE a.verdict <> 'insufficient_data'"
}
# prf TP FP FN: "precision recall F1"
prf() { awk -v tp="$1" -v fp="$2" -v fn="$3" 'BEGIN {
  p = tp + fp ? tp / (tp + fp) : 0; r = tp + fn ? tp / (tp + fn) : 0; f = p + r ? 2 * p * r / (p + r) : 0
  printf "%.3f %.3f %.3f", p, r, f }'; }
declare -A total

for seed in "${seeds[@]}"; do
  sim_log=$(mktemp /tmp/riot-sim.XXXXXX.log)
  "$build/test/sim/riot-sim" --port 0 --seed "$seed" --players $players --limits none >"$sim_log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 400); do grep -q 'listening on' "$sim_log" && break; sleep 0.05; done
  sim_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$sim_log" | head -1)
  export RIOT_API_KEY=RGAPI-sim RIOT_API_BASE_URL="$sim_url/{route}"
  "$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
  "$repo/scripts/sandbox" start -- "riot.max_concurrent_requests = 64" "riot.default_rate_limits = '1000000:1'" >/dev/null
  eval "$("$repo/scripts/sandbox" env)"
  started=$(date +%s)

  # Nothing runs on its own; the runs below are manual. Budgets high enough for a whole world.
  q >/dev/null <<SQL
SELECT riot.configure_job(name, active => false) FROM riot.job_configurations;
SELECT riot.configure_job('player_analyzer', config => '{"max_requests": 1000000, "max_scored": 100000}');
SELECT riot.configure_job('tracked_player_updater', config => '{"max_requests": 100000}');
SQL
  q -v sim_url="$sim_url" -v n=$tracked >/dev/null <<'SQL'
\set players `curl -sf :sim_url/__sim/players`
CREATE TABLE public.riot_truth AS
SELECT p ->> 'puuid' AS puuid, (p ->> 'smurf')::boolean AS smurf, p ->> 'ban_time' AS ban_time,
       (p ->> 'well_known')::boolean AS well_known
  FROM json_array_elements(:'players'::json) p;
SELECT riot.track_player(p ->> 'game_name', p ->> 'tag_line', p ->> 'platform')
  FROM json_array_elements(:'players'::json) p
 WHERE NOT (p ->> 'well_known')::boolean ORDER BY p ->> 'puuid' LIMIT :n;
SQL
  for _ in $(seq 1 100); do
    [[ $(q -c "SELECT count(*) FROM riot.jobs WHERE kind = 'track_player' AND state IN ('queued', 'running')") == 0 ]] && break
    sleep 0.2
  done
  run tracked_player_updater >/dev/null
  runs=0
  while :; do
    job=$(run player_analyzer)
    runs=$((runs + 1))
    [[ $(metric "$job" players_fetched) == 0 && $(metric "$job" players_analyzed) == 0 ]] && break
    [[ $runs -lt 60 ]] || { echo "the analyzer did not settle in 60 runs" >&2; exit 1; }
  done
  # The reference variant scores the same players.
  q -c "SELECT riot.configure_job('player_analyzer', config => '{\"variant\": \"reference\"}')" >/dev/null
  run player_analyzer >/dev/null
  # Past every ban due, the suspected smurfs of both variants are checked again.
  now_ms=$(curl -sf -X POST -d '' "$sim_url/__sim/advance?seconds=$((ban_horizon_days * 86400))" | grep -o '[0-9]*')
  q -c "SELECT riot.configure_job('player_analyzer', config => '{\"ban_check_after\": \"1 second\"}')" >/dev/null
  sleep 1.1
  run player_analyzer >/dev/null
  q -c "SELECT riot.configure_job('player_analyzer', config => '{\"variant\": \"pg_riot\"}')" >/dev/null
  sleep 1.1
  run player_analyzer >/dev/null

  scored=$(q -c "SELECT count(*) FROM riot.player_analysis WHERE current AND variant = 'pg_riot'")
  echo "seed $seed: $players players, $runs analyzer runs, $scored scored, $(( $(date +%s) - started )) s"
  for variant in pg_riot reference; do
    read -r tp fp fn btp bfp bfn < <(counts "$variant" "$now_ms")
    echo "  $variant: smurf P/R/F1 $(prf "$tp" "$fp" "$fn") (tp $tp, fp $fp, fn $fn);" \
         "likely banned P/R/F1 $(prf "$btp" "$bfp" "$bfn") (tp $btp, fp $bfp, fn $bfn)"
    for k in tp fp fn btp bfp bfn; do total[$variant.$k]=$(( ${total[$variant.$k]:-0} + ${!k} )); done
  done
  if [[ -n ${DUMP:-} ]]; then
    # What test/bench/tune_analyzer reads: each scored player's truth and history, a line each.
    mkdir -p "$DUMP"
    q -c "\\copy (SELECT jsonb_build_object('smurf', t.smurf, 'history', h.history)
                  FROM public.riot_truth t
                  JOIN riot._player_histories(ARRAY(SELECT puuid FROM riot.player_analysis
                                                     WHERE current AND variant = 'pg_riot')) h USING (puuid))
               TO '$DUMP/seed-$seed.jsonl'"
  fi
  kill "$sim_pid"; sim_pid=""
  rm -f "$sim_log"
done
line="analyzer accuracy, seeds ${seeds[*]}, smurf P/R/F1:"
for variant in pg_riot reference; do
  line+=" $variant $(prf "${total[$variant.tp]}" "${total[$variant.fp]}" "${total[$variant.fn]}" | tr ' ' /)"
done
echo "$line"
