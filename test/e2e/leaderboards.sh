#!/usr/bin/env bash
# Leaderboards against riot-sim's apex ladders: a run of leaderboard_refresh stores each
# configured platform's and queue's challenger, grandmaster and master entries exactly as
# riot-sim's league-v4 serves them, with positions; after the clock moves, a second run records
# each change of position in riot.leaderboard_history and nothing else.
source "$(dirname "$0")/tap.bash"
trap 'stop_sim; q -c "SELECT riot.configure_job('"'leaderboard_refresh'"', config => '"'{\"platforms\": null, \"queues\": null}'"')" >/dev/null 2>&1' EXIT
start_sim --seed 23 --players 3000 --limits prod  # enough for a dozen apex players on kr

# ladder PLATFORM QUEUE: riot-sim's apex entries (puuid tier lp wins losses), its answers read
# between two settles so that pg_riot is not charged for them.
ladder() {
  settle
  for tier in challengerleagues grandmasterleagues masterleagues; do
    curl -sf -H 'X-Riot-Token: RGAPI-sim' "$SIM_URL/$1/lol/league/v4/$tier/by-queue/$2" |
      jq -r '.tier as $t | .entries[] | "\(.puuid) \($t) \(.leaguePoints) \(.wins) \(.losses)"'
  done | sort
  sim_post reset >/dev/null
}
stored() {
  q -c "SELECT puuid || ' ' || tier || ' ' || league_points || ' ' || wins || ' ' || losses FROM riot.leaderboards
         WHERE platform = '$1' AND queue_type = '$2'" | sort
}
run() {
  local job
  job=$(q -c "SELECT riot.run_job('leaderboard_refresh')")
  q -c "SELECT riot.wait_job($job, '2 minutes')" >/dev/null
  echo "$job"
}

q -c "SELECT riot.configure_job('leaderboard_refresh', config => '{\"platforms\": [\"kr\", \"euw1\"], \"queues\": [\"RANKED_SOLO_5x5\", \"RANKED_FLEX_SR\"]}')" >/dev/null
job=$(run)
is "$(q -c "SELECT state || ' ' || (metrics ->> 'ladders_refreshed') || ' ' || (metrics ->> 'ladders_failed')
             FROM riot.job_executions WHERE job_id = $job")" "succeeded 4 0" "a run refreshes two platforms' two queues"
expected=$(ladder kr RANKED_SOLO_5x5)
[[ $(echo "$expected" | wc -l) -ge 5 && $(echo "$expected" | cut -d' ' -f2 | sort -u | wc -l) -ge 2 ]]
ok $? "riot-sim's kr solo ladder has players in more than one tier ($(echo "$expected" | wc -l))"
is "$(stored kr RANKED_SOLO_5x5)" "$expected" "riot.leaderboards holds exactly riot-sim's kr solo ladder"
for ladder in "kr RANKED_FLEX_SR" "euw1 RANKED_SOLO_5x5" "euw1 RANKED_FLEX_SR"; do
  set -- $ladder
  is "$(stored "$1" "$2")" "$(ladder "$1" "$2")" "and its $1 $2 ladder"
done
is "$(q -c "SELECT count(*) FROM (SELECT position, row_number() OVER (PARTITION BY platform, queue_type
                ORDER BY array_position(ARRAY['CHALLENGER', 'GRANDMASTER', 'MASTER'], tier), league_points DESC, wins DESC, puuid) n
                FROM riot.leaderboards) p WHERE position <> n")" 0 "positions run from 1, challengers first, each tier by league points"
is "$(q -c "SELECT count(*) FROM riot.leaderboards l WHERE NOT EXISTS (SELECT FROM riot.leaderboard_history h
             WHERE h.platform = l.platform AND h.queue_type = l.queue_type AND h.puuid = l.puuid AND h.position = l.position)")" 0 \
  "every player's entry into the ladder is in its history"

# A second run after the clock moved a week: only changes are recorded.
before=$(q -c "SELECT count(*) FROM riot.leaderboard_history")
old=$(q -c "SELECT platform || ' ' || queue_type || ' ' || puuid || ' ' || position || ' ' || tier || ' ' || league_points
             FROM riot.leaderboards" | sort)
sim_post "advance?seconds=604800" >/dev/null
job=$(run)
is "$(q -c "SELECT state FROM riot.job_executions WHERE job_id = $job")" succeeded "a second run after a week succeeds"
is "$(stored kr RANKED_SOLO_5x5)" "$(ladder kr RANKED_SOLO_5x5)" "and holds riot-sim's ladder as it is now"
new=$(q -c "SELECT platform || ' ' || queue_type || ' ' || puuid || ' ' || position || ' ' || tier || ' ' || league_points
             FROM riot.leaderboards" | sort)
changed=$(comm -13 <(echo "$old") <(echo "$new") | grep -c . || true)
left=$(comm -23 <(echo "$old" | cut -d' ' -f1-3 | sort -u) <(echo "$new" | cut -d' ' -f1-3 | sort -u) | grep -c . || true)
is "$(( $(q -c "SELECT count(*) FROM riot.leaderboard_history") - before ))" "$((changed + left))" \
  "its history gains a row per entry that changed ($changed) and per player who left ($left), no other"
done_testing
