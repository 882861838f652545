-- The privilege model: readers read, operators queue work, admins configure; PUBLIC nothing.
BEGIN;
SELECT plan(12);

SELECT ok(pg_has_role('riot_operator', 'riot_reader', 'MEMBER'), 'riot_operator is a riot_reader');
SELECT ok(pg_has_role('riot_admin', 'riot_operator', 'MEMBER'), 'riot_admin is a riot_operator');
SELECT ok(NOT has_schema_privilege('public', 'riot', 'CREATE'), 'PUBLIC cannot create in schema riot');
SELECT ok(NOT has_schema_privilege('public', 'riot', 'USAGE'), 'PUBLIC cannot use schema riot');
SELECT ok(has_schema_privilege('riot_reader', 'riot', 'USAGE'), 'riot_reader can use schema riot');

-- Nothing in schema riot is writable by PUBLIC.
SELECT is_empty($$
  SELECT c.oid::regclass::text, a.privilege_type
    FROM pg_class c, aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) a
   WHERE c.relnamespace = 'riot'::regnamespace AND a.grantee = 0
     AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
$$, 'no table or view in schema riot is writable by PUBLIC');
SELECT is_empty($$
  SELECT p.oid::regprocedure::text
    FROM pg_proc p, aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a
   WHERE p.pronamespace = 'riot'::regnamespace AND a.grantee = 0
$$, 'no function in schema riot is executable by PUBLIC');

-- Every SECURITY DEFINER function pins search_path (and there is at least one to check).
SELECT cmp_ok((SELECT count(*)::int FROM pg_proc
                WHERE pronamespace = 'riot'::regnamespace AND prosecdef), '>', 0,
              'schema riot has SECURITY DEFINER functions to check');
SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p
   WHERE p.pronamespace = 'riot'::regnamespace AND p.prosecdef
     AND NOT EXISTS (SELECT FROM unnest(p.proconfig) c
                      WHERE c = 'search_path=pg_catalog, pg_temp')
$$, 'every SECURITY DEFINER function sets search_path = pg_catalog, pg_temp');

CREATE ROLE riot_test_reader;
GRANT riot_reader TO riot_test_reader;
SET ROLE riot_test_reader;
SELECT lives_ok($$SELECT count(*) FROM riot.worker_processes$$, 'a reader can read riot.worker_processes');
SELECT throws_ok($$SELECT riot._selftest_throw('runtime_error')$$, '42501', NULL,
                 'a reader cannot call internal functions');
RESET ROLE;
CREATE ROLE riot_test_nobody;
SET ROLE riot_test_nobody;
SELECT throws_ok($$SELECT riot.version()$$, '42501', NULL,
                 'a role outside the riot roles cannot use schema riot');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
