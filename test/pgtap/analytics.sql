-- The analytics layer: aggregates counted incrementally equal a recount from scratch and a direct
-- query; typed timeline rows feed the 15-minute differences; anomalies in a crafted history.
BEGIN;
SELECT plan(29);

SELECT riot.refresh_analytics();  -- whatever other tests left pending is counted first

-- Match i of patch 31.1, ranked solo: ten players from a pool of 20, two bans a team; every 13th
-- game a remake, every 5th a surrender; a timeline for every third (16 frames: minute 15 exists).
CREATE FUNCTION pg_temp.craft(i integer) RETURNS boolean LANGUAGE sql AS $$
  SELECT riot._store_match(
    jsonb_build_object('match_id', 'AX_' || i, 'platform', CASE WHEN i % 2 = 0 THEN 'kr' ELSE 'euw1' END,
                       'game_id', i, 'queue_id', 420, 'game_mode', 'CLASSIC', 'game_type', 'MATCHED_GAME',
                       'game_version', '31.1.5.9', 'map_id', 11,
                       'game_creation', '2031-01-01 00:00+00'::timestamptz + make_interval(hours => i * 5),
                       'game_start', '2031-01-01 00:00+00'::timestamptz + make_interval(hours => i * 5),
                       'duration_seconds', 1200 + i * 30, 'winning_team', CASE WHEN i % 2 = 0 THEN 100 ELSE 200 END),
    (SELECT jsonb_agg(jsonb_build_object(
       'match_id', 'AX_' || i, 'puuid', 'AXP' || ((i + j) % 20), 'participant_id', j, 'is_bot', false,
       'champion_id', 1 + (i * 7 + j) % 12, 'champion_name', 'Champion' || (1 + (i * 7 + j) % 12),
       'team_id', CASE WHEN j <= 5 THEN 100 ELSE 200 END,
       'team_position', (ARRAY['TOP', 'JUNGLE', 'MIDDLE', 'BOTTOM', 'UTILITY'])[1 + (j - 1) % 5],
       'kills', (i * 3 + j) % 11, 'deaths', (i + j * 2) % 9, 'assists', (i * j) % 13, 'cs', 100 + (i * j * 7) % 150,
       'gold_earned', 8000 + (i * 13 + j * 17) % 5000, 'damage_to_champions', 10000 + (i * 131 + j * 71) % 20000,
       'damage_taken', 0, 'vision_score', 0, 'champion_level', 18, 'items', '[0,0,0,0,0,0,0]'::jsonb,
       'win', (j <= 5) = (i % 2 = 0)))
       FROM generate_series(1, 10) j),
    jsonb_build_object('info', jsonb_build_object(
      'participants', (SELECT jsonb_agg(jsonb_build_object('gameEndedInEarlySurrender', i % 13 = 0,
                                                           'gameEndedInSurrender', i % 5 = 0 OR i % 13 = 0))
                         FROM generate_series(1, 10)),
      'teams', jsonb_build_array(
        jsonb_build_object('teamId', 100, 'bans', jsonb_build_array(jsonb_build_object('championId', 20 + i % 3, 'pickTurn', 1),
                                                                     jsonb_build_object('championId', -1, 'pickTurn', 2))),
        jsonb_build_object('teamId', 200, 'bans', jsonb_build_array(jsonb_build_object('championId', 23, 'pickTurn', 6)))))))
$$;
CREATE FUNCTION pg_temp.craft_timeline(i integer) RETURNS void LANGUAGE sql AS $$
  SELECT riot._store_timeline('AX_' || i, jsonb_build_object('info', jsonb_build_object(
    'frameInterval', 60000,
    'participants', (SELECT jsonb_agg(jsonb_build_object('participantId', j, 'puuid', 'AXP' || ((i + j) % 20)))
                       FROM generate_series(1, 10) j),
    'frames', (SELECT jsonb_agg(jsonb_build_object(
                 'timestamp', minute * 60000,
                 'participantFrames', (SELECT jsonb_object_agg(j::text, jsonb_build_object(
                                         'participantId', j, 'totalGold', 500 + minute * 300 + j * 10 + i,
                                         'xp', minute * 400 + j * 7, 'level', 1 + minute / 2,
                                         'minionsKilled', minute * 7, 'jungleMinionsKilled', 0,
                                         'position', jsonb_build_object('x', j, 'y', minute)))
                                         FROM generate_series(1, 10) j),
                 'events', jsonb_build_array(jsonb_build_object('type', 'LEVEL_UP', 'timestamp', minute * 60000 + 1,
                                                                'participantId', 1, 'level', 2)))
                 ORDER BY minute)
                 FROM generate_series(0, 15) minute))))
