-- The shared rate limiter on a fake clock: windows, learning, each 429 type, missing Retry-After.
BEGIN;
SELECT plan(33);

-- Tokens for requests answered at once (without headers): none stays in flight.
CREATE FUNCTION pg_temp.take(method text, wanted int, at text, share float8 DEFAULT 1.0)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  SELECT * INTO t FROM riot._take_tokens('t1', method, wanted, '{20,100}', '{1,120}', share, '250 ms',
                                         '2030-01-01 00:00:00+00'::timestamptz + at::interval);
  FOR i IN 1 .. t.granted LOOP
    PERFORM riot._record_response('t1', method, 200, '{}', '{}', '{}', '{}', '{}', '{}', NULL, NULL, '250 ms',
                                  '2030-01-01 00:00:00+00'::timestamptz + at::interval, t.granted_at);
  END LOOP;
  RETURN t.granted || '/' || t.retry_in_ms;
END $$;
CREATE FUNCTION pg_temp.record(status int, at text, limit_type text DEFAULT NULL, retry_ms int DEFAULT NULL)
RETURNS void LANGUAGE sql AS $$
  SELECT riot._record_response('t1', 'm.get', status, '{500,30000}', '{10,600}', '{1,1}',
                               '{2000}', '{10}', '{1}', limit_type, retry_ms, '250 ms',
                               '2030-01-01 00:00:00+00'::timestamptz + at::interval)
$$;

-- Before any response: riot.default_rate_limits (20:1,100:120), windows starting at the first token.
SELECT is(pg_temp.take('m.get', 15, '0 s'), '15/0', 'tokens within the default limit are granted');
SELECT is(pg_temp.take('m.get', 15, '0.1 s'), '5/0', 'only what is left of the 1 s window is granted');
SELECT is(pg_temp.take('m.get', 1, '0.5 s'), '0/750', 'a full window says how long until it ends (plus the margin)');
SELECT is(pg_temp.take('m.get', 1, '1.1 s'), '0/150', 'not before the window and its margin have passed');
SELECT is(pg_temp.take('m.get', 30, '1.25 s'), '20/0', 'a new window starts with the first token after it');
SELECT is((SELECT counts FROM riot.rate_limits WHERE host = 't1' AND method = ''), '{20,40}',
          'each window counts the tokens taken');
SELECT is(pg_temp.take('other.method', 1, '1.3 s'), '0/1200',
          'the application limit binds every method of the host');
SELECT is((SELECT count(*)::int FROM riot.rate_limits WHERE host = 't1'), 3,
          'one application bucket and one bucket per method');

-- Learning from headers.
SELECT pg_temp.record(200, '1.4 s');
SELECT is((SELECT limits::text || ' ' || seconds::text || ' ' || learned FROM riot.rate_limits WHERE host = 't1' AND method = ''),
          '{500,30000} {10,600} true', 'application limits are learned from X-App-Rate-Limit');
SELECT is((SELECT limits::text || ' ' || seconds::text FROM riot.rate_limits WHERE host = 't1' AND method = 'm.get'),
          '{2000} {10}', 'method limits are learned from X-Method-Rate-Limit');
SELECT is(pg_temp.take('m.get', 600, '1.5 s'), '460/0', 'the learned limit applies at once, less what the old windows counted (in flight)');
SELECT is(pg_temp.take('m.get', 1, '1.6 s'), '0/9800',
          'and its 10 s window binds, lasting 10 s from the response Riot counted first (1.4 s)');

-- Counts are corrected upwards from X-*-Rate-Limit-Count (another client on the same key).
SELECT riot._take_tokens('t2', 'm.get', 1, '{20}', '{1}', 1.0, '250 ms', '2030-01-01 00:00:00+00');
SELECT riot._record_response('t2', 'm.get', 200, '{100}', '{10}', '{1}', '{}', '{}', '{}', NULL, NULL,
                             '250 ms', '2030-01-01 00:00:00+00');
SELECT is((SELECT granted FROM riot._take_tokens('t2', 'm.get', 200, '{20}', '{1}', 1.0, '250 ms', '2030-01-01 00:00:01+00')),
          99, 'a host grants its learned limit minus what Riot counted');
SELECT riot._record_response('t2', 'm.get', 200, '{100}', '{10}', '{100}', '{}', '{}', '{}', NULL, NULL,
                             '250 ms', '2030-01-01 00:00:02+00');
SELECT is((SELECT counts FROM riot.rate_limits WHERE host = 't2' AND method = ''), '{100}',
          'a higher count from Riot replaces ours');

-- A request that opened Riot's window (its count is 1) but arrived late moves our window with it.
SELECT riot._take_tokens('t4', 'm', 1, '{100}', '{10}', 1.0, '250 ms', '2030-01-01 00:00:00+00');
SELECT riot._record_response('t4', 'm', 200, '{100}', '{10}', '{1}', '{}', '{}', '{}', NULL, NULL,
                             '250 ms', '2030-01-01 00:00:03+00');
SELECT is((SELECT granted FROM riot._take_tokens('t4', 'm', 99, '{100}', '{10}', 1.0, '250 ms', '2030-01-01 00:00:05+00')),
          99, 'the window still holds its limit');
