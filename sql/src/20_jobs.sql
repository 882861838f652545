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

