-- pg_riot 0.1.0: schema riot, the roles that may use it, and the functions of the foundation.
\echo Use "CREATE EXTENSION pg_riot CASCADE" to load this file. \quit

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

CREATE VIEW riot.workers AS
SELECT a.pid,
       a.backend_type,
       a.application_name AS name,
       a.datname AS database,
       a.state,
       a.wait_event,
       a.backend_start
  FROM pg_catalog.pg_stat_activity a
 WHERE a.backend_type IN ('pg_riot launcher', 'pg_riot worker');
COMMENT ON VIEW riot.workers IS 'The pg_riot launcher and background workers now running';
COMMENT ON COLUMN riot.workers.name IS 'Worker name, e.g. "pg_riot worker 1"';
COMMENT ON COLUMN riot.workers.database IS 'Database the worker is attached to (riot.database); NULL for the launcher';

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
GRANT SELECT ON riot.workers TO riot_reader;

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

-- Claim up to batch_size claimable jobs for a worker under a lease.
CREATE FUNCTION riot._claim(worker text, batch_size integer DEFAULT 1, lease interval DEFAULT '60 seconds',
                            kinds text[] DEFAULT NULL, now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS SETOF riot.jobs
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE ROWS 10
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
    FROM claimable c
   WHERE j.job_id = c.job_id
  RETURNING j.*;
END $$;
COMMENT ON FUNCTION riot._claim(text, integer, interval, text[], timestamptz) IS
  'Internal: claim queued jobs with FOR UPDATE SKIP LOCKED under a lease';

-- True while this worker still holds this attempt of a running job.
CREATE FUNCTION riot._holds(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT EXISTS (SELECT FROM riot.jobs j WHERE j.job_id = _holds.job_id AND j.state = 'running'
                    AND j.attempt = _holds.attempt AND j.lease_owner = _holds.worker)
$$;
COMMENT ON FUNCTION riot._holds(bigint, integer, text) IS 'Internal: whether a worker still holds an attempt';

-- Extend the lease of a held attempt; false when the attempt was lost (expired, cancelled).
CREATE FUNCTION riot._heartbeat(job_id bigint, attempt integer, worker text, lease interval DEFAULT '60 seconds',
                                now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH extended AS (
    UPDATE riot.jobs j SET lease_until = now + lease
     WHERE j.job_id = _heartbeat.job_id AND j.state = 'running' AND j.attempt = _heartbeat.attempt
       AND j.lease_owner = worker
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
     WHERE j.job_id = _progress.job_id AND j.state = 'running' AND j.attempt = _progress.attempt
       AND j.lease_owner = worker
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
   WHERE j.job_id = _finish.job_id AND j.state = 'running' AND j.attempt = _finish.attempt
     AND j.lease_owner = worker
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
   WHERE j.job_id = _fail.job_id AND j.state = 'running' AND j.attempt = _fail.attempt
     AND j.lease_owner = worker
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
     WHERE j.job_id = _release.job_id AND j.state = 'running' AND j.attempt = _release.attempt
       AND j.lease_owner = _release.worker
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
  riot._holds(bigint, integer, text),
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

-- Take up to `wanted` tokens for requests to (host, method) now. Returns how many were granted
-- and, when none, how long to wait. Windows last `margin` longer than Riot's, so that ours never
-- restart before Riot's do; `share` scales every limit for installations sharing one key.
CREATE FUNCTION riot._take_tokens(host text, method text, wanted integer,
                                  default_limits integer[], default_seconds integer[],
                                  share double precision DEFAULT 1.0,
                                  margin interval DEFAULT '250 milliseconds',
                                  now timestamptz DEFAULT pg_catalog.clock_timestamp(),
                                  OUT granted integer, OUT retry_in_ms integer)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bucket riot.rate_limits;
  buckets riot.rate_limits[] := '{}';
  window_end timestamptz;
  allowed integer;
  wait_ms integer := 0;
BEGIN
  granted := greatest(wanted, 0);
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
    IF bucket.blocked_until > now THEN
      wait_ms := greatest(wait_ms, ceil(extract(epoch FROM bucket.blocked_until - now) * 1000)::integer);
      granted := 0;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(bucket.limits), 0) LOOP
      window_end := bucket.window_start[i] + make_interval(secs => bucket.seconds[i]) + margin;
      IF bucket.window_start[i] IS NULL OR now >= window_end THEN
        bucket.counts[i] := 0;
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
    END IF;
    UPDATE riot.rate_limits r
       SET counts = bucket.counts, window_start = bucket.window_start,
           requests = r.requests + granted, updated_at = now
     WHERE r.host = bucket.host AND r.method = bucket.method;
  END LOOP;
  retry_in_ms := CASE WHEN granted > 0 THEN 0 ELSE greatest(wait_ms, 1) END;
END $$;
COMMENT ON FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz) IS
  'Internal: take rate-limit tokens for requests about to be sent';

-- Learn from a response's headers: the limits (X-*-Rate-Limit), the counts Riot has seen
-- (X-*-Rate-Limit-Count, taken when higher than ours) and, on a 429, block the bucket it names.
CREATE FUNCTION riot._record_response(host text, method text, status integer,
                                      app_limits integer[], app_seconds integer[], app_counts integer[],
                                      method_limits integer[], method_seconds integer[], method_counts integer[],
                                      limit_type text DEFAULT NULL, retry_after_ms integer DEFAULT NULL,
                                      margin interval DEFAULT '250 milliseconds',
                                      now timestamptz DEFAULT pg_catalog.clock_timestamp())
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
BEGIN
  FOR bucket IN SELECT * FROM riot.rate_limits r
                 WHERE r.host = _record_response.host AND r.method IN ('', _record_response.method)
                 ORDER BY r.method FOR UPDATE LOOP
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
        bucket.counts[at] := 0;  -- our window has ended: Riot's count is of a later one
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
           updated_at = now
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
COMMENT ON FUNCTION riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[], integer[], text, integer, interval, timestamptz) IS
  'Internal: learn limits and counts from a response and block a bucket after a 429';

GRANT SELECT ON riot.rate_limits TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz),
  riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[], integer[], text, integer, interval, timestamptz)
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
  updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE riot.players IS 'Every player seen: synced players and everyone who played with them (discovered)';
