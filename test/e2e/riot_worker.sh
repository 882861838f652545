#!/usr/bin/env bash
# riot-worker beside two in-server workers on one key with production-like limits: the jobs
# are shared, riot-sim sees no request beyond a limit, the key is never logged nor stored, and
# SIGTERM stops riot-worker cleanly.
source "$(dirname "$0")/tap.bash"
worker_bin="${RIOT_BUILD_DIR:-$repo/build}/worker/riot_worker/riot-worker"
worker_log=$(mktemp /tmp/riot-worker.XXXXXX.log)
trap 'kill $worker_pid 2>/dev/null; stop_sim; rm -f "$worker_log"' EXIT
start_sim --seed 23 --players 300 --limits prod --latency-ms 20:10
dsn="host=$PGHOST port=$PGPORT user=postgres dbname=riot"

RIOT_API_KEY= "$worker_bin" "$dsn" >/dev/null 2>"$worker_log.nokey"
ok $((!$?)) "riot-worker refuses to start without RIOT_API_KEY"
grep -q "RIOT_API_KEY is not set" "$worker_log.nokey"
ok $? "and says why"
rm -f "$worker_log.nokey"

RIOT_API_KEY=RGAPI-sim "$worker_bin" --base-url "$SIM_URL/{route}" --name e2e-riot-worker "$dsn" \
  2>"$worker_log" &
worker_pid=$!

players=$(sim_get players)
jobs=()
while IFS=$'\t' read -r name tag platform; do
  jobs+=("$(q -v n="$name" -v t="$tag" -v p="$platform" <<< "SELECT riot.sync_player(:'n', :'t', :'p')")")
done < <(q -v players="$players" -F $'\t' <<< "
  SELECT p ->> 'game_name', p ->> 'tag_line', p ->> 'platform' FROM json_array_elements(:'players'::json) p
   WHERE (p ->> 'match_count')::int BETWEEN 100 AND 300 AND NOT (p ->> 'banned')::boolean
   ORDER BY p ->> 'puuid' LIMIT 4")
for job in "${jobs[@]}"; do
  q -c "SELECT riot.wait_job($job, '10 minutes')" >/dev/null
done
is "$(q -c "SELECT count(*) FROM riot.jobs WHERE job_id IN ($(IFS=,; echo "${jobs[*]}")) AND state = 'succeeded'")" \
  "${#jobs[@]}" "four syncs run by two in-server workers and riot-worker all succeed"
done_by_worker=$(grep -o '[0-9]* done' "$worker_log" | tail -1 | cut -d' ' -f1)
ok $([[ ${done_by_worker:-0} -gt 0 ]]; echo $?) "riot-worker ran jobs of its own (${done_by_worker:-0})"
is "$(sim_get stats | grep -o '"violations":[0-9]*' | cut -d: -f2)" 0 \
  "riot-sim reports 0 requests beyond a limit for the shared key"

kill -TERM $worker_pid
wait $worker_pid
ok $? "riot-worker exits cleanly on SIGTERM"
grep -q "stopped" "$worker_log"
ok $? "and says it stopped"

# The key appears in no log and no row.
! grep -q "RGAPI-sim" "$worker_log" "$PGHOST/server.log"
ok $? "the API key is in neither riot-worker's output nor the server log"
is "$(q -c "SELECT count(*) FROM (SELECT to_jsonb(j)::text AS t FROM riot.jobs j UNION ALL
                                  SELECT to_jsonb(r)::text FROM riot.rate_limits r UNION ALL
                                  SELECT to_jsonb(p)::text FROM riot.players p) rows
             WHERE t LIKE '%RGAPI-sim%'")" 0 "nor in any row of jobs, rate limits or players"
done_testing