$$;

-- Three incremental refreshes, timelines arriving after their matches, one match stored twice.
SELECT pg_temp.craft(i) FROM generate_series(1, 15) i;
SELECT riot.refresh_analytics();
SELECT pg_temp.craft(i) FROM generate_series(16, 30) i;
SELECT pg_temp.craft_timeline(i) FROM generate_series(3, 15, 3) i;
SELECT pg_temp.craft(7);
SELECT riot.refresh_analytics();
SELECT pg_temp.craft(i) FROM generate_series(31, 40) i;
SELECT pg_temp.craft_timeline(i) FROM generate_series(18, 39, 3) i;
SELECT is((SELECT (riot.refresh_analytics() ->> 'matches')::int), 10, 'a refresh counts only what was stored since');
SELECT is((SELECT count(*)::int FROM riot.analytics_pending), 0, 'and leaves nothing pending');

CREATE TEMP TABLE incremental AS
SELECT 'champion' AS t, to_jsonb(c) AS r FROM riot.champion_totals c UNION ALL
SELECT 'bans', to_jsonb(b) FROM riot.champion_bans b UNION ALL
SELECT 'patch', to_jsonb(p) FROM riot.patch_totals p UNION ALL
SELECT 'daily', to_jsonb(d) FROM riot.daily_totals d UNION ALL
SELECT 'daily_players', to_jsonb(d) FROM riot.daily_players d UNION ALL
SELECT 'player', to_jsonb(p) FROM riot.player_totals p;
SELECT ok((riot.refresh_analytics(from_scratch => true) ->> 'matches')::int >= 40, 'a recount from scratch counts every match');
SELECT is((SELECT count(*)::int FROM (
  (SELECT * FROM incremental EXCEPT ALL
   (SELECT 'champion', to_jsonb(c) FROM riot.champion_totals c UNION ALL
    SELECT 'bans', to_jsonb(b) FROM riot.champion_bans b UNION ALL
    SELECT 'patch', to_jsonb(p) FROM riot.patch_totals p UNION ALL
    SELECT 'daily', to_jsonb(d) FROM riot.daily_totals d UNION ALL
    SELECT 'daily_players', to_jsonb(d) FROM riot.daily_players d UNION ALL
    SELECT 'player', to_jsonb(p) FROM riot.player_totals p))
  UNION ALL
  ((SELECT 'champion', to_jsonb(c) FROM riot.champion_totals c UNION ALL
    SELECT 'bans', to_jsonb(b) FROM riot.champion_bans b UNION ALL
    SELECT 'patch', to_jsonb(p) FROM riot.patch_totals p UNION ALL
    SELECT 'daily', to_jsonb(d) FROM riot.daily_totals d UNION ALL
    SELECT 'daily_players', to_jsonb(d) FROM riot.daily_players d UNION ALL
    SELECT 'player', to_jsonb(p) FROM riot.player_totals p) EXCEPT ALL SELECT * FROM incremental)) differ), 0,
  'every aggregate counted in three refreshes equals a recount from scratch, row for row');
SELECT ok((SELECT count(*) FROM incremental) > 100, 'over a non-trivial number of rows');

-- Against queries written straight over the typed rows.
SELECT set_eq(
  $$SELECT champion_id, team_position, games::int, wins::int, kills::int FROM riot.champion_totals WHERE patch = '31.1'$$,
  $$SELECT p.champion_id, p.team_position, count(*)::int AS games, count(*) FILTER (WHERE p.win)::int AS wins,
           sum(p.kills)::int AS kills
      FROM riot.match_participants p JOIN riot.matches m USING (match_id)
     WHERE m.match_id LIKE 'AX\_%' AND m.match_id NOT IN (SELECT 'AX_' || i FROM generate_series(13, 39, 13) i)
     GROUP BY 1, 2$$,
  'champion games, wins and kills leave remakes out and equal a direct count');
