#!/usr/bin/env bash
# The tracked-player updater against riot-sim: after the clock moves, a run fetches exactly the
# matches riot-sim lists for each tracked player since their newest stored one, each once, adds
# a rank row exactly where the league entries changed, discovers the players they met; a second
# run finds nothing; a gone account is marked inactive without failing the run; pg_cron itself
# runs it; DROP EXTENSION leaves no pg_cron entry behind.
source "$(dirname "$0")/tap.bash"
trap 'stop_sim; q -c "SELECT riot.configure_job(''tracked_player_updater'', schedule => ''* * * * *'', active => true)" >/dev/null 2>&1' EXIT
# This suite owns the data tables: start from none.
q -c "SET client_min_messages = warning" -c "TRUNCATE riot.matches, riot.match_participants, riot.timelines, riot.players, riot.player_ranks, riot.jobs,
              riot.job_executions CASCADE" >/dev/null
start_sim --seed 31 --players 300 --limits prod
# pg_cron must not run the updater behind this script's back until it is asked to.
q -c "SELECT riot.configure_job('tracked_player_updater', active => false)" >/dev/null

run() {  # run: a manual run of the updater, waited for; prints its job id
  local job
  job=$(q -c "SELECT riot.run_job('tracked_player_updater')")
  q -c "SELECT riot.wait_job($job, '5 minutes')" >/dev/null
  echo "$job"
}
metric() { q -c "SELECT metrics ->> '$2' FROM riot.job_executions WHERE job_id = $1 AND state <> 'skipped'"; }
region() { q -c "SELECT riot.platform_region('$1')"; }
# ranks PUUID: the player's league entries as riot-sim serves them, one line per queue.
sim_ranks() {
  q -v p="$(curl -sf "$SIM_URL/__sim/player?puuid=$1")" <<< "
    SELECT e ->> 'queueType' || ' ' || (e ->> 'tier') || ' ' || (e ->> 'rank') || ' ' || (e ->> 'leaguePoints') || ' '
           || (e ->> 'wins') || '/' || (e ->> 'losses')
      FROM json_array_elements((:'p'::json) -> 'league_entries') e" | sort
}
# stored_ranks PUUID: the newest rank row of each queue, in the same form.
stored_ranks() {
  q -c "SELECT DISTINCT ON (queue_type) queue_type || ' ' || tier || ' ' || division || ' ' || league_points || ' '
               || wins || '/' || losses
          FROM riot.player_ranks WHERE puuid = '$1' ORDER BY queue_type, observed_at DESC, rank_id DESC" | sort
}

