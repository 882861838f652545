------------------------------------------------------------------------------------------
-- Rate limits: one bucket per routing host (the application limit, method '') and one per
-- (host, method), each with all its windows, shared by every worker in and out of the server.
-- A token is taken before a request is sent, never after.
------------------------------------------------------------------------------------------

CREATE TABLE riot.rate_limits (
  host          text NOT NULL,
  method        text NOT NULL,
  limits        integer[] NOT NULL,
  seconds       integer[] NOT NULL,
  counts        integer[] NOT NULL,
  window_start  timestamptz[] NOT NULL,
  learned       boolean NOT NULL DEFAULT false,
  blocked_until timestamptz,
  backoff_ms    integer NOT NULL DEFAULT 0,
  requests      bigint NOT NULL DEFAULT 0,
  rate_limited  bigint NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
  in_flight     integer[] NOT NULL DEFAULT '{}',
  in_flight_from timestamptz,
  PRIMARY KEY (host, method),
  CHECK (pg_catalog.cardinality(limits) = pg_catalog.cardinality(seconds)
         AND pg_catalog.cardinality(limits) = pg_catalog.cardinality(counts)
         AND pg_catalog.cardinality(limits) = pg_catalog.cardinality(window_start))
);
COMMENT ON TABLE riot.rate_limits IS
  'Rate-limit buckets shared by every worker: the application limit per routing host (method '''') and each method''s limit';
COMMENT ON COLUMN riot.rate_limits.method IS 'Method id such as match-v5.getMatch; empty for the application bucket';
COMMENT ON COLUMN riot.rate_limits.limits IS 'Requests allowed per window';
COMMENT ON COLUMN riot.rate_limits.seconds IS 'Length of each window in seconds';
COMMENT ON COLUMN riot.rate_limits.counts IS 'Requests counted in each current window';
COMMENT ON COLUMN riot.rate_limits.window_start IS 'When each current window began (at its first request)';
COMMENT ON COLUMN riot.rate_limits.learned IS 'Limits come from Riot''s headers rather than riot.default_rate_limits';
COMMENT ON COLUMN riot.rate_limits.blocked_until IS 'No request before this time (after a 429)';
COMMENT ON COLUMN riot.rate_limits.host IS 'Routing host the bucket counts requests to, e.g. kr or asia';
COMMENT ON COLUMN riot.rate_limits.backoff_ms IS 'Backoff after a 429 without Retry-After; doubles on each such 429';
COMMENT ON COLUMN riot.rate_limits.requests IS 'Tokens granted from this bucket so far';
COMMENT ON COLUMN riot.rate_limits.rate_limited IS '429 responses received for this bucket so far';
COMMENT ON COLUMN riot.rate_limits.updated_at IS 'When the bucket last changed';
COMMENT ON COLUMN riot.rate_limits.in_flight IS
  'Requests granted and not answered yet, per second of their grant from in_flight_from (the last 30 s)';
COMMENT ON COLUMN riot.rate_limits.in_flight_from IS 'The second the first element of in_flight counts';

-- Requests granted and not yet answered, per second of their grant: what may still reach Riot
-- late, and so be counted in Riot's next window however ours ends. A request is answered or
-- lost within 30 s (riot's request timeout is 10 s, connecting included), so older seconds are
-- dropped: a worker killed mid-request holds nothing for longer.
CREATE FUNCTION riot._in_flight_now(bucket riot.rate_limits, now timestamptz)
RETURNS riot.rate_limits
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  keep_from timestamptz := date_trunc('second', now) - interval '30 seconds';
  dropped integer;
BEGIN
  IF bucket.in_flight_from IS NULL OR bucket.in_flight_from < keep_from THEN
    dropped := CASE WHEN bucket.in_flight_from IS NULL THEN cardinality(bucket.in_flight)
                    ELSE floor(extract(epoch FROM keep_from - bucket.in_flight_from))::integer END;
    bucket.in_flight := COALESCE(bucket.in_flight[dropped + 1:], '{}');
    bucket.in_flight_from := keep_from;
  END IF;
  RETURN bucket;
END $$;
COMMENT ON FUNCTION riot._in_flight_now(riot.rate_limits, timestamptz) IS
  'Internal: a bucket''s unanswered requests, the seconds older than 30 s dropped';

-- The slot of in_flight (a 1-based array) that counts a request granted at `granted_at`; it may
-- lie beyond the array's end, or before its start when the grant is older than what is kept.
CREATE FUNCTION riot._in_flight_slot(bucket riot.rate_limits, granted_at timestamptz)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT floor(extract(epoch FROM granted_at - bucket.in_flight_from))::integer + 1 $$;
COMMENT ON FUNCTION riot._in_flight_slot(riot.rate_limits, timestamptz) IS
  'Internal: where in_flight counts a request granted at a time';

-- Take up to `wanted` tokens for requests to (host, method) now. Returns how many were granted
-- and, when none, how long to wait. Windows last `margin` longer than Riot's, so that ours never
-- restart before Riot's do; `share` scales every limit for installations sharing one key.
CREATE FUNCTION riot._take_tokens(host text, method text, wanted integer,
                                  default_limits integer[], default_seconds integer[],
                                  share double precision DEFAULT 1.0,
                                  margin interval DEFAULT '250 milliseconds',
                                  now timestamptz DEFAULT pg_catalog.clock_timestamp(),
                                  OUT granted integer, OUT retry_in_ms integer, OUT granted_at timestamptz)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bucket riot.rate_limits;
  buckets riot.rate_limits[] := ARRAY[]::riot.rate_limits[];
  window_end timestamptz;
  allowed integer;
  wait_ms integer := 0;
  unanswered integer;
  slot integer;
BEGIN
  granted := greatest(wanted, 0);
  granted_at := now;
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
    bucket := riot._in_flight_now(bucket, now);
    unanswered := COALESCE((SELECT sum(n) FROM unnest(bucket.in_flight) n), 0)::integer;
    IF bucket.blocked_until > now THEN
      wait_ms := greatest(wait_ms, ceil(extract(epoch FROM bucket.blocked_until - now) * 1000)::integer);
      granted := 0;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(bucket.limits), 0) LOOP
      window_end := bucket.window_start[i] + make_interval(secs => bucket.seconds[i]) + margin;
      IF bucket.window_start[i] IS NULL OR now >= window_end THEN
        -- A new window starts with the requests still unanswered: any of them may yet reach
        -- Riot late and be counted in Riot's new window.
        bucket.counts[i] := least(unanswered, greatest(floor(bucket.limits[i] * share)::integer, 1));
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
      slot := riot._in_flight_slot(bucket, now);
      IF slot > cardinality(bucket.in_flight) THEN
        bucket.in_flight := bucket.in_flight || array_fill(0, ARRAY[slot - cardinality(bucket.in_flight)]);
      END IF;
      bucket.in_flight[slot] := bucket.in_flight[slot] + granted;
    END IF;
    UPDATE riot.rate_limits r
       SET counts = bucket.counts, window_start = bucket.window_start,
           requests = r.requests + granted, updated_at = now,
           in_flight = bucket.in_flight, in_flight_from = bucket.in_flight_from
     WHERE r.host = bucket.host AND r.method = bucket.method;
  END LOOP;
  retry_in_ms := CASE WHEN granted > 0 THEN 0 ELSE greatest(wait_ms, 1) END;
END $$;
COMMENT ON FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz) IS
  'Internal: take rate-limit tokens for requests about to be sent (granted_at: pass it back with their responses)';

-- Learn from a response's headers: the limits (X-*-Rate-Limit), the counts Riot has seen
-- (X-*-Rate-Limit-Count, taken when higher than ours) and, on a 429, block the bucket it names.
CREATE FUNCTION riot._record_response(host text, method text, status integer,
                                      app_limits integer[], app_seconds integer[], app_counts integer[],
                                      method_limits integer[], method_seconds integer[], method_counts integer[],
                                      limit_type text DEFAULT NULL, retry_after_ms integer DEFAULT NULL,
                                      margin interval DEFAULT '250 milliseconds',
                                      now timestamptz DEFAULT pg_catalog.clock_timestamp(),
                                      granted_at timestamptz DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bucket riot.rate_limits;
  new_limits integer[];
  new_seconds integer[];
  new_counts integer[];
  blocked_bucket text;
  at integer;
  slot integer;
  unanswered integer;
BEGIN
  FOR bucket IN SELECT * FROM riot.rate_limits r
                 WHERE r.host = _record_response.host AND r.method IN ('', _record_response.method)
                 ORDER BY r.method FOR UPDATE LOOP
    -- This request is answered: it is no longer in flight.
    bucket := riot._in_flight_now(bucket, now);
    slot := riot._in_flight_slot(bucket, granted_at);
    IF slot BETWEEN 1 AND cardinality(bucket.in_flight) AND bucket.in_flight[slot] > 0 THEN
      bucket.in_flight[slot] := bucket.in_flight[slot] - 1;
    END IF;
    unanswered := COALESCE((SELECT sum(n) FROM unnest(bucket.in_flight) n), 0)::integer;
    IF bucket.method = '' THEN
      new_limits := app_limits; new_seconds := app_seconds; new_counts := app_counts;
    ELSE
      new_limits := method_limits; new_seconds := method_seconds; new_counts := method_counts;
    END IF;
    IF cardinality(new_limits) > 0 AND
       (bucket.limits IS DISTINCT FROM new_limits OR bucket.seconds IS DISTINCT FROM new_seconds) THEN
      -- New windows. A window of the same length keeps its count; any other starts from the
      -- most any old window counted, since its earliest start: requests granted under the old
      -- windows may still be in flight, and Riot's count in this response cannot include them.
      bucket.counts := (SELECT array_agg(coalesce(bucket.counts[array_position(bucket.seconds, s)],
                                                  (SELECT max(c) FROM unnest(bucket.counts) c), 0) ORDER BY o)
                          FROM unnest(new_seconds) WITH ORDINALITY AS w(s, o));
      bucket.window_start := (SELECT array_agg(coalesce(bucket.window_start[array_position(bucket.seconds, s)],
                                                        (SELECT min(t) FROM unnest(bucket.window_start) t)) ORDER BY o)
                                FROM unnest(new_seconds) WITH ORDINALITY AS w(s, o));
      bucket.limits := new_limits;
      bucket.seconds := new_seconds;
      bucket.learned := true;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(new_counts), 0) LOOP
      at := array_position(bucket.seconds, new_seconds[i]);
      CONTINUE WHEN at IS NULL;
      IF now >= bucket.window_start[at] + make_interval(secs => bucket.seconds[at]) + margin THEN
        -- Our window has ended: Riot's count is of a later one, which may hold the requests
        -- still unanswered.
        bucket.counts[at] := least(unanswered, bucket.limits[at]);
        bucket.window_start[at] := NULL;
      END IF;
      -- Riot counted more than we did (another client on the key): take its count.
      IF new_counts[i] > bucket.counts[at] THEN
        bucket.counts[at] := new_counts[i];
        bucket.window_start[at] := coalesce(bucket.window_start[at], now);
      END IF;
      -- Riot counted 1: this request opened Riot's window, so that window began before now.
      -- However late the request arrived (a slow connection), ours must not end before it.
      IF new_counts[i] = 1 AND bucket.window_start[at] < now - margin THEN
        bucket.window_start[at] := now - margin;
      END IF;
    END LOOP;
    IF status <> 429 THEN
      bucket.backoff_ms := 0;
    END IF;
    UPDATE riot.rate_limits r
       SET limits = bucket.limits, seconds = bucket.seconds, counts = bucket.counts,
           window_start = bucket.window_start, learned = bucket.learned, backoff_ms = bucket.backoff_ms,
           updated_at = now, in_flight = bucket.in_flight, in_flight_from = bucket.in_flight_from
     WHERE r.host = bucket.host AND r.method = bucket.method;
  END LOOP;
  IF status = 429 THEN
    -- application blocks the host; method blocks the method; service, unknown or missing types
    -- back off that method only.
    blocked_bucket := CASE WHEN limit_type = 'application' THEN '' ELSE method END;
    UPDATE riot.rate_limits r
       SET backoff_ms = CASE WHEN retry_after_ms IS NULL THEN least(greatest(r.backoff_ms * 2, 1000), 60000)
                             ELSE r.backoff_ms END,
           rate_limited = r.rate_limited + 1
     WHERE r.host = _record_response.host AND r.method = blocked_bucket;
    UPDATE riot.rate_limits r
       SET blocked_until = greatest(r.blocked_until,
                                    now + make_interval(secs => coalesce(retry_after_ms, r.backoff_ms) / 1000.0) + margin)
     WHERE r.host = _record_response.host AND r.method = blocked_bucket;
  END IF;
END $$;
COMMENT ON FUNCTION riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[], integer[], text, integer, interval, timestamptz, timestamptz) IS
  'Internal: learn limits and counts from a response and block a bucket after a 429';

GRANT SELECT ON riot.rate_limits TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz),
  riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[], integer[], text, integer, interval, timestamptz, timestamptz)
  TO riot_admin;

