-- The player analyzer's SQL: histories with their lobbies, analyses stored with their history,
-- what is due, ban checks, the suspected-smurfs view, analyze_player and its bad input.
-- (Runs in a transaction the workers cannot see.)
BEGIN;
SELECT plan(32);

-- This suite's own players only (rolled back at the end).
TRUNCATE riot.player_analysis, riot.players, riot.matches, riot.match_participants, riot.player_ranks, riot.timelines CASCADE;

-- A player A with 25 ranked games and 5 ARAM games, each against a lobby; a rank; level 12.
INSERT INTO riot.players (puuid, game_name, tag_line, platform, summoner_level)
VALUES ('A', 'Analyzed One', 'AN1', 'kr', 12), ('B', 'Other', 'OT1', 'kr', 300), ('C', 'Third', 'TH1', 'kr', 90);
INSERT INTO riot.matches (match_id, platform, game_id, queue_id, game_mode, game_type, game_version, map_id,
                          game_start, duration_seconds, raw)
SELECT 'AZ_' || g, 'kr', g, CASE WHEN g <= 25 THEN 420 ELSE 450 END, 'CLASSIC', 'MATCHED_GAME', '16.1', 11,
       timestamptz '2026-02-01' + g * interval '1 hour', 1800, '{}'
  FROM generate_series(1, 30) g;
INSERT INTO riot.match_participants (match_id, puuid, participant_id, champion_id, champion_name, team_id,
                                     team_position, kills, deaths, assists, cs, gold_earned, damage_to_champions,
                                     damage_taken, vision_score, champion_level, items, win)
SELECT 'AZ_' || g, p.puuid, p.n, 1, 'Annie', CASE WHEN p.n <= 2 THEN 100 ELSE 200 END, 'MIDDLE',
       p.kills, p.deaths, p.assists, 240, 12000, p.damage, 15000, 20, 16, '{0,0,0,0,0,0,0}', p.n <= 2
  FROM generate_series(1, 30) g,
       (VALUES ('A', 1, 10, 1, 5, 30000), ('B', 2, 2, 5, 3, 10000), ('C' , 3, 3, 3, 3, 20000)) p(puuid, n, kills, deaths, assists, damage);
INSERT INTO riot.player_ranks (puuid, queue_type, tier, division, league_points, wins, losses, hot_streak,
                               veteran, fresh_blood, inactive)
VALUES ('A', 'RANKED_SOLO_5x5', 'GOLD', 'II', 40, 30, 10, false, false, false, false),
       ('A', 'RANKED_FLEX_SR', 'IRON', 'IV', 0, 1, 9, false, false, false, false);

SELECT is((SELECT jsonb_array_length(history -> 'games') FROM riot._player_histories('{A}')), 30,
          'a history holds the player''s stored games');
