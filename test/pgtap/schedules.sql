-- Scheduled jobs: the default configurations and their pg_cron entries, configure_job and its
-- checks, run_job, skipped runs, execution rows that follow their job, cleanup, tracking
-- players, and who may do what. (In a transaction the workers cannot see: nothing runs.)
BEGIN;
SELECT plan(48);

-- Defaults and pg_cron.
SELECT is((SELECT array_agg(name || ':' || kind || ':' || schedule || ':' || active ORDER BY name)
             FROM riot.job_configurations),
          '{analytics_refresh:analytics_refresh:* * * * *:true,cleanup:cleanup:17 3 * * *:true,leaderboard_refresh:leaderboard_refresh:23 * * * *:true,player_analyzer:player_analyzer:*/5 * * * *:true,tracked_player_updater:tracked_player_updater:* * * * *:true}'::text[],
          'CREATE EXTENSION installs the updater and the analytics refresh (every minute), the analyzer (every 5 minutes), the hourly leaderboard refresh and a daily cleanup');
SELECT is((SELECT array_agg(jobname || ' | ' || schedule || ' | ' || command || ' | ' || active ORDER BY jobname)
             FROM cron.job WHERE jobname LIKE 'pg\_riot: %'),
          ARRAY['pg_riot: analytics_refresh | * * * * * | SELECT riot._run_scheduled(''analytics_refresh'') | true',
                'pg_riot: cleanup | 17 3 * * * | SELECT riot._run_scheduled(''cleanup'') | true',
                'pg_riot: leaderboard_refresh | 23 * * * * | SELECT riot._run_scheduled(''leaderboard_refresh'') | true',
                'pg_riot: player_analyzer | */5 * * * * | SELECT riot._run_scheduled(''player_analyzer'') | true',
                'pg_riot: tracked_player_updater | * * * * * | SELECT riot._run_scheduled(''tracked_player_updater'') | true'],
          'each has a pg_cron entry an administrator recognises, that only queues the job');

-- configure_job.
SELECT is((riot.configure_job('tracked_player_updater', schedule => '*/2 * * * *')).schedule, '*/2 * * * *',
          'configure_job changes the schedule');
SELECT is((SELECT schedule FROM cron.job WHERE jobname = 'pg_riot: tracked_player_updater'), '*/2 * * * *',
          'and the pg_cron entry in the same step');
SELECT is((riot.configure_job('tracked_player_updater', active => false)).active, false, 'configure_job pauses a job');
SELECT is((SELECT active FROM cron.job WHERE jobname = 'pg_riot: tracked_player_updater'), false,
          'its pg_cron entry is inactive');
SELECT is((riot.configure_job('tracked_player_updater', schedule => '5 * * * *', active => true)).schedule,
          '5 * * * *', 'a schedule and the active flag change together');
SELECT is((riot.configure_job('tracked_player_updater', config => '{"max_requests": 500}')).config,
          '{"max_requests": 500}'::jsonb, 'a setting is stored');
SELECT is((riot.configure_job('tracked_player_updater', config => '{"max_matches_per_player": 20}')).config,
          '{"max_requests": 500, "max_matches_per_player": 20}'::jsonb, 'settings given are merged into the config');
SELECT is((riot.configure_job('tracked_player_updater', config => '{"max_requests": null}')).config,
          '{"max_matches_per_player": 20}'::jsonb, 'a setting given as null goes back to its default');
SELECT is(riot._checked_config('tracked_player_updater', '{"max_matches_per_player": 20}'),
          '{"max_requests": 2000, "max_matches_per_player": 20}'::jsonb, 'a run gets the defaults filled in');

SELECT throws_ok($$SELECT riot.configure_job('tracked_player_updater', schedule => 'every minute')$$, '22023',
                 'invalid schedule "every minute"', 'a bad schedule is rejected with 22023');
SELECT throws_ok($$SELECT riot.configure_job('tracked_player_updater', schedule => '')$$, '22023',
                 'invalid schedule ""', 'an empty schedule is rejected');
SELECT throws_ok($$SELECT riot.configure_job('tracked_player_updater', config => '{"max_request": 5}')$$, '22023',
                 'unknown setting "max_request" for tracked_player_updater jobs', 'an unknown setting is rejected');
SELECT throws_ok($$SELECT riot.configure_job('tracked_player_updater', config => '{"max_requests": 0}')$$, '22023',
                 'invalid max_requests 0', 'a setting out of range is rejected');
SELECT throws_ok($$SELECT riot.configure_job('tracked_player_updater', config => '{"max_requests": "9"}')$$, '22023',
                 'invalid max_requests "9"', 'a setting of the wrong type is rejected');
SELECT throws_ok($$SELECT riot.configure_job('tracked_player_updater', config => '[1]')$$, '22023',
                 'invalid config [1]', 'a config that is not an object is rejected');
SELECT throws_ok($$SELECT riot.configure_job('cleanup', config => '{"execution_retention": "soon"}')$$, '22023',
                 'invalid execution_retention "soon"', 'an interval setting must be an interval');
SELECT throws_ok($$SELECT riot.configure_job('nope')$$, '22023', 'no job configuration "nope"',
                 'an unknown configuration is rejected');
SELECT is((SELECT schedule || ' ' || config::text FROM riot.job_configurations WHERE name = 'tracked_player_updater'),
          '5 * * * * {"max_matches_per_player": 20}', 'a rejected change changes nothing');