SELECT is((SELECT count(*)::int FROM riot.champion_stats WHERE patch = '31.1' AND (win_rate <> round(wins::numeric / games, 4)
              OR pick_rate <> round(games / 37.0, 4))), 0, 'the view''s win and pick rates are wins and games over games');
SELECT is((SELECT games::int FROM riot.patch_totals WHERE patch = '31.1' AND queue_id = 420), 37,
          'games per patch leave the 3 remakes out');
SELECT is((SELECT ban_rate FROM riot.champion_stats WHERE patch = '31.1' AND champion_id = 23 LIMIT 1), NULL,
          'a champion never picked has no row, however often banned');
SELECT is((SELECT bans::int FROM riot.champion_bans WHERE patch = '31.1' AND champion_id = 23), 37,
          'bans are counted per champion; a skipped ban (-1) is not');
SELECT is((SELECT round(sum(c.bans)::numeric / 37, 4) FROM riot.champion_bans c WHERE patch = '31.1' AND champion_id BETWEEN 20 AND 22),
          1.0000, 'team 100 banned one of champions 20-22 in every game');
SELECT is((SELECT sum(timeline_games)::int FROM riot.champion_totals WHERE patch = '31.1'),
          10 * (SELECT count(*)::int FROM generate_series(3, 39, 3) i WHERE i % 13 <> 0),
          'every laner of every timeline (remakes left out) counts at 15 minutes');
SELECT set_eq(
  $$SELECT champion_id, team_position, gold_diff_15::int, xp_diff_15::int FROM riot.champion_totals
     WHERE patch = '31.1' AND timeline_games > 0$$,
  $$SELECT p.champion_id, p.team_position, sum(CASE WHEN p.team_id = 100 THEN -50 ELSE 50 END)::int AS gold,
           sum(CASE WHEN p.team_id = 100 THEN -35 ELSE 35 END)::int AS xp
      FROM riot.match_participants p JOIN generate_series(3, 39, 3) i ON p.match_id = 'AX_' || i
     WHERE i % 13 <> 0 GROUP BY 1, 2$$,
  'gold and XP difference at 15 are against the lane opponent (50 gold and 35 XP apart by construction)');
SELECT set_eq(
  $$SELECT day, platform, games::int, players::int, remakes::int, surrenders::int FROM riot.daily_totals
     WHERE day >= '2031-01-01'$$,
  $$SELECT (m.game_start AT TIME ZONE 'UTC')::date AS day, m.platform, count(DISTINCT m.match_id)::int AS games,
           count(DISTINCT p.puuid)::int AS players,
           count(DISTINCT m.match_id) FILTER (WHERE m.ended_in_early_surrender)::int AS remakes,
           count(DISTINCT m.match_id) FILTER (WHERE m.ended_in_surrender AND NOT m.ended_in_early_surrender)::int AS surrenders
      FROM riot.matches m JOIN riot.match_participants p USING (match_id) WHERE m.match_id LIKE 'AX\_%' GROUP BY 1, 2$$,
  'daily games, distinct players, remakes and surrenders equal a direct count');
SELECT is((SELECT games::int || ' ' || season FROM riot.player_stats WHERE puuid = 'AXP0' AND queue_id = 420),
          (SELECT count(*)::int FROM riot.match_participants p JOIN riot.matches m USING (match_id)
            WHERE p.puuid = 'AXP0' AND m.match_id LIKE 'AX\_%' AND NOT m.ended_in_early_surrender) || ' 2041',
          'a player''s games per queue and season (31.x: 2041)');

-- Anomalies: player AZ plays champion 99 top in 16 ordinary games; 30 others play it alike; then
-- AZ has a 30/0/20 game.
CREATE FUNCTION pg_temp.one_player(id text, who text, k int, d int, a int, cs int, gold int, damage int)
RETURNS boolean LANGUAGE sql AS $$
  SELECT riot._store_match(
    jsonb_build_object('match_id', id, 'platform', 'kr', 'game_id', 1, 'queue_id', 400, 'game_mode', 'CLASSIC',
                       'game_type', 'MATCHED_GAME', 'game_version', '31.2.1', 'map_id', 11,
                       'game_start', '2031-06-01 00:00+00', 'duration_seconds', 1800, 'winning_team', 100),
    jsonb_build_array(jsonb_build_object(
      'match_id', id, 'puuid', who, 'participant_id', 1, 'is_bot', false, 'champion_id', 99, 'champion_name', 'Test',
      'team_id', 100, 'team_position', 'TOP', 'kills', k, 'deaths', d, 'assists', a, 'cs', cs, 'gold_earned', gold,
      'damage_to_champions', damage, 'damage_taken', 0, 'vision_score', 0, 'champion_level', 18,
      'items', '[0,0,0,0,0,0,0]'::jsonb, 'win', true)),
    '{}'::jsonb)
