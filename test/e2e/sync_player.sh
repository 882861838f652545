#!/usr/bin/env bash
# riot.sync_player against riot-sim: exactly the listed matches with all their participants,
# a second sync fetches only the new ones, filters, and nothing lost to kill -9 or an
# immediate restart midway; riot-sim sees no request beyond a limit.
source "$(dirname "$0")/tap.bash"
trap stop_sim EXIT
# This suite owns the data tables: start from none.
q -c "SET client_min_messages = warning" -c "TRUNCATE riot.matches, riot.match_participants, riot.timelines, riot.players, riot.player_ranks, riot.jobs CASCADE" >/dev/null
start_sim --seed 11 --players 400 --limits prod --latency-ms 5:3

players=$(sim_get players)
# pick MIN MAX: a player never synced yet (game_name, tag_line, platform, puuid, match_count)
# with a history of MIN to MAX matches, the longest first.
pick() {
  q -v players="$players" -F $'\t' <<< "
    SELECT p ->> 'game_name', p ->> 'tag_line', p ->> 'platform', p ->> 'puuid', p ->> 'match_count'
      FROM json_array_elements(:'players'::json) p
     WHERE (p ->> 'match_count')::int BETWEEN $1 AND $2 AND NOT (p ->> 'banned')::boolean
       AND p ->> 'puuid' NOT IN (SELECT puuid FROM riot.players WHERE synced_at IS NOT NULL)
     ORDER BY (p ->> 'match_count')::int DESC, p ->> 'puuid' LIMIT 1"
}
stored_ids() { q -c "SELECT match_id FROM riot.matches WHERE raw -> 'metadata' -> 'participants' ? '$1' ORDER BY 1"; }
# missing PUUID EXPECTED: the expected match ids not stored with the player (none: empty).
missing() { comm -23 <(echo "$2" | sort) <(stored_ids "$1" | sort) | grep . ; }
# listed JOB: how many match ids the sync listed.
listed() { q -c "SELECT result ->> 'matches_listed' FROM riot.jobs WHERE job_id = $1"; }
sync() { q -v n="$1" -v t="$2" -v p="$3" <<< "SELECT riot.sync_player(:'n', :'t', :'p' ${4:-})"; }
region() { q -c "SELECT riot.platform_region('$1')"; }