SELECT is((SELECT schedule FROM cron.job WHERE jobname = 'pg_riot: tracked_player_updater'), '5 * * * *',
          'not even the pg_cron entry');

-- run_job, skipped runs and execution rows.
SELECT riot.run_job('tracked_player_updater') AS run \gset
SELECT is((SELECT kind || ' ' || state || ' ' || priority || ' ' || (args -> 'config')::text FROM riot.jobs WHERE job_id = :run),
          'tracked_player_updater queued 0 {"max_requests": 2000, "max_matches_per_player": 20}',
          'run_job queues the job with its checked config, below interactive work');
SELECT is((SELECT trigger || ' ' || state FROM riot.job_executions WHERE job_id = :run), 'manual queued',
          'and records a manual execution');
SELECT is(riot._run_scheduled('tracked_player_updater'), :run::bigint,
          'a scheduled run while the previous one is queued returns that job');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE kind = 'tracked_player_updater' AND state = 'queued'), 1,
          'and queues nothing twice');
SELECT is((SELECT trigger || ' ' || state || ' ' || error FROM riot.job_executions
            WHERE configuration = 'tracked_player_updater' ORDER BY execution_id DESC LIMIT 1),
          'scheduled skipped the previous run (job ' || :run || ') is still queued', 'it is recorded as skipped');
SELECT throws_ok($$SELECT riot.run_job('nope')$$, '22023', 'no job configuration "nope"',
                 'run_job rejects an unknown configuration');

SELECT lives_ok(format('SELECT riot._execution_started(%s)', :run), 'a worker starts the run');
SELECT is((SELECT state FROM riot.job_executions WHERE job_id = :run AND state <> 'skipped'), 'running',
          'its execution is running');
UPDATE riot.jobs SET state = 'running', attempt = 1, lease_owner = 'w', lease_until = now() + interval '1 minute'
 WHERE job_id = :run;
SELECT ok(riot._finish(:run, 1, 'w', '{"metrics": {"players_processed": 3, "records_created": 7, "records_updated": 3}}'),
          'the run finishes');
SELECT is((SELECT state || ' ' || (metrics ->> 'players_processed') || ' ' || records_created || ' ' || records_updated
                  || ' ' || (finished_at IS NOT NULL)
             FROM riot.job_executions WHERE job_id = :run AND state <> 'skipped'),
          'succeeded 3 7 3 true', 'its execution ends with it, with the metrics the job left');
SELECT isnt(riot._run_scheduled('tracked_player_updater'), :run::bigint, 'the next scheduled run queues a new job');

SELECT riot.run_job('cleanup') AS cleanup \gset
SELECT lives_ok(format('SELECT riot.cancel_job(%s)', :cleanup), 'a run can be cancelled');
SELECT is((SELECT state || ' ' || (error LIKE 'cancelled by %') FROM riot.job_executions WHERE job_id = :cleanup),
          'cancelled true', 'its execution says so');

INSERT INTO riot.job_executions (configuration, trigger, state, created_at, finished_at)
VALUES ('cleanup', 'scheduled', 'succeeded', now() - interval '100 days', now() - interval '100 days');
SELECT is(riot._purge_executions('90 days'), 1::bigint, 'executions older than the retention are purged');
SELECT is((SELECT count(*)::int FROM riot.job_executions WHERE finished_at < now() - interval '90 days'), 0,
          'and gone');

-- Tracking players.
SELECT throws_ok($$SELECT riot.track_player('x', 'KR1', 'kr')$$, '22023', 'invalid Riot ID game name "x"',
                 'track_player checks the Riot ID');
SELECT throws_ok($$SELECT riot.track_player('Hide on bush', 'KR1', 'xx1')$$, '22023', 'unknown platform "xx1"',
                 'and the platform');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE kind = 'track_player'), 0, 'bad input queues nothing');
INSERT INTO riot.players (puuid, game_name, tag_line, platform) VALUES ('TP1', 'Tracked One', 'TR1', 'kr');
SELECT riot.track_player(' tracked one ', 'tr1', 'KR') AS track \gset
SELECT is((SELECT tracked FROM riot.players WHERE puuid = 'TP1'), true, 'a stored player is tracked at once');
SELECT is((SELECT kind || ' ' || (args ->> 'game_name') || ' ' || priority FROM riot.jobs WHERE job_id = :track),
          'track_player tracked one 10', 'and a job resolves the Riot ID');
SELECT is((SELECT puuid || ' ' || game_name FROM riot.tracked_players), 'TP1 Tracked One', 'riot.tracked_players lists them');
SELECT is(riot.untrack_player('Tracked One', 'TR1', 'kr'), true, 'untrack_player stops tracking');
SELECT is(riot.untrack_player('Tracked One', 'TR1', 'kr'), false, 'and says when there was nothing to stop');
SELECT is_empty($$SELECT * FROM riot.tracked_players$$, 'an untracked player leaves the view');

-- Who may do what.
CREATE ROLE riot_test_operator;
GRANT riot_operator TO riot_test_operator;
SET ROLE riot_test_operator;
SELECT lives_ok($$SELECT riot.run_job('cleanup')$$, 'an operator may run a job');
SELECT throws_ok($$SELECT riot.configure_job('cleanup', active => false)$$, '42501', NULL,
                 'but not configure one');
SELECT throws_ok($$SELECT riot.track_player('Hide on bush', 'KR1', 'kr')$$, '42501', NULL,
                 'nor track a player');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
