-- pg_riot 0.4.0 as released (frozen: later versions are built from sql/src/*.sql and upgraded by scripts).
\echo Use "CREATE EXTENSION pg_riot CASCADE" to load this file. \quit
-- Schema riot, the roles that may use it, and the functions of the foundation.
CREATE SCHEMA riot;
COMMENT ON SCHEMA riot IS 'pg_riot: League of Legends data from the Riot Games API, and its analysis';
REVOKE ALL ON SCHEMA riot FROM PUBLIC;

-- Three group roles, each a member of the one below: riot_admin > riot_operator > riot_reader.
-- Roles are global to the cluster, so they may exist already (another database, an earlier
-- install); they are not dropped with the extension.
DO $roles$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['riot_reader', 'riot_operator', 'riot_admin'] LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
      EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', role_name);
    END IF;
  END LOOP;
END
$roles$;
GRANT riot_reader TO riot_operator;
GRANT riot_operator TO riot_admin;
COMMENT ON ROLE riot_reader IS 'pg_riot: may read every result table and view in schema riot';
COMMENT ON ROLE riot_operator IS 'pg_riot: riot_reader, and may queue and cancel work (syncs, jobs)';
COMMENT ON ROLE riot_admin IS 'pg_riot: riot_operator, and may configure tracked players and schedules';

GRANT USAGE ON SCHEMA riot TO riot_reader;

CREATE FUNCTION riot.version()
RETURNS text
LANGUAGE c STABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'riot_version';
COMMENT ON FUNCTION riot.version() IS 'Version of the loaded pg_riot library';

-- The key itself is visible to superusers only; this tells everyone else whether one is set.
CREATE FUNCTION riot.api_key_configured()
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT COALESCE(pg_catalog.current_setting('riot.api_key', true), '') <> '' $$;
COMMENT ON FUNCTION riot.api_key_configured() IS
  'True when riot.api_key is set (the key itself is shown to superusers only)';

CREATE VIEW riot.worker_processes AS
SELECT a.pid,
       a.backend_type,
       a.application_name AS name,
       a.datname AS database,
       a.state,
       a.wait_event,
       a.backend_start
  FROM pg_catalog.pg_stat_activity a
 WHERE a.backend_type IN ('pg_riot launcher', 'pg_riot worker');
COMMENT ON VIEW riot.worker_processes IS 'The pg_riot launcher and background workers now running';
COMMENT ON COLUMN riot.worker_processes.name IS 'Worker name, e.g. "pg_riot worker 1"';
COMMENT ON COLUMN riot.worker_processes.database IS 'Database the worker is attached to (riot.database); NULL for the launcher';

-- Self-tests of the C++/PostgreSQL boundary, for the test suites; superusers only.
CREATE FUNCTION riot._selftest_throw(kind text)
RETURNS void
LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'riot_selftest_throw';
CREATE FUNCTION riot._selftest_pg_error(propagate boolean)
RETURNS text
LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'riot_selftest_pg_error';
CREATE FUNCTION riot._selftest_destroyed()
RETURNS integer
LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'riot_selftest_destroyed';
COMMENT ON FUNCTION riot._selftest_throw(text) IS 'Internal: throw a C++ exception of the given kind';
COMMENT ON FUNCTION riot._selftest_pg_error(boolean) IS 'Internal: raise a PostgreSQL error under C++ objects';
COMMENT ON FUNCTION riot._selftest_destroyed() IS 'Internal: C++ objects destroyed by the self-tests in this session';

GRANT EXECUTE ON FUNCTION riot.version() TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.api_key_configured() TO riot_reader;
GRANT SELECT ON riot.worker_processes TO riot_reader;

------------------------------------------------------------------------------------------
-- Jobs: a job is a row. Workers claim rows with FOR UPDATE SKIP LOCKED under a lease that
-- they extend while they work; an expired lease makes the job claimable again.
------------------------------------------------------------------------------------------

CREATE TABLE riot.jobs (
  job_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind             text NOT NULL,
  args             jsonb NOT NULL DEFAULT '{}',
  priority         integer NOT NULL DEFAULT 0,
  dedup_key        text,
  parent_id        bigint REFERENCES riot.jobs ON DELETE CASCADE,
  state            text NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
  attempt          integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
  run_after        timestamptz NOT NULL DEFAULT pg_catalog.now(),
  lease_owner      text,
  lease_until      timestamptz,
  step             text,
  processed        bigint NOT NULL DEFAULT 0,
  total            bigint,
  children_pending integer NOT NULL DEFAULT 0,
  children_failed  integer NOT NULL DEFAULT 0,
  fanned_out       boolean NOT NULL DEFAULT false,
  result           jsonb,
  error            text,
  created_by       name NOT NULL DEFAULT CURRENT_USER,
  created_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
  started_at       timestamptz,
  finished_at      timestamptz
);
COMMENT ON TABLE riot.jobs IS 'Work for the pg_riot workers: one row per job, kept for riot.job_retention after it ends';
COMMENT ON COLUMN riot.jobs.kind IS 'What the job does, e.g. sync_player or fetch_match';
COMMENT ON COLUMN riot.jobs.state IS 'queued, running, waiting (for its children), succeeded, failed or cancelled';
COMMENT ON COLUMN riot.jobs.dedup_key IS 'Jobs of one kind with the same key share one live job';
COMMENT ON COLUMN riot.jobs.parent_id IS 'The job that fanned out into this one; it runs its final step when the last child ends';
COMMENT ON COLUMN riot.jobs.attempt IS 'Attempts started so far; a worker''s writes count only while it holds the current attempt';
COMMENT ON COLUMN riot.jobs.run_after IS 'Not claimed before this time (retry backoff)';
COMMENT ON COLUMN riot.jobs.lease_until IS 'A running job whose lease has expired is taken again by any worker';
COMMENT ON COLUMN riot.jobs.fanned_out IS 'The job queued its children; when claimed again it runs its final step';
COMMENT ON COLUMN riot.jobs.processed IS 'Progress: units done (matches for a sync)';
COMMENT ON COLUMN riot.jobs.total IS 'Progress: units to do, when known';
COMMENT ON COLUMN riot.jobs.job_id IS 'The jobs id, as riot.sync_player and the other queueing functions return it';
COMMENT ON COLUMN riot.jobs.args IS 'The jobs arguments, e.g. the Riot ID and options of a sync';
COMMENT ON COLUMN riot.jobs.priority IS 'Higher runs first: 10 interactive syncs, 5 their matches, 0 other work';
COMMENT ON COLUMN riot.jobs.max_attempts IS 'Attempts allowed before the job fails for good';
COMMENT ON COLUMN riot.jobs.lease_owner IS 'The worker running the current attempt';
COMMENT ON COLUMN riot.jobs.step IS 'Progress: what the job is doing now';
COMMENT ON COLUMN riot.jobs.children_pending IS 'Children not ended yet; the final step runs when it reaches 0';
COMMENT ON COLUMN riot.jobs.children_failed IS 'Children that failed';
COMMENT ON COLUMN riot.jobs.result IS 'What the job produced (a syncs totals); NULL until it succeeds';
COMMENT ON COLUMN riot.jobs.error IS 'Why the job failed, or why its last attempt did';
COMMENT ON COLUMN riot.jobs.created_by IS 'The role that queued the job';
COMMENT ON COLUMN riot.jobs.created_at IS 'When the job was queued';
COMMENT ON COLUMN riot.jobs.started_at IS 'When its first attempt started';
COMMENT ON COLUMN riot.jobs.finished_at IS 'When it ended (succeeded, failed or cancelled)';

-- Duplicate requests for the same live work share one job.
CREATE UNIQUE INDEX jobs_live_dedup ON riot.jobs (kind, dedup_key)
  WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running', 'waiting');
CREATE INDEX jobs_claimable ON riot.jobs (priority DESC, job_id) WHERE state = 'queued';
CREATE INDEX jobs_leased ON riot.jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_parent ON riot.jobs (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX jobs_finished ON riot.jobs (finished_at) WHERE finished_at IS NOT NULL;

-- Wake the in-server workers when the calling transaction commits (never before).
CREATE FUNCTION riot._wake_at_commit()
RETURNS void
LANGUAGE c VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'riot_wake_at_commit';
COMMENT ON FUNCTION riot._wake_at_commit() IS 'Internal: set the workers'' latches when this transaction commits';

-- Queue a job and return its id; a live job of the same kind and dedup key is returned instead.
CREATE FUNCTION riot._enqueue(kind text, args jsonb DEFAULT '{}', priority integer DEFAULT 0,
                              dedup_key text DEFAULT NULL, parent_id bigint DEFAULT NULL,
                              max_attempts integer DEFAULT 5)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  new_id bigint;
BEGIN
  IF _enqueue.kind IS NULL OR _enqueue.kind = '' THEN
    RAISE EXCEPTION 'job kind must not be empty' USING ERRCODE = '22023';
  END IF;
  INSERT INTO riot.jobs AS j (kind, args, priority, dedup_key, parent_id, max_attempts)
  VALUES (_enqueue.kind, COALESCE(_enqueue.args, '{}'), COALESCE(_enqueue.priority, 0),
          _enqueue.dedup_key, _enqueue.parent_id, COALESCE(_enqueue.max_attempts, 5))
  ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running', 'waiting')
  DO NOTHING
  RETURNING j.job_id INTO new_id;
  IF new_id IS NULL THEN
    -- The live duplicate; it may end between the conflict and this read: then try again.
    SELECT j.job_id INTO new_id FROM riot.jobs j
     WHERE j.kind = _enqueue.kind AND j.dedup_key = _enqueue.dedup_key
       AND j.state IN ('queued', 'running', 'waiting');
    IF new_id IS NULL THEN
      RETURN riot._enqueue(_enqueue.kind, _enqueue.args, _enqueue.priority, _enqueue.dedup_key,
                           _enqueue.parent_id, _enqueue.max_attempts);
    END IF;
    RETURN new_id;
  END IF;
  IF _enqueue.parent_id IS NOT NULL THEN
    UPDATE riot.jobs p SET children_pending = p.children_pending + 1 WHERE p.job_id = _enqueue.parent_id;
  END IF;
  PERFORM riot._wake_at_commit();
  PERFORM pg_catalog.pg_notify('riot_jobs', _enqueue.kind);
  RETURN new_id;
END $$;
COMMENT ON FUNCTION riot._enqueue(text, jsonb, integer, text, bigint, integer) IS
  'Internal: queue a job (a live job with the same kind and dedup key is shared)';

-- Return expired leases to the queue (or fail jobs out of attempts); any worker calls this.
CREATE FUNCTION riot._reap_expired(now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  reaped integer := 0;
  job record;
BEGIN
  FOR job IN SELECT j.job_id, j.attempt, j.max_attempts FROM riot.jobs j
              WHERE j.state = 'running' AND j.lease_until < now
              FOR UPDATE SKIP LOCKED LOOP
    IF job.attempt >= job.max_attempts THEN
      PERFORM riot._end_job(job.job_id, 'failed', NULL,
                            pg_catalog.format('the lease of attempt %s expired and no attempt is left', job.attempt), now);
    ELSE
      UPDATE riot.jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL, run_after = now,
                           error = pg_catalog.format('the lease of attempt %s expired (worker lost)', attempt)
       WHERE job_id = job.job_id;
    END IF;
    reaped := reaped + 1;
  END LOOP;
  RETURN reaped;
END $$;
COMMENT ON FUNCTION riot._reap_expired(timestamptz) IS 'Internal: requeue running jobs whose lease expired';

-- Expire at once the leases of in-server workers that are gone (crash, kill -9, restart), so
-- their jobs need not wait out the lease; riot-worker leases can only expire.
CREATE FUNCTION riot._expire_dead_worker_leases()
RETURNS integer
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH expired AS (
    UPDATE riot.jobs j SET lease_until = pg_catalog.clock_timestamp() - interval '1 microsecond'
     WHERE j.state = 'running' AND j.lease_owner ~ '^pg_riot worker [0-9]+ \(pid [0-9]+\)$'
       AND substring(j.lease_owner FROM '\(pid ([0-9]+)\)')::integer NOT IN
           (SELECT a.pid FROM pg_catalog.pg_stat_activity a WHERE a.backend_type = 'pg_riot worker')
    RETURNING 1)
  SELECT count(*)::integer FROM expired
$$;
COMMENT ON FUNCTION riot._expire_dead_worker_leases() IS
  'Internal: expire the leases of in-server workers that no longer run';

-- Claim up to batch_size claimable jobs for a worker under a lease. A claim must stay a walk of
-- jobs_claimable and a probe of the primary key per claimed job, whatever the statistics say: a
-- worker keeps its plans for its whole life, and one planned while riot.jobs was empty (a fresh
-- cluster, a drained queue) read and sorted every queued job, or scanned the whole table to
-- update 32 rows. Hence the claimed ids as an array, and no sequential scan, bitmap or sort.
CREATE FUNCTION riot._claim(worker text, batch_size integer DEFAULT 1, lease interval DEFAULT '60 seconds',
                            kinds text[] DEFAULT NULL, now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS SETOF riot.jobs
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE ROWS 10
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
AS $$
BEGIN
  PERFORM riot._reap_expired(now);
  RETURN QUERY
  WITH claimable AS (
    SELECT j.job_id FROM riot.jobs j
     WHERE j.state = 'queued' AND j.run_after <= now AND (kinds IS NULL OR j.kind = ANY (kinds))
     ORDER BY j.priority DESC, j.job_id
     LIMIT batch_size
     FOR UPDATE SKIP LOCKED)
  UPDATE riot.jobs j
     SET state = 'running', attempt = j.attempt + 1, lease_owner = worker, lease_until = now + lease,
         started_at = COALESCE(j.started_at, now)
   WHERE j.job_id = ANY (ARRAY(SELECT c.job_id FROM claimable c))
  RETURNING j.*;
END $$;
COMMENT ON FUNCTION riot._claim(text, integer, interval, text[], timestamptz) IS
  'Internal: claim queued jobs with FOR UPDATE SKIP LOCKED under a lease';

-- True while this worker still holds this attempt of a running job: the one definition every
-- write of a worker checks. Plain SQL without SET options, so the planner inlines it.
CREATE FUNCTION riot._holds(job riot.jobs, attempt integer, worker text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT job.state = 'running' AND job.attempt = _holds.attempt AND job.lease_owner = _holds.worker $$;
COMMENT ON FUNCTION riot._holds(riot.jobs, integer, text) IS
  'Internal: whether a worker still holds this attempt of a job row';

-- Extend the lease of a held attempt; false when the attempt was lost (expired, cancelled).
CREATE FUNCTION riot._heartbeat(job_id bigint, attempt integer, worker text, lease interval DEFAULT '60 seconds',
                                now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH extended AS (
    UPDATE riot.jobs j SET lease_until = now + lease
     WHERE j.job_id = _heartbeat.job_id AND riot._holds(j, _heartbeat.attempt, _heartbeat.worker)
    RETURNING 1)
  SELECT EXISTS (SELECT FROM extended)
$$;
COMMENT ON FUNCTION riot._heartbeat(bigint, integer, text, interval, timestamptz) IS
  'Internal: extend the lease of a held attempt';

-- Record progress of a held attempt.
CREATE FUNCTION riot._progress(job_id bigint, attempt integer, worker text, step text,
                               processed bigint DEFAULT NULL, total bigint DEFAULT NULL)
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH updated AS (
    UPDATE riot.jobs j
       SET step = COALESCE(_progress.step, j.step), processed = COALESCE(_progress.processed, j.processed),
           total = COALESCE(_progress.total, j.total)
     WHERE j.job_id = _progress.job_id AND riot._holds(j, _progress.attempt, _progress.worker)
    RETURNING 1)
  SELECT EXISTS (SELECT FROM updated)
$$;
COMMENT ON FUNCTION riot._progress(bigint, integer, text, text, bigint, bigint) IS
  'Internal: record the progress of a held attempt';

-- End a job for good and tell its parent; the child that ends last requeues the parent for its
-- final step, so that step is queued exactly once however many workers race.
CREATE FUNCTION riot._end_job(job_id bigint, state text, result jsonb, error text,
                              now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  parent bigint;
  pending integer;
BEGIN
  UPDATE riot.jobs j
     SET state = _end_job.state, result = _end_job.result, error = _end_job.error,
         lease_owner = NULL, lease_until = NULL, finished_at = now
   WHERE j.job_id = _end_job.job_id
  RETURNING j.parent_id INTO parent;
  IF parent IS NULL THEN
    -- A top-level job may be the run of a scheduled job: its execution row ends with it.
    PERFORM riot._execution_ended(_end_job.job_id, _end_job.state, _end_job.result, _end_job.error, now);
    RETURN;
  END IF;
  UPDATE riot.jobs p
     SET children_pending = p.children_pending - 1,
         children_failed = p.children_failed + (_end_job.state <> 'succeeded')::integer,
         processed = p.processed + 1
   WHERE p.job_id = parent
  RETURNING p.children_pending INTO pending;
  IF pending = 0 THEN
    UPDATE riot.jobs p SET state = 'queued', run_after = now
     WHERE p.job_id = parent AND p.state = 'waiting';
    PERFORM riot._wake_at_commit();
    PERFORM pg_notify('riot_jobs', 'final');
  END IF;
END $$;
COMMENT ON FUNCTION riot._end_job(bigint, text, jsonb, text, timestamptz) IS
  'Internal: end a job and, when it is the last child, queue its parent''s final step';

-- Finish a held attempt: succeeded with a result, or (with children_queued) wait for children.
CREATE FUNCTION riot._finish(job_id bigint, attempt integer, worker text, result jsonb DEFAULT NULL,
                             wait_for_children boolean DEFAULT false,
                             now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish.job_id AND riot._holds(j, _finish.attempt, _finish.worker)
   FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;  -- a late result from a lost attempt is refused
  END IF;
  IF wait_for_children AND job.children_pending > 0 THEN
    UPDATE riot.jobs j SET state = 'waiting', lease_owner = NULL, lease_until = NULL, fanned_out = true,
                           result = COALESCE(_finish.result, j.result)
     WHERE j.job_id = job.job_id;
  ELSIF wait_for_children THEN
    -- Every child has ended already: run the final step next.
    UPDATE riot.jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL, run_after = now,
                           fanned_out = true, result = COALESCE(_finish.result, j.result)
     WHERE j.job_id = job.job_id;
    PERFORM riot._wake_at_commit();
  ELSE
    PERFORM riot._end_job(job.job_id, 'succeeded', result, NULL, now);
  END IF;
  RETURN true;
END $$;
COMMENT ON FUNCTION riot._finish(bigint, integer, text, jsonb, boolean, timestamptz) IS
  'Internal: finish a held attempt (refused when the attempt was lost)';

-- Fail a held attempt: retried after an exponential backoff with jitter while attempts remain
-- and the error is retryable, failed for good otherwise.
CREATE FUNCTION riot._fail(job_id bigint, attempt integer, worker text, error text,
                           retryable boolean DEFAULT true,
                           now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
  backoff double precision;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _fail.job_id AND riot._holds(j, _fail.attempt, _fail.worker)
   FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF retryable AND job.attempt < job.max_attempts THEN
    -- 2, 4, 8, ... seconds, capped at 10 minutes, times a jitter in [0.5, 1.5).
    backoff := least(2.0 ^ job.attempt, 600.0) * (0.5 + random());
    UPDATE riot.jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
                           run_after = now + make_interval(secs => backoff), error = _fail.error
     WHERE j.job_id = job.job_id;
    RETURN 'queued';
  END IF;
  PERFORM riot._end_job(job.job_id, 'failed', NULL, error, now);
  RETURN 'failed';
END $$;
COMMENT ON FUNCTION riot._fail(bigint, integer, text, text, boolean, timestamptz) IS
  'Internal: fail a held attempt, to be retried with backoff or failed for good';

-- Give a held attempt back (the worker is stopping): queued again at once, the attempt not
-- counted against max_attempts.
CREATE FUNCTION riot._release(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH released AS (
    UPDATE riot.jobs j SET state = 'queued', attempt = j.attempt - 1, lease_owner = NULL,
                           lease_until = NULL, run_after = pg_catalog.now()
     WHERE j.job_id = _release.job_id AND riot._holds(j, _release.attempt, _release.worker)
    RETURNING 1)
  SELECT EXISTS (SELECT FROM released)
$$;
COMMENT ON FUNCTION riot._release(bigint, integer, text) IS
  'Internal: give a held attempt back to the queue (worker shutdown)';

-- Delete finished top-level jobs older than the retention (their children go with them).
CREATE FUNCTION riot._purge_finished(retention interval,
                                     now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH purged AS (
    DELETE FROM riot.jobs j
     WHERE j.parent_id IS NULL AND j.state IN ('succeeded', 'failed', 'cancelled')
       AND j.finished_at < now - retention
    RETURNING 1)
  SELECT count(*) FROM purged
$$;
COMMENT ON FUNCTION riot._purge_finished(interval, timestamptz) IS
  'Internal: delete finished jobs older than the retention';

------------------------------------------------------------------------------------------
-- Public job functions
------------------------------------------------------------------------------------------

CREATE FUNCTION riot.job_status(job_id bigint)
RETURNS TABLE (job_id bigint, kind text, state text, step text, processed bigint, total bigint,
               progress numeric, error text, created_at timestamptz, started_at timestamptz,
               finished_at timestamptz)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT j.job_id, j.kind,
         CASE j.state WHEN 'waiting' THEN 'running' ELSE j.state END,
         j.step, j.processed, j.total,
         CASE WHEN j.state = 'succeeded' THEN 100::numeric
              WHEN j.total > 0 THEN round(least(100.0, 100.0 * j.processed / j.total), 1)
              ELSE 0::numeric END,
         j.error, j.created_at, j.started_at, j.finished_at
    FROM riot.jobs j
   WHERE j.job_id = job_status.job_id
$$;
COMMENT ON FUNCTION riot.job_status(bigint) IS
  'State and progress of a job: queued, running, succeeded, failed or cancelled; progress 0-100';

CREATE FUNCTION riot.wait_job(job_id bigint, timeout interval DEFAULT '5 minutes')
RETURNS text
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  deadline timestamptz := clock_timestamp() + timeout;
  current_state text;
BEGIN
  LOOP
    SELECT s.state INTO current_state FROM riot.job_status(job_id) s;
    IF current_state IS NULL THEN
      RAISE EXCEPTION 'job % does not exist', job_id USING ERRCODE = '22023';
    END IF;
    EXIT WHEN current_state IN ('succeeded', 'failed', 'cancelled') OR clock_timestamp() >= deadline;
    PERFORM pg_sleep(least(0.05, greatest(0.0, extract(epoch FROM deadline - clock_timestamp()))));
  END LOOP;
  RETURN current_state;
END $$;
COMMENT ON FUNCTION riot.wait_job(bigint, interval) IS
  'Wait until a job ends (or the timeout passes) and return its state';

CREATE FUNCTION riot.cancel_job(job_id bigint)
RETURNS boolean
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  live record;
  cancelled boolean := false;
BEGIN
  -- The job first, then its live descendants; a running worker sees its attempt gone and stops.
  FOR live IN
    WITH RECURSIVE tree AS (
      SELECT j.job_id, 0 AS depth FROM riot.jobs j WHERE j.job_id = cancel_job.job_id
      UNION ALL
      SELECT c.job_id, t.depth + 1 FROM riot.jobs c JOIN tree t ON c.parent_id = t.job_id)
    SELECT t.job_id FROM tree t JOIN riot.jobs j USING (job_id)
     WHERE j.state IN ('queued', 'running', 'waiting')
     ORDER BY t.depth, t.job_id
  LOOP
    PERFORM riot._end_job(live.job_id, 'cancelled', NULL, 'cancelled by ' || session_user);
    cancelled := true;
  END LOOP;
  RETURN cancelled;
END $$;
COMMENT ON FUNCTION riot.cancel_job(bigint) IS
  'Cancel a queued or running job and its children; false when it had already ended';

CREATE VIEW riot.queue_stats AS
SELECT j.kind,
       CASE j.state WHEN 'waiting' THEN 'running' ELSE j.state END AS state,
       count(*) AS jobs,
       pg_catalog.now() - min(j.created_at) FILTER (WHERE j.state = 'queued') AS oldest_queued_age,
       count(*) FILTER (WHERE j.finished_at > pg_catalog.now() - interval '1 minute') AS finished_last_minute
  FROM riot.jobs j
 GROUP BY 1, 2;
COMMENT ON VIEW riot.queue_stats IS
  'Jobs per kind and state, the age of the oldest queued job, and jobs finished in the last minute';

GRANT SELECT ON riot.jobs, riot.queue_stats TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.job_status(bigint), riot.wait_job(bigint, interval) TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.cancel_job(bigint) TO riot_operator;
-- riot-worker logs in as a member of riot_admin and drives the queue through these.
GRANT EXECUTE ON FUNCTION riot._claim(text, integer, interval, text[], timestamptz),
  riot._heartbeat(bigint, integer, text, interval, timestamptz),
  riot._progress(bigint, integer, text, text, bigint, bigint),
  riot._finish(bigint, integer, text, jsonb, boolean, timestamptz),
  riot._fail(bigint, integer, text, text, boolean, timestamptz),
  riot._release(bigint, integer, text),
  riot._enqueue(text, jsonb, integer, text, bigint, integer),
  riot._purge_finished(interval, timestamptz) TO riot_admin;

------------------------------------------------------------------------------------------
-- Rate limits: one bucket per routing host (the application limit, method '') and one per
-- (host, method), each with all its windows, shared by every worker in and out of the server.
-- A token is taken before a request is sent, never after.
------------------------------------------------------------------------------------------

CREATE TABLE riot.rate_limits (
  host          text NOT NULL,
  method        text NOT NULL,
  limits        integer[] NOT NULL,
  seconds       integer[] NOT NULL,
  counts        integer[] NOT NULL,
  window_start  timestamptz[] NOT NULL,
  learned       boolean NOT NULL DEFAULT false,
  blocked_until timestamptz,
  backoff_ms    integer NOT NULL DEFAULT 0,
  requests      bigint NOT NULL DEFAULT 0,
  rate_limited  bigint NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
  in_flight     integer[] NOT NULL DEFAULT '{}',
  in_flight_from timestamptz,
  PRIMARY KEY (host, method),
  CHECK (pg_catalog.cardinality(limits) = pg_catalog.cardinality(seconds)
         AND pg_catalog.cardinality(limits) = pg_catalog.cardinality(counts)
         AND pg_catalog.cardinality(limits) = pg_catalog.cardinality(window_start))
);
COMMENT ON TABLE riot.rate_limits IS
  'Rate-limit buckets shared by every worker: the application limit per routing host (method '''') and each method''s limit';
COMMENT ON COLUMN riot.rate_limits.method IS 'Method id such as match-v5.getMatch; empty for the application bucket';
COMMENT ON COLUMN riot.rate_limits.limits IS 'Requests allowed per window';
COMMENT ON COLUMN riot.rate_limits.seconds IS 'Length of each window in seconds';
COMMENT ON COLUMN riot.rate_limits.counts IS 'Requests counted in each current window';
COMMENT ON COLUMN riot.rate_limits.window_start IS 'When each current window began (at its first request)';
COMMENT ON COLUMN riot.rate_limits.learned IS 'Limits come from Riot''s headers rather than riot.default_rate_limits';
COMMENT ON COLUMN riot.rate_limits.blocked_until IS 'No request before this time (after a 429)';
COMMENT ON COLUMN riot.rate_limits.host IS 'Routing host the bucket counts requests to, e.g. kr or asia';
COMMENT ON COLUMN riot.rate_limits.backoff_ms IS 'Backoff after a 429 without Retry-After; doubles on each such 429';
COMMENT ON COLUMN riot.rate_limits.requests IS 'Tokens granted from this bucket so far';
COMMENT ON COLUMN riot.rate_limits.rate_limited IS '429 responses received for this bucket so far';
COMMENT ON COLUMN riot.rate_limits.updated_at IS 'When the bucket last changed';
COMMENT ON COLUMN riot.rate_limits.in_flight IS
  'Requests granted and not answered yet, per second of their grant from in_flight_from (the last 30 s)';
COMMENT ON COLUMN riot.rate_limits.in_flight_from IS 'The second the first element of in_flight counts';

-- Requests granted and not yet answered, per second of their grant: what may still reach Riot
-- late, and so be counted in Riot's next window however ours ends. A request is answered or
-- lost within 30 s (riot's request timeout is 10 s, connecting included), so older seconds are
-- dropped: a worker killed mid-request holds nothing for longer.
CREATE FUNCTION riot._in_flight_now(bucket riot.rate_limits, now timestamptz)
RETURNS riot.rate_limits
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  keep_from timestamptz := date_trunc('second', now) - interval '30 seconds';
  dropped integer;
BEGIN
  IF bucket.in_flight_from IS NULL OR bucket.in_flight_from < keep_from THEN
    dropped := CASE WHEN bucket.in_flight_from IS NULL THEN cardinality(bucket.in_flight)
                    ELSE floor(extract(epoch FROM keep_from - bucket.in_flight_from))::integer END;
    bucket.in_flight := COALESCE(bucket.in_flight[dropped + 1:], '{}');
    bucket.in_flight_from := keep_from;
  END IF;
  RETURN bucket;
END $$;
COMMENT ON FUNCTION riot._in_flight_now(riot.rate_limits, timestamptz) IS
  'Internal: a bucket''s unanswered requests, the seconds older than 30 s dropped';

-- The slot of in_flight (a 1-based array) that counts a request granted at `granted_at`; it may
-- lie beyond the array's end, or before its start when the grant is older than what is kept.
CREATE FUNCTION riot._in_flight_slot(bucket riot.rate_limits, granted_at timestamptz)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT floor(extract(epoch FROM granted_at - bucket.in_flight_from))::integer + 1 $$;
COMMENT ON FUNCTION riot._in_flight_slot(riot.rate_limits, timestamptz) IS
  'Internal: where in_flight counts a request granted at a time';

-- Take up to `wanted` tokens for requests to (host, method) now. Returns how many were granted
-- and, when none, how long to wait. Windows last `margin` longer than Riot's, so that ours never
-- restart before Riot's do; `share` scales every limit for installations sharing one key.
CREATE FUNCTION riot._take_tokens(host text, method text, wanted integer,
                                  default_limits integer[], default_seconds integer[],
                                  share double precision DEFAULT 1.0,
                                  margin interval DEFAULT '250 milliseconds',
                                  now timestamptz DEFAULT pg_catalog.clock_timestamp(),
                                  OUT granted integer, OUT retry_in_ms integer, OUT granted_at timestamptz)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bucket riot.rate_limits;
  buckets riot.rate_limits[] := ARRAY[]::riot.rate_limits[];
  window_end timestamptz;
  allowed integer;
  wait_ms integer := 0;
  unanswered integer;
  slot integer;
BEGIN
  granted := greatest(wanted, 0);
  granted_at := now;
  INSERT INTO riot.rate_limits AS r (host, method, limits, seconds, counts, window_start)
  VALUES (_take_tokens.host, '', default_limits, default_seconds,
          array_fill(0, ARRAY[cardinality(default_limits)]),
          array_fill(NULL::timestamptz, ARRAY[cardinality(default_limits)])),
         (_take_tokens.host, _take_tokens.method, '{}', '{}', '{}', '{}')
  ON CONFLICT DO NOTHING;
  -- Lock the application bucket, then the method bucket: one order for every worker.
  FOR bucket IN SELECT * FROM riot.rate_limits r
                 WHERE r.host = _take_tokens.host AND r.method IN ('', _take_tokens.method)
                 ORDER BY r.method FOR UPDATE LOOP
    bucket := riot._in_flight_now(bucket, now);
    unanswered := COALESCE((SELECT sum(n) FROM unnest(bucket.in_flight) n), 0)::integer;
    IF bucket.blocked_until > now THEN
      wait_ms := greatest(wait_ms, ceil(extract(epoch FROM bucket.blocked_until - now) * 1000)::integer);
      granted := 0;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(bucket.limits), 0) LOOP
      window_end := bucket.window_start[i] + make_interval(secs => bucket.seconds[i]) + margin;
      IF bucket.window_start[i] IS NULL OR now >= window_end THEN
        -- A new window starts with the requests still unanswered: any of them may yet reach
        -- Riot late and be counted in Riot's new window.
        bucket.counts[i] := least(unanswered, greatest(floor(bucket.limits[i] * share)::integer, 1));
        bucket.window_start[i] := NULL;
      END IF;
      allowed := greatest(floor(bucket.limits[i] * share)::integer, 1) - bucket.counts[i];
      IF allowed <= 0 THEN
        wait_ms := greatest(wait_ms, ceil(extract(epoch FROM window_end - now) * 1000)::integer);
      END IF;
      granted := least(granted, greatest(allowed, 0));
    END LOOP;
    buckets := buckets || bucket;
  END LOOP;
  FOREACH bucket IN ARRAY buckets LOOP
    IF granted > 0 THEN
      FOR i IN 1 .. coalesce(cardinality(bucket.limits), 0) LOOP
        bucket.counts[i] := bucket.counts[i] + granted;
        bucket.window_start[i] := coalesce(bucket.window_start[i], now);
      END LOOP;
      slot := riot._in_flight_slot(bucket, now);
      IF slot > cardinality(bucket.in_flight) THEN
        bucket.in_flight := bucket.in_flight || array_fill(0, ARRAY[slot - cardinality(bucket.in_flight)]);
      END IF;
      bucket.in_flight[slot] := bucket.in_flight[slot] + granted;
    END IF;
    UPDATE riot.rate_limits r
       SET counts = bucket.counts, window_start = bucket.window_start,
           requests = r.requests + granted, updated_at = now,
           in_flight = bucket.in_flight, in_flight_from = bucket.in_flight_from
     WHERE r.host = bucket.host AND r.method = bucket.method;
  END LOOP;
  retry_in_ms := CASE WHEN granted > 0 THEN 0 ELSE greatest(wait_ms, 1) END;
END $$;
COMMENT ON FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz) IS
  'Internal: take rate-limit tokens for requests about to be sent (granted_at: pass it back with their responses)';

-- Learn from a response's headers: the limits (X-*-Rate-Limit), the counts Riot has seen
-- (X-*-Rate-Limit-Count, taken when higher than ours) and, on a 429, block the bucket it names.
CREATE FUNCTION riot._record_response(host text, method text, status integer,
                                      app_limits integer[], app_seconds integer[], app_counts integer[],
                                      method_limits integer[], method_seconds integer[], method_counts integer[],
                                      limit_type text DEFAULT NULL, retry_after_ms integer DEFAULT NULL,
                                      margin interval DEFAULT '250 milliseconds',
                                      now timestamptz DEFAULT pg_catalog.clock_timestamp(),
                                      granted_at timestamptz DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bucket riot.rate_limits;
  new_limits integer[];
  new_seconds integer[];
  new_counts integer[];
  blocked_bucket text;
  at integer;
  slot integer;
  unanswered integer;
BEGIN
  FOR bucket IN SELECT * FROM riot.rate_limits r
                 WHERE r.host = _record_response.host AND r.method IN ('', _record_response.method)
                 ORDER BY r.method FOR UPDATE LOOP
    -- This request is answered: it is no longer in flight.
    bucket := riot._in_flight_now(bucket, now);
    slot := riot._in_flight_slot(bucket, granted_at);
    IF slot BETWEEN 1 AND cardinality(bucket.in_flight) AND bucket.in_flight[slot] > 0 THEN
      bucket.in_flight[slot] := bucket.in_flight[slot] - 1;
    END IF;
    unanswered := COALESCE((SELECT sum(n) FROM unnest(bucket.in_flight) n), 0)::integer;
    IF bucket.method = '' THEN
      new_limits := app_limits; new_seconds := app_seconds; new_counts := app_counts;
    ELSE
      new_limits := method_limits; new_seconds := method_seconds; new_counts := method_counts;
    END IF;
    IF cardinality(new_limits) > 0 AND
       (bucket.limits IS DISTINCT FROM new_limits OR bucket.seconds IS DISTINCT FROM new_seconds) THEN
      -- New windows. A window of the same length keeps its count; any other starts from the
      -- most any old window counted, since its earliest start: requests granted under the old
      -- windows may still be in flight, and Riot's count in this response cannot include them.
      bucket.counts := (SELECT array_agg(coalesce(bucket.counts[array_position(bucket.seconds, s)],
                                                  (SELECT max(c) FROM unnest(bucket.counts) c), 0) ORDER BY o)
                          FROM unnest(new_seconds) WITH ORDINALITY AS w(s, o));
      bucket.window_start := (SELECT array_agg(coalesce(bucket.window_start[array_position(bucket.seconds, s)],
                                                        (SELECT min(t) FROM unnest(bucket.window_start) t)) ORDER BY o)
                                FROM unnest(new_seconds) WITH ORDINALITY AS w(s, o));
      bucket.limits := new_limits;
      bucket.seconds := new_seconds;
      bucket.learned := true;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(new_counts), 0) LOOP
      at := array_position(bucket.seconds, new_seconds[i]);
      CONTINUE WHEN at IS NULL;
      IF now >= bucket.window_start[at] + make_interval(secs => bucket.seconds[at]) + margin THEN
        -- Our window has ended: Riot's count is of a later one, which may hold the requests
        -- still unanswered.
        bucket.counts[at] := least(unanswered, bucket.limits[at]);
        bucket.window_start[at] := NULL;
      END IF;
      -- Riot counted more than we did (another client on the key): take its count.
      IF new_counts[i] > bucket.counts[at] THEN
        bucket.counts[at] := new_counts[i];
        bucket.window_start[at] := coalesce(bucket.window_start[at], now);
      END IF;
      -- Riot counted 1: this request opened Riot's window, so that window began before now.
      -- However late the request arrived (a slow connection), ours must not end before it.
      IF new_counts[i] = 1 AND bucket.window_start[at] < now - margin THEN
        bucket.window_start[at] := now - margin;
      END IF;
    END LOOP;
    IF status <> 429 THEN
      bucket.backoff_ms := 0;
    END IF;
    UPDATE riot.rate_limits r
       SET limits = bucket.limits, seconds = bucket.seconds, counts = bucket.counts,
           window_start = bucket.window_start, learned = bucket.learned, backoff_ms = bucket.backoff_ms,
           updated_at = now, in_flight = bucket.in_flight, in_flight_from = bucket.in_flight_from
     WHERE r.host = bucket.host AND r.method = bucket.method;
  END LOOP;
  IF status = 429 THEN
    -- application blocks the host; method blocks the method; service, unknown or missing types
    -- back off that method only.
    blocked_bucket := CASE WHEN limit_type = 'application' THEN '' ELSE method END;
    UPDATE riot.rate_limits r
       SET backoff_ms = CASE WHEN retry_after_ms IS NULL THEN least(greatest(r.backoff_ms * 2, 1000), 60000)
                             ELSE r.backoff_ms END,
           rate_limited = r.rate_limited + 1
     WHERE r.host = _record_response.host AND r.method = blocked_bucket;
    UPDATE riot.rate_limits r
       SET blocked_until = greatest(r.blocked_until,
                                    now + make_interval(secs => coalesce(retry_after_ms, r.backoff_ms) / 1000.0) + margin)
     WHERE r.host = _record_response.host AND r.method = blocked_bucket;
  END IF;
END $$;
COMMENT ON FUNCTION riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[], integer[], text, integer, interval, timestamptz, timestamptz) IS
  'Internal: learn limits and counts from a response and block a bucket after a 429';

GRANT SELECT ON riot.rate_limits TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz),
  riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[], integer[], text, integer, interval, timestamptz, timestamptz)
  TO riot_admin;

------------------------------------------------------------------------------------------
-- Data: players, matches (raw payload = bronze), participants and ranks (silver).
------------------------------------------------------------------------------------------

CREATE TABLE riot.players (
  puuid           text PRIMARY KEY,
  game_name       text,
  tag_line        text,
  platform        text,
  summoner_level  integer,
  profile_icon_id integer,
  revision_date   timestamptz,
  tracked         boolean NOT NULL DEFAULT false,
  discovered_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
  resolved_at     timestamptz,
  synced_at       timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
  tracked_at      timestamptz,
  active          boolean NOT NULL DEFAULT true,
  inactive_reason text,
  checked_at      timestamptz,
  analyzer_exhausted_at timestamptz,
  ban_checked_at  timestamptz,
  ban_status      text CHECK (ban_status IN ('not_banned', 'likely_banned')),
  banned_since    timestamptz
);
COMMENT ON TABLE riot.players IS 'Every player seen: synced players and everyone who played with them (discovered)';
COMMENT ON COLUMN riot.players.puuid IS 'Riot''s player id (encrypted per API key)';
COMMENT ON COLUMN riot.players.game_name IS 'Riot ID game name, as last seen';
COMMENT ON COLUMN riot.players.tag_line IS 'Riot ID tag line, as last seen';
COMMENT ON COLUMN riot.players.platform IS 'Platform routing value, e.g. kr or euw1';
COMMENT ON COLUMN riot.players.tracked IS 'Kept up to date by the tracked-player updater';
COMMENT ON COLUMN riot.players.tracked_at IS 'When the player was last tracked (riot.track_player)';
COMMENT ON COLUMN riot.players.active IS 'False once the account no longer resolves; the updater skips it';
COMMENT ON COLUMN riot.players.inactive_reason IS 'Why the player is inactive';
COMMENT ON COLUMN riot.players.checked_at IS 'When the tracked-player updater last checked the player';
COMMENT ON COLUMN riot.players.analyzer_exhausted_at IS 'When the player analyzer last found no further ranked match of the player; it asks again a day later';
COMMENT ON COLUMN riot.players.ban_checked_at IS 'When summoner-v4 was last asked whether the account is banned';
COMMENT ON COLUMN riot.players.ban_status IS 'not_banned (summoner-v4 answered 200) or likely_banned (404); NULL before a check';
COMMENT ON COLUMN riot.players.banned_since IS 'When summoner-v4 first answered 404 for the account';
COMMENT ON COLUMN riot.players.resolved_at IS 'When the Riot ID was last resolved through account-v1';
COMMENT ON COLUMN riot.players.synced_at IS 'When the player''s match history was last synced';
COMMENT ON COLUMN riot.players.summoner_level IS 'Summoner level (summoner-v4), as last seen';
COMMENT ON COLUMN riot.players.profile_icon_id IS 'Profile icon id (summoner-v4), as last seen';
COMMENT ON COLUMN riot.players.revision_date IS 'When the summoner last changed, as Riot reports it';
COMMENT ON COLUMN riot.players.discovered_at IS 'When pg_riot first saw the player';
COMMENT ON COLUMN riot.players.updated_at IS 'When the row last changed';
CREATE INDEX players_riot_id ON riot.players (lower(game_name), lower(tag_line));

CREATE TABLE riot.matches (
  match_id           text PRIMARY KEY,
  platform           text NOT NULL,
  game_id            bigint NOT NULL,
  queue_id           integer NOT NULL,
  game_mode          text NOT NULL,
  game_type          text NOT NULL,
  game_version       text NOT NULL,
  map_id             integer NOT NULL,
  game_creation      timestamptz,
  game_start         timestamptz,
  game_end           timestamptz,
  duration_seconds   integer NOT NULL,
  winning_team       integer,
  end_of_game_result text,
  raw                jsonb COMPRESSION lz4,
  stored_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
  ended_in_surrender       boolean,
  ended_in_early_surrender boolean,
  timeline_missing_since   timestamptz
);
COMMENT ON TABLE riot.matches IS 'One row per match (match-v5), with the raw payload kept in raw';
COMMENT ON COLUMN riot.matches.match_id IS 'Riot''s match id, e.g. KR_7234567890';
COMMENT ON COLUMN riot.matches.queue_id IS 'Queue id: 420 ranked solo, 440 flex, 450 ARAM, 1700 Arena, ...';
COMMENT ON COLUMN riot.matches.game_start IS 'When the game started';
COMMENT ON COLUMN riot.matches.duration_seconds IS 'Game length in seconds, whatever the game version reported';
COMMENT ON COLUMN riot.matches.winning_team IS 'teamId of the winning team (100 or 200); NULL when none (aborted, Arena)';
COMMENT ON COLUMN riot.matches.raw IS 'The MatchDto exactly as Riot returned it (compressed with lz4); NULL once its retention (riot.configure_job(''cleanup'')) removed it';
COMMENT ON COLUMN riot.matches.ended_in_surrender IS 'A team surrendered (gameEndedInSurrender); NULL when the payload does not say';
COMMENT ON COLUMN riot.matches.ended_in_early_surrender IS 'A remake: the game ended by an early surrender (gameEndedInEarlySurrender); NULL when the payload does not say';
COMMENT ON COLUMN riot.matches.timeline_missing_since IS 'When Riot answered 404 for the match''s timeline; NULL when it has one or none was asked for';
COMMENT ON COLUMN riot.matches.platform IS 'Platform routing value the game was played on, e.g. kr or euw1';
COMMENT ON COLUMN riot.matches.game_id IS 'Riots game id (the number in the match id; 0 in aborted games)';
COMMENT ON COLUMN riot.matches.game_mode IS 'CLASSIC, ARAM, CHERRY (Arena), ...; empty in aborted games';
COMMENT ON COLUMN riot.matches.game_type IS 'MATCHED_GAME, CUSTOM_GAME, ...; empty in aborted games';
COMMENT ON COLUMN riot.matches.game_version IS 'Client version, e.g. 14.3.558.106; its first two numbers are the patch';
COMMENT ON COLUMN riot.matches.map_id IS 'Map id: 11 Summoners Rift, 12 Howling Abyss, 30 Arena, ...';
COMMENT ON COLUMN riot.matches.game_creation IS 'When the game was created (lobby)';
COMMENT ON COLUMN riot.matches.game_end IS 'When the game ended; NULL before patch 11.20';
COMMENT ON COLUMN riot.matches.end_of_game_result IS 'GameComplete, Abort_Unexpected, ... (patch 14.3 and later)';
COMMENT ON COLUMN riot.matches.stored_at IS 'When pg_riot stored the match';
CREATE INDEX matches_game_start ON riot.matches (game_start);

CREATE TABLE riot.match_participants (
  match_id            text NOT NULL REFERENCES riot.matches ON DELETE CASCADE,
  puuid               text NOT NULL,
  participant_id      integer NOT NULL,
  is_bot              boolean NOT NULL DEFAULT false,
  riot_id_game_name   text,
  riot_id_tagline     text,
  champion_id         integer NOT NULL,
  champion_name       text NOT NULL,
  team_id             integer NOT NULL,
  subteam_id          integer,
  placement           integer,
  team_position       text,
  kills               integer NOT NULL,
  deaths              integer NOT NULL,
  assists             integer NOT NULL,
  cs                  integer NOT NULL,
  gold_earned         integer NOT NULL,
  damage_to_champions bigint NOT NULL,
  damage_taken        bigint NOT NULL,
  vision_score        integer NOT NULL,
  champion_level      integer NOT NULL,
  items               integer[] NOT NULL,
  win                 boolean NOT NULL,
  PRIMARY KEY (match_id, puuid)
);
COMMENT ON TABLE riot.match_participants IS 'One row per player per match: the columns people query';
COMMENT ON COLUMN riot.match_participants.puuid IS 'The player; bots get BOT:<match_id>:<participant_id>';
COMMENT ON COLUMN riot.match_participants.riot_id_game_name IS 'Riot ID game name at the time of the match';
COMMENT ON COLUMN riot.match_participants.team_id IS '100 or 200; in Arena the top (100) or bottom (200) half of the placements';
COMMENT ON COLUMN riot.match_participants.subteam_id IS 'Arena team (1-8)';
COMMENT ON COLUMN riot.match_participants.placement IS 'Arena placement';
COMMENT ON COLUMN riot.match_participants.team_position IS 'TOP, JUNGLE, MIDDLE, BOTTOM or UTILITY';
COMMENT ON COLUMN riot.match_participants.cs IS 'Creep score: minions plus neutral monsters killed';
COMMENT ON COLUMN riot.match_participants.items IS 'item0 .. item6';
COMMENT ON COLUMN riot.match_participants.match_id IS 'The match';
COMMENT ON COLUMN riot.match_participants.participant_id IS 'Participant number in the match, from 1';
COMMENT ON COLUMN riot.match_participants.is_bot IS 'A Co-op vs AI bot';
COMMENT ON COLUMN riot.match_participants.riot_id_tagline IS 'Riot ID tag line at the time of the match';
COMMENT ON COLUMN riot.match_participants.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.match_participants.champion_name IS 'Champion name as Riot spells it in the payload, e.g. MonkeyKing';
COMMENT ON COLUMN riot.match_participants.kills IS 'Champion kills';
COMMENT ON COLUMN riot.match_participants.deaths IS 'Deaths';
COMMENT ON COLUMN riot.match_participants.assists IS 'Assists';
COMMENT ON COLUMN riot.match_participants.gold_earned IS 'Gold earned';
COMMENT ON COLUMN riot.match_participants.damage_to_champions IS 'Damage dealt to champions';
COMMENT ON COLUMN riot.match_participants.damage_taken IS 'Damage taken';
COMMENT ON COLUMN riot.match_participants.vision_score IS 'Vision score';
COMMENT ON COLUMN riot.match_participants.champion_level IS 'Champion level at the end of the game';
COMMENT ON COLUMN riot.match_participants.win IS 'The participants team won (in Arena: placed in the top half)';
CREATE INDEX match_participants_puuid ON riot.match_participants (puuid);

CREATE TABLE riot.player_ranks (
  rank_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  puuid          text NOT NULL,
  queue_type     text NOT NULL,
  tier           text,
  division       text,
  league_points  integer NOT NULL,
  wins           integer NOT NULL,
  losses         integer NOT NULL,
  hot_streak     boolean NOT NULL,
  veteran        boolean NOT NULL,
  fresh_blood    boolean NOT NULL,
  inactive       boolean NOT NULL,
  observed_at    timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE riot.player_ranks IS 'Rank snapshots (league-v4); a new row only when something changed';
COMMENT ON COLUMN riot.player_ranks.queue_type IS 'RANKED_SOLO_5x5, RANKED_FLEX_SR, CHERRY, ...';
COMMENT ON COLUMN riot.player_ranks.division IS 'I to IV within the tier';
COMMENT ON COLUMN riot.player_ranks.rank_id IS 'Snapshot id, increasing';
COMMENT ON COLUMN riot.player_ranks.puuid IS 'The player';
COMMENT ON COLUMN riot.player_ranks.tier IS 'IRON to CHALLENGER; NULL when Riot leaves it out';
COMMENT ON COLUMN riot.player_ranks.league_points IS 'League points';
COMMENT ON COLUMN riot.player_ranks.wins IS 'Wins in the queue this season';
COMMENT ON COLUMN riot.player_ranks.losses IS 'Losses in the queue this season';
COMMENT ON COLUMN riot.player_ranks.hot_streak IS 'Riots hot streak flag (three or more wins in a row)';
COMMENT ON COLUMN riot.player_ranks.veteran IS 'Riots veteran flag (100 or more games in the league)';
COMMENT ON COLUMN riot.player_ranks.fresh_blood IS 'Riots fresh blood flag (new to the league)';
COMMENT ON COLUMN riot.player_ranks.inactive IS 'Riots inactive flag (decaying)';
COMMENT ON COLUMN riot.player_ranks.observed_at IS 'When this standing was first seen';
CREATE INDEX player_ranks_latest ON riot.player_ranks (puuid, queue_type, observed_at DESC);

CREATE TABLE riot.timelines (
  match_id  text PRIMARY KEY REFERENCES riot.matches ON DELETE CASCADE,
  raw       jsonb COMPRESSION lz4,
  stored_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE riot.timelines IS 'Match timelines (match-v5), raw, when a sync asked for them';
COMMENT ON COLUMN riot.timelines.raw IS 'The TimelineDto exactly as Riot returned it (compressed with lz4); NULL once its retention removed it (the typed rows stay)';
COMMENT ON COLUMN riot.timelines.match_id IS 'The match';
COMMENT ON COLUMN riot.timelines.stored_at IS 'When pg_riot stored the timeline';

CREATE TABLE riot.match_bans (
  match_id    text NOT NULL REFERENCES riot.matches ON DELETE CASCADE,
  team_id     integer NOT NULL,
  pick_turn   integer NOT NULL,
  champion_id integer NOT NULL,
  PRIMARY KEY (match_id, team_id, pick_turn)
);
COMMENT ON TABLE riot.match_bans IS 'The champions each team banned (info.teams[].bans); a skipped ban (championId -1) has no row';
COMMENT ON COLUMN riot.match_bans.match_id IS 'The match';
COMMENT ON COLUMN riot.match_bans.team_id IS '100 or 200';
COMMENT ON COLUMN riot.match_bans.pick_turn IS 'The ban''s turn in the draft, from 1';
COMMENT ON COLUMN riot.match_bans.champion_id IS 'The banned champion';

-- Matches and timelines stored but not yet counted into the aggregates (riot.refresh_analytics),
-- and counted matches not yet looked at for anomalies: a row is queued in the transaction that
-- stores (or counts), and deleted in the one that uses it, so each is used exactly once, whatever
-- crashes between.
CREATE TABLE riot.analytics_pending (
  match_id  text NOT NULL REFERENCES riot.matches ON DELETE CASCADE,
  part      text NOT NULL CHECK (part IN ('match', 'timeline', 'anomaly')),
  queued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (match_id, part)
);
COMMENT ON TABLE riot.analytics_pending IS 'Stored matches and timelines the aggregates have not counted yet, and matches not yet looked at for anomalies; riot.refresh_analytics uses and deletes them in one transaction';
COMMENT ON COLUMN riot.analytics_pending.match_id IS 'The match';
COMMENT ON COLUMN riot.analytics_pending.part IS 'match (its participants, bans and day) or timeline (its 15-minute differences) for the aggregates; anomaly (its games, once counted) for riot.anomalies';
COMMENT ON COLUMN riot.analytics_pending.queued_at IS 'When it was stored';

-- Store one match, its participants and the players discovered in it, idempotently.
CREATE FUNCTION riot._store_match(match jsonb, participants jsonb, raw jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  inserted integer;
BEGIN
  INSERT INTO riot.matches (match_id, platform, game_id, queue_id, game_mode, game_type, game_version,
                            map_id, game_creation, game_start, game_end, duration_seconds, winning_team,
                            end_of_game_result, raw, ended_in_surrender, ended_in_early_surrender)
  SELECT m.match_id, m.platform, m.game_id, m.queue_id, m.game_mode, m.game_type, m.game_version,
         m.map_id, m.game_creation, m.game_start, m.game_end, m.duration_seconds, m.winning_team,
         m.end_of_game_result, _store_match.raw, ended.surrender, ended.early_surrender
    FROM jsonb_populate_record(NULL::riot.matches, match) m,
         LATERAL (SELECT bool_or((p ->> 'gameEndedInSurrender')::boolean) AS surrender,
                         bool_or((p ->> 'gameEndedInEarlySurrender')::boolean) AS early_surrender
                    FROM jsonb_array_elements(CASE jsonb_typeof(_store_match.raw #> '{info,participants}')
                                              WHEN 'array' THEN _store_match.raw #> '{info,participants}' END) p) ended
  ON CONFLICT (match_id) DO NOTHING;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  IF inserted = 0 THEN
    RETURN false;  -- stored before: its participants, bans and notification were made then
  END IF;
  INSERT INTO riot.match_bans (match_id, team_id, pick_turn, champion_id)
  SELECT match ->> 'match_id', (t ->> 'teamId')::integer, (b ->> 'pickTurn')::integer, (b ->> 'championId')::integer
    FROM jsonb_array_elements(CASE jsonb_typeof(raw #> '{info,teams}') WHEN 'array' THEN raw #> '{info,teams}' END) t,
         jsonb_array_elements(CASE jsonb_typeof(t -> 'bans') WHEN 'array' THEN t -> 'bans' END) b
   WHERE (b ->> 'championId')::integer > 0
  ON CONFLICT DO NOTHING;
  INSERT INTO riot.analytics_pending (match_id, part) VALUES (match ->> 'match_id', 'match');
  INSERT INTO riot.match_participants
  SELECT p.* FROM jsonb_populate_recordset(NULL::riot.match_participants, participants) p
  ON CONFLICT (match_id, puuid) DO NOTHING;
  INSERT INTO riot.players AS pl (puuid, game_name, tag_line, platform)
  SELECT DISTINCT ON (p.puuid) p.puuid, p.riot_id_game_name, p.riot_id_tagline, match ->> 'platform'
    FROM jsonb_populate_recordset(NULL::riot.match_participants, participants) p
   WHERE NOT p.is_bot
  ON CONFLICT (puuid) DO UPDATE
     SET game_name = COALESCE(pl.game_name, EXCLUDED.game_name),
         tag_line = COALESCE(pl.tag_line, EXCLUDED.tag_line),
         platform = COALESCE(pl.platform, EXCLUDED.platform)
   WHERE pl.game_name IS NULL OR pl.platform IS NULL;
  -- Delivered to LISTEN riot_matches sessions when this transaction commits, never before.
  PERFORM pg_notify('riot_matches', json_build_object('match_id', match ->> 'match_id',
                                                      'platform', match ->> 'platform',
                                                      'queue_id', (match ->> 'queue_id')::integer)::text);
  RETURN true;
END $$;
COMMENT ON FUNCTION riot._store_match(jsonb, jsonb, jsonb) IS
  'Internal: store a match, its participants, bans and the players discovered in it; queue it for the aggregates and NOTIFY riot_matches';

-- Record a resolved account (account-v1) and, when given, its summoner (summoner-v4).
CREATE FUNCTION riot._store_player(puuid text, game_name text, tag_line text, platform text,
                                   summoner jsonb DEFAULT NULL)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO riot.players AS pl (puuid, game_name, tag_line, platform, summoner_level, profile_icon_id,
                                  revision_date, resolved_at)
  VALUES (puuid, game_name, tag_line, platform, (summoner ->> 'summoner_level')::integer,
          (summoner ->> 'profile_icon_id')::integer,
          to_timestamp((summoner ->> 'revision_date_ms')::double precision / 1000), now())
  ON CONFLICT (puuid) DO UPDATE
     SET game_name = COALESCE(EXCLUDED.game_name, pl.game_name),
         tag_line = COALESCE(EXCLUDED.tag_line, pl.tag_line),
         platform = COALESCE(EXCLUDED.platform, pl.platform),
         summoner_level = COALESCE(EXCLUDED.summoner_level, pl.summoner_level),
         profile_icon_id = COALESCE(EXCLUDED.profile_icon_id, pl.profile_icon_id),
         revision_date = COALESCE(EXCLUDED.revision_date, pl.revision_date),
         resolved_at = now(), updated_at = now()
$$;
COMMENT ON FUNCTION riot._store_player(text, text, text, text, jsonb) IS
  'Internal: record a resolved account and its summoner level';

-- Record league entries; a queue gets a new row only when something in it changed.
CREATE FUNCTION riot._store_ranks(puuid text, ranks jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  added integer;
BEGIN
  INSERT INTO riot.player_ranks (puuid, queue_type, tier, division, league_points, wins, losses,
                                 hot_streak, veteran, fresh_blood, inactive)
  SELECT _store_ranks.puuid, r.queue_type, r.tier, r.division, r.league_points, r.wins, r.losses,
         r.hot_streak, r.veteran, r.fresh_blood, r.inactive
    FROM jsonb_to_recordset(ranks) AS r(queue_type text, tier text, division text, league_points integer,
                                        wins integer, losses integer, hot_streak boolean, veteran boolean,
                                        fresh_blood boolean, inactive boolean)
   WHERE NOT EXISTS (
     SELECT FROM (SELECT l.* FROM riot.player_ranks l
                   WHERE l.puuid = _store_ranks.puuid AND l.queue_type = r.queue_type
                   ORDER BY l.observed_at DESC, l.rank_id DESC LIMIT 1) latest
      WHERE (latest.tier, latest.division, latest.league_points, latest.wins, latest.losses,
             latest.hot_streak, latest.veteran, latest.fresh_blood, latest.inactive)
            IS NOT DISTINCT FROM
            (r.tier, r.division, r.league_points, r.wins, r.losses, r.hot_streak, r.veteran,
             r.fresh_blood, r.inactive));
  GET DIAGNOSTICS added = ROW_COUNT;
  RETURN added;
END $$;
COMMENT ON FUNCTION riot._store_ranks(text, jsonb) IS 'Internal: record league entries that changed';

GRANT SELECT ON riot.players, riot.matches, riot.match_participants, riot.player_ranks, riot.timelines,
  riot.match_bans, riot.analytics_pending TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._store_match(jsonb, jsonb, jsonb), riot._store_player(text, text, text, text, jsonb),
  riot._store_ranks(text, jsonb) TO riot_admin;

------------------------------------------------------------------------------------------
-- Typed timelines (silver): a row per participant per frame, and a row per event, made from the
-- TimelineDto when it is stored. They stay when retention removes the raw payload.
------------------------------------------------------------------------------------------

CREATE TABLE riot.timeline_frames (
  match_id            text NOT NULL REFERENCES riot.timelines ON DELETE CASCADE,
  minute              integer NOT NULL,
  participant_id      integer NOT NULL,
  puuid               text,
  frame_ms            integer NOT NULL,
  total_gold          integer,
  current_gold        integer,
  xp                  integer,
  level               integer,
  cs                  integer,
  jungle_cs           integer,
  position_x          integer,
  position_y          integer,
  damage_to_champions integer,
  PRIMARY KEY (match_id, minute, participant_id)
);
COMMENT ON TABLE riot.timeline_frames IS 'One row per participant per timeline frame (info.frames[].participantFrames)';
COMMENT ON COLUMN riot.timeline_frames.match_id IS 'The match';
COMMENT ON COLUMN riot.timeline_frames.minute IS 'The frame''s index from 0; Riot sends a frame a minute (frameInterval 60000), so the minute of the game';
COMMENT ON COLUMN riot.timeline_frames.participant_id IS 'Participant number in the match, from 1 (riot.match_participants.participant_id)';
COMMENT ON COLUMN riot.timeline_frames.puuid IS 'The participant''s player (info.participants); NULL when the timeline does not say';
COMMENT ON COLUMN riot.timeline_frames.frame_ms IS 'The frame''s time in the game, in milliseconds';
COMMENT ON COLUMN riot.timeline_frames.total_gold IS 'Gold earned so far (totalGold)';
COMMENT ON COLUMN riot.timeline_frames.current_gold IS 'Gold in hand (currentGold)';
COMMENT ON COLUMN riot.timeline_frames.xp IS 'Experience so far';
COMMENT ON COLUMN riot.timeline_frames.level IS 'Champion level';
COMMENT ON COLUMN riot.timeline_frames.cs IS 'Minions killed so far (minionsKilled)';
COMMENT ON COLUMN riot.timeline_frames.jungle_cs IS 'Jungle monsters killed so far (jungleMinionsKilled)';
COMMENT ON COLUMN riot.timeline_frames.position_x IS 'Map position, x';
COMMENT ON COLUMN riot.timeline_frames.position_y IS 'Map position, y';
COMMENT ON COLUMN riot.timeline_frames.damage_to_champions IS 'Damage dealt to champions so far (damageStats.totalDamageDoneToChampions)';

CREATE TABLE riot.timeline_events (
  match_id          text NOT NULL REFERENCES riot.timelines ON DELETE CASCADE,
  event_index       integer NOT NULL,
  minute            integer NOT NULL,
  timestamp_ms      integer NOT NULL,
  type              text NOT NULL,
  participant_id    integer,
  killer_id         integer,
  victim_id         integer,
  assisting_ids     integer[],
  killer_team_id    integer,
  team_id           integer,
  position_x        integer,
  position_y        integer,
  monster_type      text,
  monster_sub_type  text,
  building_type     text,
  tower_type        text,
  lane_type         text,
  item_id           integer,
  before_id         integer,
  after_id          integer,
  gold_gain         integer,
  skill_slot        integer,
  level_up_type     text,
  level             integer,
  ward_type         text,
  kill_type         text,
  multi_kill_length integer,
  kill_streak_length integer,
  bounty            integer,
  shutdown_bounty   integer,
  winning_team      integer,
  name              text,
  transform_type    text,
  real_time         timestamptz,
  PRIMARY KEY (match_id, event_index)
);
COMMENT ON TABLE riot.timeline_events IS 'One row per timeline event (info.frames[].events), every type Riot sends, with their common fields as columns (rarer ones stay in the raw payload)';
COMMENT ON COLUMN riot.timeline_events.match_id IS 'The match';
COMMENT ON COLUMN riot.timeline_events.event_index IS 'The event''s place in the timeline, from 0';
COMMENT ON COLUMN riot.timeline_events.minute IS 'The index of the frame the event is in (riot.timeline_frames.minute)';
COMMENT ON COLUMN riot.timeline_events.timestamp_ms IS 'When it happened, in milliseconds of game time';
COMMENT ON COLUMN riot.timeline_events.type IS 'CHAMPION_KILL, ELITE_MONSTER_KILL, BUILDING_KILL, ITEM_PURCHASED, SKILL_LEVEL_UP, WARD_PLACED, ...';
COMMENT ON COLUMN riot.timeline_events.participant_id IS 'The acting participant of item, skill, level and ward-placing events (participantId, or creatorId for WARD_PLACED)';
COMMENT ON COLUMN riot.timeline_events.killer_id IS 'The killer (killerId); 0 for minions, turrets and monsters';
COMMENT ON COLUMN riot.timeline_events.victim_id IS 'The killed champion (victimId)';
COMMENT ON COLUMN riot.timeline_events.assisting_ids IS 'The participants who assisted (assistingParticipantIds)';
COMMENT ON COLUMN riot.timeline_events.killer_team_id IS 'The team that killed an elite monster (killerTeamId)';
COMMENT ON COLUMN riot.timeline_events.team_id IS 'The team that lost the building or plate, or gained the dragon soul (teamId)';
COMMENT ON COLUMN riot.timeline_events.position_x IS 'Map position, x';
COMMENT ON COLUMN riot.timeline_events.position_y IS 'Map position, y';
COMMENT ON COLUMN riot.timeline_events.monster_type IS 'DRAGON, BARON_NASHOR, RIFTHERALD, HORDE, ATAKHAN, ... (monsterType)';
COMMENT ON COLUMN riot.timeline_events.monster_sub_type IS 'The dragon''s kind, e.g. FIRE_DRAGON (monsterSubType)';
COMMENT ON COLUMN riot.timeline_events.building_type IS 'TOWER_BUILDING or INHIBITOR_BUILDING (buildingType)';
COMMENT ON COLUMN riot.timeline_events.tower_type IS 'OUTER_TURRET, INNER_TURRET, BASE_TURRET, NEXUS_TURRET (towerType)';
COMMENT ON COLUMN riot.timeline_events.lane_type IS 'TOP_LANE, MID_LANE or BOT_LANE (laneType)';
COMMENT ON COLUMN riot.timeline_events.item_id IS 'The item bought, sold or destroyed (itemId)';
COMMENT ON COLUMN riot.timeline_events.before_id IS 'ITEM_UNDO: the item before (beforeId)';
COMMENT ON COLUMN riot.timeline_events.after_id IS 'ITEM_UNDO: the item after (afterId)';
COMMENT ON COLUMN riot.timeline_events.gold_gain IS 'ITEM_UNDO: the gold given back (goldGain)';
COMMENT ON COLUMN riot.timeline_events.skill_slot IS 'SKILL_LEVEL_UP: 1 to 4 for Q, W, E, R (skillSlot)';
COMMENT ON COLUMN riot.timeline_events.level_up_type IS 'SKILL_LEVEL_UP: NORMAL or EVOLVE (levelUpType)';
COMMENT ON COLUMN riot.timeline_events.level IS 'LEVEL_UP: the level reached';
COMMENT ON COLUMN riot.timeline_events.ward_type IS 'WARD_PLACED and WARD_KILL: YELLOW_TRINKET, CONTROL_WARD, ... (wardType)';
COMMENT ON COLUMN riot.timeline_events.kill_type IS 'CHAMPION_SPECIAL_KILL: KILL_FIRST_BLOOD, KILL_MULTI, KILL_ACE (killType)';
COMMENT ON COLUMN riot.timeline_events.multi_kill_length IS 'CHAMPION_SPECIAL_KILL: 2 for a double kill, ... (multiKillLength)';
COMMENT ON COLUMN riot.timeline_events.kill_streak_length IS 'CHAMPION_KILL: the killer''s streak (killStreakLength)';
COMMENT ON COLUMN riot.timeline_events.bounty IS 'Gold bounty of the kill (bounty)';
COMMENT ON COLUMN riot.timeline_events.shutdown_bounty IS 'Shutdown gold of the kill (shutdownBounty)';
COMMENT ON COLUMN riot.timeline_events.winning_team IS 'GAME_END: the winning team (winningTeam)';
COMMENT ON COLUMN riot.timeline_events.name IS 'DRAGON_SOUL_GIVEN: the soul (name)';
COMMENT ON COLUMN riot.timeline_events.transform_type IS 'CHAMPION_TRANSFORM: SLAYER or ASSASSIN (transformType)';
COMMENT ON COLUMN riot.timeline_events.real_time IS 'Wall-clock time of GAME_END and pauses (realTimestamp)';
CREATE INDEX timeline_events_type ON riot.timeline_events (type);

-- Make the typed rows of a stored timeline. Its shape was checked by the engine's parser before it
-- was stored; keys the parser does not need are taken when present and NULL when not, and a frame
-- without participant frames or events (an aborted game's) has no rows.
CREATE FUNCTION riot._store_timeline_rows(match_id text, raw jsonb)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  INSERT INTO riot.timeline_frames (match_id, minute, participant_id, puuid, frame_ms, total_gold, current_gold,
                                    xp, level, cs, jungle_cs, position_x, position_y, damage_to_champions)
  SELECT _store_timeline_rows.match_id, f.index - 1, pf.key::integer, who.puuid, (f.frame ->> 'timestamp')::integer,
         (pf.value ->> 'totalGold')::integer, (pf.value ->> 'currentGold')::integer, (pf.value ->> 'xp')::integer,
         (pf.value ->> 'level')::integer, (pf.value ->> 'minionsKilled')::integer,
         (pf.value ->> 'jungleMinionsKilled')::integer, (pf.value #>> '{position,x}')::integer,
         (pf.value #>> '{position,y}')::integer, (pf.value #>> '{damageStats,totalDamageDoneToChampions}')::integer
    FROM jsonb_array_elements(raw #> '{info,frames}') WITH ORDINALITY AS f(frame, index)
   CROSS JOIN LATERAL jsonb_each(CASE jsonb_typeof(f.frame -> 'participantFrames')
                                 WHEN 'object' THEN f.frame -> 'participantFrames' END) AS pf
    LEFT JOIN (SELECT (p ->> 'participantId')::integer AS participant_id, p ->> 'puuid' AS puuid
                 FROM jsonb_array_elements(CASE jsonb_typeof(raw #> '{info,participants}')
                                           WHEN 'array' THEN raw #> '{info,participants}' END) AS p) AS who
           ON who.participant_id = pf.key::integer
  ON CONFLICT DO NOTHING;
  INSERT INTO riot.timeline_events
  SELECT _store_timeline_rows.match_id, (row_number() OVER (ORDER BY f.index, e.index) - 1)::integer, f.index - 1,
         x."timestamp", x.type, COALESCE(x."participantId", x."creatorId"), x."killerId", x."victimId",
         x."assistingParticipantIds", x."killerTeamId", x."teamId", (x."position" ->> 'x')::integer,
         (x."position" ->> 'y')::integer, x."monsterType", x."monsterSubType", x."buildingType", x."towerType",
         x."laneType", x."itemId", x."beforeId", x."afterId", x."goldGain", x."skillSlot", x."levelUpType",
         x."level", x."wardType", x."killType", x."multiKillLength", x."killStreakLength", x.bounty,
         x."shutdownBounty", x."winningTeam", x.name, x."transformType",
         to_timestamp(x."realTimestamp"::double precision / 1000)
    FROM jsonb_array_elements(raw #> '{info,frames}') WITH ORDINALITY AS f(frame, index)
   CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(f.frame -> 'events')
                                           WHEN 'array' THEN f.frame -> 'events' END) WITH ORDINALITY AS e(event, index)
   CROSS JOIN LATERAL jsonb_to_record(e.event) AS x(
         "timestamp" integer, type text, "participantId" integer, "creatorId" integer, "killerId" integer,
         "victimId" integer, "assistingParticipantIds" integer[], "killerTeamId" integer, "teamId" integer,
         "position" jsonb, "monsterType" text, "monsterSubType" text, "buildingType" text, "towerType" text,
         "laneType" text, "itemId" integer, "beforeId" integer, "afterId" integer, "goldGain" integer,
         "skillSlot" integer, "levelUpType" text, "level" integer, "wardType" text, "killType" text,
         "multiKillLength" integer, "killStreakLength" integer, bounty integer, "shutdownBounty" integer,
         "winningTeam" integer, name text, "transformType" text, "realTimestamp" bigint)
  ON CONFLICT DO NOTHING;
END;
COMMENT ON FUNCTION riot._store_timeline_rows(text, jsonb) IS
  'Internal: make the typed frame and event rows of a stored timeline';

-- Store a timeline, its typed rows, and queue it for the aggregates, idempotently.
CREATE FUNCTION riot._store_timeline(match_id text, raw jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO riot.timelines (match_id, raw) VALUES (match_id, raw) ON CONFLICT DO NOTHING;
  IF FOUND THEN
    PERFORM riot._store_timeline_rows(match_id, raw);
    INSERT INTO riot.analytics_pending (match_id, part) VALUES (match_id, 'timeline') ON CONFLICT DO NOTHING;
    UPDATE riot.matches m SET timeline_missing_since = NULL
     WHERE m.match_id = _store_timeline.match_id AND m.timeline_missing_since IS NOT NULL;
  END IF;
END $$;
COMMENT ON FUNCTION riot._store_timeline(text, jsonb) IS
  'Internal: store a match timeline and its typed rows, and queue it for the aggregates';

-- Riot has no timeline for the match (404): record that, so that it is not asked again.
CREATE FUNCTION riot._timeline_missing(match_id text)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  UPDATE riot.matches m SET timeline_missing_since = now()
   WHERE m.match_id = _timeline_missing.match_id AND m.timeline_missing_since IS NULL;
END;
COMMENT ON FUNCTION riot._timeline_missing(text) IS
  'Internal: record that Riot has no timeline for a stored match';

GRANT SELECT ON riot.timeline_frames, riot.timeline_events TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._store_timeline(text, jsonb), riot._timeline_missing(text) TO riot_admin;
------------------------------------------------------------------------------------------
-- riot.sync_player: a player's whole match history, as jobs spread over every worker.
------------------------------------------------------------------------------------------

CREATE FUNCTION riot.platform_region(platform text)
RETURNS text
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'riot_platform_region';
COMMENT ON FUNCTION riot.platform_region(text) IS
  'Regional route of a platform (kr -> asia, euw1 -> europe); NULL for an unknown platform';

-- Check a Riot ID and a platform as a user typed them, and return them trimmed (the platform in
-- lower case); bad input is an error with SQLSTATE 22023 and a hint. The platform may be NULL
-- when not required.
CREATE FUNCTION riot._check_riot_id(game_name text, tag_line text, platform text,
                                    platform_required boolean DEFAULT true,
                                    OUT name text, OUT tag text, OUT route text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  name := btrim(game_name);
  tag := btrim(tag_line);
  route := lower(btrim(platform));
  IF name IS NULL OR char_length(name) NOT BETWEEN 3 AND 24 THEN
    RAISE EXCEPTION 'invalid Riot ID game name "%"', game_name USING ERRCODE = '22023',
      DETAIL = 'A game name has 3 to 16 characters (up to 24 for legacy accounts).',
      HINT = 'Pass the part before the # as game_name, e.g. riot.sync_player(''Hide on bush'', ''KR1'', ''kr'').';
  END IF;
  IF tag IS NULL OR char_length(tag) NOT BETWEEN 2 AND 8 THEN
    RAISE EXCEPTION 'invalid Riot ID tag line "%"', tag_line USING ERRCODE = '22023',
      DETAIL = 'A tag line has 3 to 5 characters (up to 8 for legacy accounts).',
      HINT = 'Pass the part after the # as tag_line, without the #.';
  END IF;
  IF name || tag ~ '[#/\\?[:cntrl:]]' THEN
    RAISE EXCEPTION 'invalid Riot ID "%#%"', game_name, tag_line USING ERRCODE = '22023',
      DETAIL = 'Riot IDs contain no #, /, \, ? or control characters.',
      HINT = 'Pass the game name and the tag line as two arguments, without the #.';
  END IF;
  IF (route IS NULL AND platform_required) OR (route IS NOT NULL AND riot.platform_region(route) IS NULL) THEN
    RAISE EXCEPTION 'unknown platform "%"', platform USING ERRCODE = '22023',
      HINT = 'Use a platform routing value: br1, eun1, euw1, jp1, kr, la1, la2, me1, na1, oc1, ru, sg2, tr1, tw2 or vn2.';
  END IF;
END $$;
COMMENT ON FUNCTION riot._check_riot_id(text, text, text, boolean) IS
  'Internal: check a Riot ID and platform (when required) as typed, returned trimmed; 22023 with a hint when bad';

CREATE FUNCTION riot.sync_player(game_name text, tag_line text, platform text, year integer DEFAULT NULL,
                                 max_matches integer DEFAULT 1000, queue integer DEFAULT NULL,
                                 with_timelines boolean DEFAULT false, force boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  name text;
  tag text;
  route text;
  key text;
  recent riot.jobs;
  cooldown interval := current_setting('riot.sync_cooldown')::interval;
BEGIN
  SELECT c.name, c.tag, c.route INTO name, tag, route FROM riot._check_riot_id(game_name, tag_line, platform) c;
  IF year IS NOT NULL AND (year < 2010 OR year > extract(year FROM now())::integer) THEN
    RAISE EXCEPTION 'invalid year %', year USING ERRCODE = '22023',
      HINT = pg_catalog.format('Pass a year from 2010 to %s, or NULL for every year.', extract(year FROM now()));
  END IF;
  IF max_matches IS NULL OR max_matches NOT BETWEEN 1 AND 100000 THEN
    RAISE EXCEPTION 'invalid max_matches %', max_matches USING ERRCODE = '22023',
      HINT = 'Pass a number of matches from 1 to 100000.';
  END IF;
  IF queue IS NOT NULL AND queue < 0 THEN
    RAISE EXCEPTION 'invalid queue %', queue USING ERRCODE = '22023',
      HINT = 'Pass a queue id such as 420 (ranked solo), or NULL for every queue.';
  END IF;

  key := lower(name) || '#' || lower(tag) || '@' || route;
  IF NOT force THEN
    SELECT * INTO recent FROM riot.jobs j
     WHERE j.kind = 'sync_player' AND j.dedup_key = key AND j.parent_id IS NULL
     ORDER BY j.job_id DESC LIMIT 1;
    IF recent.state IN ('queued', 'running', 'waiting') THEN
      RETURN recent.job_id;
    END IF;
    IF recent.state = 'succeeded' AND recent.finished_at > now() - cooldown THEN
      RAISE NOTICE 'player %#% was synced at %; returning that job', name, tag, recent.finished_at
        USING HINT = 'Pass force => true to sync again now, or lower riot.sync_cooldown.';
      RETURN recent.job_id;
    END IF;
  END IF;
  RETURN riot._enqueue('sync_player',
                       jsonb_build_object('game_name', name, 'tag_line', tag, 'platform', route,
                                          'year', year, 'max_matches', max_matches, 'queue', queue,
                                          'with_timelines', with_timelines),
                       10, key);
END $$;
COMMENT ON FUNCTION riot.sync_player(text, text, text, integer, integer, integer, boolean, boolean) IS
  'Queue a sync of a player''s match history (resolve the Riot ID, list and fetch matches, rank); returns the job id';

-- Fan a job out over matches, set-based: queue a fetch_match child for every listed match not
-- stored yet (a match another job is already fetching is left to it), add what the listing
-- found to the job's result and wait for the children, all in the caller's transaction; false
-- when the attempt was lost. Syncs and the tracked-player updater both fan out through it.
CREATE FUNCTION riot._fan_out_matches(job_id bigint, attempt integer, worker text, match_ids text[],
                                      result jsonb DEFAULT '{}', with_timelines boolean DEFAULT false,
                                      priority integer DEFAULT 5)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  missing text[];
  queued bigint;
BEGIN
  PERFORM FROM riot.jobs j
   WHERE j.job_id = _fan_out_matches.job_id
     AND riot._holds(j, _fan_out_matches.attempt, _fan_out_matches.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;  -- the attempt was lost: queue nothing
  END IF;
  SELECT COALESCE(array_agg(m.id ORDER BY m.n), '{}') INTO missing
    FROM unnest(match_ids) WITH ORDINALITY AS m(id, n)
   WHERE NOT EXISTS (SELECT FROM riot.matches x WHERE x.match_id = m.id);
  WITH inserted AS (
    INSERT INTO riot.jobs AS c (kind, args, priority, dedup_key, parent_id)
    SELECT 'fetch_match',
           jsonb_build_object('match_id', m.id, 'with_timelines', COALESCE(with_timelines, false)),
           COALESCE(_fan_out_matches.priority, 5), m.id, _fan_out_matches.job_id
      FROM unnest(missing) WITH ORDINALITY AS m(id, n)
     ORDER BY m.n
    ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running', 'waiting')
    DO NOTHING
    RETURNING 1)
  SELECT count(*) INTO queued FROM inserted;
  UPDATE riot.jobs j
     SET children_pending = j.children_pending + queued, step = 'fetching matches', processed = 0,
         total = cardinality(missing)
   WHERE j.job_id = _fan_out_matches.job_id;
  IF queued > 0 THEN
    PERFORM riot._wake_at_commit();
    PERFORM pg_catalog.pg_notify('riot_jobs', 'fetch_match');
  END IF;
  RETURN riot._finish(_fan_out_matches.job_id, _fan_out_matches.attempt, _fan_out_matches.worker,
                      COALESCE(result, '{}') || jsonb_build_object('matches_listed', cardinality(match_ids),
                                                                   'matches_new', cardinality(missing)),
                      true);
END $$;
COMMENT ON FUNCTION riot._fan_out_matches(bigint, integer, text, text[], jsonb, boolean, integer) IS
  'Internal: queue fetch_match children for the listed matches not stored yet, and wait for them';

-- The final step of a sync: mark the player synced, total what the sync did into its result and
-- finish it; false when the attempt was lost.
CREATE FUNCTION riot._finish_sync(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish_sync.job_id AND riot._holds(j, _finish_sync.attempt, _finish_sync.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE riot.players p SET synced_at = now(), updated_at = now() WHERE p.puuid = job.result ->> 'puuid';
  RETURN riot._finish(job.job_id, _finish_sync.attempt, _finish_sync.worker,
    COALESCE(job.result, '{}') || jsonb_build_object(
      'matches_fetched', (SELECT count(*) FROM riot.jobs c WHERE c.parent_id = job.job_id
                            AND c.state = 'succeeded'),
      'matches_failed', job.children_failed,
      -- The player's games now stored with participants (aborted games have none).
      'player_games', (SELECT count(*) FROM riot.match_participants mp
                        WHERE mp.puuid = job.result ->> 'puuid')));
END $$;
COMMENT ON FUNCTION riot._finish_sync(bigint, integer, text) IS
  'Internal: the final step of a sync: totals into its result, players.synced_at, finished';

GRANT EXECUTE ON FUNCTION riot._fan_out_matches(bigint, integer, text, text[], jsonb, boolean, integer),
  riot._finish_sync(bigint, integer, text) TO riot_admin;
GRANT EXECUTE ON FUNCTION riot.sync_player(text, text, text, integer, integer, integer, boolean, boolean) TO riot_operator;
GRANT EXECUTE ON FUNCTION riot.platform_region(text) TO riot_reader;

------------------------------------------------------------------------------------------
-- Timelines of stored matches that lack them: a later sync with with_timelines does not fetch
-- matches it already has, so riot.fetch_timelines fetches what is missing, as a job with a child
-- per timeline (shared with any other request for the same timeline).
------------------------------------------------------------------------------------------

CREATE FUNCTION riot.fetch_timelines(game_name text, tag_line text, since timestamptz DEFAULT NULL,
                                     max_matches integer DEFAULT 1000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  name text;
  tag text;
  ids text[];
  parent bigint;
  queued bigint;
BEGIN
  SELECT c.name, c.tag INTO name, tag FROM riot._check_riot_id(game_name, tag_line, NULL, false) c;
  IF max_matches IS NULL OR max_matches NOT BETWEEN 1 AND 100000 THEN
    RAISE EXCEPTION 'invalid max_matches %', max_matches USING ERRCODE = '22023',
      HINT = 'Pass a number of matches from 1 to 100000.';
  END IF;
  SELECT COALESCE(array_agg(x.match_id ORDER BY x.game_start DESC, x.match_id), '{}') INTO ids
    FROM (SELECT m.match_id, m.game_start
            FROM riot.match_participants p JOIN riot.matches m ON m.match_id = p.match_id
           WHERE p.puuid IN (SELECT riot._puuids_of(name, tag))
             AND (since IS NULL OR m.game_start >= since)
             AND m.timeline_missing_since IS NULL
             AND NOT EXISTS (SELECT FROM riot.timelines t WHERE t.match_id = m.match_id)
           ORDER BY m.game_start DESC, m.match_id LIMIT max_matches) x;
  INSERT INTO riot.jobs (kind, args, priority, fanned_out, result, step, processed, total)
  VALUES ('fetch_timelines', jsonb_build_object('game_name', name, 'tag_line', tag, 'since', since), 10, true,
          jsonb_build_object('timelines_listed', cardinality(ids)), 'fetching timelines', 0, cardinality(ids))
  RETURNING job_id INTO parent;
  WITH inserted AS (
    INSERT INTO riot.jobs (kind, args, priority, dedup_key, parent_id)
    SELECT 'fetch_match', jsonb_build_object('match_id', m.id, 'timeline_only', true), 5, 'timeline:' || m.id, parent
      FROM unnest(ids) WITH ORDINALITY AS m(id, n)
     ORDER BY m.n
    ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running', 'waiting')
    DO NOTHING
    RETURNING 1)
  SELECT count(*) INTO queued FROM inserted;
  -- Waiting for its children, or (none queued) its final step at once.
  UPDATE riot.jobs j SET state = CASE WHEN queued > 0 THEN 'waiting' ELSE 'queued' END, children_pending = queued
   WHERE j.job_id = parent;
  PERFORM riot._wake_at_commit();
  PERFORM pg_catalog.pg_notify('riot_jobs', 'fetch_match');
  RETURN parent;
END $$;
COMMENT ON FUNCTION riot.fetch_timelines(text, text, timestamptz, integer) IS
  'Fetch the timelines of a player''s stored matches that have none (newest first, games since `since`, at most max_matches; those Riot has none for are skipped); returns the job id. riot_operator';

-- The final step of a fetch_timelines job: what its children did, into its result.
CREATE FUNCTION riot._finish_fetch_timelines(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish_fetch_timelines.job_id
     AND riot._holds(j, _finish_fetch_timelines.attempt, _finish_fetch_timelines.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  RETURN riot._finish(job.job_id, _finish_fetch_timelines.attempt, _finish_fetch_timelines.worker,
    COALESCE(job.result, '{}') || jsonb_build_object(
      'timelines_stored', (SELECT count(*) FROM riot.jobs c WHERE c.parent_id = job.job_id AND c.state = 'succeeded'
                             AND c.result IS DISTINCT FROM '{"timeline": "missing"}'),
      'timelines_missing', (SELECT count(*) FROM riot.jobs c WHERE c.parent_id = job.job_id
                              AND c.result = '{"timeline": "missing"}'),
      'timelines_failed', job.children_failed));
END $$;
COMMENT ON FUNCTION riot._finish_fetch_timelines(bigint, integer, text) IS
  'Internal: the final step of a fetch_timelines job: what its children did, into its result';

GRANT EXECUTE ON FUNCTION riot.fetch_timelines(text, text, timestamptz, integer) TO riot_operator;
GRANT EXECUTE ON FUNCTION riot._finish_fetch_timelines(bigint, integer, text) TO riot_admin;
------------------------------------------------------------------------------------------
-- Analysis (gold): match history and time played, as views and functions any client reads.
------------------------------------------------------------------------------------------

CREATE VIEW riot.player_games AS
SELECT p.puuid, pl.game_name, pl.tag_line, pl.platform, m.match_id, m.game_start,
       COALESCE(m.game_end, m.game_start + make_interval(secs => m.duration_seconds)) AS game_end,
       m.duration_seconds, m.queue_id, m.game_mode, p.champion_name, p.team_position,
       p.kills, p.deaths, p.assists, p.cs, p.win
  FROM riot.match_participants p
  JOIN riot.matches m USING (match_id)
  LEFT JOIN riot.players pl USING (puuid)
 WHERE NOT p.is_bot AND m.game_start IS NOT NULL;
COMMENT ON VIEW riot.player_games IS
  'One row per player per stored game (bots and aborted games left out): the base of every time analysis';

-- The puuids stored for a Riot ID (one per platform it was synced on); an error when none.
CREATE FUNCTION riot._puuids_of(game_name text, tag_line text)
RETURNS SETOF text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  found boolean := false;
  id text;
BEGIN
  FOR id IN SELECT p.puuid FROM riot.players p
             WHERE lower(p.game_name) = lower(btrim(_puuids_of.game_name))
               AND lower(p.tag_line) = lower(btrim(_puuids_of.tag_line)) LOOP
    found := true;
    RETURN NEXT id;
  END LOOP;
  IF NOT found THEN
    RAISE EXCEPTION 'no player %#% in riot.players', game_name, tag_line USING ERRCODE = 'P0002',
      HINT = 'Sync the player first: SELECT riot.sync_player(game_name, tag_line, platform).';
  END IF;
END $$;
COMMENT ON FUNCTION riot._puuids_of(text, text) IS 'Internal: the puuids stored for a Riot ID';

CREATE FUNCTION riot.match_history(puuid text)
RETURNS TABLE (match_id text, game_start timestamptz, duration interval, queue_id integer,
               champion_name text, team_position text, kills integer, deaths integer, assists integer,
               kda numeric, cs integer, win boolean)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT m.match_id, m.game_start, make_interval(secs => m.duration_seconds), m.queue_id,
         p.champion_name, p.team_position, p.kills, p.deaths, p.assists,
         round((p.kills + p.assists)::numeric / greatest(p.deaths, 1), 2), p.cs, p.win
    FROM riot.match_participants p
    JOIN riot.matches m ON m.match_id = p.match_id
   WHERE p.puuid = match_history.puuid
   ORDER BY m.game_start DESC NULLS LAST, m.match_id DESC
$$;
COMMENT ON FUNCTION riot.match_history(text) IS
  'A player''s stored matches, newest first: champion, position, K/D/A, KDA, CS, win';

CREATE FUNCTION riot.match_history(game_name text, tag_line text)
RETURNS TABLE (match_id text, game_start timestamptz, duration interval, queue_id integer,
               champion_name text, team_position text, kills integer, deaths integer, assists integer,
               kda numeric, cs integer, win boolean)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT h.* FROM riot._puuids_of(match_history.game_name, match_history.tag_line) AS id(puuid),
         LATERAL riot.match_history(id.puuid) h
   ORDER BY h.game_start DESC NULLS LAST, h.match_id DESC
$$;
COMMENT ON FUNCTION riot.match_history(text, text) IS
  'A player''s stored matches by Riot ID, newest first';

-- Games of one player with the session each belongs to (a gap longer than `gap` starts a new one).
CREATE FUNCTION riot.play_sessions(game_name text, tag_line text, gap interval DEFAULT '30 minutes')
RETURNS TABLE (session integer, started_at timestamptz, ended_at timestamptz, games bigint,
               length interval)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH games AS (
    SELECT g.game_start, g.game_end,
           CASE WHEN g.game_start - lag(g.game_end) OVER w > play_sessions.gap OR lag(g.game_end) OVER w IS NULL
                THEN 1 ELSE 0 END AS starts_session
      FROM riot.player_games g
     WHERE g.puuid IN (SELECT riot._puuids_of(play_sessions.game_name, play_sessions.tag_line))
    WINDOW w AS (ORDER BY g.game_start)),
  numbered AS (
    SELECT game_start, game_end, sum(starts_session) OVER (ORDER BY game_start)::integer AS session
      FROM games)
  SELECT session, min(game_start), max(game_end), count(*), max(game_end) - min(game_start)
    FROM numbered GROUP BY session ORDER BY session
$$;
COMMENT ON FUNCTION riot.play_sessions(text, text, interval) IS
  'A player''s play sessions: games separated by at most `gap`, with their count and length';

CREATE FUNCTION riot.time_played(game_name text, tag_line text, gap interval DEFAULT '30 minutes')
RETURNS TABLE (games bigint, total interval, first_game timestamptz, last_game timestamptz,
               average_game interval, sessions bigint, average_session interval, longest_session interval,
               games_per_session numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT g.games, g.total, g.first_game, g.last_game, g.total / greatest(g.games, 1),
         s.sessions, s.average_session, s.longest_session, round(g.games::numeric / greatest(s.sessions, 1), 2)
    FROM (SELECT count(*) AS games, make_interval(secs => COALESCE(sum(duration_seconds), 0)) AS total,
                 min(game_start) AS first_game, max(game_start) AS last_game
            FROM riot.player_games WHERE puuid IN (SELECT riot._puuids_of(time_played.game_name, time_played.tag_line))) g,
         (SELECT count(*) AS sessions, avg(length) AS average_session, max(length) AS longest_session
            FROM riot.play_sessions(time_played.game_name, time_played.tag_line, time_played.gap)) s
$$;
COMMENT ON FUNCTION riot.time_played(text, text, interval) IS
  'Total time a player spent in stored games, with game and session statistics';

CREATE FUNCTION riot.time_played_by(game_name text, tag_line text, per text)
RETURNS TABLE (bucket text, games bigint, time_played interval, wins bigint)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF per NOT IN ('day', 'week', 'month', 'year', 'champion', 'queue', 'position') THEN
    RAISE EXCEPTION 'invalid per "%"', per USING ERRCODE = '22023',
      HINT = 'Use day, week, month, year, champion, queue or position.';
  END IF;
  RETURN QUERY
  SELECT CASE WHEN per IN ('day', 'week', 'month', 'year')
                THEN to_char(date_trunc(per, g.game_start AT TIME ZONE 'UTC'), 'YYYY-MM-DD')
              WHEN per = 'champion' THEN g.champion_name
              WHEN per = 'queue' THEN g.queue_id::text
              ELSE COALESCE(g.team_position, '') END AS bucket,
         count(*), make_interval(secs => sum(g.duration_seconds)), count(*) FILTER (WHERE g.win)
    FROM riot.player_games g
   WHERE g.puuid IN (SELECT riot._puuids_of(time_played_by.game_name, time_played_by.tag_line))
   GROUP BY 1 ORDER BY 1;
END $$;
COMMENT ON FUNCTION riot.time_played_by(text, text, text) IS
  'Games and time played per day, week, month or year (UTC), per champion, per queue or per position';

CREATE FUNCTION riot.play_grid(game_name text, tag_line text, time_zone text DEFAULT 'UTC')
RETURNS TABLE (weekday integer, hour integer, games bigint, time_played interval)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT d.weekday, h.hour, count(g.match_id), make_interval(secs => COALESCE(sum(g.duration_seconds), 0))
    FROM generate_series(1, 7) d(weekday)
   CROSS JOIN generate_series(0, 23) h(hour)
    LEFT JOIN riot.player_games g
      ON g.puuid IN (SELECT riot._puuids_of(play_grid.game_name, play_grid.tag_line))
     AND extract(isodow FROM g.game_start AT TIME ZONE time_zone) = d.weekday
     AND extract(hour FROM g.game_start AT TIME ZONE time_zone) = h.hour
   GROUP BY d.weekday, h.hour ORDER BY d.weekday, h.hour
$$;
COMMENT ON FUNCTION riot.play_grid(text, text, text) IS
  'Games started per weekday (1 = Monday) and hour in a time zone: 168 cells, empty ones included';

GRANT SELECT ON riot.player_games TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._puuids_of(text, text), riot.match_history(text), riot.match_history(text, text),
  riot.play_sessions(text, text, interval), riot.time_played(text, text, interval),
  riot.time_played_by(text, text, text), riot.play_grid(text, text, text) TO riot_reader;
------------------------------------------------------------------------------------------
-- Scheduled jobs: a configuration per recurring job and its pg_cron entry, which only queues
-- the job (the work runs in pg_riot's workers); an execution row per run, scheduled, manual or
-- skipped, kept long after the job row is purged.
------------------------------------------------------------------------------------------

CREATE TABLE riot.job_configurations (
  name       text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,47}$'),
  kind       text NOT NULL,
  schedule   text NOT NULL,
  active     boolean NOT NULL DEFAULT true,
  config     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
  created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  updated_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE riot.job_configurations IS
  'One row per scheduled job: what it runs, when (its pg_cron entry is named "pg_riot: <name>") and with which settings';
COMMENT ON COLUMN riot.job_configurations.name IS 'The configuration''s name, e.g. tracked_player_updater';
COMMENT ON COLUMN riot.job_configurations.kind IS 'The job kind a run queues';
COMMENT ON COLUMN riot.job_configurations.schedule IS 'When pg_cron runs it: a cron expression such as ''* * * * *'' (minute hour day month weekday, in UTC)';
COMMENT ON COLUMN riot.job_configurations.active IS 'Scheduled runs happen only while active (run_job works either way)';
COMMENT ON COLUMN riot.job_configurations.config IS 'The job''s settings, every key checked against its kind (riot.job_kind_settings)';
COMMENT ON COLUMN riot.job_configurations.created_at IS 'When the configuration was made';
COMMENT ON COLUMN riot.job_configurations.updated_at IS 'When it last changed';

CREATE TABLE riot.job_executions (
  execution_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  configuration   text NOT NULL REFERENCES riot.job_configurations ON UPDATE CASCADE ON DELETE CASCADE,
  trigger         text NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
  job_id          bigint,
  state           text NOT NULL
                  CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped')),
  created_at      timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
  started_at      timestamptz,
  finished_at     timestamptz,
  metrics         jsonb NOT NULL DEFAULT '{}',
  records_created bigint,
  records_updated bigint,
  error           text
);
COMMENT ON TABLE riot.job_executions IS
  'One row per run of a scheduled job (scheduled, manual, or skipped because the previous run was still live), with its metrics';
COMMENT ON COLUMN riot.job_executions.execution_id IS 'The run''s id, increasing';
COMMENT ON COLUMN riot.job_executions.configuration IS 'The configuration that ran';
COMMENT ON COLUMN riot.job_executions.trigger IS 'scheduled (by pg_cron) or manual (riot.run_job)';
COMMENT ON COLUMN riot.job_executions.job_id IS 'The job of the run (of a skipped run: the live job it would have duplicated); riot.jobs keeps it for riot.job_retention only';
COMMENT ON COLUMN riot.job_executions.state IS 'queued, running, succeeded, failed, cancelled, or skipped';
COMMENT ON COLUMN riot.job_executions.created_at IS 'When the run was asked for';
COMMENT ON COLUMN riot.job_executions.started_at IS 'When a worker started it';
COMMENT ON COLUMN riot.job_executions.finished_at IS 'When it ended';
COMMENT ON COLUMN riot.job_executions.metrics IS 'What the run did, by its kind: for the updater players_processed, matches_fetched, players_discovered, rank_changes, api_requests, ...';
COMMENT ON COLUMN riot.job_executions.records_created IS 'Rows the run added (matches, rank rows, discovered players, ...)';
COMMENT ON COLUMN riot.job_executions.records_updated IS 'Rows the run changed (players refreshed, ...)';
COMMENT ON COLUMN riot.job_executions.error IS 'Why the run failed or was skipped';
CREATE INDEX job_executions_configuration ON riot.job_executions (configuration, execution_id DESC);
CREATE INDEX job_executions_live ON riot.job_executions (job_id) WHERE state IN ('queued', 'running');
CREATE INDEX job_executions_finished ON riot.job_executions (finished_at);

-- The settings each scheduled kind takes, with their defaults: a number is a whole count from 1,
-- a string an interval, unless `allowed` lists the values it may take; an array a list of those
-- values.
CREATE TABLE riot.job_kind_settings (
  kind          text NOT NULL,
  setting       text NOT NULL,
  default_value jsonb NOT NULL CHECK (jsonb_typeof(default_value) IN ('number', 'string', 'array')),
  allowed       jsonb CHECK (jsonb_typeof(allowed) = 'array'),
  description   text NOT NULL,
  PRIMARY KEY (kind, setting)
);
COMMENT ON TABLE riot.job_kind_settings IS 'The settings each scheduled job kind takes in its config, with their defaults';
COMMENT ON COLUMN riot.job_kind_settings.kind IS 'The job kind';
COMMENT ON COLUMN riot.job_kind_settings.setting IS 'A key of the configuration''s config';
COMMENT ON COLUMN riot.job_kind_settings.default_value IS 'Its value when the config leaves it out';
COMMENT ON COLUMN riot.job_kind_settings.allowed IS 'The values it may take (a list setting: its elements), when they are a list';
COMMENT ON COLUMN riot.job_kind_settings.description IS 'What it does';
INSERT INTO riot.job_kind_settings (kind, setting, default_value, description) VALUES
  ('tracked_player_updater', 'max_requests', '2000',
   'Riot API requests one run may make at most (player checks and the matches they find); players left over go first next run'),
  ('tracked_player_updater', 'max_matches_per_player', '100',
   'New matches listed per player per run at most (the oldest first, so none is skipped)'),
  ('cleanup', 'execution_retention', '"90 days"', 'Execution rows older than this are deleted');

-- Check a config for a kind: every key known, every value of its default's type (numbers whole
-- and positive, text a valid interval). Returns the config with its defaults filled in.
CREATE FUNCTION riot._checked_config(kind text, config jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  known text;
  setting record;
  checked jsonb := '{}'::jsonb;
BEGIN
  SELECT string_agg(s.setting, ', ' ORDER BY s.setting) INTO known FROM riot.job_kind_settings s
   WHERE s.kind = _checked_config.kind;
  IF config IS NULL OR jsonb_typeof(config) <> 'object' THEN
    RAISE EXCEPTION 'invalid config %', COALESCE(config::text, 'NULL') USING ERRCODE = '22023',
      HINT = 'Pass a JSON object of settings, e.g. ''{"max_requests": 500}''.';
  END IF;
  FOR setting IN SELECT c.key, c.value, s.default_value, s.allowed FROM jsonb_each(config) c
                   LEFT JOIN riot.job_kind_settings s ON s.kind = _checked_config.kind AND s.setting = c.key LOOP
    IF setting.default_value IS NULL THEN
      RAISE EXCEPTION 'unknown setting "%" for % jobs', setting.key, kind USING ERRCODE = '22023',
        HINT = COALESCE('Settings of ' || kind || ' jobs: ' || known || '.', kind || ' jobs take no setting.');
    END IF;
    IF jsonb_typeof(setting.default_value) = 'array' THEN
      IF jsonb_typeof(setting.value) <> 'array' OR NOT setting.allowed @> setting.value THEN
        RAISE EXCEPTION 'invalid % %', setting.key, setting.value USING ERRCODE = '22023',
          HINT = pg_catalog.format('%s takes a list of values from %s.', setting.key, setting.allowed);
      END IF;
    ELSIF setting.allowed IS NOT NULL THEN
      IF NOT setting.allowed @> jsonb_build_array(setting.value) THEN
        RAISE EXCEPTION 'invalid % %', setting.key, setting.value USING ERRCODE = '22023',
          HINT = pg_catalog.format('%s takes one of %s.', setting.key, setting.allowed);
      END IF;
    ELSIF jsonb_typeof(setting.default_value) = 'number' AND NOT (
         jsonb_typeof(setting.value) = 'number' AND setting.value::text ~ '^[0-9]+$'
         AND setting.value::text::numeric BETWEEN 1 AND 1000000000) THEN
      RAISE EXCEPTION 'invalid % %', setting.key, setting.value USING ERRCODE = '22023',
        HINT = pg_catalog.format('%s takes a whole number from 1 to 1000000000.', setting.key);
    ELSIF jsonb_typeof(setting.default_value) = 'string' THEN
      BEGIN
        IF jsonb_typeof(setting.value) <> 'string' OR (setting.value #>> '{}')::interval <= interval '0' THEN
          RAISE EXCEPTION USING ERRCODE = '22023';
        END IF;
      EXCEPTION WHEN invalid_parameter_value OR invalid_datetime_format OR datetime_field_overflow THEN
        RAISE EXCEPTION 'invalid % %', setting.key, setting.value USING ERRCODE = '22023',
          HINT = pg_catalog.format('%s takes a positive interval as text, e.g. "30 days".', setting.key);
      END;
    END IF;
    checked := checked || jsonb_build_object(setting.key, setting.value);
  END LOOP;
  RETURN (SELECT COALESCE(jsonb_object_agg(s.setting, s.default_value), '{}') FROM riot.job_kind_settings s
           WHERE s.kind = _checked_config.kind) || checked;
END $$;
COMMENT ON FUNCTION riot._checked_config(text, jsonb) IS
  'Internal: a job config checked against its kind''s settings, with defaults filled in';

-- Make the pg_cron entry of a configuration match it (pg_cron keeps one entry per name).
CREATE FUNCTION riot._schedule(name text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  configuration riot.job_configurations;
  cron_job bigint;
BEGIN
  SELECT * INTO STRICT configuration FROM riot.job_configurations c WHERE c.name = _schedule.name;
  BEGIN
    cron_job := cron.schedule('pg_riot: ' || configuration.name, configuration.schedule,
                              pg_catalog.format('SELECT riot._run_scheduled(%L)', configuration.name));
  EXCEPTION WHEN OTHERS THEN
    IF SQLERRM NOT LIKE 'invalid schedule%' THEN
      RAISE;
    END IF;
    RAISE EXCEPTION 'invalid schedule "%"', configuration.schedule USING ERRCODE = '22023',
      DETAIL = SQLERRM,
      HINT = 'Use a cron expression such as ''*/5 * * * *'' (minute hour day month weekday, in UTC).';
  END;
  PERFORM cron.alter_job(cron_job, active => configuration.active);
END $$;
COMMENT ON FUNCTION riot._schedule(text) IS
  'Internal: create or update the pg_cron entry of a job configuration';

-- Queue a run of a configuration and record it; a run whose previous run is still queued or
-- running is recorded as skipped and returns that live job instead. What pg_cron calls.
CREATE FUNCTION riot._run_scheduled(name text, trigger text DEFAULT 'scheduled')
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  configuration riot.job_configurations;
  live riot.jobs;
  new_job bigint;
BEGIN
  -- One run at a time per configuration, even when pg_cron and run_job race.
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pg_riot run ' || name));
  SELECT * INTO configuration FROM riot.job_configurations c WHERE c.name = _run_scheduled.name;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no job configuration "%"', name USING ERRCODE = '22023',
      HINT = 'See SELECT name FROM riot.job_configurations.';
  END IF;
  SELECT * INTO live FROM riot.jobs j
   WHERE j.kind = configuration.kind AND j.dedup_key = 'configuration:' || configuration.name
     AND j.state IN ('queued', 'running', 'waiting');
  IF FOUND THEN
    INSERT INTO riot.job_executions (configuration, trigger, job_id, state, finished_at, error)
    VALUES (configuration.name, _run_scheduled.trigger, live.job_id, 'skipped', pg_catalog.clock_timestamp(),
            pg_catalog.format('the previous run (job %s) is still %s',
                              live.job_id, CASE live.state WHEN 'queued' THEN 'queued' ELSE 'running' END));
    RETURN live.job_id;
  END IF;
  new_job := riot._enqueue(configuration.kind,
                           jsonb_build_object('configuration', configuration.name,
                                              'config', riot._checked_config(configuration.kind, configuration.config)),
                           0, 'configuration:' || configuration.name);
  INSERT INTO riot.job_executions (configuration, trigger, job_id, state)
  VALUES (configuration.name, _run_scheduled.trigger, new_job, 'queued');
  RETURN new_job;
END $$;
COMMENT ON FUNCTION riot._run_scheduled(text, text) IS
  'Internal: queue a run of a job configuration (skipped while its previous run is live); pg_cron calls it';

-- A worker started a run: its execution is running from now.
CREATE FUNCTION riot._execution_started(job_id bigint)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE riot.job_executions e SET state = 'running', started_at = COALESCE(e.started_at, pg_catalog.clock_timestamp())
   WHERE e.job_id = _execution_started.job_id AND e.state IN ('queued', 'running')
$$;
COMMENT ON FUNCTION riot._execution_started(bigint) IS 'Internal: mark the execution of a scheduled job running';

-- A scheduled job ended: its execution takes the end state, the error and the metrics the job
-- left in its result. riot._end_job calls this for every top-level job.
-- PL/pgSQL rather than SQL: every top-level job's end calls it, and PL/pgSQL keeps its plan
-- where a SECURITY DEFINER SQL function is planned again at every call.
CREATE FUNCTION riot._execution_ended(job_id bigint, state text, result jsonb, error text, now timestamptz)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  UPDATE riot.job_executions e
     SET state = _execution_ended.state, finished_at = _execution_ended.now, error = _execution_ended.error,
         started_at = COALESCE(e.started_at, _execution_ended.now),
         metrics = COALESCE(_execution_ended.result -> 'metrics', e.metrics),
         records_created = (_execution_ended.result -> 'metrics' ->> 'records_created')::bigint,
         records_updated = (_execution_ended.result -> 'metrics' ->> 'records_updated')::bigint
   WHERE e.job_id = _execution_ended.job_id AND e.state IN ('queued', 'running');
END $$;
COMMENT ON FUNCTION riot._execution_ended(bigint, text, jsonb, text, timestamptz) IS
  'Internal: record how the run of a scheduled job ended';

-- Delete execution rows older than the retention (the cleanup job); returns how many.
CREATE FUNCTION riot._purge_executions(retention interval)
RETURNS bigint
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH purged AS (
    DELETE FROM riot.job_executions e WHERE e.finished_at < pg_catalog.now() - retention RETURNING 1)
  SELECT count(*) FROM purged
$$;
COMMENT ON FUNCTION riot._purge_executions(interval) IS 'Internal: delete execution rows older than the retention';

CREATE FUNCTION riot.configure_job(name text, schedule text DEFAULT NULL, active boolean DEFAULT NULL,
                                   config jsonb DEFAULT NULL)
RETURNS riot.job_configurations
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  configuration riot.job_configurations;
  merged jsonb;
BEGIN
  SELECT * INTO configuration FROM riot.job_configurations c WHERE c.name = configure_job.name FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no job configuration "%"', name USING ERRCODE = '22023',
      HINT = 'See SELECT name FROM riot.job_configurations.';
  END IF;
  IF schedule IS NOT NULL AND btrim(schedule) = '' THEN
    RAISE EXCEPTION 'invalid schedule ""' USING ERRCODE = '22023',
      HINT = 'Use a cron expression such as ''*/5 * * * *''; pass active => false to pause the job.';
  END IF;
  IF config IS NOT NULL AND jsonb_typeof(config) <> 'object' THEN
    PERFORM riot._checked_config(configuration.kind, config);  -- says what a config must be
  END IF;
  -- Keys given replace the stored ones; a key given as null goes back to its default.
  merged := jsonb_strip_nulls(configuration.config || COALESCE(config, '{}'));
  PERFORM riot._checked_config(configuration.kind, merged);
  UPDATE riot.job_configurations c
     SET schedule = COALESCE(btrim(configure_job.schedule), c.schedule),
         active = COALESCE(configure_job.active, c.active), config = merged, updated_at = pg_catalog.now()
   WHERE c.name = configure_job.name
  RETURNING * INTO configuration;
  PERFORM riot._schedule(configuration.name);
  RETURN configuration;
END $$;
COMMENT ON FUNCTION riot.configure_job(text, text, boolean, jsonb) IS
  'Change a scheduled job''s schedule, active flag or settings (merged into its config; null resets a key) and its pg_cron entry, in one step';

CREATE FUNCTION riot.run_job(name text)
RETURNS bigint
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT riot._run_scheduled(run_job.name, 'manual') $$;
COMMENT ON FUNCTION riot.run_job(text) IS
  'Run a scheduled job now; returns its job id (the live run''s, recorded as skipped, when one is still queued or running)';

-- The defaults: the tracked-player updater every minute and a daily cleanup.
INSERT INTO riot.job_configurations (name, kind, schedule) VALUES
  ('tracked_player_updater', 'tracked_player_updater', '* * * * *'),
  ('cleanup', 'cleanup', '17 3 * * *');
SELECT riot._schedule(c.name) FROM riot.job_configurations c;

GRANT SELECT ON riot.job_configurations, riot.job_executions, riot.job_kind_settings TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.run_job(text) TO riot_operator;
GRANT EXECUTE ON FUNCTION riot.configure_job(text, text, boolean, jsonb) TO riot_admin;
GRANT EXECUTE ON FUNCTION riot._execution_started(bigint), riot._purge_executions(interval) TO riot_admin;
------------------------------------------------------------------------------------------
-- Tracked players and the tracked-player updater: each run lists the matches newer than the
-- newest one stored for every tracked player, fetches them (discovering who played in them),
-- and refreshes their league entries, within a request budget.
------------------------------------------------------------------------------------------

CREATE INDEX players_tracked ON riot.players (checked_at NULLS FIRST, puuid) WHERE tracked AND active;

CREATE FUNCTION riot.track_player(game_name text, tag_line text, platform text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  id record;
BEGIN
  SELECT * INTO id FROM riot._check_riot_id(game_name, tag_line, platform);
  -- A player stored already is tracked at once; the job resolves the Riot ID either way.
  UPDATE riot.players p SET tracked = true, tracked_at = pg_catalog.now(), active = true, inactive_reason = NULL,
                            updated_at = pg_catalog.now()
   WHERE lower(p.game_name) = lower(id.name) AND lower(p.tag_line) = lower(id.tag) AND p.platform = id.route;
  RETURN riot._enqueue('track_player',
                       jsonb_build_object('game_name', id.name, 'tag_line', id.tag, 'platform', id.route),
                       10, lower(id.name) || '#' || lower(id.tag) || '@' || id.route);
END $$;
COMMENT ON FUNCTION riot.track_player(text, text, text) IS
  'Track a player: the tracked-player updater keeps their matches and rank up to date; returns the job that resolves the Riot ID';

CREATE FUNCTION riot.untrack_player(game_name text, tag_line text, platform text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  id record;
BEGIN
  SELECT * INTO id FROM riot._check_riot_id(game_name, tag_line, platform);
  UPDATE riot.players p SET tracked = false, updated_at = pg_catalog.now()
   WHERE lower(p.game_name) = lower(id.name) AND lower(p.tag_line) = lower(id.tag) AND p.platform = id.route
     AND p.tracked;
  RETURN FOUND;
END $$;
COMMENT ON FUNCTION riot.untrack_player(text, text, text) IS
  'Stop tracking a player (their data stays); false when they were not tracked';

CREATE VIEW riot.tracked_players AS
SELECT p.puuid, p.game_name, p.tag_line, p.platform, p.active, p.inactive_reason, p.tracked_at,
       p.checked_at AS last_update,
       (SELECT max(m.game_start) FROM riot.match_participants mp JOIN riot.matches m USING (match_id)
         WHERE mp.puuid = p.puuid) AS newest_match,
       r.queue_type, r.tier, r.division, r.league_points, r.wins, r.losses
  FROM riot.players p
  LEFT JOIN LATERAL (
    SELECT l.queue_type, l.tier, l.division, l.league_points, l.wins, l.losses FROM riot.player_ranks l
     WHERE l.puuid = p.puuid
     ORDER BY l.queue_type <> 'RANKED_SOLO_5x5', l.observed_at DESC, l.rank_id DESC LIMIT 1) r ON true
 WHERE p.tracked;
COMMENT ON VIEW riot.tracked_players IS
  'Tracked players with their last update, newest stored match and current rank (solo queue when they have one)';
COMMENT ON COLUMN riot.tracked_players.last_update IS 'When the tracked-player updater last checked the player';
COMMENT ON COLUMN riot.tracked_players.newest_match IS 'Start of the newest match stored for the player';
COMMENT ON COLUMN riot.tracked_players.queue_type IS 'The queue of the current rank: RANKED_SOLO_5x5 when ranked there';

-- Mark a resolved player tracked (the track_player job).
CREATE FUNCTION riot._track(puuid text)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE riot.players p SET tracked = true, tracked_at = COALESCE(p.tracked_at, pg_catalog.now()), active = true,
                            inactive_reason = NULL, updated_at = pg_catalog.now()
   WHERE p.puuid = _track.puuid
$$;
COMMENT ON FUNCTION riot._track(text) IS 'Internal: mark a resolved player tracked';

-- The players one updater run checks, those checked longest ago first, with the start of the
-- newest match stored for each (epoch seconds; NULL when none).
CREATE FUNCTION riot._updater_players()
RETURNS TABLE (puuid text, platform text, newest_game_start bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid, p.platform,
         (SELECT extract(epoch FROM max(m.game_start))::bigint
            FROM riot.match_participants mp JOIN riot.matches m USING (match_id) WHERE mp.puuid = p.puuid)
    FROM riot.players p
   WHERE p.tracked AND p.active
   ORDER BY p.checked_at NULLS FIRST, p.puuid
$$;
COMMENT ON FUNCTION riot._updater_players() IS
  'Internal: the tracked players an updater run checks, longest unchecked first, with their newest stored game';

-- An account that no longer resolves: the updater skips it from now on.
CREATE FUNCTION riot._deactivate_player(puuid text, reason text)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE riot.players p SET active = false, inactive_reason = _deactivate_player.reason, updated_at = pg_catalog.now()
   WHERE p.puuid = _deactivate_player.puuid
$$;
COMMENT ON FUNCTION riot._deactivate_player(text, text) IS 'Internal: mark a player whose account is gone inactive';

-- The updater's fan-out: the players it checked are marked checked, and the new matches it
-- listed are queued below interactive work (priority 1), in one transaction.
CREATE FUNCTION riot._fan_out_update(job_id bigint, attempt integer, worker text, checked text[],
                                     match_ids text[], result jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT riot._fan_out_matches(job_id, attempt, worker, match_ids, result, false, 1) THEN
    RETURN false;
  END IF;
  UPDATE riot.players p SET checked_at = pg_catalog.now() WHERE p.puuid = ANY (checked);
  RETURN true;
END $$;
COMMENT ON FUNCTION riot._fan_out_update(bigint, integer, text, text[], text[], jsonb) IS
  'Internal: mark the players an updater run checked, and queue the matches it found';

-- The updater's final step: its metrics, from what the run counted and what its children did,
-- into the job's result (and so into its execution row); false when the attempt was lost.
CREATE FUNCTION riot._finish_update(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
  counted jsonb;
  fetched bigint;
  discovered bigint;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish_update.job_id AND riot._holds(j, _finish_update.attempt, _finish_update.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  counted := COALESCE(job.result, '{}');
  SELECT count(*) INTO fetched FROM riot.jobs c WHERE c.parent_id = job.job_id AND c.state = 'succeeded';
  SELECT count(DISTINCT mp.puuid) INTO discovered
    FROM riot.jobs c
    JOIN riot.match_participants mp ON mp.match_id = c.args ->> 'match_id'
    JOIN riot.players p ON p.puuid = mp.puuid
   WHERE c.parent_id = job.job_id AND c.state = 'succeeded' AND NOT mp.is_bot AND NOT p.tracked
     AND p.discovered_at >= job.created_at;
  RETURN riot._finish(job.job_id, _finish_update.attempt, _finish_update.worker, jsonb_build_object('metrics',
    counted || jsonb_build_object(
      'matches_fetched', fetched,
      'matches_failed', job.children_failed,
      'players_discovered', discovered,
      'api_requests', COALESCE((counted ->> 'api_requests')::bigint, 0) + fetched + job.children_failed,
      'records_created', fetched + discovered + COALESCE((counted ->> 'rank_changes')::bigint, 0),
      'records_updated', COALESCE((counted ->> 'players_processed')::bigint, 0))));
END $$;
COMMENT ON FUNCTION riot._finish_update(bigint, integer, text) IS
  'Internal: the final step of a tracked-player updater run: its metrics';

GRANT SELECT ON riot.tracked_players TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.track_player(text, text, text), riot.untrack_player(text, text, text) TO riot_admin;
GRANT EXECUTE ON FUNCTION riot._track(text), riot._updater_players(), riot._deactivate_player(text, text),
  riot._fan_out_update(bigint, integer, text, text[], text[], jsonb), riot._finish_update(bigint, integer, text)
  TO riot_admin;
------------------------------------------------------------------------------------------
-- Aggregates (gold) over every stored match: sums kept up to date incrementally by
-- riot.refresh_analytics (88_analytics_refresh.sql), read through views that turn them into
-- rates and means. Only sums, counts and extremes are kept, so that adding the matches of a batch
-- gives the same result as counting them all at once. Remakes (an early surrender) count in the
-- daily figures only; bots count nowhere. The sums are updated in place: their tables leave room
-- in each page (fillfactor 70) so that an update stays on its page (HOT) and touches no index.
------------------------------------------------------------------------------------------

-- The patch of a client version: its first two numbers ('14.3.558.106' -> '14.3').
CREATE FUNCTION riot.patch_of(game_version text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN split_part(game_version, '.', 1) || '.' || split_part(game_version, '.', 2);
COMMENT ON FUNCTION riot.patch_of(text) IS
  'The patch of a client version: its first two numbers, e.g. 14.3 for 14.3.558.106';

-- The season of a client version: the year its major version was played in (14.x: 2024).
CREATE FUNCTION riot.season_of(game_version text)
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN split_part(game_version, '.', 1) ~ '^[0-9]{1,3}$'
            THEN 2010 + split_part(game_version, '.', 1)::integer END;
COMMENT ON FUNCTION riot.season_of(text) IS
  'The season (year) of a client version: 2010 plus its major version, e.g. 2024 for 14.x and 2025 for 15.x (Riot''s 25.S1 patches are 15.x in the payload)';

CREATE TABLE riot.champion_totals (
  patch               text NOT NULL,
  queue_id            integer NOT NULL,
  team_position       text NOT NULL,
  champion_id         integer NOT NULL,
  champion_name       text NOT NULL,
  games               bigint NOT NULL,
  wins                bigint NOT NULL,
  kills               bigint NOT NULL,
  deaths              bigint NOT NULL,
  assists             bigint NOT NULL,
  damage_to_champions bigint NOT NULL,
  gold_earned         bigint NOT NULL,
  cs                  bigint NOT NULL,
  seconds_played      bigint NOT NULL,
  timeline_games      bigint NOT NULL,
  gold_diff_15        bigint NOT NULL,
  xp_diff_15          bigint NOT NULL,
  PRIMARY KEY (patch, queue_id, team_position, champion_id)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.champion_totals IS 'Sums per patch, queue, position and champion over every stored match (remakes and bots left out); read riot.champion_stats';
COMMENT ON COLUMN riot.champion_totals.patch IS 'Patch, e.g. 14.3 (riot.patch_of)';
COMMENT ON COLUMN riot.champion_totals.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.champion_totals.team_position IS 'TOP, JUNGLE, MIDDLE, BOTTOM, UTILITY, or NONE where the game has no positions (ARAM, Arena)';
COMMENT ON COLUMN riot.champion_totals.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.champion_totals.champion_name IS 'Champion name as the payloads spell it';
COMMENT ON COLUMN riot.champion_totals.games IS 'Games played';
COMMENT ON COLUMN riot.champion_totals.wins IS 'Games won';
COMMENT ON COLUMN riot.champion_totals.kills IS 'Sum of kills';
COMMENT ON COLUMN riot.champion_totals.deaths IS 'Sum of deaths';
COMMENT ON COLUMN riot.champion_totals.assists IS 'Sum of assists';
COMMENT ON COLUMN riot.champion_totals.damage_to_champions IS 'Sum of damage dealt to champions';
COMMENT ON COLUMN riot.champion_totals.gold_earned IS 'Sum of gold earned';
COMMENT ON COLUMN riot.champion_totals.cs IS 'Sum of creep score';
COMMENT ON COLUMN riot.champion_totals.seconds_played IS 'Sum of game lengths, in seconds';
COMMENT ON COLUMN riot.champion_totals.timeline_games IS 'Games with a timeline and a lane opponent, which the 15-minute sums count';
COMMENT ON COLUMN riot.champion_totals.gold_diff_15 IS 'Sum of gold minus the lane opponent''s at minute 15';
COMMENT ON COLUMN riot.champion_totals.xp_diff_15 IS 'Sum of experience minus the lane opponent''s at minute 15';

CREATE TABLE riot.champion_bans (
  patch       text NOT NULL,
  queue_id    integer NOT NULL,
  champion_id integer NOT NULL,
  bans        bigint NOT NULL,
  PRIMARY KEY (patch, queue_id, champion_id)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.champion_bans IS 'Bans per patch, queue and champion over every stored match (remakes left out)';
COMMENT ON COLUMN riot.champion_bans.patch IS 'Patch';
COMMENT ON COLUMN riot.champion_bans.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.champion_bans.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.champion_bans.bans IS 'Times banned';

CREATE TABLE riot.patch_totals (
  patch    text NOT NULL,
  queue_id integer NOT NULL,
  games    bigint NOT NULL,
  PRIMARY KEY (patch, queue_id)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.patch_totals IS 'Games per patch and queue (remakes left out): what pick and ban rates divide by';
COMMENT ON COLUMN riot.patch_totals.patch IS 'Patch';
COMMENT ON COLUMN riot.patch_totals.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.patch_totals.games IS 'Games stored';

CREATE TABLE riot.daily_totals (
  day              date NOT NULL,
  platform         text NOT NULL,
  queue_id         integer NOT NULL,
  games            bigint NOT NULL,
  players          bigint NOT NULL,
  seconds_played   bigint NOT NULL,
  remakes          bigint NOT NULL,
  surrenders       bigint NOT NULL,
  PRIMARY KEY (day, platform, queue_id)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.daily_totals IS 'Sums per day (UTC, of the game''s start), platform and queue over every stored match; read riot.daily_stats';
COMMENT ON COLUMN riot.daily_totals.day IS 'The day the games started, in UTC';
COMMENT ON COLUMN riot.daily_totals.platform IS 'Platform';
COMMENT ON COLUMN riot.daily_totals.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.daily_totals.games IS 'Games, remakes included';
COMMENT ON COLUMN riot.daily_totals.players IS 'Distinct human players (riot.daily_players)';
COMMENT ON COLUMN riot.daily_totals.seconds_played IS 'Sum of game lengths, in seconds';
COMMENT ON COLUMN riot.daily_totals.remakes IS 'Games ended by an early surrender';
COMMENT ON COLUMN riot.daily_totals.surrenders IS 'Games ended by a surrender other than a remake';

CREATE TABLE riot.daily_players (
  day      date NOT NULL,
  platform text NOT NULL,
  queue_id integer NOT NULL,
  puuid    text NOT NULL,
  PRIMARY KEY (day, platform, queue_id, puuid)
);
COMMENT ON TABLE riot.daily_players IS 'Who played on a day, platform and queue: what makes riot.daily_totals.players exact under incremental counting';
COMMENT ON COLUMN riot.daily_players.day IS 'The day, in UTC';
COMMENT ON COLUMN riot.daily_players.platform IS 'Platform';
COMMENT ON COLUMN riot.daily_players.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.daily_players.puuid IS 'The player';

CREATE TABLE riot.player_totals (
  puuid               text NOT NULL,
  queue_id            integer NOT NULL,
  season              integer NOT NULL,
  games               bigint NOT NULL,
  wins                bigint NOT NULL,
  kills               bigint NOT NULL,
  deaths              bigint NOT NULL,
  assists             bigint NOT NULL,
  damage_to_champions bigint NOT NULL,
  gold_earned         bigint NOT NULL,
  cs                  bigint NOT NULL,
  seconds_played      bigint NOT NULL,
  first_game          timestamptz,
  last_game           timestamptz,
  PRIMARY KEY (puuid, queue_id, season)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.player_totals IS 'Sums per player, queue and season over every stored match (remakes left out); read riot.player_stats';
COMMENT ON COLUMN riot.player_totals.puuid IS 'The player';
COMMENT ON COLUMN riot.player_totals.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.player_totals.season IS 'Season (riot.season_of)';
COMMENT ON COLUMN riot.player_totals.games IS 'Games played';
COMMENT ON COLUMN riot.player_totals.wins IS 'Games won';
COMMENT ON COLUMN riot.player_totals.kills IS 'Sum of kills';
COMMENT ON COLUMN riot.player_totals.deaths IS 'Sum of deaths';
COMMENT ON COLUMN riot.player_totals.assists IS 'Sum of assists';
COMMENT ON COLUMN riot.player_totals.damage_to_champions IS 'Sum of damage dealt to champions';
COMMENT ON COLUMN riot.player_totals.gold_earned IS 'Sum of gold earned';
COMMENT ON COLUMN riot.player_totals.cs IS 'Sum of creep score';
COMMENT ON COLUMN riot.player_totals.seconds_played IS 'Sum of game lengths, in seconds';
COMMENT ON COLUMN riot.player_totals.first_game IS 'Start of the earliest game counted';
COMMENT ON COLUMN riot.player_totals.last_game IS 'Start of the latest game counted';

CREATE VIEW riot.champion_stats AS
SELECT c.patch, c.queue_id, c.team_position, c.champion_id, c.champion_name, c.games, c.wins,
       round(c.wins::numeric / c.games, 4) AS win_rate,
       round(c.games::numeric / NULLIF(pt.games, 0), 4) AS pick_rate,
       round(COALESCE(b.bans, 0)::numeric / NULLIF(pt.games, 0), 4) AS ban_rate,
       round(c.kills::numeric / c.games, 2) AS kills, round(c.deaths::numeric / c.games, 2) AS deaths,
       round(c.assists::numeric / c.games, 2) AS assists,
       round((c.kills + c.assists)::numeric / GREATEST(c.deaths, 1), 2) AS kda,
       round(c.damage_to_champions::numeric / c.games) AS damage_to_champions,
       round(c.gold_earned::numeric / c.games) AS gold_earned,
       round(c.cs * 60.0 / NULLIF(c.seconds_played, 0), 2) AS cs_per_minute,
       c.timeline_games,
       round(c.gold_diff_15::numeric / NULLIF(c.timeline_games, 0)) AS gold_diff_15,
       round(c.xp_diff_15::numeric / NULLIF(c.timeline_games, 0)) AS xp_diff_15
  FROM riot.champion_totals c
  JOIN riot.patch_totals pt USING (patch, queue_id)
  LEFT JOIN riot.champion_bans b USING (patch, queue_id, champion_id)
 WHERE c.games > 0;
COMMENT ON VIEW riot.champion_stats IS
  'Champion statistics per patch, queue, position and champion over every stored match: win, pick and ban rates, means per game, CS per minute, and gold and XP difference to the lane opponent at 15 minutes where timelines exist';

CREATE VIEW riot.daily_stats AS
SELECT d.day, d.platform, d.queue_id, d.games, d.players,
       round(d.seconds_played / 60.0 / d.games, 1) AS mean_minutes,
       round(d.remakes::numeric / d.games, 4) AS remake_share,
       round(d.surrenders::numeric / d.games, 4) AS surrender_share
  FROM riot.daily_totals d;
COMMENT ON VIEW riot.daily_stats IS
  'Per day (UTC), platform and queue: games, distinct players, mean game length in minutes, share of remakes and of surrenders';

CREATE VIEW riot.player_stats AS
SELECT p.puuid, pl.game_name, pl.tag_line, p.queue_id, p.season, p.games, p.wins,
       round(p.wins::numeric / p.games, 4) AS win_rate,
       round((p.kills + p.assists)::numeric / GREATEST(p.deaths, 1), 2) AS kda,
       round(p.cs * 60.0 / NULLIF(p.seconds_played, 0), 2) AS cs_per_minute,
       round(p.damage_to_champions * 60.0 / NULLIF(p.seconds_played, 0)) AS damage_per_minute,
       round(p.seconds_played / 3600.0, 1) AS hours_played, p.first_game, p.last_game
  FROM riot.player_totals p
  LEFT JOIN riot.players pl USING (puuid);
COMMENT ON VIEW riot.player_stats IS
  'Per player, queue and season: games, win rate, KDA, CS and damage per minute, hours played';

GRANT SELECT ON riot.champion_totals, riot.champion_bans, riot.patch_totals, riot.daily_totals, riot.daily_players,
  riot.player_totals, riot.champion_stats, riot.daily_stats, riot.player_stats TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.patch_of(text), riot.season_of(text) TO riot_reader;
------------------------------------------------------------------------------------------
-- Anomalies: a game where a player's performance is far from both their own baseline and their
-- champion's. The measure is Iglewicz and Hoaglin's modified z-score, 0.6745 (x - median) / MAD:
-- median and median absolute deviation are not dragged by the outliers being looked for (a mean
-- and standard deviation are: one 30-kill game inflates the deviation it is measured against),
-- and game statistics are skewed, which medians tolerate. The cut-off, |z| >= 3.5 against both
-- baselines and in the same direction, is the one they recommend. A player's baseline is their
-- games in the queue (10 at least); a champion's, its games in the queue and position (30 at
-- least), recomputed hourly by the refresh. Games under 5 minutes and remakes are left out.
------------------------------------------------------------------------------------------

-- A game's four statistics, one row each: what anomalies and baselines are measured on.
CREATE FUNCTION riot._game_statistics(kills integer, deaths integer, assists integer, cs integer,
                                      gold_earned integer, damage_to_champions bigint, duration_seconds integer)
RETURNS TABLE (statistic text, value double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  VALUES ('kda', (kills + assists)::double precision / GREATEST(deaths, 1)),
         ('damage_per_minute', damage_to_champions * 60.0 / duration_seconds),
         ('cs_per_minute', cs * 60.0 / duration_seconds),
         ('gold_per_minute', gold_earned * 60.0 / duration_seconds)
$$;
COMMENT ON FUNCTION riot._game_statistics(integer, integer, integer, integer, integer, bigint, integer) IS
  'Internal: the statistics anomalies are measured on (KDA, damage, CS and gold per minute), one row each';

-- The games baselines are made of: human players, 5 minutes or longer, no remakes.
CREATE FUNCTION riot._baseline_games()
RETURNS TABLE (match_id text, puuid text, queue_id integer, team_position text, champion_id integer,
               statistic text, value double precision)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.match_id, p.puuid, m.queue_id, COALESCE(NULLIF(p.team_position, ''), 'NONE'), p.champion_id,
         s.statistic, s.value
    FROM riot.match_participants p
    JOIN riot.matches m ON m.match_id = p.match_id
   CROSS JOIN LATERAL riot._game_statistics(p.kills, p.deaths, p.assists, p.cs, p.gold_earned,
                                             p.damage_to_champions, m.duration_seconds) s
   WHERE NOT p.is_bot AND m.duration_seconds >= 300 AND m.ended_in_early_surrender IS NOT TRUE;
END;
COMMENT ON FUNCTION riot._baseline_games() IS
  'Internal: every counted game''s statistics (human players, 5 minutes or longer, no remakes), for baselines';

CREATE TABLE riot.champion_baselines (
  queue_id      integer NOT NULL,
  team_position text NOT NULL,
  champion_id   integer NOT NULL,
  statistic     text NOT NULL,
  median        double precision NOT NULL,
  mad           double precision NOT NULL,
  games         bigint NOT NULL,
  computed_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (queue_id, team_position, champion_id, statistic)
);
COMMENT ON TABLE riot.champion_baselines IS 'Median and median absolute deviation of each statistic per queue, position and champion, over every stored game; recomputed hourly by riot.refresh_analytics';
COMMENT ON COLUMN riot.champion_baselines.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.champion_baselines.team_position IS 'Position, NONE where the game has none';
COMMENT ON COLUMN riot.champion_baselines.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.champion_baselines.statistic IS 'kda, damage_per_minute, cs_per_minute or gold_per_minute';
COMMENT ON COLUMN riot.champion_baselines.median IS 'Median of the statistic';
COMMENT ON COLUMN riot.champion_baselines.mad IS 'Median absolute deviation from the median';
COMMENT ON COLUMN riot.champion_baselines.games IS 'Games it was computed from';
COMMENT ON COLUMN riot.champion_baselines.computed_at IS 'When it was computed';

CREATE TABLE riot.anomalies (
  match_id         text NOT NULL REFERENCES riot.matches ON DELETE CASCADE,
  puuid            text NOT NULL,
  statistic        text NOT NULL,
  champion_id      integer NOT NULL,
  queue_id         integer NOT NULL,
  team_position    text NOT NULL,
  value            double precision NOT NULL,
  player_median    double precision NOT NULL,
  player_mad       double precision NOT NULL,
  player_games     bigint NOT NULL,
  player_z         double precision NOT NULL,
  champion_median  double precision NOT NULL,
  champion_mad     double precision NOT NULL,
  champion_games   bigint NOT NULL,
  champion_z       double precision NOT NULL,
  detected_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (match_id, puuid, statistic)
);
COMMENT ON TABLE riot.anomalies IS 'Games where a player''s statistic is far from their own baseline and from their champion''s: modified z-score (0.6745 (x - median) / MAD) of 3.5 or more against both, in the same direction';
COMMENT ON COLUMN riot.anomalies.match_id IS 'The game';
COMMENT ON COLUMN riot.anomalies.puuid IS 'The player';
COMMENT ON COLUMN riot.anomalies.statistic IS 'kda, damage_per_minute, cs_per_minute or gold_per_minute';
COMMENT ON COLUMN riot.anomalies.champion_id IS 'The champion played';
COMMENT ON COLUMN riot.anomalies.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.anomalies.team_position IS 'Position, NONE where the game has none';
COMMENT ON COLUMN riot.anomalies.value IS 'The statistic in this game';
COMMENT ON COLUMN riot.anomalies.player_median IS 'The player''s median in the queue';
COMMENT ON COLUMN riot.anomalies.player_mad IS 'The player''s median absolute deviation in the queue';
COMMENT ON COLUMN riot.anomalies.player_games IS 'Games of the player''s baseline';
COMMENT ON COLUMN riot.anomalies.player_z IS 'Modified z-score against the player''s baseline (positive: above it)';
COMMENT ON COLUMN riot.anomalies.champion_median IS 'The champion''s median in the queue and position';
COMMENT ON COLUMN riot.anomalies.champion_mad IS 'The champion''s median absolute deviation';
COMMENT ON COLUMN riot.anomalies.champion_games IS 'Games of the champion''s baseline';
COMMENT ON COLUMN riot.anomalies.champion_z IS 'Modified z-score against the champion''s baseline';
COMMENT ON COLUMN riot.anomalies.detected_at IS 'When the refresh found it';
CREATE INDEX anomalies_puuid ON riot.anomalies (puuid);
CREATE INDEX anomalies_detected_at ON riot.anomalies (detected_at);

-- Recompute every champion baseline from every stored game.
CREATE FUNCTION riot._refresh_champion_baselines()
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET work_mem = '256MB'
BEGIN ATOMIC
  DELETE FROM riot.champion_baselines;
  WITH games AS (SELECT * FROM riot._baseline_games()),
       medians AS (SELECT g.queue_id, g.team_position, g.champion_id, g.statistic, count(*) AS games,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY g.value) AS median
                     FROM games g GROUP BY 1, 2, 3, 4),
       inserted AS (
    INSERT INTO riot.champion_baselines (queue_id, team_position, champion_id, statistic, median, mad, games)
    SELECT g.queue_id, g.team_position, g.champion_id, g.statistic, md.median,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(g.value - md.median)), md.games
      FROM games g JOIN medians md USING (queue_id, team_position, champion_id, statistic)
     GROUP BY 1, 2, 3, 4, md.median, md.games
    RETURNING 1)
  SELECT count(*) FROM inserted;
END;
COMMENT ON FUNCTION riot._refresh_champion_baselines() IS
  'Internal: recompute every champion baseline (median and MAD per queue, position, champion and statistic)';

-- Look for anomalies in the games of some matches. The champion baselines are at hand
-- (riot.champion_baselines), so games far from theirs are found first; only their players'
-- histories (their games in the queue) are then read for the player baselines.
CREATE FUNCTION riot._detect_anomalies(match_ids text[])
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH candidates AS (
         SELECT g.*, cb.median AS champion_median, cb.mad AS champion_mad, cb.games AS champion_games,
                0.6745 * (g.value - cb.median) / cb.mad AS champion_z
           FROM unnest(match_ids) AS b(match_id)
          CROSS JOIN LATERAL (SELECT * FROM riot._baseline_games() g WHERE g.match_id = b.match_id) g
           JOIN riot.champion_baselines cb
             ON (cb.queue_id, cb.team_position, cb.champion_id, cb.statistic)
              = (g.queue_id, g.team_position, g.champion_id, g.statistic)
          WHERE cb.games >= 30 AND cb.mad > 0 AND abs(g.value - cb.median) * 0.6745 >= 3.5 * cb.mad),
       players AS (SELECT DISTINCT c.puuid, c.queue_id FROM candidates c),
       history AS (
         SELECT h.puuid, h.queue_id, h.statistic, h.value
           FROM players who
          CROSS JOIN LATERAL (SELECT * FROM riot._baseline_games() g
                               WHERE g.puuid = who.puuid AND g.queue_id = who.queue_id) h),
       medians AS (SELECT h.puuid, h.queue_id, h.statistic, count(*) AS games,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY h.value) AS median
                     FROM history h GROUP BY 1, 2, 3),
       baselines AS (SELECT h.puuid, h.queue_id, h.statistic, md.median, md.games,
                            percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(h.value - md.median)) AS mad
                       FROM history h JOIN medians md USING (puuid, queue_id, statistic)
                      WHERE md.games >= 10
                      GROUP BY 1, 2, 3, md.median, md.games),
       found AS (
    INSERT INTO riot.anomalies (match_id, puuid, statistic, champion_id, queue_id, team_position, value,
                                player_median, player_mad, player_games, player_z,
                                champion_median, champion_mad, champion_games, champion_z)
    SELECT c.match_id, c.puuid, c.statistic, c.champion_id, c.queue_id, c.team_position, c.value,
           pb.median, pb.mad, pb.games, z.player, c.champion_median, c.champion_mad, c.champion_games, c.champion_z
      FROM candidates c
      JOIN baselines pb USING (puuid, queue_id, statistic)
     CROSS JOIN LATERAL (SELECT 0.6745 * (c.value - pb.median) / NULLIF(pb.mad, 0) AS player) z
     WHERE abs(z.player) >= 3.5 AND sign(z.player) = sign(c.champion_z)
    ON CONFLICT DO NOTHING
    RETURNING 1)
  SELECT count(*) FROM found;
END;
COMMENT ON FUNCTION riot._detect_anomalies(text[]) IS
  'Internal: find the anomalies in the games of some matches, against each player''s and champion''s baseline';

-- Recompute the champion baselines when the last computation is an hour old (or there is none),
-- and give the planner their new statistics at once (anomaly detection joins them).
CREATE FUNCTION riot._refresh_champion_baselines_if_stale()
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  computed bigint := 0::bigint;
BEGIN
  -- One recomputation at a time: the next caller waits, then finds them fresh.
  PERFORM pg_advisory_xact_lock(pg_catalog.hashtext('riot.champion_baselines'));
  IF NOT EXISTS (SELECT FROM riot.champion_baselines b WHERE b.computed_at > now() - interval '1 hour') THEN
    computed := riot._refresh_champion_baselines();
    ANALYZE riot.champion_baselines;
  END IF;
  RETURN computed;
END $$;
COMMENT ON FUNCTION riot._refresh_champion_baselines_if_stale() IS
  'Internal: recompute the champion baselines when they are an hour old or missing; returns the rows computed (0: still fresh)';

GRANT SELECT ON riot.champion_baselines, riot.anomalies TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._refresh_champion_baselines_if_stale() TO riot_admin;
------------------------------------------------------------------------------------------
-- Keeping the aggregates and anomalies up to date: each refresh takes a batch of the matches and
-- timelines stored since (riot.analytics_pending), adds what they contribute to every aggregate,
-- queues the matches for anomaly detection and deletes them from the pending queue, all in one
-- transaction. Anomaly detection takes its own batches the same way (against the champion
-- baselines as they are: the caller recomputes them hourly), so the heavier step never holds up
-- the aggregates.
-- A crash anywhere before the commit leaves every sum and the queue as they were, so nothing is
-- counted twice or missed; one batch runs at a time (an advisory lock), so two refreshes never
-- wait on each other's rows. The scheduled job analytics_refresh runs batches every minute.
------------------------------------------------------------------------------------------

-- Count one batch of pending matches and timelines into the aggregates; returns what it did.
-- The rows a batch reads were stored moments ago and are in cache: random_page_cost 1.1 lets the
-- planner fetch a batch's matches by key instead of scanning them all (0.77 s -> 0.57 s for 1,000
-- matches on 100,000; a recount from scratch plans alike either way).
CREATE FUNCTION riot._refresh_analytics_batch(batch_size integer, queue_anomalies boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET random_page_cost = 1.1
AS $$
DECLARE
  match_ids text[];
  timeline_ids text[];
BEGIN
  IF batch_size IS NULL OR batch_size < 1 THEN
    RAISE EXCEPTION 'invalid batch_size %', COALESCE(batch_size::text, 'NULL') USING ERRCODE = '22023',
      HINT = 'Pass a batch size of 1 or more.';
  END IF;
  PERFORM pg_advisory_xact_lock(pg_catalog.hashtext('riot.refresh_analytics'));
  WITH taken AS (
    DELETE FROM riot.analytics_pending p
     USING (SELECT q.match_id, q.part FROM riot.analytics_pending q WHERE q.part IN ('match', 'timeline')
             ORDER BY q.part LIMIT batch_size FOR UPDATE) t  -- matches before timelines
     WHERE p.match_id = t.match_id AND p.part = t.part
    RETURNING p.match_id, p.part)
  SELECT COALESCE(array_agg(t.match_id) FILTER (WHERE t.part = 'match'), '{}'),
         COALESCE(array_agg(t.match_id) FILTER (WHERE t.part = 'timeline'), '{}')
    INTO match_ids, timeline_ids FROM taken t;

  -- Champions: a row per human player of a match, and per laner of a timeline at minute 15.
  INSERT INTO riot.champion_totals AS c
  SELECT d.patch, d.queue_id, d.team_position, d.champion_id, max(d.champion_name), sum(d.games), sum(d.wins),
         sum(d.kills), sum(d.deaths), sum(d.assists), sum(d.damage), sum(d.gold), sum(d.cs), sum(d.seconds),
         sum(d.timeline_games), sum(d.gold_diff_15), sum(d.xp_diff_15)
    FROM (SELECT riot.patch_of(m.game_version) AS patch, m.queue_id,
                 COALESCE(NULLIF(p.team_position, ''), 'NONE') AS team_position, p.champion_id, p.champion_name,
                 1 AS games, p.win::integer AS wins, p.kills, p.deaths, p.assists, p.damage_to_champions AS damage,
                 p.gold_earned AS gold, p.cs, m.duration_seconds AS seconds,
                 0 AS timeline_games, 0 AS gold_diff_15, 0 AS xp_diff_15
            FROM unnest(match_ids) AS b(match_id)
            JOIN riot.matches m ON m.match_id = b.match_id
            JOIN riot.match_participants p ON p.match_id = b.match_id
           WHERE NOT p.is_bot AND m.ended_in_early_surrender IS NOT TRUE
          UNION ALL
          SELECT riot.patch_of(m.game_version), m.queue_id, p.team_position, p.champion_id, p.champion_name,
                 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 1, mine.total_gold - theirs.total_gold, mine.xp - theirs.xp
            FROM unnest(timeline_ids) AS b(match_id)
            JOIN riot.matches m ON m.match_id = b.match_id
            JOIN riot.match_participants p ON p.match_id = b.match_id
            JOIN riot.match_participants o
              ON o.match_id = p.match_id AND o.team_position = p.team_position AND o.team_id <> p.team_id
             AND NOT o.is_bot
            JOIN riot.timeline_frames mine
              ON mine.match_id = p.match_id AND mine.minute = 15 AND mine.participant_id = p.participant_id
            JOIN riot.timeline_frames theirs
              ON theirs.match_id = o.match_id AND theirs.minute = 15 AND theirs.participant_id = o.participant_id
           WHERE NOT p.is_bot AND p.team_position <> '' AND m.ended_in_early_surrender IS NOT TRUE
             AND mine.total_gold IS NOT NULL AND theirs.total_gold IS NOT NULL  -- frames may lack them
             AND mine.xp IS NOT NULL AND theirs.xp IS NOT NULL) d
   GROUP BY d.patch, d.queue_id, d.team_position, d.champion_id
  ON CONFLICT (patch, queue_id, team_position, champion_id) DO UPDATE
     SET champion_name = EXCLUDED.champion_name, games = c.games + EXCLUDED.games, wins = c.wins + EXCLUDED.wins,
         kills = c.kills + EXCLUDED.kills, deaths = c.deaths + EXCLUDED.deaths,
         assists = c.assists + EXCLUDED.assists,
         damage_to_champions = c.damage_to_champions + EXCLUDED.damage_to_champions,
         gold_earned = c.gold_earned + EXCLUDED.gold_earned, cs = c.cs + EXCLUDED.cs,
         seconds_played = c.seconds_played + EXCLUDED.seconds_played,
         timeline_games = c.timeline_games + EXCLUDED.timeline_games,
         gold_diff_15 = c.gold_diff_15 + EXCLUDED.gold_diff_15, xp_diff_15 = c.xp_diff_15 + EXCLUDED.xp_diff_15;

  INSERT INTO riot.patch_totals AS t
  SELECT riot.patch_of(m.game_version), m.queue_id, count(*)
    FROM unnest(match_ids) AS b(match_id) JOIN riot.matches m ON m.match_id = b.match_id
   WHERE m.ended_in_early_surrender IS NOT TRUE
   GROUP BY 1, 2
  ON CONFLICT (patch, queue_id) DO UPDATE SET games = t.games + EXCLUDED.games;

  INSERT INTO riot.champion_bans AS t
  SELECT riot.patch_of(m.game_version), m.queue_id, mb.champion_id, count(*)
    FROM unnest(match_ids) AS b(match_id)
    JOIN riot.matches m ON m.match_id = b.match_id
    JOIN riot.match_bans mb ON mb.match_id = b.match_id
   WHERE m.ended_in_early_surrender IS NOT TRUE
   GROUP BY 1, 2, 3
  ON CONFLICT (patch, queue_id, champion_id) DO UPDATE SET bans = t.bans + EXCLUDED.bans;

  -- Days: games of every kind; distinct players through riot.daily_players.
  WITH played AS (
         SELECT m.match_id, (COALESCE(m.game_start, m.game_creation) AT TIME ZONE 'UTC')::date AS day, m.platform,
                m.queue_id, m.duration_seconds, m.ended_in_early_surrender IS TRUE AS remake,
                m.ended_in_surrender IS TRUE AND m.ended_in_early_surrender IS NOT TRUE AS surrender
           FROM unnest(match_ids) AS b(match_id) JOIN riot.matches m ON m.match_id = b.match_id
          WHERE COALESCE(m.game_start, m.game_creation) IS NOT NULL),
       new_players AS (
         INSERT INTO riot.daily_players (day, platform, queue_id, puuid)
         SELECT DISTINCT g.day, g.platform, g.queue_id, p.puuid
           FROM played g JOIN riot.match_participants p ON p.match_id = g.match_id
          WHERE NOT p.is_bot
         ON CONFLICT DO NOTHING
         RETURNING day, platform, queue_id),
       players AS (SELECT n.day, n.platform, n.queue_id, count(*) AS players FROM new_players n GROUP BY 1, 2, 3)
  INSERT INTO riot.daily_totals AS t
  SELECT g.day, g.platform, g.queue_id, count(*), COALESCE(max(pl.players), 0), sum(g.duration_seconds),
         count(*) FILTER (WHERE g.remake), count(*) FILTER (WHERE g.surrender)
    FROM played g LEFT JOIN players pl USING (day, platform, queue_id)
   GROUP BY g.day, g.platform, g.queue_id
  ON CONFLICT (day, platform, queue_id) DO UPDATE
     SET games = t.games + EXCLUDED.games, players = t.players + EXCLUDED.players,
         seconds_played = t.seconds_played + EXCLUDED.seconds_played, remakes = t.remakes + EXCLUDED.remakes,
         surrenders = t.surrenders + EXCLUDED.surrenders;

  INSERT INTO riot.player_totals AS t
  SELECT p.puuid, m.queue_id, riot.season_of(m.game_version), count(*), count(*) FILTER (WHERE p.win),
         sum(p.kills), sum(p.deaths), sum(p.assists), sum(p.damage_to_champions), sum(p.gold_earned), sum(p.cs),
         sum(m.duration_seconds), min(m.game_start), max(m.game_start)
    FROM unnest(match_ids) AS b(match_id)
    JOIN riot.matches m ON m.match_id = b.match_id
    JOIN riot.match_participants p ON p.match_id = b.match_id
   WHERE NOT p.is_bot AND m.ended_in_early_surrender IS NOT TRUE AND riot.season_of(m.game_version) IS NOT NULL
   GROUP BY 1, 2, 3
  ON CONFLICT (puuid, queue_id, season) DO UPDATE
     SET games = t.games + EXCLUDED.games, wins = t.wins + EXCLUDED.wins, kills = t.kills + EXCLUDED.kills,
         deaths = t.deaths + EXCLUDED.deaths, assists = t.assists + EXCLUDED.assists,
         damage_to_champions = t.damage_to_champions + EXCLUDED.damage_to_champions,
         gold_earned = t.gold_earned + EXCLUDED.gold_earned, cs = t.cs + EXCLUDED.cs,
         seconds_played = t.seconds_played + EXCLUDED.seconds_played,
         first_game = LEAST(t.first_game, EXCLUDED.first_game), last_game = GREATEST(t.last_game, EXCLUDED.last_game);

  IF queue_anomalies THEN
    INSERT INTO riot.analytics_pending (match_id, part)
    SELECT b.match_id, 'anomaly' FROM unnest(match_ids) AS b(match_id)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN jsonb_build_object('matches', cardinality(match_ids), 'timelines', cardinality(timeline_ids));
END $$;
COMMENT ON FUNCTION riot._refresh_analytics_batch(integer, boolean) IS
  'Internal: count one batch of pending matches and timelines into the aggregates and queue the matches for anomaly detection, in one transaction';

-- Look for anomalies in one batch of counted matches; returns the matches looked at and the
-- anomalies found.
CREATE FUNCTION riot._detect_anomalies_batch(batch_size integer)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  match_ids text[];
BEGIN
  IF batch_size IS NULL OR batch_size < 1 THEN
    RAISE EXCEPTION 'invalid batch_size %', COALESCE(batch_size::text, 'NULL') USING ERRCODE = '22023',
      HINT = 'Pass a batch size of 1 or more.';
  END IF;
  WITH taken AS (
    DELETE FROM riot.analytics_pending p
     USING (SELECT q.match_id FROM riot.analytics_pending q WHERE q.part = 'anomaly'
             LIMIT batch_size FOR UPDATE SKIP LOCKED) t
     WHERE p.match_id = t.match_id AND p.part = 'anomaly'
    RETURNING p.match_id)
  SELECT COALESCE(array_agg(t.match_id), '{}') INTO match_ids FROM taken t;
  RETURN jsonb_build_object('matches', cardinality(match_ids),
                            'anomalies', CASE WHEN cardinality(match_ids) > 0 THEN riot._detect_anomalies(match_ids) ELSE 0 END);
END $$;
COMMENT ON FUNCTION riot._detect_anomalies_batch(integer) IS
  'Internal: look for anomalies in one batch of counted matches and dequeue them, in one transaction';

-- Bring the aggregates up to date now, in this transaction; with from_scratch => true, recount them from
-- every stored match and timeline instead (after a change of their definitions, or to check).
CREATE FUNCTION riot.refresh_analytics(from_scratch boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  batch jsonb;
  matches bigint := 0::bigint;
  timelines bigint := 0::bigint;
  anomalies bigint := 0::bigint;
BEGIN
  IF from_scratch IS NULL THEN
    RAISE EXCEPTION 'from_scratch must not be NULL' USING ERRCODE = '22004', HINT = 'Pass from_scratch => true or false.';
  END IF;
  PERFORM pg_advisory_xact_lock(pg_catalog.hashtext('riot.refresh_analytics'));
  IF from_scratch THEN
    TRUNCATE riot.champion_totals, riot.champion_bans, riot.patch_totals, riot.daily_totals, riot.daily_players,
             riot.player_totals;
    INSERT INTO riot.analytics_pending (match_id, part)
    SELECT m.match_id, 'match' FROM riot.matches m
    UNION ALL
    SELECT t.match_id, 'timeline' FROM riot.timelines t
    ON CONFLICT DO NOTHING;
  END IF;
  LOOP
    -- A full recount queues no anomaly detection: anomalies are found once, against the baselines of their day.
    batch := riot._refresh_analytics_batch(50000, queue_anomalies => NOT from_scratch);
    EXIT WHEN (batch ->> 'matches')::bigint + (batch ->> 'timelines')::bigint = 0;
    matches := matches + (batch ->> 'matches')::bigint;
    timelines := timelines + (batch ->> 'timelines')::bigint;
  END LOOP;
  IF NOT from_scratch THEN
    PERFORM riot._refresh_champion_baselines_if_stale();
    LOOP
      batch := riot._detect_anomalies_batch(50000);
      EXIT WHEN (batch ->> 'matches')::bigint = 0;
      anomalies := anomalies + (batch ->> 'anomalies')::bigint;
    END LOOP;
  END IF;
  RETURN jsonb_build_object('matches', matches, 'timelines', timelines, 'anomalies', anomalies);
END $$;
COMMENT ON FUNCTION riot.refresh_analytics(boolean) IS
  'Bring the aggregates (riot.champion_stats, riot.daily_stats, riot.player_stats) and riot.anomalies up to date now, in one transaction; from_scratch => true recounts the aggregates from every stored match. The scheduled job analytics_refresh does the same every minute';

INSERT INTO riot.job_kind_settings (kind, setting, default_value, description) VALUES
  ('analytics_refresh', 'batch_size', '2000',
   'Pending matches and timelines counted per transaction; a run goes on until none is left');
INSERT INTO riot.job_configurations (name, kind, schedule) VALUES ('analytics_refresh', 'analytics_refresh', '* * * * *');
SELECT riot._schedule('analytics_refresh');

GRANT EXECUTE ON FUNCTION riot.refresh_analytics(boolean) TO riot_admin;
GRANT EXECUTE ON FUNCTION riot._refresh_analytics_batch(integer, boolean), riot._detect_anomalies_batch(integer) TO riot_admin;
------------------------------------------------------------------------------------------
-- Retention, enforced by the scheduled cleanup job in bounded batches: raw payloads of matches and
-- timelines stored longer ago than their retention are removed (set to NULL; the typed rows, the
-- aggregates and everything computed from them stay), anomalies older than theirs are deleted.
-- Ages count from when pg_riot stored the row, not from when the game was played: a history
-- synced today is kept for the whole retention, however old its games.
------------------------------------------------------------------------------------------

CREATE INDEX matches_raw_kept ON riot.matches (stored_at) WHERE raw IS NOT NULL;
CREATE INDEX timelines_raw_kept ON riot.timelines (stored_at) WHERE raw IS NOT NULL;

INSERT INTO riot.job_kind_settings (kind, setting, default_value, description) VALUES
  ('cleanup', 'raw_match_retention', '"730 days"',
   'Raw match payloads (riot.matches.raw) stored longer ago than this are removed; the typed rows stay'),
  ('cleanup', 'raw_timeline_retention', '"180 days"',
   'Raw timeline payloads (riot.timelines.raw) stored longer ago than this are removed; the typed rows stay'),
  ('cleanup', 'anomaly_retention', '"365 days"', 'Anomalies found longer ago than this are deleted'),
  ('cleanup', 'batch_size', '5000', 'Rows changed per transaction; a run goes on until none is left');

-- Apply one retention to at most batch_size rows; returns how many it changed (fewer than
-- batch_size: nothing more is due).
CREATE FUNCTION riot._enforce_retention(target text, retention interval, batch_size integer)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  changed bigint;
BEGIN
  IF retention IS NULL OR retention <= interval '0' OR batch_size IS NULL OR batch_size < 1 THEN
    RAISE EXCEPTION 'invalid retention % or batch size %', retention, batch_size USING ERRCODE = '22023',
      HINT = 'Pass a positive interval and a batch size of 1 or more.';
  END IF;
  CASE target
    WHEN 'raw_match' THEN
      UPDATE riot.matches m SET raw = NULL
       WHERE m.match_id IN (SELECT d.match_id FROM riot.matches d
                             WHERE d.raw IS NOT NULL AND d.stored_at < now() - retention
                             ORDER BY d.stored_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    WHEN 'raw_timeline' THEN
      UPDATE riot.timelines t SET raw = NULL
       WHERE t.match_id IN (SELECT d.match_id FROM riot.timelines d
                             WHERE d.raw IS NOT NULL AND d.stored_at < now() - retention
                             ORDER BY d.stored_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    WHEN 'anomaly' THEN
      DELETE FROM riot.anomalies a
       WHERE (a.match_id, a.puuid, a.statistic) IN (
         SELECT d.match_id, d.puuid, d.statistic FROM riot.anomalies d
          WHERE d.detected_at < now() - retention
          ORDER BY d.detected_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    ELSE
      RAISE EXCEPTION 'unknown retention target "%"', target USING ERRCODE = '22023',
        HINT = 'Targets: raw_match, raw_timeline, anomaly.';
  END CASE;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $$;
COMMENT ON FUNCTION riot._enforce_retention(text, interval, integer) IS
  'Internal: remove up to batch_size raw payloads (raw_match, raw_timeline) or anomalies (anomaly) older than their retention';

GRANT EXECUTE ON FUNCTION riot._enforce_retention(text, interval, integer) TO riot_admin;
------------------------------------------------------------------------------------------
-- The player analyzer: matches for discovered players, nine smurf scores computed in C++
-- (worker/analysis), verdicts with their history, and ban checks of suspected smurfs.
------------------------------------------------------------------------------------------

CREATE TABLE riot.player_analysis (
  analysis_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  puuid                   text NOT NULL,
  variant                 text NOT NULL CHECK (variant IN ('pg_riot', 'reference')),
  current                 boolean NOT NULL DEFAULT true,
  analyzed_at             timestamptz NOT NULL DEFAULT pg_catalog.now(),
  verdict                 text NOT NULL
                          CHECK (verdict IN ('insufficient_data', 'not_smurf', 'smurf_low', 'smurf_medium', 'smurf_high')),
  total                   double precision NOT NULL,
  matches_used            integer NOT NULL,
  newest_game             timestamptz,
  win_rate                double precision NOT NULL,
  kda                     double precision NOT NULL,
  account_level           double precision NOT NULL,
  rank_discrepancy        double precision NOT NULL,
  rank_progression        double precision NOT NULL,
  win_rate_trend          double precision NOT NULL,
  performance_consistency double precision NOT NULL,
  performance_trends      double precision NOT NULL,
  role_performance        double precision NOT NULL,
  scores                  jsonb NOT NULL
);
COMMENT ON TABLE riot.player_analysis IS
  'Smurf analyses: one current row per player and variant, and the earlier ones (current = false) as history';
COMMENT ON COLUMN riot.player_analysis.analysis_id IS 'The analysis'' id, increasing';
COMMENT ON COLUMN riot.player_analysis.puuid IS 'The player';
COMMENT ON COLUMN riot.player_analysis.variant IS 'pg_riot (the default scores) or reference (the scores of the system pg_riot replaces)';
COMMENT ON COLUMN riot.player_analysis.current IS 'The player''s latest analysis of this variant; false for the history';
COMMENT ON COLUMN riot.player_analysis.analyzed_at IS 'When it was computed';
COMMENT ON COLUMN riot.player_analysis.verdict IS 'not_smurf, smurf_low, smurf_medium, smurf_high, or insufficient_data';
COMMENT ON COLUMN riot.player_analysis.total IS 'The weighted total of the nine scores, 0..1';
COMMENT ON COLUMN riot.player_analysis.matches_used IS 'Games the scores were computed on';
COMMENT ON COLUMN riot.player_analysis.newest_game IS 'Start of the newest stored game at the time (a newer one makes the player due again)';
COMMENT ON COLUMN riot.player_analysis.win_rate IS 'Score 1 of 9, 0..1: win rate';
COMMENT ON COLUMN riot.player_analysis.kda IS 'Score 2 of 9, 0..1: KDA';
COMMENT ON COLUMN riot.player_analysis.account_level IS 'Score 3 of 9, 0..1: a low summoner level';
COMMENT ON COLUMN riot.player_analysis.rank_discrepancy IS 'Score 4 of 9, 0..1: playing above the rank';
COMMENT ON COLUMN riot.player_analysis.rank_progression IS 'Score 5 of 9, 0..1: a fast climb';
COMMENT ON COLUMN riot.player_analysis.win_rate_trend IS 'Score 6 of 9, 0..1: a rising win rate';
COMMENT ON COLUMN riot.player_analysis.performance_consistency IS 'Score 7 of 9, 0..1: consistently strong games';
COMMENT ON COLUMN riot.player_analysis.performance_trends IS 'Score 8 of 9, 0..1: improving performance';
COMMENT ON COLUMN riot.player_analysis.role_performance IS 'Score 9 of 9, 0..1: strong in several roles';
COMMENT ON COLUMN riot.player_analysis.scores IS 'The nine scores with their weight, the value each came from and a one-line reason';
CREATE UNIQUE INDEX player_analysis_current ON riot.player_analysis (puuid, variant) WHERE current;
CREATE INDEX player_analysis_smurfs ON riot.player_analysis (variant, verdict) WHERE current AND verdict LIKE 'smurf%';

-- The analyzer's settings.
INSERT INTO riot.job_kind_settings (kind, setting, default_value, allowed, description) VALUES
  ('player_analyzer', 'variant', '"pg_riot"', '["pg_riot", "reference"]', 'The scores: pg_riot (the default) or reference'),
  ('player_analyzer', 'max_requests', '2000', NULL, 'Riot API requests one run may make at most'),
  ('player_analyzer', 'matches_per_player', '10', NULL, 'Ranked match ids fetched per discovered player per run'),
  ('player_analyzer', 'target_matches', '50', NULL, 'Ranked matches stored per discovered player before fetching stops'),
  ('player_analyzer', 'min_matches', '20', NULL, 'Stored games a player needs to be scored'),
  ('player_analyzer', 'max_scored', '5000', NULL, 'Players scored per run at most'),
  ('player_analyzer', 'ban_check_after', '"7 days"', NULL, 'A suspected smurf is checked for a ban again after this long');

-- What the analyzer reads of players, set-based: their games (the 50 newest and the 50 newest
-- ranked) with the lobby of each (the other human players' mean KDA and CS per minute, and the
-- player's share of their team's damage). A BEGIN ATOMIC body without SECURITY DEFINER, so that
-- the planner inlines it into the caller's query and plans it for the actual players asked (a
-- function called as such estimates 10 of them, and picks nested loops for 10,000). Its caller,
-- riot._score_players, runs as the extension's owner; PUBLIC may not execute it.
CREATE FUNCTION riot._analyzer_games(puuids text[])
RETURNS TABLE (puuid text, game_start timestamptz, queue_id integer, duration_seconds integer, win boolean,
               kills integer, deaths integer, assists integer, cs integer, vision_score integer,
               team_position text, lobby_kda double precision, lobby_cspm double precision,
               damage_share double precision)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH mine AS (
    SELECT mp.puuid, mp.match_id, mp.team_id, m.game_start, m.queue_id, m.duration_seconds, mp.win, mp.kills,
           mp.deaths, mp.assists, mp.cs, mp.vision_score, mp.team_position, mp.damage_to_champions,
           row_number() OVER (PARTITION BY mp.puuid ORDER BY m.game_start DESC) AS recent,
           row_number() OVER (PARTITION BY mp.puuid, m.queue_id IN (420, 440) ORDER BY m.game_start DESC) AS recent_of_kind
      FROM riot.match_participants mp
      JOIN riot.matches m ON m.match_id = mp.match_id
     WHERE mp.puuid = ANY (_analyzer_games.puuids) AND m.game_start IS NOT NULL),
  picked AS MATERIALIZED (
    SELECT k.* FROM mine k WHERE k.recent <= 50 OR (k.queue_id IN (420, 440) AND k.recent_of_kind <= 50)),
  -- Per match and team: the team's damage, and the match's human players' KDA and CS summed
  -- (the player's own is taken out below).
  lobby AS (
    SELECT o.match_id, o.team_id,
           sum(o.damage_to_champions)::double precision AS team_damage,
           sum(sum((o.kills + o.assists)::double precision / greatest(o.deaths, 1)) FILTER (WHERE NOT o.is_bot))
             OVER (PARTITION BY o.match_id) AS kda_sum,
           sum(sum(o.cs) FILTER (WHERE NOT o.is_bot)) OVER (PARTITION BY o.match_id) AS cs_sum,
           sum(count(*) FILTER (WHERE NOT o.is_bot)) OVER (PARTITION BY o.match_id) AS humans
      FROM riot.match_participants o
     WHERE o.match_id IN (SELECT k.match_id FROM picked k)
     GROUP BY o.match_id, o.team_id)
  SELECT k.puuid, k.game_start, k.queue_id, k.duration_seconds, k.win, k.kills, k.deaths, k.assists, k.cs,
         k.vision_score, k.team_position,
         (l.kda_sum - (k.kills + k.assists)::double precision / greatest(k.deaths, 1)) / NULLIF(l.humans - 1, 0),
         (l.cs_sum - k.cs) / NULLIF(l.humans - 1, 0) / greatest(k.duration_seconds / 60.0, 1),
         k.damage_to_champions / NULLIF(l.team_damage, 0)
    FROM picked k
    JOIN lobby l ON l.match_id = k.match_id AND l.team_id = k.team_id;
END;
COMMENT ON FUNCTION riot._analyzer_games(text[]) IS
  'Internal: the games the analyzer scores players on, each with its lobby';

-- The rest of what the analyzer reads: each known player's summoner level, and their rank
-- snapshots (solo queue, or flex when they have no solo rank), a row each; a player without one
-- has a row with the rank columns NULL. Inlined like riot._analyzer_games.
CREATE FUNCTION riot._analyzer_players(puuids text[])
RETURNS TABLE (puuid text, summoner_level integer, tier text, division text, league_points integer,
               wins integer, losses integer, observed_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.puuid, p.summoner_level, r.tier, r.division, r.league_points, r.wins, r.losses, r.observed_at
    FROM riot.players p
    LEFT JOIN (SELECT l.puuid, l.tier, l.division, l.league_points, l.wins, l.losses, l.observed_at,
                      rank() OVER (PARTITION BY l.puuid ORDER BY l.queue_type <> 'RANKED_SOLO_5x5') AS pick
                 FROM riot.player_ranks l
                WHERE l.puuid = ANY (_analyzer_players.puuids)
                  AND l.queue_type IN ('RANKED_SOLO_5x5', 'RANKED_FLEX_SR')) r
      ON r.puuid = p.puuid AND r.pick = 1
   WHERE p.puuid = ANY (_analyzer_players.puuids);
END;
COMMENT ON FUNCTION riot._analyzer_players(text[]) IS
  'Internal: the summoner level and rank snapshots of the players the analyzer scores';

-- The same as JSON, a document per player, as worker/analysis/player_history.hpp reads it: for
-- tools (test/bench/analyzer_accuracy.sh dumps it to tune on) and for scoring crafted histories
-- with riot._score_player. The analyzer itself reads the rows above, without JSON.
CREATE FUNCTION riot._player_histories(puuids text[])
RETURNS TABLE (puuid text, history jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid,
         jsonb_build_object('level', p.summoner_level, 'games', COALESCE(g.games, '[]'), 'ranks', p.ranks)
    FROM (SELECT a.puuid, min(a.summoner_level) AS summoner_level,
                 COALESCE(jsonb_agg(jsonb_build_object('tier', a.tier, 'division', a.division, 'lp', a.league_points,
                                                       'wins', a.wins, 'losses', a.losses,
                                                       'observed_ms', (extract(epoch FROM a.observed_at) * 1000)::bigint)
                                    ORDER BY a.observed_at) FILTER (WHERE a.observed_at IS NOT NULL), '[]') AS ranks
            FROM riot._analyzer_players(puuids) a
           GROUP BY a.puuid) p
    LEFT JOIN (
      SELECT k.puuid,
             jsonb_agg(jsonb_build_object(
               'start_ms', (extract(epoch FROM k.game_start) * 1000)::bigint, 'queue', k.queue_id,
               'duration_s', k.duration_seconds, 'win', k.win, 'kills', k.kills, 'deaths', k.deaths,
               'assists', k.assists, 'cs', k.cs, 'vision', k.vision_score, 'position', k.team_position,
               'lobby_kda', k.lobby_kda, 'lobby_cspm', k.lobby_cspm, 'damage_share', k.damage_share)
               ORDER BY k.game_start DESC) AS games
        FROM riot._analyzer_games(puuids) k
       GROUP BY k.puuid) g ON g.puuid = p.puuid
$$;
COMMENT ON FUNCTION riot._player_histories(text[]) IS
  'Internal: what the analyzer scores, per player, as JSON: level, recent games with their lobby, rank snapshots';

CREATE FUNCTION riot._score_player(history jsonb, variant text DEFAULT 'pg_riot')
RETURNS jsonb
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'riot_score_player';
COMMENT ON FUNCTION riot._score_player(jsonb, text) IS
  'Internal: the nine smurf scores and the verdict of a player history (C++, worker/analysis)';

-- The analyzer's scoring, set-based: reads riot._analyzer_players and riot._analyzer_games for
-- the players (in chunks, typed rows straight into C++), scores each with the variant and
-- returns a row per known player; unknown puuids and duplicates are left out.
CREATE FUNCTION riot._score_players(puuids text[], variant text DEFAULT 'pg_riot')
RETURNS TABLE (puuid text, newest_game timestamptz, verdict text, total double precision, matches_used integer,
               score_values double precision[], scores jsonb)
LANGUAGE c STABLE STRICT PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'riot_score_players';
COMMENT ON FUNCTION riot._score_players(text[], text) IS
  'Internal: the nine smurf scores and the verdict of stored players (C++, worker/analysis); score_values in the columns'' order';

-- Score players and store the results: the player's earlier analysis of the variant becomes
-- history. Returns how many were scored and how many of them are judged smurfs.
CREATE FUNCTION riot._store_analyses(puuids text[], variant text, OUT scored integer, OUT smurfs integer)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  UPDATE riot.player_analysis a SET current = false
   WHERE a.puuid = ANY (puuids) AND a.variant = _store_analyses.variant AND a.current;
  WITH stored AS (
    INSERT INTO riot.player_analysis (puuid, variant, verdict, total, matches_used, newest_game, win_rate, kda,
                                      account_level, rank_discrepancy, rank_progression, win_rate_trend,
                                      performance_consistency, performance_trends, role_performance, scores)
    SELECT s.puuid, _store_analyses.variant, s.verdict, s.total, s.matches_used, s.newest_game,
           s.score_values[1], s.score_values[2], s.score_values[3], s.score_values[4], s.score_values[5],
           s.score_values[6], s.score_values[7], s.score_values[8], s.score_values[9], s.scores
      FROM riot._score_players(puuids, _store_analyses.variant) s
    RETURNING verdict)
  SELECT count(*)::integer, (count(*) FILTER (WHERE verdict LIKE 'smurf%'))::integer INTO scored, smurfs FROM stored;
END $$;
COMMENT ON FUNCTION riot._store_analyses(text[], text) IS
  'Internal: score players and store their analyses (the earlier ones become history)';

-- Phase 2 of a run: score the players due (enough stored games, and no analysis of the variant
-- yet or a newer game since the last one), at most `max_scored` of them.
CREATE FUNCTION riot._score_due(variant text, min_matches integer, max_scored integer,
                                OUT scored integer, OUT smurfs integer)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  due text[];
BEGIN
  -- One aggregate over every player's games (set-based: a subquery per player would read the
  -- matches once per player).
  SELECT COALESCE(array_agg(d.puuid), '{}') INTO due FROM (
    SELECT p.puuid
      FROM (SELECT mp.puuid, count(*) AS games, max(m.game_start) AS newest
              FROM riot.match_participants mp JOIN riot.matches m USING (match_id)
             WHERE m.game_start IS NOT NULL AND NOT mp.is_bot
             GROUP BY mp.puuid) g
      JOIN riot.players p ON p.puuid = g.puuid
      LEFT JOIN riot.player_analysis a ON a.puuid = p.puuid AND a.variant = _score_due.variant AND a.current
     WHERE p.active AND g.games >= min_matches AND (a.puuid IS NULL OR g.newest > a.newest_game)
     ORDER BY a.analyzed_at NULLS FIRST, p.puuid
     LIMIT max_scored) d;
  SELECT s.scored, s.smurfs INTO scored, smurfs FROM riot._store_analyses(due, variant) s;
END $$;
COMMENT ON FUNCTION riot._score_due(text, integer, integer) IS
  'Internal: score the players due for an analysis (phase 2 of the player analyzer)';

-- Phase 1 of a run: discovered players (not tracked, active) with fewer stored solo-queue games
-- than the target, fewest first, leaving out for a day those with nothing left to fetch.
CREATE FUNCTION riot._analyzer_fetch_candidates(target integer)
RETURNS TABLE (puuid text, platform text, ranked_stored bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid, p.platform, COALESCE(r.games, 0)
    FROM riot.players p
    LEFT JOIN (SELECT mp.puuid, count(*) AS games FROM riot.match_participants mp JOIN riot.matches m USING (match_id)
                WHERE m.queue_id = 420 GROUP BY mp.puuid) r ON r.puuid = p.puuid
   WHERE NOT p.tracked AND p.active AND p.platform IS NOT NULL AND COALESCE(r.games, 0) < target
     AND (p.analyzer_exhausted_at IS NULL OR p.analyzer_exhausted_at < pg_catalog.now() - interval '1 day')
   ORDER BY COALESCE(r.games, 0), p.puuid
$$;
COMMENT ON FUNCTION riot._analyzer_fetch_candidates(integer) IS
  'Internal: the discovered players the analyzer fetches matches for';

-- Phase 3's candidates: players the current analysis of the variant judges smurfs, never checked
-- for a ban or not since `after`.
CREATE FUNCTION riot._ban_check_candidates(variant text, after interval)
RETURNS TABLE (puuid text, platform text)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid, p.platform
    FROM riot.player_analysis a JOIN riot.players p USING (puuid)
   WHERE a.current AND a.variant = _ban_check_candidates.variant AND a.verdict LIKE 'smurf%'
     AND p.platform IS NOT NULL
     AND (p.ban_checked_at IS NULL OR p.ban_checked_at < pg_catalog.now() - after)
   ORDER BY p.ban_checked_at NULLS FIRST, a.total DESC, p.puuid
$$;
COMMENT ON FUNCTION riot._ban_check_candidates(text, interval) IS
  'Internal: suspected smurfs due for a ban check';

-- Record a ban check: status 200 = not banned, 404 = likely banned (since the first 404), any
-- other status changes nothing but the check time.
CREATE FUNCTION riot._record_ban_check(puuid text, status integer)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE riot.players p
     SET ban_checked_at = pg_catalog.now(),
         ban_status = CASE status WHEN 200 THEN 'not_banned' WHEN 404 THEN 'likely_banned' ELSE p.ban_status END,
         banned_since = CASE WHEN status = 404 THEN COALESCE(p.banned_since, pg_catalog.now())
                             WHEN status = 200 THEN NULL ELSE p.banned_since END
   WHERE p.puuid = _record_ban_check.puuid
$$;
COMMENT ON FUNCTION riot._record_ban_check(text, integer) IS 'Internal: record what summoner-v4 said of an account';

-- The analyzer's fan-out. `listed` maps each player fetched for to their most recent ranked
-- match ids, newest first: the first `per_player` of them not stored yet are queued, below
-- interactive work; a player with none left to fetch is marked, and left alone for a day.
CREATE FUNCTION riot._fan_out_analyzer(job_id bigint, attempt integer, worker text, listed jsonb,
                                       per_player integer, result jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  wanted text[];
  left_to_fetch text[];
BEGIN
  WITH missing AS (
    SELECT l.key AS puuid, m.id, row_number() OVER (PARTITION BY l.key ORDER BY m.n) AS n
      FROM jsonb_each(COALESCE(listed, '{}')) l, jsonb_array_elements_text(l.value) WITH ORDINALITY m(id, n)
     WHERE NOT EXISTS (SELECT FROM riot.matches x WHERE x.match_id = m.id))
  SELECT COALESCE(array_agg(DISTINCT w.id) FILTER (WHERE w.n <= per_player), '{}'),
         COALESCE(array_agg(DISTINCT w.puuid), '{}')
    INTO wanted, left_to_fetch FROM missing w;
  IF NOT riot._fan_out_matches(job_id, attempt, worker, wanted, result, false, 1) THEN
    RETURN false;
  END IF;
  UPDATE riot.players p SET analyzer_exhausted_at = pg_catalog.now()
   WHERE p.puuid IN (SELECT l.key FROM jsonb_each(COALESCE(listed, '{}')) l) AND p.puuid <> ALL (left_to_fetch);
  RETURN true;
END $$;
COMMENT ON FUNCTION riot._fan_out_analyzer(bigint, integer, text, jsonb, integer, jsonb) IS
  'Internal: queue the next matches of the players an analyzer run fetched for, and mark those with none left';

-- The analyzer's end: its metrics (what it counted, and the matches its children fetched) into
-- the job's result and its execution row; false when the attempt was lost.
CREATE FUNCTION riot._finish_analyzer(job_id bigint, attempt integer, worker text, counters jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
  fetched bigint;
  metrics jsonb;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish_analyzer.job_id AND riot._holds(j, _finish_analyzer.attempt, _finish_analyzer.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  SELECT count(*) INTO fetched FROM riot.jobs c WHERE c.parent_id = job.job_id AND c.state = 'succeeded';
  metrics := COALESCE(job.result, '{}') || COALESCE(counters, '{}');
  metrics := metrics || jsonb_build_object(
    'matches_fetched', fetched, 'matches_failed', job.children_failed,
    'api_requests', COALESCE((metrics ->> 'api_requests')::bigint, 0) + COALESCE((metrics ->> 'ban_checks')::bigint, 0)
                    + fetched + job.children_failed,
    'records_created', fetched + COALESCE((metrics ->> 'players_analyzed')::bigint, 0),
    'records_updated', COALESCE((metrics ->> 'players_fetched')::bigint, 0) + COALESCE((metrics ->> 'ban_checks')::bigint, 0));
  RETURN riot._finish(job.job_id, _finish_analyzer.attempt, _finish_analyzer.worker,
                      jsonb_build_object('metrics', metrics));
END $$;
COMMENT ON FUNCTION riot._finish_analyzer(bigint, integer, text, jsonb) IS
  'Internal: the end of a player analyzer run: its metrics';

CREATE FUNCTION riot.analyze_player(game_name text, tag_line text, variant text DEFAULT 'pg_riot')
RETURNS TABLE (puuid text, platform text, score text, value double precision, basis double precision,
               weight double precision, reason text, total double precision, verdict text, matches_used integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  id record;
BEGIN
  SELECT * INTO id FROM riot._check_riot_id(game_name, tag_line, NULL, false);
  IF variant IS NULL OR variant NOT IN ('pg_riot', 'reference') THEN
    RAISE EXCEPTION 'unknown analyzer variant "%"', variant USING ERRCODE = '22023',
      HINT = 'Use ''pg_riot'' (the default) or ''reference''.';
  END IF;
  RETURN QUERY
  SELECT a.puuid, p.platform, s ->> 'name', (s ->> 'value')::double precision, (s ->> 'basis')::double precision,
         (s ->> 'weight')::double precision, s ->> 'reason', a.total, a.verdict, a.matches_used
    FROM riot._score_players(ARRAY(SELECT riot._puuids_of(id.name, id.tag)), analyze_player.variant) a
    JOIN riot.players p ON p.puuid = a.puuid
   CROSS JOIN LATERAL jsonb_array_elements(a.scores) s;
END $$;
COMMENT ON FUNCTION riot.analyze_player(text, text, text) IS
  'The nine smurf scores and the verdict of a player from what is stored, now (one row per score); stores nothing';

CREATE VIEW riot.suspected_smurfs AS
SELECT a.puuid, p.game_name, p.tag_line, p.platform, p.summoner_level, a.variant,
       substr(a.verdict, 7) AS confidence, a.total, a.matches_used, a.analyzed_at,
       COALESCE(p.ban_status, 'unchecked') AS ban_status, p.banned_since, p.ban_checked_at
  FROM riot.player_analysis a JOIN riot.players p USING (puuid)
 WHERE a.current AND a.verdict LIKE 'smurf%';
COMMENT ON VIEW riot.suspected_smurfs IS
  'Players whose current analysis judges them smurfs, with the confidence and what the last ban check said';
COMMENT ON COLUMN riot.suspected_smurfs.confidence IS 'low, medium or high';
COMMENT ON COLUMN riot.suspected_smurfs.ban_status IS 'unchecked, not_banned, or likely_banned';

INSERT INTO riot.job_configurations (name, kind, schedule) VALUES ('player_analyzer', 'player_analyzer', '*/5 * * * *');
SELECT riot._schedule('player_analyzer');

GRANT SELECT ON riot.player_analysis, riot.suspected_smurfs TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.analyze_player(text, text, text) TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._analyzer_fetch_candidates(integer), riot._score_due(text, integer, integer),
  riot._ban_check_candidates(text, interval), riot._record_ban_check(text, integer),
  riot._fan_out_analyzer(bigint, integer, text, jsonb, integer, jsonb),
  riot._finish_analyzer(bigint, integer, text, jsonb) TO riot_admin;
------------------------------------------------------------------------------------------
-- Leaderboards: the apex ladders (league-v4 challenger, grandmaster and master leagues) of a
-- ranked queue on a platform, refreshed by the scheduled job leaderboard_refresh, with the history
-- of each player's position. A ladder is stored whole (its three tiers fetched in the same run)
-- or not at all, so a failed request never makes anyone leave it.
------------------------------------------------------------------------------------------

CREATE TABLE riot.leaderboards (
  platform      text NOT NULL,
  queue_type    text NOT NULL,
  puuid         text NOT NULL,
  position      integer NOT NULL,
  tier          text NOT NULL,
  league_points integer NOT NULL,
  wins          integer NOT NULL,
  losses        integer NOT NULL,
  hot_streak    boolean NOT NULL,
  veteran       boolean NOT NULL,
  fresh_blood   boolean NOT NULL,
  inactive      boolean NOT NULL,
  league_id     text,
  entered_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
  refreshed_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (platform, queue_type, puuid)
);
COMMENT ON TABLE riot.leaderboards IS 'The apex ladders as last refreshed: a row per player in challenger, grandmaster or master of a ranked queue on a platform';
COMMENT ON COLUMN riot.leaderboards.platform IS 'Platform, e.g. kr';
COMMENT ON COLUMN riot.leaderboards.queue_type IS 'RANKED_SOLO_5x5 or RANKED_FLEX_SR';
COMMENT ON COLUMN riot.leaderboards.puuid IS 'The player (riot.players holds them only when pg_riot met them otherwise)';
COMMENT ON COLUMN riot.leaderboards.position IS 'Place on the ladder from 1: challengers first, then grandmasters, then masters, each by league points (then wins, then puuid)';
COMMENT ON COLUMN riot.leaderboards.tier IS 'CHALLENGER, GRANDMASTER or MASTER';
COMMENT ON COLUMN riot.leaderboards.league_points IS 'League points';
COMMENT ON COLUMN riot.leaderboards.wins IS 'Wins this season';
COMMENT ON COLUMN riot.leaderboards.losses IS 'Losses this season';
COMMENT ON COLUMN riot.leaderboards.hot_streak IS 'Riot''s hot streak flag';
COMMENT ON COLUMN riot.leaderboards.veteran IS 'Riot''s veteran flag';
COMMENT ON COLUMN riot.leaderboards.fresh_blood IS 'Riot''s fresh blood flag';
COMMENT ON COLUMN riot.leaderboards.inactive IS 'Riot''s inactive flag (decaying)';
COMMENT ON COLUMN riot.leaderboards.league_id IS 'The league (leagueId) of the player''s tier';
COMMENT ON COLUMN riot.leaderboards.entered_at IS 'When the player was first seen on the ladder (this time)';
COMMENT ON COLUMN riot.leaderboards.refreshed_at IS 'When the ladder was last refreshed';
CREATE INDEX leaderboards_position ON riot.leaderboards (platform, queue_type, position);

CREATE TABLE riot.leaderboard_history (
  platform      text NOT NULL,
  queue_type    text NOT NULL,
  puuid         text NOT NULL,
  observed_at   timestamptz NOT NULL,
  position      integer,
  tier          text,
  league_points integer,
  PRIMARY KEY (platform, queue_type, puuid, observed_at)
);
COMMENT ON TABLE riot.leaderboard_history IS 'Each player''s ladder position over time: a row when it changed (or the player entered or left the ladder)';
COMMENT ON COLUMN riot.leaderboard_history.platform IS 'Platform';
COMMENT ON COLUMN riot.leaderboard_history.queue_type IS 'RANKED_SOLO_5x5 or RANKED_FLEX_SR';
COMMENT ON COLUMN riot.leaderboard_history.puuid IS 'The player';
COMMENT ON COLUMN riot.leaderboard_history.observed_at IS 'The refresh that saw it';
COMMENT ON COLUMN riot.leaderboard_history.position IS 'Place on the ladder; NULL when the player left it';
COMMENT ON COLUMN riot.leaderboard_history.tier IS 'Tier then; NULL when the player left the ladder';
COMMENT ON COLUMN riot.leaderboard_history.league_points IS 'League points then; NULL when the player left the ladder';

-- Replace a ladder by what a refresh fetched (its three tiers), recording every change, in one
-- statement: the players who left are deleted, the others upserted (keeping when they entered).
CREATE FUNCTION riot._store_ladder(platform text, queue_type text, entries jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  observed timestamptz := now();
  counts jsonb;
BEGIN
  -- A player promoted or demoted between the three requests is in two tiers: the higher one counts.
  WITH fetched AS (
         SELECT DISTINCT ON (e.puuid) e.*,
                array_position(ARRAY['CHALLENGER', 'GRANDMASTER', 'MASTER'], e.tier) AS tier_rank
           FROM jsonb_to_recordset(entries) AS e(puuid text, tier text, league_points integer, wins integer,
                                                 losses integer, hot_streak boolean, veteran boolean,
                                                 fresh_blood boolean, inactive boolean, league_id text)
          ORDER BY e.puuid, array_position(ARRAY['CHALLENGER', 'GRANDMASTER', 'MASTER'], e.tier), e.league_points DESC),
       ladder AS (
         SELECT e.puuid, e.tier, e.league_points, e.wins, e.losses, e.hot_streak, e.veteran, e.fresh_blood,
                e.inactive, NULLIF(e.league_id, '') AS league_id,
                row_number() OVER (ORDER BY e.tier_rank, e.league_points DESC, e.wins DESC, e.puuid)::integer AS position
           FROM fetched e),
       old AS (SELECT o.puuid, o.position, o.tier, o.league_points FROM riot.leaderboards o
                WHERE o.platform = _store_ladder.platform AND o.queue_type = _store_ladder.queue_type),
       history AS (
         INSERT INTO riot.leaderboard_history (platform, queue_type, puuid, observed_at, position, tier, league_points)
         SELECT _store_ladder.platform, _store_ladder.queue_type, n.puuid, observed, n.position, n.tier, n.league_points
           FROM ladder n LEFT JOIN old o ON o.puuid = n.puuid
          WHERE (o.position, o.tier, o.league_points) IS DISTINCT FROM (n.position, n.tier, n.league_points)
         UNION ALL
         SELECT _store_ladder.platform, _store_ladder.queue_type, o.puuid, observed, NULL, NULL, NULL
           FROM old o WHERE NOT EXISTS (SELECT FROM ladder n WHERE n.puuid = o.puuid)
         RETURNING 1),
       gone AS (
         DELETE FROM riot.leaderboards o
          WHERE o.platform = _store_ladder.platform AND o.queue_type = _store_ladder.queue_type
            AND NOT EXISTS (SELECT FROM ladder n WHERE n.puuid = o.puuid)
         RETURNING 1),
       kept AS (
         INSERT INTO riot.leaderboards AS t (platform, queue_type, puuid, position, tier, league_points, wins, losses,
                                             hot_streak, veteran, fresh_blood, inactive, league_id, entered_at,
                                             refreshed_at)
         SELECT _store_ladder.platform, _store_ladder.queue_type, n.puuid, n.position, n.tier, n.league_points, n.wins,
                n.losses, n.hot_streak, n.veteran, n.fresh_blood, n.inactive, n.league_id, observed, observed
           FROM ladder n
         ON CONFLICT ON CONSTRAINT leaderboards_pkey DO UPDATE
            SET position = EXCLUDED.position, tier = EXCLUDED.tier, league_points = EXCLUDED.league_points,
                wins = EXCLUDED.wins, losses = EXCLUDED.losses, hot_streak = EXCLUDED.hot_streak,
                veteran = EXCLUDED.veteran, fresh_blood = EXCLUDED.fresh_blood, inactive = EXCLUDED.inactive,
                league_id = EXCLUDED.league_id, refreshed_at = EXCLUDED.refreshed_at
         RETURNING 1)
  SELECT jsonb_build_object(
           'entries', (SELECT count(*) FROM kept),
           'entered', (SELECT count(*) FROM ladder n WHERE NOT EXISTS (SELECT FROM old o WHERE o.puuid = n.puuid)),
           'moved', (SELECT count(*) FROM ladder n JOIN old o ON o.puuid = n.puuid WHERE o.position <> n.position),
           'left', (SELECT count(*) FROM gone),
           'history_rows', (SELECT count(*) FROM history))
    INTO counts;
  RETURN counts;
END $$;
COMMENT ON FUNCTION riot._store_ladder(text, text, jsonb) IS
  'Internal: replace an apex ladder by a refresh''s entries, with positions, and record who entered, moved or left';

-- The platforms the scheduled refresh covers by default: those of tracked players.
CREATE FUNCTION riot._ladder_platforms()
RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT DISTINCT p.platform FROM riot.players p
   WHERE p.tracked AND p.active AND p.platform IS NOT NULL
   ORDER BY p.platform;
END;
COMMENT ON FUNCTION riot._ladder_platforms() IS
  'Internal: the platforms of tracked players, whose ladders leaderboard_refresh refreshes when its config names none';

INSERT INTO riot.job_kind_settings (kind, setting, default_value, allowed, description) VALUES
  ('leaderboard_refresh', 'platforms', '[]',
   '["br1", "eun1", "euw1", "jp1", "kr", "la1", "la2", "me1", "na1", "oc1", "ru", "sg2", "tr1", "tw2", "vn2"]',
   'Platforms whose ladders are refreshed; [] means every platform a tracked player plays on'),
  ('leaderboard_refresh', 'queues', '["RANKED_SOLO_5x5"]', '["RANKED_SOLO_5x5", "RANKED_FLEX_SR"]',
   'Ranked queues whose ladders are refreshed');
INSERT INTO riot.job_configurations (name, kind, schedule) VALUES ('leaderboard_refresh', 'leaderboard_refresh', '23 * * * *');
SELECT riot._schedule('leaderboard_refresh');

GRANT SELECT ON riot.leaderboards, riot.leaderboard_history TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._store_ladder(text, text, jsonb), riot._ladder_platforms() TO riot_admin;
-- Last: PUBLIC may execute nothing in schema riot; the grants above say who may.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA riot FROM PUBLIC;