$$;
SELECT pg_temp.one_player('AN_' || i, CASE WHEN i <= 16 THEN 'AZ' ELSE 'AY' || i END, 3 + i % 4, 4 + i % 3, 5 + i % 5,
                          180 + i % 20, 9000 + (i % 10) * 100, 15000 + (i % 7) * 500)
  FROM generate_series(1, 46) i;
SELECT riot.refresh_analytics();
SELECT ok(riot._refresh_champion_baselines() > 0 AND riot._refresh_champion_baselines_if_stale() = 0, 'champion baselines are computed, and not again within the hour');
SELECT is((SELECT count(*)::int FROM riot.anomalies WHERE match_id LIKE 'AN\_%'), 0, 'ordinary games are no anomaly');
SELECT pg_temp.one_player('AN_OUT', 'AZ', 30, 0, 20, 400, 20000, 60000);
SELECT is((SELECT (riot.refresh_analytics() ->> 'anomalies')::int), 4, 'the refresh reports the anomalies it found');
SELECT set_eq($$SELECT statistic, player_games::int, player_z > 3.5 AS above_player, champion_z > 3.5 AS above_champion FROM riot.anomalies WHERE match_id = 'AN_OUT'$$,
              $$VALUES ('kda', 17, true, true), ('damage_per_minute', 17, true, true), ('cs_per_minute', 17, true, true),
                       ('gold_per_minute', 17, true, true)$$,
              'a 30/0/20 game is an anomaly in all four statistics, against both baselines, with the baseline sizes');

SELECT throws_ok($$SELECT riot._refresh_analytics_batch(0)$$, '22023', 'invalid batch_size 0', 'a batch size below 1 is refused');
-- A batch takes matches before timelines, so no champion row counts a timeline but no game; a
-- timeline whose frames lack gold or XP is counted without 15-minute differences, not refused.
SELECT pg_temp.craft(41);
SELECT riot._store_timeline('AX_41', ('{"info": {"frames": [' || repeat('{"timestamp": 0, "participantFrames": {"1": {"level": 1}, "6": {"level": 1}}},', 15)
                                      || '{"timestamp": 900000, "participantFrames": {"1": {"level": 9}, "6": {"level": 9}}}]}}')::jsonb);
SELECT is(riot._refresh_analytics_batch(1, false), '{"matches": 1, "timelines": 0}'::jsonb, 'a batch of one takes the match first');
SELECT is(riot._refresh_analytics_batch(1, false), '{"matches": 0, "timelines": 1}'::jsonb,
          'then its timeline, whose frames lack gold and XP, without failing');
SELECT is((SELECT count(*)::int FROM riot.champion_stats WHERE games = 0), 0, 'no champion row is without games');

-- fetch_timelines: bad input is refused, queueing nothing.
SELECT throws_ok($$SELECT riot.fetch_timelines('Nobody', 'XX1')$$, 'P0002', NULL, 'fetch_timelines of an unknown player is an error');
SELECT throws_ok($$SELECT riot.fetch_timelines('x', 'KR1')$$, '22023', NULL, 'as is a malformed Riot ID');
SELECT throws_ok($$SELECT riot.fetch_timelines('AXP0', 'T1', max_matches => 0)$$, '22023', 'invalid max_matches 0',
                 'and a max_matches below 1');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE kind = 'fetch_timelines'), 0, 'none of them queued anything');
SELECT throws_ok($$SELECT riot.refresh_analytics(NULL)$$, '22004', 'from_scratch must not be NULL', 'NULL is refused');
SET LOCAL ROLE riot_reader;
SELECT throws_ok($$SELECT riot.refresh_analytics()$$, '42501', NULL, 'a reader may read the aggregates but not refresh them');
RESET ROLE;
SELECT * FROM finish();
ROLLBACK;