SELECT is((SELECT (history -> 'level')::int FROM riot._player_histories('{A}')), 12, 'and their level');
SELECT is((SELECT history #>> '{games,0,start_ms}' FROM riot._player_histories('{A}')),
          (extract(epoch FROM timestamptz '2026-02-01' + interval '30 hours') * 1000)::bigint::text, 'newest game first');
SELECT is((SELECT (history #>> '{games,29,lobby_kda}')::numeric FROM riot._player_histories('{A}')),
          round(((2 + 3) / 5.0 + (3 + 3) / 3.0) / 2, 10)::numeric,
          'a game''s lobby is the other players'' mean KDA');
SELECT is((SELECT round((history #>> '{games,29,damage_share}')::numeric, 4) FROM riot._player_histories('{A}')),
          round(30000 / 40000.0, 4), 'and the player''s share of their team''s damage');
SELECT is((SELECT history -> 'ranks' -> 0 ->> 'tier' FROM riot._player_histories('{A}')), 'GOLD',
          'ranks are solo queue''s when the player has one');
SELECT is((SELECT count(*)::int FROM riot._player_histories('{A,B,nobody}')), 2, 'an unknown puuid has no history');

-- The analyzer reads typed rows (riot._score_players), not the JSON: both readers must agree,
-- for every score, with either variant.
SELECT is((SELECT count(*)::int FROM riot._score_players('{A,B,A,nobody,NULL}', 'pg_riot')), 2,
          'typed scoring: a row per known player, duplicates, unknown puuids and NULLs left out');
SELECT is((SELECT jsonb_agg(jsonb_build_object('puuid', s.puuid, 'verdict', s.verdict, 'total', s.total,
                                               'matches_used', s.matches_used, 'scores', s.scores) ORDER BY s.puuid)
             FROM riot._score_players('{A,B,C}', v.variant) s),
          (SELECT jsonb_agg(jsonb_build_object('puuid', h.puuid, 'verdict', j.r -> 'verdict', 'total', j.r -> 'total',
                                               'matches_used', j.r -> 'matches_used', 'scores', j.r -> 'scores')
                            ORDER BY h.puuid)
             FROM riot._player_histories('{A,B,C}') h, LATERAL (SELECT riot._score_player(h.history, v.variant) AS r) j),
          'typed scoring equals scoring the JSON history (' || v.variant || ')')
  FROM (VALUES ('pg_riot'), ('reference')) v(variant);
SELECT is((SELECT array_length(score_values, 1) || ' ' || (score_values[2] = (scores -> 1 ->> 'value')::float8)
             FROM riot._score_players('{A}', 'pg_riot')), '9 true', 'score_values holds the nine values in order');
SELECT is((SELECT newest_game FROM riot._score_players('{A}', 'pg_riot')), timestamptz '2026-02-01' + interval '30 hours',
          'newest_game is the newest stored game');
SELECT throws_ok($$SELECT * FROM riot._score_players('{A}', 'best')$$, '22023', 'unknown analyzer variant "best"',
                 'typed scoring rejects an unknown variant');
SELECT is((SELECT count(*)::int FROM riot._score_players('{}', 'pg_riot')), 0, 'and scores nobody when asked for nobody');

-- Scoring stores the analyses; a second scoring keeps the first as history.
SELECT is((SELECT scored FROM riot._store_analyses('{A,B}', 'pg_riot')), 2, 'two players are scored');
SELECT is((SELECT count(*)::int FROM riot.player_analysis WHERE current), 2, 'each with a current analysis');
SELECT is((SELECT jsonb_array_length(scores) || ' ' || matches_used FROM riot.player_analysis WHERE puuid = 'A'),
          '9 25', 'nine scores, on the 25 ranked games (the ARAM games left out)');
SELECT is((SELECT scored FROM riot._store_analyses('{A}', 'pg_riot')), 1, 'a player scored again');
SELECT is((SELECT count(*)::int || ' ' || count(*) FILTER (WHERE current) FROM riot.player_analysis WHERE puuid = 'A'),
          '2 1', 'keeps the earlier analysis as history');
SELECT is((SELECT scored FROM riot._store_analyses('{A}', 'reference')), 1, 'the reference variant is stored apart');
SELECT is((SELECT count(*)::int FROM riot.player_analysis WHERE puuid = 'A' AND current), 2,
          'one current analysis per variant');

-- What is due: enough games and a newer game than the analysis saw.
SELECT is((SELECT scored FROM riot._score_due('pg_riot', 20, 100)), 1,
          'a player with 20 games and no analysis is due (C), the others are not');
INSERT INTO riot.matches (match_id, platform, game_id, queue_id, game_mode, game_type, game_version, map_id,
                          game_start, duration_seconds, raw)
VALUES ('AZ_31', 'kr', 31, 420, 'CLASSIC', 'MATCHED_GAME', '16.1', 11, timestamptz '2026-03-01', 1800, '{}');
INSERT INTO riot.match_participants (match_id, puuid, participant_id, champion_id, champion_name, team_id,
                                     kills, deaths, assists, cs, gold_earned, damage_to_champions, damage_taken,
                                     vision_score, champion_level, items, win)
VALUES ('AZ_31', 'A', 1, 1, 'Annie', 100, 1, 1, 1, 100, 5000, 5000, 5000, 5, 10, '{0,0,0,0,0,0,0}', true);
SELECT is((SELECT scored FROM riot._score_due('pg_riot', 20, 100)), 1, 'a new game makes a player due again');

-- Ban checks: 200 not banned, 404 likely banned since the first 404, other statuses keep it.
SELECT riot._record_ban_check('A', 404);
SELECT is((SELECT ban_status || ' ' || (banned_since IS NOT NULL) FROM riot.players WHERE puuid = 'A'), 'likely_banned true',
          'a 404 is a likely ban');
UPDATE riot.players SET banned_since = '2026-01-01' WHERE puuid = 'A';
SELECT riot._record_ban_check('A', 404);
SELECT is((SELECT banned_since FROM riot.players WHERE puuid = 'A'), '2026-01-01'::timestamptz,
          'a later 404 keeps the time the ban was first seen');
SELECT riot._record_ban_check('A', 503);
SELECT is((SELECT ban_status || ' ' || (ban_checked_at > now() - interval '1 minute') FROM riot.players WHERE puuid = 'A'),
          'likely_banned true', 'another status keeps the verdict but records the check');
SELECT riot._record_ban_check('A', 200);
SELECT is((SELECT ban_status || ' ' || (banned_since IS NULL) FROM riot.players WHERE puuid = 'A'), 'not_banned true',
          'a 200 is not banned');

UPDATE riot.player_analysis SET verdict = 'smurf_medium' WHERE puuid = 'A' AND current AND variant = 'pg_riot';
SELECT is((SELECT game_name || ' ' || confidence || ' ' || ban_status FROM riot.suspected_smurfs WHERE variant = 'pg_riot'),
          'Analyzed One medium not_banned', 'riot.suspected_smurfs lists a smurf with its confidence and ban status');

-- analyze_player: on demand, and its bad input.
SELECT is((SELECT count(*)::int || ' ' || min(score) FROM riot.analyze_player('analyzed one', 'an1')), '9 account_level',
          'analyze_player returns the nine scores of a stored player');
SELECT throws_ok($$SELECT * FROM riot.analyze_player('Analyzed One', 'AN1', 'magic')$$, '22023',
                 'unknown analyzer variant "magic"', 'an unknown variant is rejected with 22023');
SELECT throws_ok($$SELECT * FROM riot.analyze_player('x', 'AN1')$$, '22023', 'invalid Riot ID game name "x"',
                 'a bad Riot ID is rejected with 22023');
SELECT throws_ok($$SELECT * FROM riot.analyze_player('Nobody Here', 'NONE')$$, 'P0002', NULL,
                 'an unknown player is not found');

SELECT * FROM finish();
ROLLBACK;
