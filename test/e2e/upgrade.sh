#!/usr/bin/env bash
# ALTER EXTENSION pg_riot UPDATE from every released version (each sql/pg_riot--X.sql but this
# version's): each is installed from its own script and given data, upgraded with the workers
# running, and must keep every row, gain the new objects, run jobs, and end with the same catalog
# as a fresh install of this version.
source "$(dirname "$0")/tap.bash"
version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$repo/pg_riot.control")
catalog() { q -f "$repo/test/e2e/catalog.sql"; }
released=$(cd "$repo/sql" && ls pg_riot--*.sql | sed -n 's/^pg_riot--\([0-9.]*\)\.sql$/\1/p' | sort -V)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"; q -c "DROP EXTENSION IF EXISTS pg_riot" -c "CREATE EXTENSION pg_riot" >/dev/null 2>&1' EXIT

q -c "DROP EXTENSION pg_riot" -c "CREATE EXTENSION pg_riot" >/dev/null
catalog >"$scratch/fresh"
[[ $(wc -l <"$scratch/fresh") -gt 200 ]]
ok $? "the listing of a fresh $version covers the whole extension ($(wc -l <"$scratch/fresh") lines)"
is "$(echo $released)" "0.1.0 0.2.0 0.3.0 0.4.0" "every released version is upgraded from"

for from in $released; do
  q -c "DROP EXTENSION pg_riot" -c "CREATE EXTENSION pg_riot VERSION '$from'" >/dev/null
  is "$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_riot'")" "$from" "$from installs from its script"

  # Data as every released version stores it: a match with its participants and players, ranks, a timeline, jobs.
  q >/dev/null <<'SQL'
SELECT riot._store_player('P1', 'Upgrade', 'UP1', 'kr');
SELECT riot._store_match(
  jsonb_build_object('match_id', 'KR_1', 'platform', 'kr', 'game_id', 1, 'queue_id', 420, 'game_mode', 'CLASSIC',
                     'game_type', 'MATCHED_GAME', 'game_version', '14.1.1', 'map_id', 11,
                     'game_start', '2026-11-01T10:00:00Z', 'duration_seconds', 1800, 'winning_team', 100),
  jsonb_build_array(jsonb_build_object('match_id', 'KR_1', 'puuid', 'P1', 'participant_id', 1, 'is_bot', false,
                      'champion_id', 1, 'champion_name', 'Annie', 'team_id', 100, 'kills', 5, 'deaths', 1,
                      'assists', 7, 'cs', 200, 'gold_earned', 12000, 'damage_to_champions', 20000,
                      'damage_taken', 15000, 'vision_score', 20, 'champion_level', 16,
                      'items', '[1,2,3,4,5,6,7]'::jsonb, 'win', true),
                    jsonb_build_object('match_id', 'KR_1', 'puuid', 'P2', 'participant_id', 2, 'is_bot', false,
                      'riot_id_game_name', 'Other', 'riot_id_tagline', 'OT1',
                      'champion_id', 2, 'champion_name', 'Olaf', 'team_id', 200, 'kills', 1, 'deaths', 5,
                      'assists', 2, 'cs', 150, 'gold_earned', 9000, 'damage_to_champions', 9000,
                      'damage_taken', 25000, 'vision_score', 10, 'champion_level', 14,
                      'items', '[0,0,0,0,0,0,0]'::jsonb, 'win', false)),
  '{"metadata": {"matchId": "KR_1"}, "info": {"participants": [{"gameEndedInSurrender": true}, {"gameEndedInSurrender": true}],
    "teams": [{"teamId": 100, "bans": [{"championId": 7, "pickTurn": 1}]}, {"teamId": 200, "bans": [{"championId": -1, "pickTurn": 6}]}]}}');
SELECT riot._store_ranks('P1', '[{"queue_type": "RANKED_SOLO_5x5", "tier": "GOLD", "division": "II",
  "league_points": 40, "wins": 10, "losses": 8, "hot_streak": false, "veteran": false,
  "fresh_blood": false, "inactive": false}]');
SELECT riot._store_timeline('KR_1', '{"metadata": {"matchId": "KR_1"}, "info": {"frameInterval": 60000,
  "participants": [{"participantId": 1, "puuid": "P1"}, {"participantId": 2, "puuid": "P2"}],
  "frames": [{"timestamp": 0, "participantFrames": {"1": {"totalGold": 500, "xp": 0}, "2": {"totalGold": 500, "xp": 0}},
              "events": [{"type": "ITEM_PURCHASED", "timestamp": 900, "participantId": 1, "itemId": 1055}]}]}}');
