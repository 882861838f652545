-- The background workers: the launcher and riot.workers workers attached to riot.database.
BEGIN;
SELECT plan(5);

-- Workers start within seconds of the server; wait for them (no timing is asserted).
CREATE FUNCTION pg_temp.wait_for_workers(wanted int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  running int;
BEGIN
  FOR attempt IN 1..300 LOOP
    SELECT count(*) INTO running FROM pg_stat_activity
     WHERE backend_type = 'pg_riot worker' AND datname = current_setting('riot.database');
    EXIT WHEN running >= wanted;
    PERFORM pg_sleep(0.1);
    PERFORM pg_stat_clear_snapshot();
  END LOOP;
  RETURN running;
END $$;

SELECT is(pg_temp.wait_for_workers(current_setting('riot.workers')::int),
          current_setting('riot.workers')::int,
          'riot.workers workers are attached to riot.database');
SELECT is((SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'pg_riot launcher'), 1,
          'one launcher runs');
SELECT is((SELECT count(*)::int FROM riot.worker_processes WHERE backend_type = 'pg_riot worker'),
          current_setting('riot.workers')::int, 'riot.worker_processes lists them');
SELECT is((SELECT array_agg(DISTINCT name ORDER BY name) FROM riot.worker_processes
            WHERE backend_type = 'pg_riot worker'),
          (SELECT array_agg('pg_riot worker ' || n ORDER BY 'pg_riot worker ' || n)
             FROM generate_series(1, current_setting('riot.workers')::int) n),
          'each worker has a numbered name');
SELECT is_empty($$SELECT 1 FROM riot.worker_processes WHERE backend_type = 'pg_riot worker'
                   AND wait_event IS DISTINCT FROM 'Extension' AND state = 'idle'$$,
                'idle workers sleep on their latch');

SELECT * FROM finish();
ROLLBACK;
