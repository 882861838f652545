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
# Every match is asked with its timeline: riot-sim answers 404 for those without a timeline file,
# which must leave the match stored and its job succeeded, the timeline recorded as missing.
for id in "${ids[@]}"; do
  jobs+=("$(q -c "SELECT riot._enqueue('fetch_match', jsonb_build_object('match_id', '$id', 'with_timelines', true), 0, 'fixture:$id')")")
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
in_fixtures="match_id IN ($(printf "'%s'," "${ids[@]}" | sed 's/,$//'))"
without_timeline=()
for i in "${!ids[@]}"; do [[ -f $fixtures/timeline/${ids[$i]}.json ]] || without_timeline+=("${jobs[$i]}"); done
is "$(q -c "SELECT count(*) FROM riot.jobs j JOIN riot.matches m ON m.match_id = j.args ->> 'match_id'
             WHERE j.job_id IN ($(IFS=,; echo "${without_timeline[*]}")) AND j.result ->> 'timeline' = 'missing'
               AND m.timeline_missing_since IS NOT NULL
               AND NOT EXISTS (SELECT FROM riot.timelines t WHERE t.match_id = m.match_id)")" "${#without_timeline[@]}" \
  "a timeline Riot answers 404 for is recorded as missing (${#without_timeline[@]} matches); the match is stored, its job succeeded"
is "$(q -c "SELECT count(*) FROM riot.matches WHERE $in_fixtures AND timeline_missing_since IS NOT NULL")" \
  "${#without_timeline[@]}" "and no match with a timeline is"
# The typed rows, against counts read from the files themselves (jq), fixture by fixture.
for file in "$fixtures"/timeline/*.json; do
  id=$(basename "$file" .json)
  is "$(q -c "SELECT count(*) FROM riot.timeline_frames WHERE match_id = '$id'")" \
    "$(jq '[.info.frames[] | (.participantFrames // {}) | keys[]] | length' "$file")" "$id: a frame row per participant per frame"
  is "$(q -c "SELECT count(*) FROM riot.timeline_events WHERE match_id = '$id'")" \
    "$(jq '[.info.frames[] | (.events // [])[]] | length' "$file")" "$id: an event row per event"
  is "$(q -c "SELECT string_agg(type || ':' || n, ',' ORDER BY type) FROM (SELECT type, count(*) n FROM riot.timeline_events
                WHERE match_id = '$id' GROUP BY type) t")" \
    "$(jq -r '[.info.frames[] | (.events // [])[] | .type] | group_by(.) | map("\(.[0]):\(length)") | join(",")' "$file")" \
    "$id: every event type, as many times as Riot sent it"
done
is "$(q -c "SELECT count(*) FROM riot.timeline_events WHERE $in_fixtures AND ((type = 'CHAMPION_KILL' AND (killer_id IS NULL OR victim_id IS NULL))
             OR (type = 'ELITE_MONSTER_KILL' AND (monster_type IS NULL OR killer_team_id IS NULL))
             OR (type = 'BUILDING_KILL' AND (building_type IS NULL OR lane_type IS NULL OR team_id IS NULL))
             OR (type IN ('ITEM_PURCHASED', 'ITEM_SOLD', 'ITEM_DESTROYED') AND (item_id IS NULL OR participant_id IS NULL))
             OR (type = 'SKILL_LEVEL_UP' AND (skill_slot IS NULL OR level_up_type IS NULL))
             OR (type = 'WARD_PLACED' AND (ward_type IS NULL OR participant_id IS NULL))
             OR (type = 'GAME_END' AND winning_team IS NULL))")" 0 "each event type's own fields are typed columns"
is "$(q -c "SELECT count(*) FROM riot.timeline_frames f JOIN riot.match_participants p USING (match_id, participant_id)
             WHERE f.puuid IS DISTINCT FROM p.puuid AND f.$in_fixtures")" 0 "every frame row names its participant's player"
is "$(q -c "SELECT count(*) FROM riot.match_bans WHERE $in_fixtures")" \
  "$(cat "$fixtures"/match/*.json | jq -s '[.[] | (.info.teams // [])[] | (.bans // [])[] | select(.championId > 0)] | length')" \
  "every ban of every fixture match is in riot.match_bans"
is "$(q -c "SELECT count(*) FILTER (WHERE ended_in_early_surrender) || '/' || count(*) FILTER (WHERE ended_in_surrender) FROM riot.matches WHERE $in_fixtures")" \
  "$(cat "$fixtures"/match/*.json | jq -rs '[.[] | [(.info.participants // [])[] | .gameEndedInEarlySurrender] | any] | map(select(.)) | length | tostring')/$(cat "$fixtures"/match/*.json | jq -rs '[.[] | [(.info.participants // [])[] | .gameEndedInSurrender] | any] | map(select(.)) | length | tostring')" \
  "remakes and surrenders are flagged as the payloads say"
is "$(q -c "SELECT duration_seconds FROM riot.matches WHERE match_id = 'NA1_4196060228'")" 1118 \
  "a 12.2 game's duration in milliseconds is stored in seconds"
is "$(q -c "SELECT state FROM riot.job_status($bad)")" failed "a match id of no known platform fails its job"
like_reason=$(q -c "SELECT error FROM riot.job_status($bad)")
[[ $like_reason == *"XX9_123"*"platform"* ]]
ok $? "with the reason ($like_reason)"
done_testing