SELECT is((SELECT granted || '/' || retry_in_ms FROM riot._take_tokens('t4', 'm', 1, '{100}', '{10}', 1.0, '250 ms',
                                                                       '2030-01-01 00:00:10.5+00')),
          '0/2500', 'and ends 10 s after the late response that opened Riot''s, not 10 s after our first token');

-- Riot's count for a window of ours that has ended belongs to a new one, begun now.
SELECT riot._take_tokens('t5', 'm', 1, '{100}', '{10}', 1.0, '250 ms', '2030-01-01 00:00:00+00');
SELECT riot._record_response('t5', 'm', 200, '{100}', '{10}', '{50}', '{}', '{}', '{}', NULL, NULL,
                             '250 ms', '2030-01-01 00:00:20+00');
SELECT is((SELECT granted FROM riot._take_tokens('t5', 'm', 100, '{100}', '{10}', 1.0, '250 ms', '2030-01-01 00:00:21+00')),
          50, 'a count reported after our window ended opens a new window with it');

-- Requests still unanswered when a window ends may reach Riot late, and be counted in Riot's
-- next window: a new window of ours starts with them counted.
CREATE FUNCTION pg_temp.take6(wanted int, at text) RETURNS record LANGUAGE sql AS $$
  SELECT granted, granted_at FROM riot._take_tokens('t6', 'm', wanted, '{10}', '{1}', 1.0, '250 ms',
                                                    '2030-01-01 00:00:00+00'::timestamptz + at::interval)
$$;
CREATE FUNCTION pg_temp.answer6(n int, at text, granted_at timestamptz) RETURNS void LANGUAGE sql AS $$
  SELECT riot._record_response('t6', 'm', 200, '{}', '{}', '{}', '{}', '{}', '{}', NULL, NULL, '250 ms',
                               '2030-01-01 00:00:00+00'::timestamptz + at::interval, granted_at)
    FROM generate_series(1, n)
$$;
SELECT is((SELECT granted_at FROM riot._take_tokens('t6', 'm', 10, '{10}', '{1}', 1.0, '250 ms', '2030-01-01 00:00:00+00')),
          '2030-01-01 00:00:00+00'::timestamptz, 'a grant says when it was made, for its responses to name');
SELECT pg_temp.answer6(7, '0.5 s', '2030-01-01 00:00:00+00');
SELECT is((SELECT in_flight_total FROM (SELECT sum(n)::int AS in_flight_total FROM riot.rate_limits, unnest(in_flight) n
                                         WHERE host = 't6' AND method = '') x), 3,
          'ten granted, seven answered: three in flight');
SELECT is((SELECT granted FROM pg_temp.take6(10, '1.3 s') AS (granted int, granted_at timestamptz)), 7,
          'the next window counts the three still in flight, and grants seven');
SELECT pg_temp.answer6(3, '1.4 s', '2030-01-01 00:00:00+00');
SELECT pg_temp.answer6(7, '1.4 s', '2030-01-01 00:00:01.3+00');
SELECT is((SELECT granted FROM pg_temp.take6(10, '2.6 s') AS (granted int, granted_at timestamptz)), 10,
          'once every request is answered, a new window has its whole limit');
SELECT is((SELECT granted FROM pg_temp.take6(10, '40 s') AS (granted int, granted_at timestamptz)), 10,
          'requests never answered (a worker killed mid-request) count for 30 s at most');
SELECT is((SELECT count(*)::int FROM riot.rate_limits, unnest(in_flight) n WHERE host = 't6' AND method = '' AND n > 0), 1,
          'and only the last 30 s are kept');

-- A usage share lets several installations split one key.
SELECT is((SELECT granted FROM riot._take_tokens('t3', 'm', 50, '{40}', '{10}', 0.5, '250 ms', '2030-01-01 00:00:00+00')),
          20, 'share 0.5 grants half of every limit');

-- 429s by type.
SELECT pg_temp.record(429, '20 s', 'application', 3000);
SELECT is(pg_temp.take('m.get', 1, '21 s'), '0/2250', 'application 429 blocks the host for Retry-After plus the margin');
SELECT is(pg_temp.take('other.method', 1, '21 s'), '0/2250', 'for every method');
SELECT is(pg_temp.take('m.get', 1, '23.3 s'), '1/0', 'and lets go after it');
SELECT pg_temp.record(429, '30 s', 'method', 2000);
SELECT is(pg_temp.take('m.get', 1, '31 s'), '0/1250', 'method 429 blocks that method');
SELECT is(pg_temp.take('other.method', 1, '31 s'), '1/0', 'and no other');
SELECT pg_temp.record(429, '40 s', 'service', 1000);
SELECT is(pg_temp.take('m.get', 1, '40.5 s'), '0/750', 'service 429 backs off that method only');
SELECT is(pg_temp.take('other.method', 1, '40.5 s'), '1/0', 'leaving the others alone');
SELECT pg_temp.record(429, '50 s', NULL, NULL);
SELECT pg_temp.record(429, '52 s', NULL, NULL);
SELECT is((SELECT backoff_ms FROM riot.rate_limits WHERE host = 't1' AND method = 'm.get'), 2000,
          'without Retry-After the backoff doubles from 1 s');
SELECT is(pg_temp.take('m.get', 1, '53 s'), '0/1250', 'and blocks the method for it');

SELECT * FROM finish();
ROLLBACK;