# Three players with a fair history who play in the next two days: a second riot-sim of the same
# seed, advanced first, tells who (the world is deterministic however the clock moves).
probe_log=$(mktemp /tmp/riot-sim-probe.XXXXXX.log)
"${RIOT_BUILD_DIR:-$repo/build}/test/sim/riot-sim" --port 0 --seed 31 --players 300 --limits none >"$probe_log" 2>&1 &
probe_pid=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$probe_log" && break; sleep 0.05; done
probe=$(grep -o 'http://127.0.0.1:[0-9]*' "$probe_log" | head -1)
players=$(curl -sf "$probe/__sim/players")
curl -sf -X POST -d '' "$probe/__sim/advance?seconds=$((2 * 24 * 3600))" >/dev/null
later=$(curl -sf "$probe/__sim/players")
kill "$probe_pid"; rm -f "$probe_log"
mapfile -t picked < <(q -v players="$players" -v later="$later" -F $'\t' <<< "
  SELECT p ->> 'game_name', p ->> 'tag_line', p ->> 'platform', p ->> 'puuid'
    FROM json_array_elements(:'players'::json) p
    JOIN json_array_elements(:'later'::json) l ON l ->> 'puuid' = p ->> 'puuid'
   WHERE (p ->> 'match_count')::int BETWEEN 60 AND 400 AND NOT (p ->> 'banned')::boolean
     AND NOT (p ->> 'smurf')::boolean AND (l ->> 'match_count')::int > (p ->> 'match_count')::int
   ORDER BY p ->> 'puuid' LIMIT 3")
is "${#picked[@]}" 3 "riot-sim has three players to track"
puuids=()
for line in "${picked[@]}"; do
  IFS=$'\t' read -r name tag platform puuid <<< "$line"
  puuids+=("$puuid")
  job=$(q -v n="$name" -v t="$tag" -v p="$platform" <<< "SELECT riot.track_player(:'n', :'t', :'p')")
  is "$(q -c "SELECT riot.wait_job($job, '1 minute')")" succeeded "track_player resolves $name#$tag"
done
is "$(q -c "SELECT count(*) FROM riot.tracked_players WHERE active")" 3 "riot.tracked_players lists the three"
job=$(q -c "SELECT riot.track_player('Nobody Here', 'NONE', 'euw1')")
is "$(q -c "SELECT riot.wait_job($job, '1 minute') || ': ' || (error LIKE '%HTTP 404%') FROM riot.jobs WHERE job_id = $job")" \
  "failed: true" "tracking a Riot ID riot-sim does not know fails with its 404"

# The first run stores their recent matches and their ranks.
first=$(run)
is "$(q -c "SELECT state FROM riot.job_executions WHERE job_id = $first")" succeeded "a first run succeeds"
is "$(metric "$first" players_processed)" 3 "it checks the three players"
ok $([[ $(metric "$first" matches_fetched) -gt 0 ]]; echo $?) "and fetches their recent matches ($(metric "$first" matches_fetched))"
for puuid in "${puuids[@]}"; do
  [[ "$(stored_ranks "$puuid")" == "$(sim_ranks "$puuid")" ]] || { echo "# ranks of $puuid differ"; false; }
done
ok $? "each player's stored rank is the one riot-sim serves"
discovered=$(metric "$first" players_discovered)
ok $([[ $discovered -gt 0 ]]; echo $?) "the players they met are discovered ($discovered)"
is "$(q -c "SELECT count(*) FROM riot.players WHERE NOT tracked")" "$discovered" "every one of them, and not tracked"

# Two days later: exactly the new matches, each fetched once, and rank rows where ranks changed.
declare -A newest before_ranks
for puuid in "${puuids[@]}"; do
  newest[$puuid]=$(q -c "SELECT floor(extract(epoch FROM max(m.game_start)))::bigint FROM riot.match_participants p
                          JOIN riot.matches m USING (match_id) WHERE p.puuid = '$puuid'")
  before_ranks[$puuid]=$(sim_ranks "$puuid")
done
sim_post "advance?seconds=$((2 * 24 * 3600))" >/dev/null
expected=""
changed=0
for puuid in "${puuids[@]}"; do
  platform=$(q -c "SELECT platform FROM riot.players WHERE puuid = '$puuid'")
  expected+=$(sim_ids "$puuid" "$(region "$platform")" "&startTime=$((newest[$puuid] + 1))")$'\n'
  changed=$((changed + $(comm -13 <(echo "${before_ranks[$puuid]}") <(sim_ranks "$puuid") | grep -c .)))
done
# A match another tracked player's history brought in already is not fetched again.
expected=$(comm -23 <(echo "$expected" | grep . | sort -u) <(q -c "SELECT match_id FROM riot.matches" | sort))
players_before=$(q -c "SELECT count(*) FROM riot.players")
ranks_before=$(q -c "SELECT count(*) FROM riot.player_ranks")
settle
second=$(run)
ok $([[ -n $expected ]]; echo $?) "riot-sim lists $(echo "$expected" | grep -c .) new matches for them after two days"
is "$(q -c "SELECT args ->> 'match_id' FROM riot.jobs WHERE parent_id = $second AND state = 'succeeded'" | sort)" "$expected" \
  "the run fetches exactly the matches listed since each player's newest stored one"
is "$(q -v s="$(sim_get stats)" <<< "SELECT COALESCE(sum(v::int), 0)
                                       FROM json_each_text((:'s'::json) -> 'by_endpoint' -> 'match-v5.getMatch') t(k, v)")" \
  "$(echo "$expected" | grep -c .)" "each of them once"
is "$(( $(q -c "SELECT count(*) FROM riot.player_ranks") - ranks_before ))" "$changed" \
  "a rank row is added exactly where riot-sim's league entries changed ($changed)"
is "$(metric "$second" rank_changes)" "$changed" "the execution counts them"
for puuid in "${puuids[@]}"; do
  [[ "$(stored_ranks "$puuid")" == "$(sim_ranks "$puuid")" ]] || { echo "# ranks of $puuid differ"; false; }
done
ok $? "and every stored rank is riot-sim's again"
is "$(q -c "SELECT count(*) FROM riot.players")" "$((players_before + $(metric "$second" players_discovered)))" \
  "the players new to riot.players are the ones the run counts as discovered"
is "$(q -c "SELECT count(*) FROM riot.players WHERE tracked")" 3 "discovered players are not tracked"
is "$(q -c "SELECT (metrics ->> 'api_requests')::int >= 6 + (metrics ->> 'matches_fetched')::int
              AND records_created > 0 AND records_updated = 3 FROM riot.job_executions WHERE job_id = $second")" t \
  "the execution records requests, rows created and rows updated"

# Nothing new: a run fetches nothing and adds no rank row.
ranks_before=$(q -c "SELECT count(*) FROM riot.player_ranks")
third=$(run)
is "$(metric "$third" matches_fetched)/$(metric "$third" rank_changes)" "0/0" "a run with no clock change fetches nothing"
is "$(q -c "SELECT count(*) FROM riot.player_ranks")" "$ranks_before" "and adds no rank row"
is "$(metric "$third" api_requests)" 6 "it costs one ids and one league request per player"

# The budget bounds a run: 4 requests check one player (half for checks, half for matches), and
# the players left over go first next run.
q -c "SELECT riot.configure_job('tracked_player_updater', config => '{\"max_requests\": 4}')" >/dev/null
checked_first=$(q -c "SELECT puuid FROM riot.players WHERE tracked ORDER BY checked_at NULLS FIRST, puuid LIMIT 1")
bounded=$(run)
is "$(metric "$bounded" players_processed)/$(metric "$bounded" api_requests)" "1/2" \
  "a run with a budget of 4 requests checks one player with 2"
is "$(q -c "SELECT puuid FROM riot.players WHERE tracked ORDER BY checked_at DESC LIMIT 1")" "$checked_first" \
  "the one checked longest ago"
q -c "SELECT riot.configure_job('tracked_player_updater', config => '{\"max_requests\": null}')" >/dev/null

# An account that no longer resolves is marked inactive; the run still succeeds.
q -c "INSERT INTO riot.players (puuid, game_name, tag_line, platform, tracked) VALUES ('gone-puuid', 'Gone', 'GONE', 'kr', true)" >/dev/null
fourth=$(run)
is "$(q -c "SELECT state FROM riot.job_executions WHERE job_id = $fourth")" succeeded "a gone account does not fail the run"
is "$(q -c "SELECT active || ' ' || (inactive_reason LIKE 'account-v1 knows no account%') FROM riot.players WHERE puuid = 'gone-puuid'")" \
  "false true" "it is marked inactive with the reason"
is "$(metric "$fourth" players_inactive)" 1 "and counted"

# pg_cron itself runs the updater (pg_cron 1.4 schedules by the minute).
q -c "SELECT riot.configure_job('tracked_player_updater', schedule => '* * * * *', active => true)" >/dev/null
is "$(wait_for_seconds 75 succeeded "SELECT state FROM riot.job_executions WHERE trigger = 'scheduled' AND state = 'succeeded' LIMIT 1")" \
  succeeded "pg_cron runs the updater on its schedule, and its execution is recorded"
ok $([[ $(q -c "SELECT count(*) FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                WHERE j.jobname = 'pg_riot: tracked_player_updater' AND d.status = 'succeeded'") -gt 0 ]]; echo $?) \
  "pg_cron reports that its call succeeded"

# The cleanup configuration runs as a job of its own and purges old execution rows.
q -c "INSERT INTO riot.job_executions (configuration, trigger, state, finished_at)
      VALUES ('cleanup', 'manual', 'succeeded', now() - interval '100 days')" >/dev/null
cleanup=$(q -c "SELECT riot.run_job('cleanup')")
is "$(q -c "SELECT riot.wait_job($cleanup, '1 minute')") $(q -c "SELECT metrics ->> 'executions_deleted' FROM riot.job_executions WHERE job_id = $cleanup")" \
  "succeeded 1" "the cleanup job deletes execution rows older than 90 days"
is "$(q -c "SELECT count(*) FROM riot.job_executions WHERE finished_at < now() - interval '90 days'")" 0 "and they are gone"

settle
is "$violations" 0 "riot-sim reports 0 requests of pg_riot's beyond a limit"

# DROP EXTENSION takes pg_riot's pg_cron entries with it.
q -c "DROP EXTENSION pg_riot" >/dev/null
is "$(q -c "SELECT count(*) FROM cron.job WHERE jobname LIKE 'pg\_riot: %'")" 0 "DROP EXTENSION leaves no pg_cron entry"
q -c "CREATE EXTENSION pg_riot" >/dev/null
is "$(q -c "SELECT count(*) FROM cron.job WHERE jobname LIKE 'pg\_riot: %'")" \
  "$(q -c "SELECT count(*) FROM riot.job_configurations")" "CREATE EXTENSION schedules them again, one entry per configuration"
done_testing
