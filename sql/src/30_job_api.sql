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

