-- Match history and time analysis over stored matches.
BEGIN;
SELECT plan(45);

-- Four games of player P: three in one evening (one session), one two days later.
CREATE FUNCTION pg_temp.store(id text, start_at timestamptz, seconds int, champion text, k int, d int, a int,
                              won boolean) RETURNS boolean LANGUAGE sql AS $$
  SELECT riot._store_match(
    jsonb_build_object('match_id', id, 'platform', 'kr', 'game_id', 1, 'queue_id', 420, 'game_mode', 'CLASSIC',
                       'game_type', 'MATCHED_GAME', 'game_version', '14.1', 'map_id', 11,
                       'game_creation', start_at, 'game_start', start_at,
                       'game_end', start_at + make_interval(secs => seconds), 'duration_seconds', seconds,
                       'winning_team', CASE WHEN won THEN 100 ELSE 200 END),
    jsonb_build_array(
      jsonb_build_object('match_id', id, 'puuid', 'P', 'participant_id', 1, 'is_bot', false,
                         'riot_id_game_name', 'Tester', 'riot_id_tagline', 'T1', 'champion_id', 1,
                         'champion_name', champion, 'team_id', 100, 'team_position', 'MIDDLE',
                         'kills', k, 'deaths', d, 'assists', a, 'cs', 200, 'gold_earned', 10000,
                         'damage_to_champions', 20000, 'damage_taken', 15000, 'vision_score', 20,
                         'champion_level', 18, 'items', '[1,2,3,4,5,6,7]'::jsonb, 'win', won),
      jsonb_build_object('match_id', id, 'puuid', 'Q', 'participant_id', 2, 'is_bot', false,
                         'riot_id_game_name', 'Other', 'riot_id_tagline', 'T2', 'champion_id', 2,
                         'champion_name', 'Annie', 'team_id', 200, 'kills', 0, 'deaths', 0, 'assists', 0,
                         'cs', 0, 'gold_earned', 0, 'damage_to_champions', 0, 'damage_taken', 0,
                         'vision_score', 0, 'champion_level', 1, 'items', '[0,0,0,0,0,0,0]'::jsonb,
                         'win', NOT won)),
    '{}'::jsonb)
$$;
SELECT ok(pg_temp.store('KR_1', '2030-03-04 20:00+00', 1800, 'Ahri', 10, 2, 5, true), 'a match is stored');
SELECT ok(NOT pg_temp.store('KR_1', '2030-03-04 20:00+00', 1800, 'Ahri', 10, 2, 5, true), 'storing it again changes nothing');
SELECT pg_temp.store('KR_2', '2030-03-04 20:40+00', 1500, 'Ahri', 3, 0, 4, false);
SELECT pg_temp.store('KR_3', '2030-03-04 21:20+00', 1200, 'Zed', 7, 7, 7, true);
SELECT pg_temp.store('KR_4', '2030-03-06 09:00+00', 2100, 'Zed', 1, 5, 1, false);
UPDATE riot.players SET platform = 'kr' WHERE puuid = 'P';

SELECT is((SELECT count(*)::int FROM riot.match_participants WHERE match_id = 'KR_1'), 2, 'with all its participants');
SELECT is((SELECT game_name || '#' || tag_line FROM riot.players WHERE puuid = 'Q'), 'Other#T2',
          'participants are discovered as players');
SELECT is((SELECT array_agg(match_id) FROM riot.match_history('tester', 't1')), '{KR_4,KR_3,KR_2,KR_1}',
          'match_history by Riot ID lists matches newest first, case-insensitively');
SELECT is((SELECT kda FROM riot.match_history('P') WHERE match_id = 'KR_2'), 7.00::numeric,
          'KDA counts zero deaths as one');
SELECT is((SELECT duration FROM riot.match_history('P') WHERE match_id = 'KR_1'), interval '30 minutes',
          'duration is an interval');
SELECT throws_ok($$SELECT * FROM riot.match_history('Nobody', 'XX1')$$, 'P0002', 'no player Nobody#XX1 in riot.players',
                 'an unknown player is an error with a hint');

SELECT is((SELECT games || ' ' || total FROM riot.time_played('Tester', 'T1')), '4 01:50:00',
          'time_played totals the games');
SELECT is((SELECT sessions || ' ' || longest_session FROM riot.time_played('Tester', 'T1')), '2 01:40:00',
          'sessions split on gaps longer than 30 minutes');
SELECT is((SELECT array_agg(games ORDER BY session) FROM riot.play_sessions('Tester', 'T1', '30 minutes')), '{3,1}',
          'play_sessions counts games per session');
