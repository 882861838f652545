#!/usr/bin/env bash
# The README's first Quick start command, run as a new user runs it (on a sandbox of its own):
# it syncs Hide on bush#KR1 from riot-sim, every match stored, and prints the analysis.
source "$(dirname "$0")/tap.bash"

export RIOT_SANDBOX_PORT=$((PGPORT + 9))
unset RIOT_API_KEY RIOT_API_BASE_URL
left_up=""
trap 'kill $left_up 2>/dev/null; "$repo/scripts/sandbox" stop >/dev/null 2>&1' EXIT

out=$(RIOT_WEB_LISTEN=127.0.0.1:0 "$repo/scripts/demo" 2>&1)
left_up=$(grep -o 'stop them with: kill [0-9 ]*' <<< "$out" | cut -d' ' -f5-)
ok $? "scripts/demo succeeds" || echo "$out" | tail -20 | sed 's/^/# /'
[[ $out == *"demo: syncing Hide on bush#KR1 on kr (1253 matches in riot-sim)"* ]]
ok $? "it syncs the mission's player, whose riot-sim history is longer than 1000 matches"
[[ $out == *"Latest matches:"*"KR_"*"Time played:"*"Per month:"*"Busiest weekday and hour"* ]]
ok $? "it prints the history and the time analysis"
page=$(grep -o 'demo: the page: http://[^ ]*' <<< "$out" | cut -d' ' -f4)
[[ $page == http://127.0.0.1:*/#kr/Hide%20on%20bush/KR1 ]]
ok $? "it prints the URL of the player's page ($page)"
is "$(curl -s -o /dev/null -w '%{http_code}' "${page%%#*}")" 200 "riot-web serves the page there"
[[ $(wc -w <<< "$left_up") -eq 2 ]]
ok $? "it says how to stop riot-web and riot-sim, which it leaves up for the page"

eval "$("$repo/scripts/sandbox" env)"
is "$(curl -s "${page%%#*}api/players/kr/Hide%20on%20bush/KR1" | jq -r .totals.games)" \
  "$(q -c "SELECT games FROM riot.time_played('Hide on bush', 'KR1')")" \
  "and the player's analysis, as its role with riot_operator only"
is "$(q -c "SELECT (result ->> 'matches_listed') || '/' || (result ->> 'matches_fetched') || '/' || (result ->> 'matches_failed')
              FROM riot.jobs WHERE kind = 'sync_player'")" "1253/1253/0" "every listed match was fetched, none failed"
# The sync's matches, not every stored one: the demo leaves pg_cron's schedules on, as a user
# would, and a scheduled analyzer run may store matches of the players the sync discovered.
is "$(q -c "SELECT count(*) FROM riot.matches m
             WHERE m.match_id IN (SELECT c.args ->> 'match_id' FROM riot.jobs c JOIN riot.jobs s ON s.job_id = c.parent_id
                                   WHERE s.kind = 'sync_player')")" "1253" "and stored once"

out=$(RIOT_DEMO_PLAYER='Nobody#XX1@kr' "$repo/scripts/demo" 2>&1)
ok $((!$?)) "a player riot-sim does not have stops the demo"
[[ $out == *"demo: riot-sim has no player Nobody#XX1"* ]]
ok $? "and says so"
done_testing
