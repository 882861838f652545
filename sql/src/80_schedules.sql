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