SELECT is((SELECT array_agg(games ORDER BY session) FROM riot.play_sessions('Tester', 'T1', '5 minutes')), '{1,1,1,1}',
          'a shorter gap makes more sessions');
SELECT is((SELECT array_agg(bucket || ':' || games ORDER BY bucket) FROM riot.time_played_by('Tester', 'T1', 'champion')),
          '{Ahri:2,Zed:2}', 'time_played_by champion');
SELECT is((SELECT array_agg(bucket || ':' || games ORDER BY bucket) FROM riot.time_played_by('Tester', 'T1', 'day')),
          '{2030-03-04:3,2030-03-06:1}', 'time_played_by day (UTC)');
SELECT throws_ok($$SELECT * FROM riot.time_played_by('Tester', 'T1', 'fortnight')$$, '22023', NULL,
                 'an unknown grouping is rejected');
SELECT is((SELECT count(*)::int || '/' || sum(games) FROM riot.play_grid('Tester', 'T1')), '168/4',
          'play_grid has 168 weekday x hour cells holding every game');

-- The final step of a sync totals what it did: an aborted game (stored, no participants) is
-- fetched but is not one of the player's games.
SELECT riot._store_match(
  jsonb_build_object('match_id', 'KR_9', 'platform', 'kr', 'game_id', 9, 'queue_id', 0, 'game_mode', '',
                     'game_type', '', 'game_version', '', 'map_id', 0, 'game_creation', '2030-03-07 10:00+00',
                     'game_start', NULL, 'game_end', NULL, 'duration_seconds', 0, 'winning_team', NULL),
  '[]'::jsonb, '{}'::jsonb);
INSERT INTO riot.jobs (kind, args, state, attempt, lease_owner, lease_until, result, children_failed, fanned_out)
VALUES ('sync_player', '{}', 'running', 2, 'w', now() + interval '1 minute',
        '{"puuid": "P", "matches_listed": 6}', 1, true) RETURNING job_id AS sync_id \gset
INSERT INTO riot.jobs (kind, args, state, parent_id)
SELECT 'fetch_match', jsonb_build_object('match_id', m), s, :sync_id
  FROM unnest('{KR_1,KR_2,KR_3,KR_4,KR_9,KR_10}'::text[], '{succeeded,succeeded,succeeded,succeeded,succeeded,failed}'::text[]) AS c(m, s);
SELECT is(riot._finish_sync(:sync_id, 1, 'w'), false, 'a lost attempt cannot finish the sync');
SELECT is(riot._finish_sync(:sync_id, 2, 'w'), true, 'the attempt that holds it finishes it');
SELECT result AS totals FROM riot.jobs WHERE job_id = :sync_id \gset
SELECT is((SELECT state FROM riot.jobs WHERE job_id = :sync_id), 'succeeded', 'the sync has succeeded');
SELECT is((:'totals'::jsonb ->> 'matches_listed')::int, 6, 'what the listing found is kept in the result');
SELECT isnt((SELECT synced_at FROM riot.players WHERE puuid = 'P'), NULL, 'the player is marked synced');
SELECT is((:'totals'::jsonb ->> 'matches_fetched')::int, 5, 'a sync''s totals count the matches fetched');
SELECT is((:'totals'::jsonb ->> 'matches_failed')::int, 1, 'the matches that failed');
SELECT is((:'totals'::jsonb ->> 'player_games')::int, 4, 'and the player''s games, aborted ones left out');

-- The reports riot-web serves: the same figures as the functions above, as one jsonb document.
SELECT riot.player_report('tester', 't1', 'KR') AS report \gset
SELECT is(:'report'::jsonb -> 'player' ->> 'game_name', 'Tester', 'player_report finds the player case-insensitively');
SELECT is(:'report'::jsonb -> 'totals' ->> 'games', '4', 'its totals are time_played''s');
SELECT is(:'report'::jsonb -> 'totals' ->> 'seconds', '6600', 'with durations in seconds');
SELECT is(:'report'::jsonb -> 'months', '[{"wins": 2, "games": 4, "month": "2030-03", "seconds": 6600}]'::jsonb,
          'hours per month');
SELECT is((SELECT count(*) || '/' || sum((c ->> 'games')::int) FROM jsonb_array_elements(:'report'::jsonb -> 'grid') c),
          '168/4', 'the grid has 168 cells holding every game');
SELECT is((SELECT array_agg((s ->> 'games')::int) FROM jsonb_array_elements(:'report'::jsonb -> 'sessions') s), '{1,3}',
          'sessions newest first');
