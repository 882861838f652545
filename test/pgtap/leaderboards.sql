-- Leaderboards: positions, history of entering, moving and leaving, and the job's settings.
BEGIN;
SELECT plan(12);

CREATE FUNCTION pg_temp.entry(puuid text, tier text, lp int, wins int DEFAULT 10) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object('puuid', puuid, 'tier', tier, 'league_points', lp, 'wins', wins, 'losses', 5,
                            'hot_streak', false, 'veteran', false, 'fresh_blood', false, 'inactive', false,
                            'league_id', 'L-' || tier)
$$;
SELECT is(riot._store_ladder('zz9', 'RANKED_SOLO_5x5', jsonb_build_array(
            pg_temp.entry('A', 'GRANDMASTER', 300), pg_temp.entry('B', 'MASTER', 100),
            pg_temp.entry('C', 'CHALLENGER', 700), pg_temp.entry('D', 'MASTER', 100, 20))),
          '{"entries": 4, "entered": 4, "moved": 0, "left": 0, "history_rows": 4}'::jsonb, 'a first ladder: everyone enters');
SELECT is((SELECT string_agg(puuid || position, ' ' ORDER BY position) FROM riot.leaderboards WHERE platform = 'zz9'),
          'C1 A2 D3 B4', 'challengers first, then grandmasters, then masters, each by league points, then wins');
UPDATE riot.leaderboards SET entered_at = now() - interval '1 day' WHERE platform = 'zz9';
UPDATE riot.leaderboard_history SET observed_at = observed_at - interval '1 day' WHERE platform = 'zz9';
SELECT is(riot._store_ladder('zz9', 'RANKED_SOLO_5x5', jsonb_build_array(
            pg_temp.entry('A', 'GRANDMASTER', 300), pg_temp.entry('D', 'GRANDMASTER', 320),
            pg_temp.entry('C', 'CHALLENGER', 650), pg_temp.entry('E', 'MASTER', 50))),
          '{"entries": 4, "entered": 1, "moved": 2, "left": 1, "history_rows": 5}'::jsonb,
          'the next: E enters, D climbs past A, B leaves, C loses points');
SELECT is((SELECT string_agg(puuid || position, ' ' ORDER BY position) FROM riot.leaderboards WHERE platform = 'zz9'),
          'C1 D2 A3 E4', 'the ladder is replaced');
SELECT is((SELECT string_agg(puuid || ':' || COALESCE(position::text, 'left') || ':' || COALESCE(league_points::text, '-'), ' ' ORDER BY puuid)
             FROM riot.leaderboard_history WHERE platform = 'zz9' AND observed_at > now() - interval '1 hour'),
          'A:3:300 B:left:- C:1:650 D:2:320 E:4:50', 'the history gains a row for each change only, NULL for who left');
SELECT ok((SELECT entered_at < now() - interval '12 hours' FROM riot.leaderboards WHERE platform = 'zz9' AND puuid = 'A'),
          'a player who stays keeps when they entered');
SELECT is(riot._store_ladder('zz8', 'RANKED_SOLO_5x5', jsonb_build_array(
            pg_temp.entry('P', 'GRANDMASTER', 10), pg_temp.entry('Q', 'MASTER', 400), pg_temp.entry('P', 'MASTER', 490))) ->> 'entries',
          '2', 'a player promoted between the tier requests is in two lists: stored once');
SELECT is((SELECT count(*)::int FROM riot.leaderboards WHERE platform = 'zz9' AND queue_type = 'RANKED_FLEX_SR'), 0,
          'queues are separate ladders');

SELECT is((SELECT string_agg(puuid || ':' || tier, ' ' ORDER BY position) FROM riot.leaderboards WHERE platform = 'zz8'),
          'P:GRANDMASTER Q:MASTER', 'in the higher tier');
SELECT throws_ok($$SELECT riot.configure_job('leaderboard_refresh', config => '{"platforms": ["xx1"]}')$$, '22023',
                 'invalid platforms ["xx1"]', 'an unknown platform is refused');
SELECT throws_ok($$SELECT riot.configure_job('leaderboard_refresh', config => '{"queues": "RANKED_SOLO_5x5"}')$$, '22023',
                 NULL, 'a list setting must be a list');
SELECT is((riot.configure_job('leaderboard_refresh', config => '{"platforms": ["kr", "euw1"], "queues": ["RANKED_FLEX_SR"]}')).config,
          '{"platforms": ["kr", "euw1"], "queues": ["RANKED_FLEX_SR"]}'::jsonb, 'a list of allowed values is taken');
SELECT * FROM finish();
ROLLBACK;