SELECT riot._enqueue('t_upgrade', '{"kept": true}', 0, 'upgrade-dedup');
SQL
  before=$(q -c "SELECT (SELECT count(*) FROM riot.players) || ' ' || (SELECT count(*) FROM riot.matches) || ' ' ||
                        (SELECT count(*) FROM riot.match_participants) || ' ' || (SELECT count(*) FROM riot.player_ranks) || ' ' ||
                        (SELECT count(*) FROM riot.timelines) || ' ' || (SELECT count(*) FROM riot.jobs WHERE kind = 't_upgrade')")
  is "$before" "2 1 2 1 1 1" "$from holds players, a match, participants, a rank, a timeline and a job"

  q -c "ALTER EXTENSION pg_riot UPDATE" >/dev/null
  ok $? "ALTER EXTENSION pg_riot UPDATE from $from runs"
  is "$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_riot'")" "$version" "and reaches $version"
  is "$(q -c "SELECT (SELECT count(*) FROM riot.players) || ' ' || (SELECT count(*) FROM riot.matches) || ' ' ||
                     (SELECT count(*) FROM riot.match_participants) || ' ' || (SELECT count(*) FROM riot.player_ranks) || ' ' ||
                     (SELECT count(*) FROM riot.timelines) || ' ' || (SELECT count(*) FROM riot.jobs WHERE kind = 't_upgrade')")" \
    "$before" "every row is kept"
  is "$(q -c "SELECT game_name || '#' || tag_line || ' ' || m.duration_seconds || ' ' || p.kills || '/' || p.deaths || '/' || p.assists || ' ' || r.tier || ' ' || r.division
                FROM riot.players pl JOIN riot.match_participants p USING (puuid) JOIN riot.matches m USING (match_id)
                JOIN riot.player_ranks r USING (puuid) WHERE pl.puuid = 'P1'")" \
    "Upgrade#UP1 1800 5/1/7 GOLD II" "and reads back the same"
  is "$(q -c "SELECT riot._enqueue('t_upgrade', '{}', 0, 'upgrade-dedup') = (SELECT job_id FROM riot.jobs WHERE kind = 't_upgrade')")" \
    t "a job queued by $from is still shared by a duplicate request"
  is "$(q -c "SELECT to_regclass('riot.worker_processes') IS NOT NULL AND to_regclass('riot.workers') IS NULL")" t \
    "riot.workers is now riot.worker_processes"
  is "$(q -c "SELECT to_regprocedure('riot._fan_out_matches(bigint, integer, text, text[], jsonb, boolean, integer)') IS NOT NULL
                  AND to_regprocedure('riot._holds(bigint, integer, text)') IS NULL")" t \
    "the new functions replace the old ones"
  is "$(q -c "SELECT string_agg(name, ',' ORDER BY name) FROM riot.job_configurations")" \
    "analytics_refresh,cleanup,leaderboard_refresh,player_analyzer,tracked_player_updater" "the default job configurations are installed"
  is "$(q -c "SELECT string_agg(jobname, ',' ORDER BY jobname) FROM cron.job WHERE jobname LIKE 'pg\_riot: %'")" \
    "pg_riot: analytics_refresh,pg_riot: cleanup,pg_riot: leaderboard_refresh,pg_riot: player_analyzer,pg_riot: tracked_player_updater" \
    "with their pg_cron entries"
  is "$(q -c "SELECT (SELECT string_agg(champion_id::text, ',') FROM riot.match_bans) || ' ' ||
                     (SELECT ended_in_surrender FROM riot.matches) || ' ' ||
                     (SELECT string_agg(participant_id || ':' || puuid || ':' || total_gold, ',' ORDER BY participant_id)
                        FROM riot.timeline_frames) || ' ' ||
                     (SELECT string_agg(type || ':' || item_id, ',') FROM riot.timeline_events)")" \
    "7 true 1:P1:500,2:P2:500 ITEM_PURCHASED:1055" "what $from stored gains its bans, surrender flag and typed timeline rows"
  is "$(q -c "SELECT riot.refresh_analytics() - 'anomalies'")" '{"matches": 1, "timelines": 1}' \
    "and is counted by the first refresh"
  is "$(q -c "SELECT champion_name || ' ' || games || ' ' || kills FROM riot.champion_stats WHERE champion_id = 1")" \
    "Annie 1 5.00" "into the champion statistics"
  is "$(q -c "SELECT tracked || ' ' || active FROM riot.players WHERE puuid = 'P1'")" "false true" \
    "players gain their tracking state"
  is "$(q -c "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
               WHERE c.relnamespace = 'riot'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                 AND col_description(c.oid, a.attnum) IS NULL")" 0 "every table column has a comment"
  job=$(q -c "SELECT riot._enqueue('noop')")
  is "$(q -c "SELECT riot.wait_job($job, '30 seconds')")" succeeded "the workers run jobs on the upgraded extension"
  is "$(q -c "SELECT count(*) || ' ' || min(verdict) FROM riot.analyze_player('Upgrade', 'UP1')")" "9 insufficient_data" \
    "the analyzer scores what the old version stored"
  catalog >"$scratch/upgraded-$from"
  ok $? "the catalog upgraded from $from is listed ($(wc -l <"$scratch/upgraded-$from") lines)"
  diff -u "$scratch/fresh" "$scratch/upgraded-$from" >"$scratch/diff"
  ok $? "a fresh $version and one upgraded from $from have the same catalog: objects, signatures, definitions, comments, grants"
  [[ -s $scratch/diff ]] && sed 's/^/# /' "$scratch/diff" | head -40
done
done_testing