COMMENT ON COLUMN riot.players.puuid IS 'Riot''s player id (encrypted per API key)';
COMMENT ON COLUMN riot.players.game_name IS 'Riot ID game name, as last seen';
COMMENT ON COLUMN riot.players.tag_line IS 'Riot ID tag line, as last seen';
COMMENT ON COLUMN riot.players.platform IS 'Platform routing value, e.g. kr or euw1';
COMMENT ON COLUMN riot.players.tracked IS 'Kept up to date by the tracked-player updater';
COMMENT ON COLUMN riot.players.resolved_at IS 'When the Riot ID was last resolved through account-v1';
COMMENT ON COLUMN riot.players.synced_at IS 'When the player''s match history was last synced';
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
  raw                jsonb NOT NULL,
  stored_at          timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE riot.matches IS 'One row per match (match-v5), with the raw payload kept in raw';
COMMENT ON COLUMN riot.matches.match_id IS 'Riot''s match id, e.g. KR_7234567890';
COMMENT ON COLUMN riot.matches.queue_id IS 'Queue id: 420 ranked solo, 440 flex, 450 ARAM, 1700 Arena, ...';
COMMENT ON COLUMN riot.matches.game_start IS 'When the game started';
COMMENT ON COLUMN riot.matches.duration_seconds IS 'Game length in seconds, whatever the game version reported';
COMMENT ON COLUMN riot.matches.winning_team IS 'teamId of the winning team (100 or 200); NULL when none (aborted, Arena)';
COMMENT ON COLUMN riot.matches.raw IS 'The MatchDto exactly as Riot returned it';
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
COMMENT ON COLUMN riot.match_participants.team_id IS '100 or 200 (0 in Arena)';
COMMENT ON COLUMN riot.match_participants.subteam_id IS 'Arena team (1-8)';
COMMENT ON COLUMN riot.match_participants.placement IS 'Arena placement';
COMMENT ON COLUMN riot.match_participants.team_position IS 'TOP, JUNGLE, MIDDLE, BOTTOM or UTILITY';
COMMENT ON COLUMN riot.match_participants.cs IS 'Creep score: minions plus neutral monsters killed';
COMMENT ON COLUMN riot.match_participants.items IS 'item0 .. item6';
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
CREATE INDEX player_ranks_latest ON riot.player_ranks (puuid, queue_type, observed_at DESC);