# 1. A whole history: Rift Walker#NA1, one of riot-sim's well-known (and active) players.
IFS=$'\t' read -r name tag platform puuid count < <(q -v players="$players" -F $'\t' <<< "
  SELECT p ->> 'game_name', p ->> 'tag_line', p ->> 'platform', p ->> 'puuid', p ->> 'match_count'
    FROM json_array_elements(:'players'::json) p WHERE p ->> 'game_name' = 'Rift Walker'")
[[ -n $puuid ]] || { echo "Bail out! riot-sim has no Rift Walker#NA1"; exit 1; }
job=$(sync "$name" "$tag" "$platform")
is "$(q -c "SELECT riot.wait_job($job, '5 minutes')")" succeeded "a sync of $count matches succeeds"
expected=$(sim_ids "$puuid" "$(region "$platform")" | sort)
is "$(stored_ids "$puuid")" "$expected" "it stores exactly the matches riot-sim lists for the player"
is "$(q -c "SELECT count(*) FROM riot.matches m
             WHERE m.raw -> 'metadata' -> 'participants' ? '$puuid'
               AND jsonb_array_length(m.raw -> 'info' -> 'participants')
                   <> (SELECT count(*) FROM riot.match_participants p WHERE p.match_id = m.match_id)")" 0 \
  "with every participant of every match (bots and Arena included)"
is "$(q -c "SELECT count(*) FROM riot.matches m JOIN riot.jobs j ON j.kind = 'fetch_match' AND j.args ->> 'match_id' = m.match_id
             WHERE m.xmin <> j.xmin")" 0 \
  "each match is stored by the transaction that finishes its fetch_match job (one commit a match)"
is "$(q -c "SELECT count(*) FILTER (WHERE pg_column_compression(raw) = 'pglz') || ' '
                   || (count(*) FILTER (WHERE pg_column_compression(raw) = 'lz4') > count(*) / 2)
              FROM riot.matches")" "0 true" \
  "raw payloads are compressed with lz4 (those too small for TOAST are stored as they are)"
is "$(q -c "SELECT progress FROM riot.job_status($job)")" 100 "progress ends at 100"
is "$(q -c "SELECT (result ->> 'matches_listed')::int FROM riot.jobs WHERE job_id = $job")" "$count" \
  "the final step records the totals"
ok "$(q -c "SELECT count(*) FROM riot.player_ranks WHERE puuid = '$puuid'" | grep -qv '^0$'; echo $?)" \
  "the player's rank is stored"

# 2. Time passes (a week at a time, until the player has played again); a second sync fetches
# only the new matches.
for _ in $(seq 1 12); do
  sim_post "advance?seconds=604800" >/dev/null
  now=$(sim_get players | grep -o "\"puuid\":\"$puuid\"[^}]*\"match_count\":[0-9]*" | grep -o '[0-9]*$')
  [[ ${now:-0} -gt $count ]] && break
done
fetched_before=$(q -c "SELECT count(*) FROM riot.jobs WHERE kind = 'fetch_match'")
job2=$(sync "$name" "$tag" "$platform" ", force => true")
is "$(q -c "SELECT riot.wait_job($job2, '5 minutes')")" succeeded "a second sync succeeds"
expected=$(sim_ids "$puuid" "$(region "$platform")" | sort)
new=$(( $(echo "$expected" | wc -l) - count ))
is "$(missing "$puuid" "$expected")" "" "and stores the new matches too"
ok $([[ $new -gt 0 ]]; echo $?) "riot-sim added $new matches to the player's history"
is "$(( $(q -c "SELECT count(*) FROM riot.jobs WHERE kind = 'fetch_match'") - fetched_before ))" "$new" \
  "the second sync fetched only those $new"

# 3. Filters: a year, a queue.
IFS=$'\t' read -r name2 tag2 platform2 puuid2 _ < <(pick 150 400)
newest=$(sim_ids "$puuid2" "$(region "$platform2")" | head -1)
settle
year=$(curl -sf -H 'X-Riot-Token: RGAPI-sim' "$SIM_URL/$(region "$platform2")/lol/match/v5/matches/$newest" \
  | grep -o '"gameCreation":[0-9]*' | head -1 | cut -d: -f2)
sim_post reset >/dev/null
year=$(date -u -d "@$((year / 1000))" +%Y)
job3=$(sync "$name2" "$tag2" "$platform2" ", year => $year, queue => 420")
is "$(q -c "SELECT riot.wait_job($job3, '5 minutes')")" succeeded "a sync of $year's ranked solo games succeeds"
from=$(date -u -d "$year-01-01" +%s); to=$(( $(date -u -d "$((year + 1))-01-01" +%s) - 1 ))
expected=$(sim_ids "$puuid2" "$(region "$platform2")" "&queue=420&startTime=$from&endTime=$to" | sort)
is "$(listed "$job3")" "$(echo "$expected" | grep -c .)" "it lists exactly that year's ranked solo games"
is "$(missing "$puuid2" "$expected")" "" "and stores every one of them"
is "$(q -c "SELECT count(*) FROM riot.jobs c JOIN riot.matches m ON m.match_id = c.args ->> 'match_id'
             WHERE c.parent_id = $job3 AND (m.queue_id <> 420 OR extract(year FROM m.game_start AT TIME ZONE 'UTC') <> $year)")" 0 \
  "fetching nothing outside the filters"

# 4. kill -9 of a worker, then an immediate restart, midway: every match stored once.
for fault in kill restart; do
  IFS=$'\t' read -r n t p id c < <(pick 150 400)
  echo "# $fault during the sync of $n#$t ($c matches)"
  job=$(sync "$n" "$t" "$p")
  for _ in $(seq 1 600); do
    [[ $(q -c "SELECT processed > 20 FROM riot.jobs WHERE job_id = $job") == t ]] && break
    sleep 0.1
  done
  if [[ $fault == kill ]]; then
    kill -9 "$(q -c "SELECT min(pid) FROM riot.worker_processes WHERE backend_type = 'pg_riot worker'")"
  else
    "$repo/scripts/sandbox" restart immediate
  fi
  # Leases of the lost attempts expire (60 s), then any worker takes the jobs again by itself.
  state=""
  for _ in $(seq 1 1200); do
    state=$(q -c "SELECT state FROM riot.job_status($job)" 2>/dev/null) || true
    [[ $state == succeeded || $state == failed ]] && break
    sleep 0.25
  done
  is "$state" succeeded "after a $fault midway the sync still succeeds"
  expected=$(sim_ids "$id" "$(region "$p")" | sort)
  is "$(listed "$job")" "$(echo "$expected" | grep -c .)" "after a $fault the sync listed every match"
  is "$(missing "$id" "$expected")" "" "and every one is stored"
  is "$(q -c "SELECT count(*) FROM riot.jobs WHERE parent_id = $job AND state <> 'succeeded'")" 0 \
    "every fetch succeeded in the end"
done

# 5. riot-sim saw no request beyond a limit.
settle
is "$violations" 0 "riot-sim reports 0 requests of pg_riot's beyond a limit"
[[ $violations -eq 0 ]] || echo "# $(sim_get stats)"

done_testing
