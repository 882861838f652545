-- The C++/PostgreSQL boundary: C++ exceptions become ERRORs, PostgreSQL ERRORs unwind C++.
BEGIN;
SELECT plan(10);

SELECT throws_ok($$SELECT riot._selftest_throw('runtime_error')$$, 'XX000',
                 'pg_riot: a C++ runtime_error',
                 'a C++ exception becomes an ERROR with SQLSTATE XX000');
SELECT throws_ok($$SELECT riot._selftest_throw('riot_error')$$, '22023', 'invalid thing "x"',
                 'a riot::Error keeps its SQLSTATE and message');
SELECT throws_ok($$SELECT riot._selftest_throw('bad_alloc')$$, '53200', NULL,
                 'std::bad_alloc becomes out_of_memory');
SELECT throws_ok($$SELECT riot._selftest_throw('int')$$, 'XX000',
                 'pg_riot: unknown C++ exception', 'a non-std exception still becomes an ERROR');
SELECT is(riot.version(), (SELECT extversion FROM pg_extension WHERE extname = 'pg_riot'),
          'the session is usable after the errors');

-- riot::Error's detail and hint reach the client.
CREATE FUNCTION pg_temp.error_fields() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  d text;
  h text;
BEGIN
  PERFORM riot._selftest_throw('riot_error');
  RETURN 'no error';
EXCEPTION WHEN invalid_parameter_value THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
  RETURN d || ' / ' || h;
END $$;
SELECT is(pg_temp.error_fields(), 'x is not a thing. / Pass a thing.',
          'detail and hint of a riot::Error reach the client');

CREATE TEMP TABLE destroyed_before AS SELECT riot._selftest_destroyed() AS n;
SELECT is(riot._selftest_pg_error(false), '22012 division by zero',
          'a PostgreSQL ERROR under C++ code is caught as a C++ exception with its SQLSTATE');
SELECT is(riot._selftest_destroyed() - (SELECT n FROM destroyed_before), 2,
          'unwinding ran the destructors of both C++ objects it crossed');
SELECT throws_ok($$SELECT riot._selftest_pg_error(true)$$, '22012', 'division by zero',
                 'an uncaught PostgreSQL ERROR leaves C++ and is reported unchanged');
SELECT is(riot._selftest_destroyed() - (SELECT n FROM destroyed_before), 4,
          'the propagated ERROR ran the destructors too');

SELECT * FROM finish();
ROLLBACK;