SELECT is(:'report'::jsonb -> 'analysis', 'null'::jsonb, 'no analysis before the analyzer ran');
SELECT is((SELECT c ->> 'games' FROM jsonb_array_elements(riot.player_report('Tester', 'T1', NULL, 'Asia/Seoul') -> 'grid') c
            WHERE (c ->> 'weekday')::int = 3 AND (c ->> 'hour')::int = 18), '1',
          'the grid is in the time zone asked (09:00 UTC on Wednesday is 18:00 in Seoul)');
SELECT is(jsonb_array_length(riot.player_report('Tester', 'T1', 'kr', 'UTC', 1) -> 'sessions'), 1,
          'max_sessions limits the sessions listed');
INSERT INTO riot.player_analysis (puuid, variant, verdict, total, matches_used, win_rate, kda, account_level,
                                  rank_discrepancy, rank_progression, win_rate_trend, performance_consistency,
                                  performance_trends, role_performance, scores)
VALUES ('P', 'pg_riot', 'smurf_high', 0.8, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, '[]');
SELECT is(riot.player_report('Tester', 'T1') -> 'analysis' ->> 'verdict', 'smurf_high', 'the current analysis is included');
SELECT throws_ok($$SELECT riot.player_report('Tester', 'T1', 'euw1')$$, 'P0002',
                 'no player Tester#T1 in riot.players on platform euw1', 'a player not stored on the platform is P0002');
SELECT throws_ok($$SELECT riot.player_report('Nobody', 'XX1')$$, 'P0002', 'no player Nobody#XX1 in riot.players',
                 'an unknown player is P0002');
SELECT throws_ok($$SELECT riot.player_report('Tester', 'T1', 'mars')$$, '22023', 'unknown platform "mars"',
                 'an unknown platform is 22023');
SELECT throws_ok($$SELECT riot.player_report('Tester', 'T1', 'kr', 'Mars/Olympus')$$, '22023', NULL,
                 'an unknown time zone is 22023');
SELECT throws_ok($$SELECT riot.player_report('Tester', 'T1', 'kr', 'UTC', -1)$$, '22023', 'invalid max_sessions -1',
                 'a negative max_sessions is 22023');

-- Another stored account that once held the Riot ID (on euw1) has a game: the report on kr does
-- not mix it in, while the functions by Riot ID count every account with it, as they always have.
SELECT riot._store_match(
  jsonb_build_object('match_id', 'EUW1_1', 'platform', 'euw1', 'game_id', 1, 'queue_id', 420, 'game_mode', 'CLASSIC',
                     'game_type', 'MATCHED_GAME', 'game_version', '14.1', 'map_id', 11,
                     'game_creation', '2030-01-01 10:00+00', 'game_start', '2030-01-01 10:00+00',
                     'game_end', '2030-01-01 10:30+00', 'duration_seconds', 1800, 'winning_team', 100),
  jsonb_build_array(jsonb_build_object('match_id', 'EUW1_1', 'puuid', 'P-old', 'participant_id', 1, 'is_bot', false,
                      'riot_id_game_name', 'Tester', 'riot_id_tagline', 'T1', 'champion_id', 1,
                      'champion_name', 'Annie', 'team_id', 100, 'kills', 1, 'deaths', 1, 'assists', 1, 'cs', 1,
                      'gold_earned', 1, 'damage_to_champions', 1, 'damage_taken', 1, 'vision_score', 1,
                      'champion_level', 1, 'items', '[0,0,0,0,0,0,0]'::jsonb, 'win', true)),
  '{}'::jsonb);
UPDATE riot.players SET platform = 'euw1' WHERE puuid = 'P-old';
SELECT is((riot.player_report('Tester', 'T1', 'kr') -> 'totals' ->> 'games') || '/'
          || (SELECT games FROM riot.time_played('Tester', 'T1')),
          '4/5', 'the report counts the account it reports on only');
SELECT is(riot.player_report('Tester', 'T1', 'euw1') -> 'totals' ->> 'games', '1',
          'and the other account on its own platform');

SELECT riot.player_matches('Tester', 'T1', 'kr', 2, 1) AS page \gset
SELECT is((SELECT array_agg(m ->> 'match_id') FROM jsonb_array_elements(:'page'::jsonb -> 'matches') m), '{KR_3,KR_2}',
          'player_matches pages match_history, newest first');
SELECT is(:'page'::jsonb - 'matches', '{"total": 4, "limit": 2, "offset": 1}'::jsonb, 'with the total and the page');
SELECT throws_ok($$SELECT riot.player_matches('Tester', 'T1', 'kr', 0)$$, '22023', 'invalid max_rows 0',
                 'an empty page is 22023');
SELECT throws_ok($$SELECT riot.player_matches('Tester', 'T1', 'kr', 20, -1)$$, '22023', 'invalid skip -1',
                 'a negative skip is 22023');

SELECT * FROM finish();
ROLLBACK;
