#!/usr/bin/env bash
# Every real Riot payload in ../shared/riot-fixtures (aborted games, bots, Arena, Swarm, old
# versions) goes through the whole path: riot-sim serves it unchanged, a worker fetches, parses
# and stores it, with its timeline. A match id that cannot be fetched fails that job alone, with
# the reason.
source "$(dirname "$0")/tap.bash"
fixtures=${RIOT_FIXTURES_DIR:-$repo/../shared/riot-fixtures}
if [[ ! -d $fixtures/match ]]; then
  echo "1..0 # SKIP no fixtures at $fixtures (../shared is absent)"
  exit 0
fi
trap stop_sim EXIT
start_sim --seed 3 --players 200 --limits none --replay "$fixtures"

mapfile -t ids < <(ls "$fixtures/match" | sed 's/\.json$//')
jobs=()
for id in "${ids[@]}"; do
  with_timeline=false
  [[ -f $fixtures/timeline/$id.json ]] && with_timeline=true
  jobs+=("$(q -c "SELECT riot._enqueue('fetch_match', jsonb_build_object('match_id', '$id', 'with_timelines', $with_timeline), 0, 'fixture:$id')")")
done
bad=$(q -c "SELECT riot._enqueue('fetch_match', '{\"match_id\": \"XX9_123\"}', 0, 'fixture:bad')")
for job in "${jobs[@]}" "$bad"; do q -c "SELECT riot.wait_job($job, '2 minutes')" >/dev/null; done

for i in "${!ids[@]}"; do
  id=${ids[$i]}
  state=$(q -c "SELECT state || coalesce(': ' || error, '') FROM riot.job_status(${jobs[$i]})")
  is "$state" succeeded "$id is fetched and stored"
done
is "$(q -c "SELECT count(*) FROM riot.matches WHERE match_id IN ($(printf "'%s'," "${ids[@]}" | sed 's/,$//'))")" \
  "${#ids[@]}" "every fixture match is in riot.matches"
is "$(q -c "SELECT count(*) FROM riot.matches m WHERE match_id IN ($(printf "'%s'," "${ids[@]}" | sed 's/,$//'))
             AND jsonb_array_length(m.raw -> 'info' -> 'participants')
                 <> (SELECT count(*) FROM riot.match_participants p WHERE p.match_id = m.match_id)")" 0 \
  "with one participant row per player (0 for the aborted game, 16 for Arena, bots included)"
is "$(q -c "SELECT count(*) FROM riot.timelines WHERE match_id IN ($(ls "$fixtures/timeline" | sed "s/\.json$//; s/.*/'&'/" | paste -sd,))")" \
  "$(ls "$fixtures/timeline" | wc -l)" "and every fixture timeline is in riot.timelines"
is "$(q -c "SELECT duration_seconds FROM riot.matches WHERE match_id = 'NA1_4196060228'")" 1118 \
  "a 12.2 game's duration in milliseconds is stored in seconds"
is "$(q -c "SELECT state FROM riot.job_status($bad)")" failed "a match id of no known platform fails its job"
like_reason=$(q -c "SELECT error FROM riot.job_status($bad)")
[[ $like_reason == *"XX9_123"*"platform"* ]]
ok $? "with the reason ($like_reason)"
done_testing
