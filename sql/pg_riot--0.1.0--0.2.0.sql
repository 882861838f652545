-- pg_riot 0.1.0 -> 0.2.0: one definition of "this worker holds this attempt", fan-out and final
-- steps in SQL, scheduled jobs under pg_cron with the tracked-player updater and the player
-- analyzer, riot.workers renamed riot.worker_processes, every table column commented.
\echo Use "ALTER EXTENSION pg_riot UPDATE TO '0.2.0'" to load this file. \quit

-- riot.workers was both a setting and a view; the view is now riot.worker_processes.
ALTER VIEW riot.workers RENAME TO worker_processes;

-- riot._holds takes the job row, so every write of a worker checks it through one definition.
DROP FUNCTION riot._holds(bigint, integer, text);

-- True while this worker still holds this attempt of a running job: the one definition every
-- write of a worker checks. Plain SQL without SET options, so the planner inlines it.
CREATE FUNCTION riot._holds(job riot.jobs, attempt integer, worker text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT job.state = 'running' AND job.attempt = _holds.attempt AND job.lease_owner = _holds.worker $$;
COMMENT ON FUNCTION riot._holds(riot.jobs, integer, text) IS
  'Internal: whether a worker still holds this attempt of a job row';

-- Extend the lease of a held attempt; false when the attempt was lost (expired, cancelled).
CREATE OR REPLACE FUNCTION riot._heartbeat(job_id bigint, attempt integer, worker text, lease interval DEFAULT '60 seconds',
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
CREATE OR REPLACE FUNCTION riot._progress(job_id bigint, attempt integer, worker text, step text,
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

-- Finish a held attempt: succeeded with a result, or (with children_queued) wait for children.
CREATE OR REPLACE FUNCTION riot._finish(job_id bigint, attempt integer, worker text, result jsonb DEFAULT NULL,
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
CREATE OR REPLACE FUNCTION riot._fail(job_id bigint, attempt integer, worker text, error text,
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
CREATE OR REPLACE FUNCTION riot._release(job_id bigint, attempt integer, worker text)
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

-- End a job for good and tell its parent; the child that ends last requeues the parent for its
-- final step, so that step is queued exactly once however many workers race.
CREATE OR REPLACE FUNCTION riot._end_job(job_id bigint, state text, result jsonb, error text,
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

-- plpgsql_check: an empty array of the bucket type, not a text literal.
-- Take up to `wanted` tokens for requests to (host, method) now. Returns how many were granted
-- and, when none, how long to wait. Windows last `margin` longer than Riot's, so that ours never
-- restart before Riot's do; `share` scales every limit for installations sharing one key.
CREATE OR REPLACE FUNCTION riot._take_tokens(host text, method text, wanted integer,
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
  buckets riot.rate_limits[] := ARRAY[]::riot.rate_limits[];
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

-- Riot IDs are checked in one place; fan-out and a sync's final step are set-based SQL calls.
DROP FUNCTION riot._finish_sync(bigint);

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

CREATE OR REPLACE FUNCTION riot.sync_player(game_name text, tag_line text, platform text, year integer DEFAULT NULL,
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

-- Tracking, analyzer and ban-check state of players.
ALTER TABLE riot.players
  ADD COLUMN tracked_at      timestamptz,
  ADD COLUMN active          boolean NOT NULL DEFAULT true,
  ADD COLUMN inactive_reason text,
  ADD COLUMN checked_at      timestamptz,
  ADD COLUMN analyzer_exhausted_at timestamptz,
  ADD COLUMN ban_checked_at  timestamptz,
  ADD COLUMN ban_status      text CHECK (ban_status IN ('not_banned', 'likely_banned')),
  ADD COLUMN banned_since    timestamptz;
COMMENT ON COLUMN riot.players.tracked_at IS 'When the player was last tracked (riot.track_player)';
COMMENT ON COLUMN riot.players.active IS 'False once the account no longer resolves; the updater skips it';
COMMENT ON COLUMN riot.players.inactive_reason IS 'Why the player is inactive';
COMMENT ON COLUMN riot.players.checked_at IS 'When the tracked-player updater last checked the player';
COMMENT ON COLUMN riot.players.analyzer_exhausted_at IS 'When the player analyzer last found no further ranked match of the player; it asks again a day later';
COMMENT ON COLUMN riot.players.ban_checked_at IS 'When summoner-v4 was last asked whether the account is banned';
COMMENT ON COLUMN riot.players.ban_status IS 'not_banned (summoner-v4 answered 200) or likely_banned (404); NULL before a check';
COMMENT ON COLUMN riot.players.banned_since IS 'When summoner-v4 first answered 404 for the account';

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
-- a string an interval, unless `allowed` lists the values it may take.
CREATE TABLE riot.job_kind_settings (
  kind          text NOT NULL,
  setting       text NOT NULL,
  default_value jsonb NOT NULL CHECK (jsonb_typeof(default_value) IN ('number', 'string')),
  allowed       jsonb CHECK (jsonb_typeof(allowed) = 'array'),
  description   text NOT NULL,
  PRIMARY KEY (kind, setting)
);
COMMENT ON TABLE riot.job_kind_settings IS 'The settings each scheduled job kind takes in its config, with their defaults';
COMMENT ON COLUMN riot.job_kind_settings.kind IS 'The job kind';
COMMENT ON COLUMN riot.job_kind_settings.setting IS 'A key of the configuration''s config';
COMMENT ON COLUMN riot.job_kind_settings.default_value IS 'Its value when the config leaves it out';
COMMENT ON COLUMN riot.job_kind_settings.allowed IS 'The values it may take, when they are a list';
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
    IF setting.allowed IS NOT NULL THEN
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
CREATE FUNCTION riot._execution_ended(job_id bigint, state text, result jsonb, error text, now timestamptz)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE riot.job_executions e
     SET state = _execution_ended.state, finished_at = _execution_ended.now, error = _execution_ended.error,
         started_at = COALESCE(e.started_at, _execution_ended.now),
         metrics = COALESCE(_execution_ended.result -> 'metrics', e.metrics),
         records_created = (_execution_ended.result -> 'metrics' ->> 'records_created')::bigint,
         records_updated = (_execution_ended.result -> 'metrics' ->> 'records_updated')::bigint
   WHERE e.job_id = _execution_ended.job_id AND e.state IN ('queued', 'running')
$$;
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

-- What the analyzer reads of players, set-based: per player their level, their games (the 50
-- newest and the 50 newest ranked, with the lobby of each: the other players' mean KDA and CS per
-- minute, and the player's share of the team's damage) and their rank snapshots (solo queue, or
-- flex when they have no solo rank), as the JSON worker/analysis/player_history.hpp reads.
CREATE FUNCTION riot._player_histories(puuids text[])
RETURNS TABLE (puuid text, history jsonb, newest_game timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  -- Set-based throughout (joins, not a subquery per player or per game): thousands of players
  -- are read in one pass.
  WITH asked AS (
    SELECT DISTINCT a.id AS puuid FROM unnest(puuids) AS a(id)),
  mine AS (
    SELECT mp.puuid, mp.match_id, m.game_start, m.queue_id IN (420, 440) AS ranked,
           row_number() OVER (PARTITION BY mp.puuid ORDER BY m.game_start DESC) AS recent,
           row_number() OVER (PARTITION BY mp.puuid, m.queue_id IN (420, 440) ORDER BY m.game_start DESC) AS recent_of_kind
      FROM asked a
      JOIN riot.match_participants mp ON mp.puuid = a.puuid
      JOIN riot.matches m ON m.match_id = mp.match_id
     WHERE m.game_start IS NOT NULL),
  picked AS (
    SELECT k.puuid, k.match_id, k.game_start FROM mine k WHERE k.recent <= 50 OR (k.ranked AND k.recent_of_kind <= 50)),
  -- Per match and team: the team's damage, and the match's human players' KDA and CS summed
  -- (the player's own is taken out below).
  lobby AS MATERIALIZED (
    SELECT o.match_id, o.team_id,
           sum(o.damage_to_champions)::double precision AS team_damage,
           sum(sum((o.kills + o.assists)::double precision / greatest(o.deaths, 1)) FILTER (WHERE NOT o.is_bot))
             OVER (PARTITION BY o.match_id) AS kda_sum,
           sum(sum(o.cs) FILTER (WHERE NOT o.is_bot)) OVER (PARTITION BY o.match_id) AS cs_sum,
           sum(count(*) FILTER (WHERE NOT o.is_bot)) OVER (PARTITION BY o.match_id) AS humans
      FROM (SELECT DISTINCT k.match_id FROM picked k) x
      JOIN riot.match_participants o ON o.match_id = x.match_id
     GROUP BY o.match_id, o.team_id),
  games AS (
    SELECT k.puuid, k.game_start,
           jsonb_build_object(
             'start_ms', (extract(epoch FROM k.game_start) * 1000)::bigint, 'queue', m.queue_id,
             'duration_s', m.duration_seconds, 'win', me.win, 'kills', me.kills, 'deaths', me.deaths,
             'assists', me.assists, 'cs', me.cs, 'vision', me.vision_score, 'position', me.team_position,
             'lobby_kda', (l.kda_sum - (me.kills + me.assists)::double precision / greatest(me.deaths, 1))
                          / NULLIF(l.humans - 1, 0),
             'lobby_cspm', (l.cs_sum - me.cs) / NULLIF(l.humans - 1, 0) / greatest(m.duration_seconds / 60.0, 1),
             'damage_share', me.damage_to_champions / NULLIF(l.team_damage, 0)) AS game
      FROM picked k
      JOIN riot.matches m ON m.match_id = k.match_id
      JOIN riot.match_participants me ON me.match_id = k.match_id AND me.puuid = k.puuid
      JOIN lobby l ON l.match_id = k.match_id AND l.team_id = me.team_id),
  histories AS (
    SELECT g.puuid, jsonb_agg(g.game ORDER BY g.game_start DESC) AS games, max(g.game_start) AS newest
      FROM games g GROUP BY g.puuid),
  ranks AS (
    SELECT r.puuid,
           jsonb_agg(jsonb_build_object('tier', r.tier, 'division', r.division, 'lp', r.league_points,
                                        'wins', r.wins, 'losses', r.losses,
                                        'observed_ms', (extract(epoch FROM r.observed_at) * 1000)::bigint)
                     ORDER BY r.observed_at) AS ranks
      FROM (SELECT l.*, rank() OVER (PARTITION BY l.puuid ORDER BY l.queue_type <> 'RANKED_SOLO_5x5') AS pick
              FROM asked a JOIN riot.player_ranks l ON l.puuid = a.puuid
             WHERE l.queue_type IN ('RANKED_SOLO_5x5', 'RANKED_FLEX_SR')) r
     WHERE r.pick = 1
     GROUP BY r.puuid)
  SELECT p.puuid,
         jsonb_build_object('level', p.summoner_level, 'games', COALESCE(h.games, '[]'),
                            'ranks', COALESCE(r.ranks, '[]')),
         h.newest
    FROM asked a
    JOIN riot.players p ON p.puuid = a.puuid
    LEFT JOIN histories h ON h.puuid = p.puuid
    LEFT JOIN ranks r ON r.puuid = p.puuid
$$;
COMMENT ON FUNCTION riot._player_histories(text[]) IS
  'Internal: what the analyzer scores, per player: level, recent games with their lobby, rank snapshots';

CREATE FUNCTION riot._score_player(history jsonb, variant text DEFAULT 'pg_riot')
RETURNS jsonb
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'riot_score_player';
COMMENT ON FUNCTION riot._score_player(jsonb, text) IS
  'Internal: the nine smurf scores and the verdict of a player history (C++, worker/analysis)';

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
    SELECT s.puuid, _store_analyses.variant, s.result ->> 'verdict', (s.result ->> 'total')::double precision,
           (s.result ->> 'matches_used')::integer, s.newest_game,
           (s.result #>> '{scores,0,value}')::double precision, (s.result #>> '{scores,1,value}')::double precision,
           (s.result #>> '{scores,2,value}')::double precision, (s.result #>> '{scores,3,value}')::double precision,
           (s.result #>> '{scores,4,value}')::double precision, (s.result #>> '{scores,5,value}')::double precision,
           (s.result #>> '{scores,6,value}')::double precision, (s.result #>> '{scores,7,value}')::double precision,
           (s.result #>> '{scores,8,value}')::double precision, s.result -> 'scores'
      FROM (SELECT h.puuid, h.newest_game, riot._score_player(h.history, _store_analyses.variant) AS result
              FROM riot._player_histories(puuids) h) s
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
  SELECT h.puuid, p.platform, s ->> 'name', (s ->> 'value')::double precision, (s ->> 'basis')::double precision,
         (s ->> 'weight')::double precision, s ->> 'reason', (a.result ->> 'total')::double precision,
         a.result ->> 'verdict', (a.result ->> 'matches_used')::integer
    FROM riot._player_histories(ARRAY(SELECT riot._puuids_of(id.name, id.tag))) h
    JOIN riot.players p ON p.puuid = h.puuid
   CROSS JOIN LATERAL (SELECT riot._score_player(h.history, analyze_player.variant) AS result) a
   CROSS JOIN LATERAL jsonb_array_elements(a.result -> 'scores') s;
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

-- Every column of every table has a comment.
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
COMMENT ON COLUMN riot.rate_limits.host IS 'Routing host the bucket counts requests to, e.g. kr or asia';
COMMENT ON COLUMN riot.rate_limits.backoff_ms IS 'Backoff after a 429 without Retry-After; doubles on each such 429';
COMMENT ON COLUMN riot.rate_limits.requests IS 'Tokens granted from this bucket so far';
COMMENT ON COLUMN riot.rate_limits.rate_limited IS '429 responses received for this bucket so far';
COMMENT ON COLUMN riot.rate_limits.updated_at IS 'When the bucket last changed';
COMMENT ON COLUMN riot.players.summoner_level IS 'Summoner level (summoner-v4), as last seen';
COMMENT ON COLUMN riot.players.profile_icon_id IS 'Profile icon id (summoner-v4), as last seen';
COMMENT ON COLUMN riot.players.revision_date IS 'When the summoner last changed, as Riot reports it';
COMMENT ON COLUMN riot.players.discovered_at IS 'When pg_riot first saw the player';
COMMENT ON COLUMN riot.players.updated_at IS 'When the row last changed';
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
COMMENT ON COLUMN riot.timelines.match_id IS 'The match';
COMMENT ON COLUMN riot.timelines.stored_at IS 'When pg_riot stored the timeline';
COMMENT ON COLUMN riot.match_participants.team_id IS '100 or 200; in Arena the top (100) or bottom (200) half of the placements';

-- Last, as in a fresh install: PUBLIC may execute nothing in schema riot.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA riot FROM PUBLIC;
