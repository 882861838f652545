#!/usr/bin/env bash
# The README's first Quick start command, run as a new user runs it (on a sandbox of its own):
# it syncs Hide on bush#KR1 from riot-sim, every match stored, and prints the analysis.
source "$(dirname "$0")/tap.bash"

export RIOT_SANDBOX_PORT=$((PGPORT + 9))
unset RIOT_API_KEY RIOT_API_BASE_URL
trap '"$repo/scripts/sandbox" stop >/dev/null 2>&1' EXIT

out=$("$repo/scripts/demo" 2>&1)
ok $? "scripts/demo succeeds" || echo "$out" | tail -20 | sed 's/^/# /'
[[ $out == *"demo: syncing Hide on bush#KR1 on kr (1253 matches in riot-sim)"* ]]
ok $? "it syncs the mission's player, whose riot-sim history is longer than 1000 matches"
[[ $out == *"Latest matches:"*"KR_"*"Time played:"*"Per month:"*"Busiest weekday and hour"* ]]
ok $? "it prints the history and the time analysis"

eval "$("$repo/scripts/sandbox" env)"
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
