#!/usr/bin/env bash
# The analytics layer end to end, with the workers and riot-sim: a LISTEN riot_matches session
# hears every stored match once it commits; the scheduled analytics_refresh counts what a sync
# stored; a worker killed with -9 midway through a refresh leaves no double count and loses
# nothing; the cleanup job removes raw payloads past their retention and the typed rows serve on.
source "$(dirname "$0")/tap.bash"
scratch=$(mktemp -d)
trap 'stop_sim; kill $(jobs -p) 2>/dev/null; rm -rf "$scratch"; q -c "SELECT riot.configure_job('"'cleanup'"', config => '"'{}'"')" >/dev/null 2>&1' EXIT
start_sim --seed 23 --players 300 --limits prod

players=$(sim_get players)
# pick N: a player of riot-sim with N to N+30 matches, never synced.
pick() {
  q -v players="$players" -F $'\t' <<< "
    SELECT p ->> 'game_name', p ->> 'tag_line', p ->> 'platform'
      FROM json_array_elements(:'players'::json) p
     WHERE (p ->> 'match_count')::int BETWEEN $1 AND $1 + 30 AND NOT (p ->> 'banned')::boolean
       AND p ->> 'puuid' NOT IN (SELECT puuid FROM riot.players WHERE synced_at IS NOT NULL)
     ORDER BY p ->> 'puuid' LIMIT 1"
}
sync() { q -v n="$1" -v t="$2" -v p="$3" <<< "SELECT riot.sync_player(:'n', :'t', :'p', with_timelines => true)"; }
aggregates() {
  q -c "SELECT md5(string_agg(r, '|' ORDER BY r)) FROM (
          SELECT to_jsonb(c)::text r FROM riot.champion_totals c UNION ALL SELECT to_jsonb(b)::text FROM riot.champion_bans b
          UNION ALL SELECT to_jsonb(p)::text FROM riot.patch_totals p UNION ALL SELECT to_jsonb(d)::text FROM riot.daily_totals d
          UNION ALL SELECT to_jsonb(d)::text FROM riot.daily_players d UNION ALL SELECT to_jsonb(p)::text FROM riot.player_totals p) a"
}
q -c "SELECT riot.refresh_analytics()" >/dev/null  # what earlier suites stored is counted first

echo "# ${SECONDS}s"
# 1. NOTIFY riot_matches: a listening session hears each match the sync stores, after its commit.
{ echo "LISTEN riot_matches;"; for _ in $(seq 1 6000); do echo "SELECT pg_sleep(0.1);"; done; } |
  psql -X -q -At >"$scratch/notifications" 2>&1 &
listener=$!
sleep 1
before=$(q -c "SELECT count(*) FROM riot.matches")
IFS=$'\t' read -r name tag platform < <(pick 25)
job=$(sync "$name" "$tag" "$platform")
is "$(q -c "SELECT riot.wait_job($job, '5 minutes')")" succeeded "a sync of $name#$tag with timelines succeeds"
stored=$(q -c "SELECT count(*) FROM riot.matches")
for _ in $(seq 1 100); do
  [[ $(grep -c 'Asynchronous notification "riot_matches"' "$scratch/notifications") -ge $((stored - before)) ]] && break
  sleep 0.1
done
kill "$listener" 2>/dev/null
heard=$(sed -n 's/.*notification "riot_matches" with payload "\(.*\)" received.*/\1/p' "$scratch/notifications")
is "$(echo "$heard" | grep -c .)" "$((stored - before))" "the listener hears one notification per stored match ($((stored - before)))"
is "$(q -v heard="$(echo "$heard" | paste -sd '\n')" <<< "
  SELECT count(*) FROM unnest(string_to_array(:'heard', E'\n')) h
    JOIN riot.matches m ON m.match_id = h::json ->> 'match_id' AND m.platform = h::json ->> 'platform'
                       AND m.queue_id = (h::json ->> 'queue_id')::int")" "$((stored - before))" \
  "each names a stored match with its platform and queue"

echo "# ${SECONDS}s"
# 2. The scheduled refresh counts what the sync stored.
pending=$(q -c "SELECT count(*) FROM riot.analytics_pending")
run=$(q -c "SELECT riot.run_job('analytics_refresh')")
is "$(q -c "SELECT riot.wait_job($run, '2 minutes')")" succeeded "a run of the analytics_refresh job succeeds"
is "$(q -c "SELECT (metrics ->> 'matches_counted')::int + (metrics ->> 'timelines_counted')::int FROM riot.job_executions
             WHERE job_id = $run")" "$pending" "counting every pending match and timeline ($pending)"
is "$(q -c "SELECT count(*) FROM riot.analytics_pending")" 0 "and leaving none"
is "$(q -c "SELECT sum(timeline_games) > 0 FROM riot.champion_totals")" t "timelines feed the 15-minute differences"

