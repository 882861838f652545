-- Retention: exactly the raw payloads and anomalies past their time go, in bounded batches, and
-- everything that needs only typed rows keeps working without the raw payloads.
BEGIN;
SELECT plan(14);

CREATE FUNCTION pg_temp.store(id text, stored_days_ago int) RETURNS void LANGUAGE sql AS $$
  SELECT riot._store_match(
    jsonb_build_object('match_id', id, 'platform', 'kr', 'game_id', 1, 'queue_id', 420, 'game_mode', 'CLASSIC',
                       'game_type', 'MATCHED_GAME', 'game_version', '32.1.1', 'map_id', 11,
                       'game_start', '2032-01-01 10:00+00', 'duration_seconds', 1800, 'winning_team', 100),
    jsonb_build_array(jsonb_build_object('match_id', id, 'puuid', 'RP', 'participant_id', 1, 'is_bot', false,
                        'riot_id_game_name', 'Retained', 'riot_id_tagline', 'RT1', 'champion_id', 1,
                        'champion_name', 'Annie', 'team_id', 100, 'team_position', 'MIDDLE', 'kills', 5, 'deaths', 1,
                        'assists', 7, 'cs', 200, 'gold_earned', 12000, 'damage_to_champions', 20000,
                        'damage_taken', 15000, 'vision_score', 20, 'champion_level', 16,
                        'items', '[1,2,3,4,5,6,7]'::jsonb, 'win', true)),
    '{"info": {"teams": [{"teamId": 100, "bans": [{"championId": 9, "pickTurn": 1}]}]}}');
  SELECT riot._store_timeline(id, '{"info": {"frames": [{"timestamp": 0, "participantFrames": {"1": {"totalGold": 500}}}]}}');
  UPDATE riot.matches SET stored_at = now() - make_interval(days => stored_days_ago) WHERE match_id = id;
  UPDATE riot.timelines SET stored_at = now() - make_interval(days => stored_days_ago) WHERE match_id = id;
$$;
SELECT pg_temp.store('KR_R' || i, CASE WHEN i <= 5 THEN 800 ELSE 10 END) FROM generate_series(1, 8) i;
UPDATE riot.players SET platform = 'kr' WHERE puuid = 'RP';
INSERT INTO riot.anomalies (match_id, puuid, statistic, champion_id, queue_id, team_position, value, player_median,
                            player_mad, player_games, player_z, champion_median, champion_mad, champion_games,
                            champion_z, detected_at)
SELECT 'KR_R' || i, 'RP', 'kda', 1, 420, 'MIDDLE', 12, 3, 1, 10, 6, 3, 1, 30, 6,
       now() - make_interval(days => CASE WHEN i <= 3 THEN 400 ELSE 5 END)
  FROM generate_series(1, 8) i;

SELECT is(riot._enforce_retention('raw_match', '730 days', 2), 2::bigint, 'a batch changes at most batch_size rows');
SELECT is(riot._enforce_retention('raw_match', '730 days', 2) + riot._enforce_retention('raw_match', '730 days', 2),
          3::bigint, 'the next batches take the rest, and then come back short');
SELECT is((SELECT array_agg(match_id ORDER BY match_id) FROM riot.matches WHERE match_id LIKE 'KR\_R%' AND raw IS NULL),
          '{KR_R1,KR_R2,KR_R3,KR_R4,KR_R5}', 'exactly the raw match payloads stored before the retention are gone');
SELECT is((SELECT count(*)::int FROM riot.match_participants WHERE match_id LIKE 'KR\_R%'), 8, 'their typed rows stay');
SELECT is(riot._enforce_retention('raw_timeline', '180 days', 100), 5::bigint, 'raw timelines past their retention go');
SELECT is((SELECT count(*)::int || ' ' || count(raw)::int FROM riot.timelines WHERE match_id LIKE 'KR\_R%'), '8 3',
          'the others stay, and so does every timeline row');
SELECT is((SELECT count(*)::int FROM riot.timeline_frames WHERE match_id LIKE 'KR\_R%'), 8, 'with its typed frames');
SELECT is(riot._enforce_retention('anomaly', '365 days', 100), 3::bigint, 'anomalies past their retention are deleted');
SELECT is((SELECT count(*)::int FROM riot.anomalies WHERE match_id LIKE 'KR\_R%'), 5, 'and no other');

-- Without raw payloads: history, time played, the analyzer and a recount from scratch.
UPDATE riot.matches SET raw = NULL WHERE match_id LIKE 'KR\_R%';
SELECT is((SELECT count(*)::int FROM riot.match_history('Retained', 'RT1')), 8, 'match history needs no raw payload');
SELECT is((SELECT games FROM riot.time_played('Retained', 'RT1')), 8::bigint, 'nor does time played');
SELECT lives_ok($$SELECT * FROM riot.analyze_player('Retained', 'RT1')$$, 'nor the analyzer');
SELECT riot.refresh_analytics(from_scratch => true);
SELECT is((SELECT games::int || ' ' || (SELECT bans FROM riot.champion_bans WHERE patch = '32.1' AND champion_id = 9)
             FROM riot.champion_stats WHERE patch = '32.1' AND champion_id = 1),
          '8 8', 'nor the aggregates, recounted from scratch (bans are typed rows too)');
SELECT throws_ok($$SELECT riot._enforce_retention('players', '1 day', 10)$$, '22023', 'unknown retention target "players"',
                 'an unknown target is refused');
SELECT * FROM finish();
ROLLBACK;
