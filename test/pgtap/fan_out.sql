-- A job's fan-out over matches in one set-based call: children only for matches not stored, shared with a
-- live fetch of another job, nothing queued by a lost attempt, and the wait for the children.
-- (Runs in a transaction the workers cannot see, so nothing here is really fetched.)
BEGIN;
SELECT plan(17);

INSERT INTO riot.matches (match_id, platform, game_id, queue_id, game_mode, game_type, game_version, map_id,
                          duration_seconds, raw)
VALUES ('FO_1', 'kr', 1, 420, 'CLASSIC', 'MATCHED_GAME', '14.1', 11, 1800, '{}');
INSERT INTO riot.jobs (kind, args, dedup_key, priority) VALUES ('fetch_match', '{"match_id": "FO_3"}', 'FO_3', 5)
RETURNING job_id AS other_fetch \gset
INSERT INTO riot.jobs (kind, args, state, attempt, lease_owner, lease_until)
VALUES ('sync_player', '{}', 'running', 1, 'w', now() + interval '1 minute') RETURNING job_id AS sync \gset

SELECT is(riot._fan_out_matches(:sync, 2, 'w', '{FO_1,FO_2,FO_3,FO_4}', '{"puuid": "P"}', true), false,
          'an attempt the worker does not hold cannot fan out');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE parent_id = :sync), 0, 'and queues nothing');

SELECT is(riot._fan_out_matches(:sync, 1, 'w', '{FO_1,FO_2,FO_3,FO_4}', '{"puuid": "P"}', true), true,
          'the holder fans out');
SELECT is((SELECT array_agg(dedup_key ORDER BY job_id) FROM riot.jobs WHERE parent_id = :sync), '{FO_2,FO_4}'::text[],
          'one fetch_match child per listed match not stored and not being fetched, in listing order');
SELECT is((SELECT min(priority) || '-' || max(priority) FROM riot.jobs WHERE parent_id = :sync), '5-5',
          'at the default priority for a sync''s matches');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE dedup_key = 'FO_3'), 1,
          'a match another job is fetching is left to that job');
SELECT is((SELECT bool_and(kind = 'fetch_match' AND (args ->> 'with_timelines')::boolean)
             FROM riot.jobs WHERE parent_id = :sync), true,
          'children are fetch_match jobs carrying with_timelines');
SELECT is((SELECT state || ' ' || children_pending || ' ' || fanned_out FROM riot.jobs WHERE job_id = :sync),
          'waiting 2 true', 'the sync waits for its two children');
SELECT is((SELECT step || ' ' || processed || '/' || total FROM riot.jobs WHERE job_id = :sync),
          'fetching matches 0/3', 'its progress counts the matches not stored yet');
SELECT is((SELECT result FROM riot.jobs WHERE job_id = :sync),
          '{"puuid": "P", "matches_listed": 4, "matches_new": 3}'::jsonb,
          'its result keeps the puuid and what the listing found');
SELECT is(riot._fan_out_matches(:sync, 1, 'w', '{FO_5}', '{"puuid": "P"}'), false, 'a second fan-out of the same attempt is refused');

-- Every listed match stored already: the sync goes straight to its final step.
INSERT INTO riot.jobs (kind, args, state, attempt, lease_owner, lease_until)
VALUES ('sync_player', '{}', 'running', 1, 'w', now() + interval '1 minute') RETURNING job_id AS stored \gset
SELECT is(riot._fan_out_matches(:stored, 1, 'w', '{FO_1}', '{"puuid": "P"}'), true, 'a sync with nothing new fans out');
SELECT is((SELECT state || ' ' || fanned_out FROM riot.jobs WHERE job_id = :stored), 'queued true',
          'and is queued for its final step at once');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE parent_id = :stored), 0, 'with no child');

-- Scheduled work fans out below interactive syncs.
INSERT INTO riot.jobs (kind, args, state, attempt, lease_owner, lease_until)
VALUES ('tracked_player_updater', '{}', 'running', 1, 'w', now() + interval '1 minute') RETURNING job_id AS updater \gset
SELECT is(riot._fan_out_matches(:updater, 1, 'w', '{FO_6}', '{}', false, 1), true, 'the updater fans out');
SELECT is((SELECT priority FROM riot.jobs WHERE parent_id = :updater), 1, 'its children get the priority it asks for');

SELECT is(riot._fan_out_matches(-1, 1, 'w', '{}', '{"puuid": "P"}'), false, 'an unknown job is refused');

SELECT * FROM finish();
ROLLBACK;
