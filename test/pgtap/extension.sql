-- The extension's objects: schema, roles, functions, views, comments, version.
BEGIN;
SELECT plan(14);

SELECT has_extension('pg_riot', 'pg_riot is installed');
SELECT has_schema('riot', 'schema riot exists');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'pg_riot'), riot.version(),
          'the loaded library and the installed SQL have the same version');
SELECT is((SELECT e.extrelocatable FROM pg_extension e WHERE extname = 'pg_riot'), false,
          'pg_riot is not relocatable');
SELECT has_role('riot_reader', 'role riot_reader exists');
SELECT has_role('riot_operator', 'role riot_operator exists');
SELECT has_role('riot_admin', 'role riot_admin exists');
SELECT has_function('riot', 'version', '{}'::name[], 'riot.version() exists');
SELECT has_function('riot', 'api_key_configured', '{}'::name[], 'riot.api_key_configured() exists');
SELECT has_view('riot', 'worker_processes', 'view riot.worker_processes exists');
SELECT is(riot.api_key_configured(), current_setting('riot.api_key') <> '',
          'api_key_configured() tells whether a key is set');

-- Every public object in schema riot carries a COMMENT.
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace = 'riot'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL
  UNION ALL
  SELECT c.oid::regclass::text FROM pg_class c
   WHERE c.relnamespace = 'riot'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
     AND obj_description(c.oid, 'pg_class') IS NULL
$$, 'every function, table and view in schema riot has a comment');

SELECT is_empty($$
  SELECT c.relname || '.' || a.attname FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE c.relnamespace = 'riot'::regnamespace AND c.relkind = 'r' AND col_description(c.oid, a.attnum) IS NULL
$$, 'every column of every table in schema riot has a comment');

-- Every object of the extension belongs to it, so DROP EXTENSION leaves nothing behind.
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace = 'riot'::regnamespace
     AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                        AND d.objid = p.oid AND d.deptype = 'e')
$$, 'every function in schema riot is a member of the extension');

SELECT * FROM finish();
ROLLBACK;
