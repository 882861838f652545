-- riot.sync_player: validation before queueing, dedup, cooldown and force.
-- (Runs in a transaction the workers cannot see, so nothing here is really fetched.)
BEGIN;
SELECT plan(23);

CREATE FUNCTION pg_temp.queued() RETURNS bigint LANGUAGE sql AS
  $$ SELECT count(*) FROM riot.jobs WHERE kind = 'sync_player' $$;
CREATE TEMP TABLE before AS SELECT pg_temp.queued() AS n;

SELECT throws_ok($$SELECT riot.sync_player('x', 'KR1', 'kr')$$, '22023', 'invalid Riot ID game name "x"',
                 'a game name too short is rejected');
SELECT throws_ok($$SELECT riot.sync_player(repeat('a', 25), 'KR1', 'kr')$$, '22023', NULL,
                 'a game name too long is rejected');
SELECT throws_ok($$SELECT riot.sync_player('Hide on bush', '', 'kr')$$, '22023', 'invalid Riot ID tag line ""',
                 'an empty tag line is rejected');
SELECT throws_ok($$SELECT riot.sync_player('Hide on bush#KR1', 'KR1', 'kr')$$, '22023', NULL,
                 'a # in the game name is rejected');
SELECT throws_ok($$SELECT riot.sync_player(E'Hide\non bush', 'KR1', 'kr')$$, '22023', NULL,
                 'control characters are rejected');
SELECT throws_ok($$SELECT riot.sync_player('Hide on bush', 'KR1', 'xx1')$$, '22023', 'unknown platform "xx1"',
                 'an unknown platform is rejected');
SELECT throws_ok($$SELECT riot.sync_player('Hide on bush', 'KR1', 'ph2')$$, '22023', 'unknown platform "ph2"',
                 'a platform merged away is rejected');
SELECT throws_ok($$SELECT riot.sync_player('Hide on bush', 'KR1', 'kr', year => 2009)$$, '22023', 'invalid year 2009',
                 'a year before League''s match history is rejected');
SELECT throws_ok($$SELECT riot.sync_player('Hide on bush', 'KR1', 'kr', year => 3000)$$, '22023', 'invalid year 3000',
                 'a future year is rejected');
SELECT throws_ok($$SELECT riot.sync_player('Hide on bush', 'KR1', 'kr', max_matches => 0)$$, '22023',
                 'invalid max_matches 0', 'max_matches 0 is rejected');
SELECT throws_ok($$SELECT riot.sync_player('Hide on bush', 'KR1', 'kr', queue => -1)$$, '22023',
                 'invalid queue -1', 'a negative queue is rejected');
SELECT throws_ok($$SELECT riot.sync_player(NULL, 'KR1', 'kr')$$, '22023', NULL, 'a NULL game name is rejected');
SELECT is(pg_temp.queued(), (SELECT n FROM before), 'bad input queued nothing');

-- Dedup: a live sync of the same player is shared, whatever the case or spacing.
SELECT riot.sync_player('Hide on bush', 'KR1', 'kr') AS first_id \gset
SELECT is(riot.sync_player(' hide ON bush ', 'kr1', 'KR'), :first_id::bigint,
          'a sync of the same player already queued returns that job');
SELECT is(pg_temp.queued(), (SELECT n FROM before) + 1, 'and queues one job');
SELECT is((SELECT args ->> 'platform' FROM riot.jobs WHERE job_id = :first_id), 'kr', 'with normalised arguments');

-- Cooldown: a sync that succeeded within riot.sync_cooldown is returned with a NOTICE.
UPDATE riot.jobs SET state = 'succeeded', finished_at = now() WHERE job_id = :first_id;
SELECT is(riot.sync_player('Hide on bush', 'KR1', 'kr'), :first_id::bigint,
          'a sync finished within the cooldown returns the last job');
SELECT isnt(riot.sync_player('Hide on bush', 'KR1', 'kr', force => true), :first_id::bigint,
            'force queues a new sync');
SET LOCAL riot.sync_cooldown = 0;
UPDATE riot.jobs SET state = 'succeeded', finished_at = now() WHERE kind = 'sync_player';
SELECT isnt(riot.sync_player('Hide on bush', 'KR1', 'kr'), :first_id::bigint,
            'after the cooldown a new sync is queued');

-- A full queue refuses new syncs (53400) and queues nothing; a sync already queued is still found.
SET LOCAL riot.sync_cooldown = '1h';
SELECT riot.sync_player('Queued Player', 'QP1', 'kr') AS live_id \gset
CREATE TEMP TABLE live AS SELECT pg_temp.queued() AS n;
SET LOCAL riot.max_queued_syncs = 1;
SELECT throws_ok($$SELECT riot.sync_player('Another Player', 'AP1', 'kr')$$, '53400', NULL,
                 'a sync beyond riot.max_queued_syncs is refused with 53400');
SELECT is(pg_temp.queued(), (SELECT n FROM live), 'and queues nothing');
SELECT is(riot.sync_player('Queued Player', 'QP1', 'kr'), :live_id::bigint,
          'a sync already queued is still returned while the queue is full');
SET LOCAL riot.max_queued_syncs = 1000;
SELECT lives_ok($$SELECT riot.sync_player('Another Player', 'AP1', 'kr')$$, 'with room again, it is queued');

SELECT * FROM finish();
ROLLBACK;
