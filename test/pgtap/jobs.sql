-- The job queue in one session: dedup, claim, lease, finish, retry with backoff, fan-in,
-- cancel, status, purge. Concurrent sessions are tested in test/e2e/queue_concurrency.sh.
BEGIN;
SELECT plan(40);

-- Workers must not take the jobs made here: they are claimed with kinds no worker handles.
SELECT lives_ok($$SELECT riot._enqueue('t_a', '{"n": 1}', 0, 'same')$$, 'a job is queued');
SELECT is(riot._enqueue('t_a', '{"n": 2}', 0, 'same'),
          (SELECT job_id FROM riot.jobs WHERE kind = 't_a'),
          'a duplicate request for the same live work returns the same job');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE kind = 't_a'), 1, 'and queues nothing');
SELECT throws_ok($$SELECT riot._enqueue('', '{}')$$, '22023', 'job kind must not be empty',
                 'an empty kind is refused');

CREATE TEMP TABLE claimed AS SELECT * FROM riot._claim('w1', 10, '30 seconds', '{t_a}');
SELECT is((SELECT count(*)::int FROM claimed), 1, 'the job is claimed');
SELECT is((SELECT state || '/' || attempt || '/' || lease_owner FROM claimed), 'running/1/w1',
          'claiming starts attempt 1 under the worker''s lease');
SELECT is((SELECT count(*)::int FROM riot._claim('w2', 10, '30 seconds', '{t_a}')), 0,
          'a running job is not claimed again');
SELECT is((SELECT state FROM riot.job_status((SELECT job_id FROM claimed))), 'running',
          'job_status says running');

-- An expired lease is taken again by any worker; the lost attempt's writes are refused.
SELECT is((SELECT count(*)::int FROM riot._claim('w2', 10, '30 seconds', '{t_a}', clock_timestamp() + interval '31 seconds')),
          1, 'an expired lease is claimed again by another worker');
SELECT is((SELECT attempt || '/' || lease_owner FROM riot.jobs WHERE kind = 't_a'), '2/w2',
          'as attempt 2');
SELECT is(riot._finish((SELECT job_id FROM claimed), 1, 'w1', '{"late": true}'), false,
          'a late result from the lost attempt is refused');
SELECT is(riot._heartbeat((SELECT job_id FROM claimed), 1, 'w1'), false,
          'the lost attempt cannot extend the lease');
SELECT is(riot._heartbeat((SELECT job_id FROM claimed), 2, 'w2'), true, 'the holder extends it');
SELECT ok(riot._progress((SELECT job_id FROM claimed), 2, 'w2', 'fetching', 3, 12), 'the holder records progress');
SELECT is((SELECT step || ' ' || processed || '/' || total || ' ' || progress
             FROM riot.job_status((SELECT job_id FROM claimed))), 'fetching 3/12 25.0',
          'job_status reports step, processed, total and progress');
SELECT is(riot._finish((SELECT job_id FROM claimed), 2, 'w2', '{"matches": 12}'), true,
          'the holder finishes the job');
SELECT is((SELECT state || ' ' || progress FROM riot.job_status((SELECT job_id FROM claimed))),
          'succeeded 100', 'job_status says succeeded at 100');
SELECT is((SELECT result FROM riot.jobs WHERE kind = 't_a'), '{"matches": 12}'::jsonb, 'with its result');
SELECT isnt(riot._enqueue('t_a', '{}', 0, 'same'), (SELECT job_id FROM claimed),
            'once the job has ended, the same request queues a new job');

-- Retry: exponential backoff with jitter, then failure with the reason.
SELECT riot._enqueue('t_retry', '{}', 0, NULL, NULL, 2) AS retry_id \gset
SELECT is((SELECT count(*)::int FROM riot._claim('w1', 1, '30 seconds', '{t_retry}')), 1, 'retry job claimed');
SELECT is(riot._fail(:retry_id, 1, 'w1', 'HTTP 503'), 'queued', 'a retryable failure requeues it');
SELECT ok((SELECT run_after BETWEEN now() + interval '1 second' AND now() + interval '3 seconds'
             FROM riot.jobs WHERE job_id = :retry_id), 'after a backoff of 2 s x [0.5, 1.5)');
