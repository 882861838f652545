-- pg_riot 0.1.0 -> 0.2.0: one definition of "this worker holds this attempt", a sync's fan-out
-- and final step in SQL, riot.workers renamed riot.worker_processes, every table column commented.
\echo Use "ALTER EXTENSION pg_riot UPDATE TO '0.2.0'" to load this file. \quit

-- riot.workers was both a setting and a view; the view is now riot.worker_processes.
ALTER VIEW riot.workers RENAME TO worker_processes;

-- riot._holds takes the job row, so every write of a worker checks it through one definition.
DROP FUNCTION riot._holds(bigint, integer, text);

-- True while this worker still holds this attempt of a running job: the one definition every
-- write of a worker checks. Plain SQL without SET options, so the planner inlines it.
CREATE FUNCTION riot._holds(job riot.jobs, attempt integer, worker text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT job.state = 'running' AND job.attempt = _holds.attempt AND job.lease_owner = _holds.worker $$;
COMMENT ON FUNCTION riot._holds(riot.jobs, integer, text) IS
  'Internal: whether a worker still holds this attempt of a job row';

-- Extend the lease of a held attempt; false when the attempt was lost (expired, cancelled).
CREATE OR REPLACE FUNCTION riot._heartbeat(job_id bigint, attempt integer, worker text, lease interval DEFAULT '60 seconds',
                                now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH extended AS (
    UPDATE riot.jobs j SET lease_until = now + lease
     WHERE j.job_id = _heartbeat.job_id AND riot._holds(j, _heartbeat.attempt, _heartbeat.worker)
    RETURNING 1)
  SELECT EXISTS (SELECT FROM extended)
$$;
COMMENT ON FUNCTION riot._heartbeat(bigint, integer, text, interval, timestamptz) IS
  'Internal: extend the lease of a held attempt';

-- Record progress of a held attempt.
CREATE OR REPLACE FUNCTION riot._progress(job_id bigint, attempt integer, worker text, step text,
                               processed bigint DEFAULT NULL, total bigint DEFAULT NULL)
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH updated AS (
    UPDATE riot.jobs j
       SET step = COALESCE(_progress.step, j.step), processed = COALESCE(_progress.processed, j.processed),
           total = COALESCE(_progress.total, j.total)
     WHERE j.job_id = _progress.job_id AND riot._holds(j, _progress.attempt, _progress.worker)
    RETURNING 1)
  SELECT EXISTS (SELECT FROM updated)
$$;
COMMENT ON FUNCTION riot._progress(bigint, integer, text, text, bigint, bigint) IS
  'Internal: record the progress of a held attempt';

-- Finish a held attempt: succeeded with a result, or (with children_queued) wait for children.
CREATE OR REPLACE FUNCTION riot._finish(job_id bigint, attempt integer, worker text, result jsonb DEFAULT NULL,
                             wait_for_children boolean DEFAULT false,
                             now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish.job_id AND riot._holds(j, _finish.attempt, _finish.worker)
   FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;  -- a late result from a lost attempt is refused
  END IF;
  IF wait_for_children AND job.children_pending > 0 THEN
    UPDATE riot.jobs j SET state = 'waiting', lease_owner = NULL, lease_until = NULL, fanned_out = true,
                           result = COALESCE(_finish.result, j.result)
     WHERE j.job_id = job.job_id;
  ELSIF wait_for_children THEN
    -- Every child has ended already: run the final step next.
    UPDATE riot.jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL, run_after = now,
                           fanned_out = true, result = COALESCE(_finish.result, j.result)
     WHERE j.job_id = job.job_id;
    PERFORM riot._wake_at_commit();
  ELSE
    PERFORM riot._end_job(job.job_id, 'succeeded', result, NULL, now);
  END IF;
  RETURN true;
END $$;
COMMENT ON FUNCTION riot._finish(bigint, integer, text, jsonb, boolean, timestamptz) IS
  'Internal: finish a held attempt (refused when the attempt was lost)';

-- Fail a held attempt: retried after an exponential backoff with jitter while attempts remain
-- and the error is retryable, failed for good otherwise.
CREATE OR REPLACE FUNCTION riot._fail(job_id bigint, attempt integer, worker text, error text,
                           retryable boolean DEFAULT true,
                           now timestamptz DEFAULT pg_catalog.clock_timestamp())
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
  backoff double precision;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _fail.job_id AND riot._holds(j, _fail.attempt, _fail.worker)
   FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF retryable AND job.attempt < job.max_attempts THEN
    -- 2, 4, 8, ... seconds, capped at 10 minutes, times a jitter in [0.5, 1.5).
    backoff := least(2.0 ^ job.attempt, 600.0) * (0.5 + random());
    UPDATE riot.jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
                           run_after = now + make_interval(secs => backoff), error = _fail.error
     WHERE j.job_id = job.job_id;
    RETURN 'queued';
  END IF;
  PERFORM riot._end_job(job.job_id, 'failed', NULL, error, now);
  RETURN 'failed';
END $$;
COMMENT ON FUNCTION riot._fail(bigint, integer, text, text, boolean, timestamptz) IS
  'Internal: fail a held attempt, to be retried with backoff or failed for good';

-- Give a held attempt back (the worker is stopping): queued again at once, the attempt not
-- counted against max_attempts.
CREATE OR REPLACE FUNCTION riot._release(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH released AS (
    UPDATE riot.jobs j SET state = 'queued', attempt = j.attempt - 1, lease_owner = NULL,
                           lease_until = NULL, run_after = pg_catalog.now()
     WHERE j.job_id = _release.job_id AND riot._holds(j, _release.attempt, _release.worker)
    RETURNING 1)
  SELECT EXISTS (SELECT FROM released)
$$;
COMMENT ON FUNCTION riot._release(bigint, integer, text) IS
  'Internal: give a held attempt back to the queue (worker shutdown)';

-- A sync's fan-out is one set-based call and its final step is written in SQL.
DROP FUNCTION riot._finish_sync(bigint);

-- Fan a sync out, set-based: queue a fetch_match child for every listed match not stored yet
-- (a match another job is already fetching is left to it), record what the listing found and
-- wait for the children, all in the caller's transaction; false when the attempt was lost.
CREATE FUNCTION riot._fan_out_sync(job_id bigint, attempt integer, worker text, puuid text,
                                   match_ids text[], with_timelines boolean DEFAULT false)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  missing text[];
  queued bigint;
BEGIN
  PERFORM FROM riot.jobs j
   WHERE j.job_id = _fan_out_sync.job_id AND riot._holds(j, _fan_out_sync.attempt, _fan_out_sync.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;  -- the attempt was lost: queue nothing
  END IF;
  SELECT COALESCE(array_agg(m.id ORDER BY m.n), '{}') INTO missing
    FROM unnest(match_ids) WITH ORDINALITY AS m(id, n)
   WHERE NOT EXISTS (SELECT FROM riot.matches x WHERE x.match_id = m.id);
  WITH inserted AS (
    INSERT INTO riot.jobs AS c (kind, args, priority, dedup_key, parent_id)
    SELECT 'fetch_match',
           jsonb_build_object('match_id', m.id, 'with_timelines', COALESCE(with_timelines, false)),
           5, m.id, _fan_out_sync.job_id
      FROM unnest(missing) WITH ORDINALITY AS m(id, n)
     ORDER BY m.n
    ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running', 'waiting')
    DO NOTHING
    RETURNING 1)
  SELECT count(*) INTO queued FROM inserted;
  UPDATE riot.jobs j
     SET children_pending = j.children_pending + queued, step = 'fetching matches', processed = 0,
         total = cardinality(missing)
   WHERE j.job_id = _fan_out_sync.job_id;
  IF queued > 0 THEN
    PERFORM riot._wake_at_commit();
    PERFORM pg_catalog.pg_notify('riot_jobs', 'fetch_match');
  END IF;
  RETURN riot._finish(_fan_out_sync.job_id, _fan_out_sync.attempt, _fan_out_sync.worker,
                      jsonb_build_object('puuid', _fan_out_sync.puuid,
                                         'matches_listed', cardinality(match_ids),
                                         'matches_new', cardinality(missing)),
                      true);
END $$;
COMMENT ON FUNCTION riot._fan_out_sync(bigint, integer, text, text, text[], boolean) IS
  'Internal: queue a sync''s fetch_match children for the listed matches not stored yet, and wait for them';

-- The final step of a sync: mark the player synced, total what the sync did into its result and
-- finish it; false when the attempt was lost.
CREATE FUNCTION riot._finish_sync(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish_sync.job_id AND riot._holds(j, _finish_sync.attempt, _finish_sync.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  UPDATE riot.players p SET synced_at = now(), updated_at = now() WHERE p.puuid = job.result ->> 'puuid';
  RETURN riot._finish(job.job_id, _finish_sync.attempt, _finish_sync.worker,
    COALESCE(job.result, '{}') || jsonb_build_object(
      'matches_fetched', (SELECT count(*) FROM riot.jobs c WHERE c.parent_id = job.job_id
                            AND c.state = 'succeeded'),
      'matches_failed', job.children_failed,
      -- The player's games now stored with participants (aborted games have none).
      'player_games', (SELECT count(*) FROM riot.match_participants mp
                        WHERE mp.puuid = job.result ->> 'puuid')));
END $$;
COMMENT ON FUNCTION riot._finish_sync(bigint, integer, text) IS
  'Internal: the final step of a sync: totals into its result, players.synced_at, finished';

GRANT EXECUTE ON FUNCTION riot._fan_out_sync(bigint, integer, text, text, text[], boolean),
  riot._finish_sync(bigint, integer, text) TO riot_admin;
REVOKE ALL ON FUNCTION riot._holds(riot.jobs, integer, text),
  riot._fan_out_sync(bigint, integer, text, text, text[], boolean),
  riot._finish_sync(bigint, integer, text) FROM PUBLIC;

-- plpgsql_check: an empty array of the bucket type, not a text literal.
-- Take up to `wanted` tokens for requests to (host, method) now. Returns how many were granted
-- and, when none, how long to wait. Windows last `margin` longer than Riot's, so that ours never
-- restart before Riot's do; `share` scales every limit for installations sharing one key.
CREATE OR REPLACE FUNCTION riot._take_tokens(host text, method text, wanted integer,
                                  default_limits integer[], default_seconds integer[],
                                  share double precision DEFAULT 1.0,
                                  margin interval DEFAULT '250 milliseconds',
                                  now timestamptz DEFAULT pg_catalog.clock_timestamp(),
                                  OUT granted integer, OUT retry_in_ms integer)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bucket riot.rate_limits;
  buckets riot.rate_limits[] := ARRAY[]::riot.rate_limits[];
  window_end timestamptz;
  allowed integer;
  wait_ms integer := 0;
BEGIN
  granted := greatest(wanted, 0);
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
    IF bucket.blocked_until > now THEN
      wait_ms := greatest(wait_ms, ceil(extract(epoch FROM bucket.blocked_until - now) * 1000)::integer);
      granted := 0;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(bucket.limits), 0) LOOP
      window_end := bucket.window_start[i] + make_interval(secs => bucket.seconds[i]) + margin;
      IF bucket.window_start[i] IS NULL OR now >= window_end THEN
        bucket.counts[i] := 0;
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
    END IF;
    UPDATE riot.rate_limits r
       SET counts = bucket.counts, window_start = bucket.window_start,
           requests = r.requests + granted, updated_at = now
     WHERE r.host = bucket.host AND r.method = bucket.method;
  END LOOP;
  retry_in_ms := CASE WHEN granted > 0 THEN 0 ELSE greatest(wait_ms, 1) END;
END $$;
COMMENT ON FUNCTION riot._take_tokens(text, text, integer, integer[], integer[], double precision, interval, timestamptz) IS
  'Internal: take rate-limit tokens for requests about to be sent';

-- Every column of every table has a comment.
COMMENT ON COLUMN riot.jobs.job_id IS 'The jobs id, as riot.sync_player and the other queueing functions return it';
COMMENT ON COLUMN riot.jobs.args IS 'The jobs arguments, e.g. the Riot ID and options of a sync';
COMMENT ON COLUMN riot.jobs.priority IS 'Higher runs first: 10 interactive syncs, 5 their matches, 0 other work';
COMMENT ON COLUMN riot.jobs.max_attempts IS 'Attempts allowed before the job fails for good';
COMMENT ON COLUMN riot.jobs.lease_owner IS 'The worker running the current attempt';
COMMENT ON COLUMN riot.jobs.step IS 'Progress: what the job is doing now';
COMMENT ON COLUMN riot.jobs.children_pending IS 'Children not ended yet; the final step runs when it reaches 0';
COMMENT ON COLUMN riot.jobs.children_failed IS 'Children that failed';
COMMENT ON COLUMN riot.jobs.result IS 'What the job produced (a syncs totals); NULL until it succeeds';
COMMENT ON COLUMN riot.jobs.error IS 'Why the job failed, or why its last attempt did';
COMMENT ON COLUMN riot.jobs.created_by IS 'The role that queued the job';
COMMENT ON COLUMN riot.jobs.created_at IS 'When the job was queued';
COMMENT ON COLUMN riot.jobs.started_at IS 'When its first attempt started';
COMMENT ON COLUMN riot.jobs.finished_at IS 'When it ended (succeeded, failed or cancelled)';
COMMENT ON COLUMN riot.rate_limits.host IS 'Routing host the bucket counts requests to, e.g. kr or asia';
COMMENT ON COLUMN riot.rate_limits.backoff_ms IS 'Backoff after a 429 without Retry-After; doubles on each such 429';
COMMENT ON COLUMN riot.rate_limits.requests IS 'Tokens granted from this bucket so far';
COMMENT ON COLUMN riot.rate_limits.rate_limited IS '429 responses received for this bucket so far';
COMMENT ON COLUMN riot.rate_limits.updated_at IS 'When the bucket last changed';
COMMENT ON COLUMN riot.players.summoner_level IS 'Summoner level (summoner-v4), as last seen';
COMMENT ON COLUMN riot.players.profile_icon_id IS 'Profile icon id (summoner-v4), as last seen';
COMMENT ON COLUMN riot.players.revision_date IS 'When the summoner last changed, as Riot reports it';
COMMENT ON COLUMN riot.players.discovered_at IS 'When pg_riot first saw the player';
COMMENT ON COLUMN riot.players.updated_at IS 'When the row last changed';
COMMENT ON COLUMN riot.matches.platform IS 'Platform routing value the game was played on, e.g. kr or euw1';
COMMENT ON COLUMN riot.matches.game_id IS 'Riots game id (the number in the match id; 0 in aborted games)';
COMMENT ON COLUMN riot.matches.game_mode IS 'CLASSIC, ARAM, CHERRY (Arena), ...; empty in aborted games';
COMMENT ON COLUMN riot.matches.game_type IS 'MATCHED_GAME, CUSTOM_GAME, ...; empty in aborted games';
COMMENT ON COLUMN riot.matches.game_version IS 'Client version, e.g. 14.3.558.106; its first two numbers are the patch';
COMMENT ON COLUMN riot.matches.map_id IS 'Map id: 11 Summoners Rift, 12 Howling Abyss, 30 Arena, ...';
COMMENT ON COLUMN riot.matches.game_creation IS 'When the game was created (lobby)';
COMMENT ON COLUMN riot.matches.game_end IS 'When the game ended; NULL before patch 11.20';
COMMENT ON COLUMN riot.matches.end_of_game_result IS 'GameComplete, Abort_Unexpected, ... (patch 14.3 and later)';
COMMENT ON COLUMN riot.matches.stored_at IS 'When pg_riot stored the match';
COMMENT ON COLUMN riot.match_participants.match_id IS 'The match';
COMMENT ON COLUMN riot.match_participants.participant_id IS 'Participant number in the match, from 1';
COMMENT ON COLUMN riot.match_participants.is_bot IS 'A Co-op vs AI bot';
COMMENT ON COLUMN riot.match_participants.riot_id_tagline IS 'Riot ID tag line at the time of the match';
COMMENT ON COLUMN riot.match_participants.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.match_participants.champion_name IS 'Champion name as Riot spells it in the payload, e.g. MonkeyKing';
COMMENT ON COLUMN riot.match_participants.kills IS 'Champion kills';
COMMENT ON COLUMN riot.match_participants.deaths IS 'Deaths';
COMMENT ON COLUMN riot.match_participants.assists IS 'Assists';
COMMENT ON COLUMN riot.match_participants.gold_earned IS 'Gold earned';
COMMENT ON COLUMN riot.match_participants.damage_to_champions IS 'Damage dealt to champions';
COMMENT ON COLUMN riot.match_participants.damage_taken IS 'Damage taken';
COMMENT ON COLUMN riot.match_participants.vision_score IS 'Vision score';
COMMENT ON COLUMN riot.match_participants.champion_level IS 'Champion level at the end of the game';
COMMENT ON COLUMN riot.match_participants.win IS 'The participants team won (in Arena: placed in the top half)';
COMMENT ON COLUMN riot.player_ranks.rank_id IS 'Snapshot id, increasing';
COMMENT ON COLUMN riot.player_ranks.puuid IS 'The player';
COMMENT ON COLUMN riot.player_ranks.tier IS 'IRON to CHALLENGER; NULL when Riot leaves it out';
COMMENT ON COLUMN riot.player_ranks.league_points IS 'League points';
COMMENT ON COLUMN riot.player_ranks.wins IS 'Wins in the queue this season';
COMMENT ON COLUMN riot.player_ranks.losses IS 'Losses in the queue this season';
COMMENT ON COLUMN riot.player_ranks.hot_streak IS 'Riots hot streak flag (three or more wins in a row)';
COMMENT ON COLUMN riot.player_ranks.veteran IS 'Riots veteran flag (100 or more games in the league)';
COMMENT ON COLUMN riot.player_ranks.fresh_blood IS 'Riots fresh blood flag (new to the league)';
COMMENT ON COLUMN riot.player_ranks.inactive IS 'Riots inactive flag (decaying)';
COMMENT ON COLUMN riot.player_ranks.observed_at IS 'When this standing was first seen';
COMMENT ON COLUMN riot.timelines.match_id IS 'The match';
COMMENT ON COLUMN riot.timelines.stored_at IS 'When pg_riot stored the timeline';
COMMENT ON COLUMN riot.match_participants.team_id IS '100 or 200; in Arena the top (100) or bottom (200) half of the placements';
