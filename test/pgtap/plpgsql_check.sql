-- plpgsql_check over every PL/pgSQL function of schema riot: no error, no warning, no
-- performance or security finding. A function it reports fails this suite. And every SQL-language
-- function's body parses and plans (CREATE EXTENSION does not check function bodies).
BEGIN;
SELECT plan(4);

CREATE EXTENSION IF NOT EXISTS plpgsql_check;

SELECT cmp_ok((SELECT count(*)::int FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                WHERE p.pronamespace = 'riot'::regnamespace AND l.lanname = 'plpgsql'), '>=', 10,
              'the PL/pgSQL functions of schema riot are found');
SELECT is_empty($$
  SELECT p.oid::regprocedure || ' line ' || c.lineno || ': ' || c.level || ': ' || c.message
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql',
         LATERAL plpgsql_check_function_tb(p.oid, performance_warnings => true, extra_warnings => true,
                                           security_warnings => true) c
   WHERE p.pronamespace = 'riot'::regnamespace
$$, 'plpgsql_check finds nothing in any PL/pgSQL function of schema riot');


SET LOCAL check_function_bodies = on;
SELECT cmp_ok((SELECT count(*)::int FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                WHERE p.pronamespace = 'riot'::regnamespace AND l.lanname = 'sql'), '>=', 10,
              'the SQL-language functions of schema riot are found');
SELECT lives_ok($$
  SELECT pg_catalog.fmgr_sql_validator(p.oid) FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
   WHERE p.pronamespace = 'riot'::regnamespace AND l.lanname = 'sql'
$$, 'the body of every SQL-language function of schema riot is valid');

SELECT * FROM finish();
ROLLBACK;