CREATE TABLE riot.timelines (
  match_id  text PRIMARY KEY REFERENCES riot.matches ON DELETE CASCADE,
  raw       jsonb NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE riot.timelines IS 'Match timelines (match-v5), raw, when a sync asked for them';
COMMENT ON COLUMN riot.timelines.raw IS 'The TimelineDto exactly as Riot returned it';

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
                            end_of_game_result, raw)
  SELECT m.match_id, m.platform, m.game_id, m.queue_id, m.game_mode, m.game_type, m.game_version,
         m.map_id, m.game_creation, m.game_start, m.game_end, m.duration_seconds, m.winning_team,
         m.end_of_game_result, _store_match.raw
    FROM jsonb_populate_record(NULL::riot.matches, match) m
  ON CONFLICT (match_id) DO NOTHING;
  GET DIAGNOSTICS inserted = ROW_COUNT;
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
  RETURN inserted > 0;
END $$;
COMMENT ON FUNCTION riot._store_match(jsonb, jsonb, jsonb) IS
  'Internal: store a match, its participants and the players discovered in it';

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

CREATE FUNCTION riot._store_timeline(match_id text, raw jsonb)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO riot.timelines (match_id, raw) VALUES (match_id, raw) ON CONFLICT (match_id) DO NOTHING
$$;
COMMENT ON FUNCTION riot._store_timeline(text, jsonb) IS 'Internal: store a match timeline';

GRANT SELECT ON riot.players, riot.matches, riot.match_participants, riot.player_ranks, riot.timelines
  TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._store_match(jsonb, jsonb, jsonb), riot._store_player(text, text, text, text, jsonb),
  riot._store_ranks(text, jsonb), riot._store_timeline(text, jsonb) TO riot_admin;

------------------------------------------------------------------------------------------
-- riot.sync_player: a player's whole match history, as jobs spread over every worker.
------------------------------------------------------------------------------------------

CREATE FUNCTION riot.platform_region(platform text)
RETURNS text
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'riot_platform_region';
COMMENT ON FUNCTION riot.platform_region(text) IS
  'Regional route of a platform (kr -> asia, euw1 -> europe); NULL for an unknown platform';

CREATE FUNCTION riot.sync_player(game_name text, tag_line text, platform text, year integer DEFAULT NULL,
                                 max_matches integer DEFAULT 1000, queue integer DEFAULT NULL,
                                 with_timelines boolean DEFAULT false, force boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  name text := btrim(game_name);
  tag text := btrim(tag_line);
  route text := lower(btrim(platform));
  key text;
  recent riot.jobs;
  cooldown interval := current_setting('riot.sync_cooldown')::interval;
BEGIN
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
  IF route IS NULL OR riot.platform_region(route) IS NULL THEN
    RAISE EXCEPTION 'unknown platform "%"', platform USING ERRCODE = '22023',
      HINT = 'Use a platform routing value: br1, eun1, euw1, jp1, kr, la1, la2, me1, na1, oc1, ru, sg2, tr1, tw2 or vn2.';
  END IF;
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

-- The final step of a sync: mark the player synced and total what the sync did.
CREATE FUNCTION riot._finish_sync(job_id bigint)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH job AS (SELECT j.* FROM riot.jobs j WHERE j.job_id = _finish_sync.job_id),
  marked AS (
    UPDATE riot.players p SET synced_at = now(), updated_at = now()
      FROM job WHERE p.puuid = job.result ->> 'puuid'
    RETURNING p.puuid)
  SELECT jsonb_build_object(
           'matches_fetched', (SELECT count(*) FROM riot.jobs c WHERE c.parent_id = _finish_sync.job_id
                                 AND c.state = 'succeeded'),
           'matches_failed', (SELECT children_failed FROM job),
           -- The player's games now stored with participants (aborted games have none).
           'player_games', (SELECT count(*) FROM riot.match_participants mp, job
                             WHERE mp.puuid = job.result ->> 'puuid'))
$$;
COMMENT ON FUNCTION riot._finish_sync(bigint) IS 'Internal: the final step of a sync: totals, players.synced_at';

GRANT EXECUTE ON FUNCTION riot._finish_sync(bigint) TO riot_admin;
GRANT EXECUTE ON FUNCTION riot.sync_player(text, text, text, integer, integer, integer, boolean, boolean) TO riot_operator;
GRANT EXECUTE ON FUNCTION riot.platform_region(text) TO riot_reader;

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

-- Last: PUBLIC may execute nothing in schema riot; the grants above say who may.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA riot FROM PUBLIC;