echo "# ${SECONDS}s"
# 3. Kill -9 the worker midway through a refresh: a lock held here stops it after it has written
# part of its batch; after the crash restart the aggregates equal a recount from scratch.
IFS=$'\t' read -r name tag platform < <(pick 10)
job=$(sync "$name" "$tag" "$platform")
is "$(q -c "SELECT riot.wait_job($job, '5 minutes')")" succeeded "another sync ($name#$tag) succeeds"
{ echo "BEGIN; LOCK TABLE riot.player_totals IN SHARE MODE;"; echo "SELECT pg_sleep(60);"; } | psql -X -q >/dev/null 2>&1 &
sleep 0.5
run=$(q -c "SELECT riot.run_job('analytics_refresh')")
waiting="SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid)
          WHERE NOT l.granted AND l.relation = 'riot.player_totals'::regclass AND a.backend_type = 'pg_riot worker'"
worker=$(for _ in $(seq 1 300); do pid=$(q -c "$waiting"); [[ -n $pid ]] && { echo "$pid"; break; }; sleep 0.1; done)
ok "$([[ -n $worker ]]; echo $?)" "the refresh is caught midway: worker $worker waits on the lock, its batch partly written"
is "$(q -c "SELECT count(*) FROM riot.champion_totals WHERE xmin = (SELECT backend_xid FROM pg_stat_activity WHERE pid = '$worker')")" \
  0 "(its rows so far are invisible here: uncommitted)"
kill -9 "$worker"
sleep 2  # the postmaster ends every session and recovers
wait_for_seconds 60 t "SELECT NOT pg_is_in_recovery()" >/dev/null
is "$(q -c "SELECT riot.wait_job($run, '3 minutes')")" succeeded "the killed run is taken again after the restart, and succeeds"
# Compare with nothing else storing meanwhile: every job of this or earlier suites has ended.
wait_for_seconds 300 0 "SELECT count(*) FROM riot.jobs WHERE state IN ('queued', 'running')" >/dev/null
q -c "SELECT riot.refresh_analytics()" >/dev/null
is "$(q -c "SELECT count(*) FROM riot.analytics_pending")" 0 "a refresh counts whatever is left"
incremental=$(aggregates)
q -c "SELECT riot.refresh_analytics(from_scratch => true)" >/dev/null
is "$(aggregates)" "$incremental" "and the aggregates equal a recount from scratch: nothing counted twice, nothing missed"
is "$(q -c "SELECT sum(games) FROM riot.patch_totals")" \
  "$(q -c "SELECT count(*) FROM riot.matches WHERE ended_in_early_surrender IS NOT TRUE")" "every stored game is counted once"

echo "# ${SECONDS}s"
# 4. fetch_timelines: the timelines of a player's stored matches that lack them.
IFS=$'\t' read -r name tag platform < <(pick 10)
job=$(q -v n="$name" -v t="$tag" -v p="$platform" <<< "SELECT riot.sync_player(:'n', :'t', :'p')")
is "$(q -c "SELECT riot.wait_job($job, '5 minutes')")" succeeded "a sync of $name#$tag without timelines succeeds"
lacking="SELECT count(*) FROM riot.player_games g JOIN riot.matches m USING (match_id)
          WHERE g.puuid = (SELECT result ->> 'puuid' FROM riot.jobs WHERE job_id = $job)
            AND NOT EXISTS (SELECT FROM riot.timelines t WHERE t.match_id = m.match_id)"
missing=$(q -c "$lacking")
job=$(q -v n="$name" -v t="$tag" <<< "SELECT riot.fetch_timelines(:'n', :'t')")
is "$(q -c "SELECT riot.wait_job($job, '5 minutes')")" succeeded "riot.fetch_timelines for it succeeds"
is "$(q -c "SELECT result ->> 'timelines_listed' || ' ' || (result ->> 'timelines_stored') || ' ' || (result ->> 'timelines_failed')
             FROM riot.jobs WHERE job_id = $job")" "$missing $missing 0" "listing and storing each of the $missing timelines the sync left out"
is "$(q -c "$lacking")" 0 "none is lacking now"
job=$(q -v n="$name" -v t="$tag" <<< "SELECT riot.fetch_timelines(:'n', :'t')")
is "$(q -c "SELECT riot.wait_job($job, '1 minute') || ' ' || (SELECT result ->> 'timelines_listed' FROM riot.jobs WHERE job_id = $job)")" \
  "succeeded 0" "asked again, it has nothing to fetch"

echo "# ${SECONDS}s"
# 5. Retention through the cleanup job: every raw payload older than a second goes, typed rows stay.
q -c "SELECT riot.configure_job('cleanup', config => '{\"raw_match_retention\": \"1 second\", \"raw_timeline_retention\": \"1 second\", \"batch_size\": 50}')" >/dev/null
sleep 1.1
raw_matches=$(q -c "SELECT count(*) FROM riot.matches WHERE raw IS NOT NULL AND stored_at < now() - interval '1 second'")
run=$(q -c "SELECT riot.run_job('cleanup')")
is "$(q -c "SELECT riot.wait_job($run, '2 minutes')")" succeeded "a cleanup run succeeds"
is "$(q -c "SELECT metrics ->> 'raw_matches_removed' FROM riot.job_executions WHERE job_id = $run")" "$raw_matches" \
  "removing every raw match payload past its retention ($raw_matches, in batches of 50)"
is "$(q -c "SELECT count(raw) FROM riot.matches WHERE stored_at < now() - interval '2 seconds'")" 0 "none is left"
is "$(q -c "SELECT count(*) > 0 FROM riot.match_history('$name', '$tag')")" t "the match history still reads the typed rows"
done_testing
