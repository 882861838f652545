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

