-- pg_riot 0.2.0 -> 0.3.0: the analyzer reads typed rows straight into C++ (riot._score_players
-- over riot._analyzer_players and riot._analyzer_games) instead of a JSON document per player;
-- a claim stays an index walk whatever the statistics say; raw payloads are compressed with lz4;
-- the rate limiter counts requests still in flight into the next window.
\echo Use "ALTER EXTENSION pg_riot UPDATE TO '0.3.0'" to load this file. \quit

-- What the analyzer reads of players, set-based: their games (the 50 newest and the 50 newest
-- ranked) with the lobby of each (the other human players' mean KDA and CS per minute, and the
-- player's share of their team's damage). A BEGIN ATOMIC body without SECURITY DEFINER, so that
-- the planner inlines it into the caller's query and plans it for the actual players asked (a
-- function called as such estimates 10 of them, and picks nested loops for 10,000). Its caller,
-- riot._score_players, runs as the extension's owner; PUBLIC may not execute it.
CREATE FUNCTION riot._analyzer_games(puuids text[])
RETURNS TABLE (puuid text, game_start timestamptz, queue_id integer, duration_seconds integer, win boolean,
               kills integer, deaths integer, assists integer, cs integer, vision_score integer,
               team_position text, lobby_kda double precision, lobby_cspm double precision,
               damage_share double precision)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH mine AS (
    SELECT mp.puuid, mp.match_id, mp.team_id, m.game_start, m.queue_id, m.duration_seconds, mp.win, mp.kills,
           mp.deaths, mp.assists, mp.cs, mp.vision_score, mp.team_position, mp.damage_to_champions,
           row_number() OVER (PARTITION BY mp.puuid ORDER BY m.game_start DESC) AS recent,
           row_number() OVER (PARTITION BY mp.puuid, m.queue_id IN (420, 440) ORDER BY m.game_start DESC) AS recent_of_kind
      FROM riot.match_participants mp
      JOIN riot.matches m ON m.match_id = mp.match_id
     WHERE mp.puuid = ANY (_analyzer_games.puuids) AND m.game_start IS NOT NULL),
  picked AS MATERIALIZED (
    SELECT k.* FROM mine k WHERE k.recent <= 50 OR (k.queue_id IN (420, 440) AND k.recent_of_kind <= 50)),
  -- Per match and team: the team's damage, and the match's human players' KDA and CS summed
  -- (the player's own is taken out below).
  lobby AS (
    SELECT o.match_id, o.team_id,
           sum(o.damage_to_champions)::double precision AS team_damage,
           sum(sum((o.kills + o.assists)::double precision / greatest(o.deaths, 1)) FILTER (WHERE NOT o.is_bot))
             OVER (PARTITION BY o.match_id) AS kda_sum,
           sum(sum(o.cs) FILTER (WHERE NOT o.is_bot)) OVER (PARTITION BY o.match_id) AS cs_sum,
           sum(count(*) FILTER (WHERE NOT o.is_bot)) OVER (PARTITION BY o.match_id) AS humans
      FROM riot.match_participants o
     WHERE o.match_id IN (SELECT k.match_id FROM picked k)
     GROUP BY o.match_id, o.team_id)
  SELECT k.puuid, k.game_start, k.queue_id, k.duration_seconds, k.win, k.kills, k.deaths, k.assists, k.cs,
         k.vision_score, k.team_position,
         (l.kda_sum - (k.kills + k.assists)::double precision / greatest(k.deaths, 1)) / NULLIF(l.humans - 1, 0),
         (l.cs_sum - k.cs) / NULLIF(l.humans - 1, 0) / greatest(k.duration_seconds / 60.0, 1),
         k.damage_to_champions / NULLIF(l.team_damage, 0)
    FROM picked k
    JOIN lobby l ON l.match_id = k.match_id AND l.team_id = k.team_id;
END;
COMMENT ON FUNCTION riot._analyzer_games(text[]) IS
  'Internal: the games the analyzer scores players on, each with its lobby';

-- The rest of what the analyzer reads: each known player's summoner level, and their rank
-- snapshots (solo queue, or flex when they have no solo rank), a row each; a player without one
-- has a row with the rank columns NULL. Inlined like riot._analyzer_games.
CREATE FUNCTION riot._analyzer_players(puuids text[])
RETURNS TABLE (puuid text, summoner_level integer, tier text, division text, league_points integer,
               wins integer, losses integer, observed_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.puuid, p.summoner_level, r.tier, r.division, r.league_points, r.wins, r.losses, r.observed_at
    FROM riot.players p
    LEFT JOIN (SELECT l.puuid, l.tier, l.division, l.league_points, l.wins, l.losses, l.observed_at,
                      rank() OVER (PARTITION BY l.puuid ORDER BY l.queue_type <> 'RANKED_SOLO_5x5') AS pick
                 FROM riot.player_ranks l
                WHERE l.puuid = ANY (_analyzer_players.puuids)
                  AND l.queue_type IN ('RANKED_SOLO_5x5', 'RANKED_FLEX_SR')) r
      ON r.puuid = p.puuid AND r.pick = 1
   WHERE p.puuid = ANY (_analyzer_players.puuids);
END;
COMMENT ON FUNCTION riot._analyzer_players(text[]) IS
  'Internal: the summoner level and rank snapshots of the players the analyzer scores';

-- The same as JSON, a document per player, as worker/analysis/player_history.hpp reads it: for
-- tools (test/bench/analyzer_accuracy.sh dumps it to tune on) and for scoring crafted histories
-- with riot._score_player. The analyzer itself reads the rows above, without JSON.
-- Its newest_game column is gone (the analyzer reads riot._score_players now): a new result type.
DROP FUNCTION riot._player_histories(text[]);
CREATE FUNCTION riot._player_histories(puuids text[])
RETURNS TABLE (puuid text, history jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid,
         jsonb_build_object('level', p.summoner_level, 'games', COALESCE(g.games, '[]'), 'ranks', p.ranks)
    FROM (SELECT a.puuid, min(a.summoner_level) AS summoner_level,
                 COALESCE(jsonb_agg(jsonb_build_object('tier', a.tier, 'division', a.division, 'lp', a.league_points,
                                                       'wins', a.wins, 'losses', a.losses,
                                                       'observed_ms', (extract(epoch FROM a.observed_at) * 1000)::bigint)
                                    ORDER BY a.observed_at) FILTER (WHERE a.observed_at IS NOT NULL), '[]') AS ranks
            FROM riot._analyzer_players(puuids) a
           GROUP BY a.puuid) p
    LEFT JOIN (
      SELECT k.puuid,
             jsonb_agg(jsonb_build_object(
               'start_ms', (extract(epoch FROM k.game_start) * 1000)::bigint, 'queue', k.queue_id,
               'duration_s', k.duration_seconds, 'win', k.win, 'kills', k.kills, 'deaths', k.deaths,
               'assists', k.assists, 'cs', k.cs, 'vision', k.vision_score, 'position', k.team_position,
               'lobby_kda', k.lobby_kda, 'lobby_cspm', k.lobby_cspm, 'damage_share', k.damage_share)
               ORDER BY k.game_start DESC) AS games
        FROM riot._analyzer_games(puuids) k
       GROUP BY k.puuid) g ON g.puuid = p.puuid
$$;
COMMENT ON FUNCTION riot._player_histories(text[]) IS
  'Internal: what the analyzer scores, per player, as JSON: level, recent games with their lobby, rank snapshots';

-- The analyzer's scoring, set-based: reads riot._analyzer_players and riot._analyzer_games for
-- the players (in chunks, typed rows straight into C++), scores each with the variant and
-- returns a row per known player; unknown puuids and duplicates are left out.
CREATE FUNCTION riot._score_players(puuids text[], variant text DEFAULT 'pg_riot')
RETURNS TABLE (puuid text, newest_game timestamptz, verdict text, total double precision, matches_used integer,
               score_values double precision[], scores jsonb)
LANGUAGE c STABLE STRICT PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'riot_score_players';
COMMENT ON FUNCTION riot._score_players(text[], text) IS
  'Internal: the nine smurf scores and the verdict of stored players (C++, worker/analysis); score_values in the columns'' order';


CREATE OR REPLACE FUNCTION riot._store_analyses(puuids text[], variant text, OUT scored integer, OUT smurfs integer)
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
    SELECT s.puuid, _store_analyses.variant, s.verdict, s.total, s.matches_used, s.newest_game,
           s.score_values[1], s.score_values[2], s.score_values[3], s.score_values[4], s.score_values[5],
           s.score_values[6], s.score_values[7], s.score_values[8], s.score_values[9], s.scores
      FROM riot._score_players(puuids, _store_analyses.variant) s
    RETURNING verdict)
  SELECT count(*)::integer, (count(*) FILTER (WHERE verdict LIKE 'smurf%'))::integer INTO scored, smurfs FROM stored;
END $$;
COMMENT ON FUNCTION riot._store_analyses(text[], text) IS
  'Internal: score players and store their analyses (the earlier ones become history)';

CREATE OR REPLACE FUNCTION riot.analyze_player(game_name text, tag_line text, variant text DEFAULT 'pg_riot')
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
  SELECT a.puuid, p.platform, s ->> 'name', (s ->> 'value')::double precision, (s ->> 'basis')::double precision,
         (s ->> 'weight')::double precision, s ->> 'reason', a.total, a.verdict, a.matches_used
    FROM riot._score_players(ARRAY(SELECT riot._puuids_of(id.name, id.tag)), analyze_player.variant) a
    JOIN riot.players p ON p.puuid = a.puuid
   CROSS JOIN LATERAL jsonb_array_elements(a.scores) s;
END $$;
COMMENT ON FUNCTION riot.analyze_player(text, text, text) IS
  'The nine smurf scores and the verdict of a player from what is stored, now (one row per score); stores nothing';

REVOKE ALL ON FUNCTION riot._analyzer_games(text[]), riot._analyzer_players(text[]),
  riot._player_histories(text[]), riot._score_players(text[], text) FROM PUBLIC;

-- Claim up to batch_size claimable jobs for a worker under a lease. A claim must stay a walk of
-- jobs_claimable and a probe of the primary key per claimed job, whatever the statistics say: a
-- worker keeps its plans for its whole life, and one planned while riot.jobs was empty (a fresh
-- cluster, a drained queue) read and sorted every queued job, or scanned the whole table to
-- update 32 rows. Hence the claimed ids as an array, and no sequential scan, bitmap or sort.
CREATE OR REPLACE FUNCTION riot._claim(worker text, batch_size integer DEFAULT 1, lease interval DEFAULT '60 seconds',
                            kinds text[] DEFAULT NULL, now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS SETOF riot.jobs
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE ROWS 10
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_sort = off
AS $$
BEGIN
  PERFORM riot._reap_expired(now);
  RETURN QUERY
  WITH claimable AS (
    SELECT j.job_id FROM riot.jobs j
     WHERE j.state = 'queued' AND j.run_after <= now AND (kinds IS NULL OR j.kind = ANY (kinds))
     ORDER BY j.priority DESC, j.job_id
     LIMIT batch_size
     FOR UPDATE SKIP LOCKED)
  UPDATE riot.jobs j
     SET state = 'running', attempt = j.attempt + 1, lease_owner = worker, lease_until = now + lease,
         started_at = COALESCE(j.started_at, now)
   WHERE j.job_id = ANY (ARRAY(SELECT c.job_id FROM claimable c))
  RETURNING j.*;
END $$;
COMMENT ON FUNCTION riot._claim(text, integer, interval, text[], timestamptz) IS
  'Internal: claim queued jobs with FOR UPDATE SKIP LOCKED under a lease';

-- Raw payloads: lz4 from now on (rows stored before keep pglz, and read the same).
ALTER TABLE riot.matches ALTER COLUMN raw SET COMPRESSION lz4;
ALTER TABLE riot.timelines ALTER COLUMN raw SET COMPRESSION lz4;
COMMENT ON COLUMN riot.matches.raw IS 'The MatchDto exactly as Riot returned it (compressed with lz4)';
COMMENT ON COLUMN riot.timelines.raw IS 'The TimelineDto exactly as Riot returned it (compressed with lz4)';

-- PL/pgSQL rather than SQL: every top-level job's end calls it, and PL/pgSQL keeps its plan
-- where a SECURITY DEFINER SQL function is planned again at every call.
CREATE OR REPLACE FUNCTION riot._execution_ended(job_id bigint, state text, result jsonb, error text, now timestamptz)
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

-- The rate limiter: requests granted and not answered yet, carried into the next window.
ALTER TABLE riot.rate_limits ADD COLUMN in_flight integer[] NOT NULL DEFAULT '{}',
                             ADD COLUMN in_flight_from timestamptz;
COMMENT ON COLUMN riot.rate_limits.in_flight IS
  'Requests granted and not answered yet, per second of their grant from in_flight_from (the last 30 s)';
COMMENT ON COLUMN riot.rate_limits.in_flight_from IS 'The second the first element of in_flight counts';
-- _take_tokens returns the grant's time now, and _record_response takes it: new signatures.
DROP FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz);
DROP FUNCTION riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[],
                                    integer[], text, integer, interval, timestamptz);
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

GRANT EXECUTE ON FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz),
  riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[], integer[], text, integer, interval, timestamptz, timestamptz)
  TO riot_admin;
REVOKE ALL ON FUNCTION riot._in_flight_now(riot.rate_limits, timestamptz),
  riot._in_flight_slot(riot.rate_limits, timestamptz),
  riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz),
  riot._record_response(text, text, integer, integer[], integer[], integer[], integer[], integer[], integer[], text,
                        integer, interval, timestamptz, timestamptz) FROM PUBLIC;