SELECT is((SELECT count(*)::int FROM riot._claim('w1', 1, '30 seconds', '{t_retry}')), 0,
          'not before the backoff has passed');
SELECT is((SELECT count(*)::int FROM riot._claim('w1', 1, '30 seconds', '{t_retry}', clock_timestamp() + interval '4 seconds')),
          1, 'claimed again after it');
SELECT is(riot._fail(:retry_id, 2, 'w1', 'HTTP 503 again'), 'failed', 'out of attempts, it fails');
SELECT is((SELECT state || ': ' || error FROM riot.job_status(:retry_id)), 'failed: HTTP 503 again',
          'with the reason');

-- Fan-out / fan-in: the parent's final step is queued once, when the last child ends.
SELECT riot._enqueue('t_parent') AS parent_id \gset
SELECT is((SELECT count(*)::int FROM riot._claim('w1', 1, '30 seconds', '{t_parent}')), 1, 'parent claimed');
CREATE TEMP TABLE queued_children AS SELECT riot._enqueue('t_child', '{}', 0, NULL, :parent_id) FROM generate_series(1, 3);
SELECT ok(riot._finish(:parent_id, 1, 'w1', NULL, true), 'the parent waits for its children');
SELECT is((SELECT count(*)::int FROM riot._claim('w1', 10, '30 seconds', '{t_parent}')), 0,
          'a waiting parent is not claimable');
SELECT is((SELECT state FROM riot.job_status(:parent_id)), 'running', 'and reads as running');
CREATE TEMP TABLE children AS SELECT * FROM riot._claim('w1', 10, '30 seconds', '{t_child}');
CREATE TEMP TABLE finished_children AS SELECT riot._finish(job_id, attempt, 'w1') FROM children ORDER BY job_id LIMIT 2;
SELECT is((SELECT state FROM riot.jobs WHERE job_id = :parent_id), 'waiting', 'still waiting with one child left');
CREATE TEMP TABLE failed_children AS SELECT riot._fail(job_id, attempt, 'w1', 'gone', false) FROM children ORDER BY job_id DESC LIMIT 1;
SELECT is((SELECT state || ' fanned_out=' || fanned_out || ' failed=' || children_failed FROM riot.jobs WHERE job_id = :parent_id),
          'queued fanned_out=true failed=1', 'the last child to end queues the final step, counting failures');

-- Cancel: the job and its children.
SELECT riot._enqueue('t_cancel') AS cancel_id \gset
CREATE TEMP TABLE cancel_child AS SELECT riot._enqueue('t_cancel_child', '{}', 0, NULL, :cancel_id);
SELECT ok(riot.cancel_job(:cancel_id), 'cancel_job cancels a queued job');
SELECT is((SELECT array_agg(state ORDER BY job_id) FROM riot.jobs WHERE kind IN ('t_cancel', 't_cancel_child')),
          '{cancelled,cancelled}', 'and its children');

-- Queue statistics and retention.
SELECT is((SELECT jobs FROM riot.queue_stats WHERE kind = 't_cancel' AND state = 'cancelled'), 1::bigint,
          'queue_stats counts jobs per kind and state');
SELECT ok((SELECT oldest_queued_age IS NOT NULL FROM riot.queue_stats WHERE kind = 't_a' AND state = 'queued'),
          'queue_stats shows the age of the oldest queued job');
SELECT is(riot._purge_finished('1 hour', clock_timestamp() + interval '30 minutes'), 0::bigint,
          'finished jobs younger than the retention are kept');
-- (At least this test's three: scheduled runs the workers finished meanwhile go too.)
SELECT ok(riot._purge_finished('1 hour', clock_timestamp() + interval '2 hours') >= 3,
          'finished top-level jobs older than the retention are removed');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE kind LIKE 't\_%' AND parent_id IS NULL
              AND state IN ('succeeded', 'failed', 'cancelled')), 0, 'every one of this test''s');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE kind = 't_cancel_child'), 0, 'with their children');

SELECT * FROM finish();
ROLLBACK;
