------------------------------------------------------------------------------------------
-- riot.sync_player: a player's whole match history, as jobs spread over every worker.
------------------------------------------------------------------------------------------

CREATE FUNCTION riot.platform_region(platform text)
RETURNS text
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'riot_platform_region';
COMMENT ON FUNCTION riot.platform_region(text) IS
  'Regional route of a platform (kr -> asia, euw1 -> europe); NULL for an unknown platform';

-- Check a Riot ID and a platform as a user typed them, and return them trimmed (the platform in
-- lower case); bad input is an error with SQLSTATE 22023 and a hint. The platform may be NULL
-- when not required.
CREATE FUNCTION riot._check_riot_id(game_name text, tag_line text, platform text,
                                    platform_required boolean DEFAULT true,
                                    OUT name text, OUT tag text, OUT route text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  name := btrim(game_name);
  tag := btrim(tag_line);
  route := lower(btrim(platform));
  IF name IS NULL OR char_length(name) NOT BETWEEN 3 AND 24 THEN
    RAISE EXCEPTION 'invalid Riot ID game name "%"', game_name USING ERRCODE = '22023',
      DETAIL = 'A game name has 3 to 16 characters (up to 24 for legacy accounts).',
      HINT = 'Pass the part before the # as game_name, e.g. riot.sync_player(''Hide on bush'', ''KR1'', ''kr'').';
  END IF;
  IF tag IS NULL OR char_length(tag) NOT BETWEEN 2 AND 8 THEN
    RAISE EXCEPTION 'invalid Riot ID tag line "%"', tag_line USING ERRCODE = '22023',
      DETAIL = 'A tag line has 3 to 5 characters (up to 8 for legacy accounts).',
      HINT = 'Pass the part after the # as tag_line, without the #.';
  END IF;
  IF name || tag ~ '[#/\\?[:cntrl:]]' THEN
    RAISE EXCEPTION 'invalid Riot ID "%#%"', game_name, tag_line USING ERRCODE = '22023',
      DETAIL = 'Riot IDs contain no #, /, \, ? or control characters.',
      HINT = 'Pass the game name and the tag line as two arguments, without the #.';
  END IF;
  IF (route IS NULL AND platform_required) OR (route IS NOT NULL AND riot.platform_region(route) IS NULL) THEN
    RAISE EXCEPTION 'unknown platform "%"', platform USING ERRCODE = '22023',
      HINT = 'Use a platform routing value: br1, eun1, euw1, jp1, kr, la1, la2, me1, na1, oc1, ru, sg2, tr1, tw2 or vn2.';
  END IF;
END $$;
COMMENT ON FUNCTION riot._check_riot_id(text, text, text, boolean) IS
  'Internal: check a Riot ID and platform (when required) as typed, returned trimmed; 22023 with a hint when bad';

CREATE FUNCTION riot.sync_player(game_name text, tag_line text, platform text, year integer DEFAULT NULL,
                                 max_matches integer DEFAULT 1000, queue integer DEFAULT NULL,
                                 with_timelines boolean DEFAULT false, force boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  name text;
  tag text;
  route text;
  key text;
  recent riot.jobs;
  cooldown interval := current_setting('riot.sync_cooldown')::interval;
  max_live integer := current_setting('riot.max_queued_syncs')::integer;
  live bigint;
BEGIN
  SELECT c.name, c.tag, c.route INTO name, tag, route FROM riot._check_riot_id(game_name, tag_line, platform) c;
  IF year IS NOT NULL AND (year < 2010 OR year > extract(year FROM now())::integer) THEN
    RAISE EXCEPTION 'invalid year %', year USING ERRCODE = '22023',
      HINT = pg_catalog.format('Pass a year from 2010 to %s, or NULL for every year.', extract(year FROM now()));
  END IF;
  IF max_matches IS NULL OR max_matches NOT BETWEEN 1 AND 100000 THEN
    RAISE EXCEPTION 'invalid max_matches %', max_matches USING ERRCODE = '22023',
      HINT = 'Pass a number of matches from 1 to 100000.';
  END IF;
  IF queue IS NOT NULL AND queue < 0 THEN
    RAISE EXCEPTION 'invalid queue %', queue USING ERRCODE = '22023',
      HINT = 'Pass a queue id such as 420 (ranked solo), or NULL for every queue.';
  END IF;

  key := lower(name) || '#' || lower(tag) || '@' || route;
  IF NOT force THEN
    SELECT * INTO recent FROM riot.jobs j
     WHERE j.kind = 'sync_player' AND j.dedup_key = key AND j.parent_id IS NULL
     ORDER BY j.job_id DESC LIMIT 1;
    IF recent.state IN ('queued', 'running', 'waiting') THEN
      RETURN recent.job_id;
    END IF;
    IF recent.state = 'succeeded' AND recent.finished_at > now() - cooldown THEN
      RAISE NOTICE 'player %#% was synced at %; returning that job', name, tag, recent.finished_at
        USING HINT = 'Pass force => true to sync again now, or lower riot.sync_cooldown.';
      RETURN recent.job_id;
    END IF;
  END IF;
  -- A queue that refuses is better than one that grows without bound: a public front (riot-web)
  -- answers 429, and the syncs already queued keep their share of the API key. Counting and
  -- queueing are one step for concurrent callers (the lock lasts until the caller commits).
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('riot.sync_player'));
  SELECT count(*) INTO live
    FROM (SELECT FROM riot.jobs j
           WHERE j.kind = 'sync_player' AND j.dedup_key IS NOT NULL AND j.parent_id IS NULL
             AND j.state IN ('queued', 'running', 'waiting')
           LIMIT max_live) l;
  IF live >= max_live THEN
    RAISE EXCEPTION 'the sync queue is full: % syncs are queued or running', live USING ERRCODE = '53400',
      HINT = 'Try again when they have finished, or raise riot.max_queued_syncs.';
  END IF;
  RETURN riot._enqueue('sync_player',
                       jsonb_build_object('game_name', name, 'tag_line', tag, 'platform', route,
                                          'year', year, 'max_matches', max_matches, 'queue', queue,
                                          'with_timelines', with_timelines),
                       10, key);
END $$;
COMMENT ON FUNCTION riot.sync_player(text, text, text, integer, integer, integer, boolean, boolean) IS
  'Queue a sync of a player''s match history (resolve the Riot ID, list and fetch matches, rank); returns the job id; refused (53400) while riot.max_queued_syncs syncs are queued or running';

-- Fan a job out over matches, set-based: queue a fetch_match child for every listed match not
-- stored yet (a match another job is already fetching is left to it), add what the listing
-- found to the job's result and wait for the children, all in the caller's transaction; false
-- when the attempt was lost. Syncs and the tracked-player updater both fan out through it.
CREATE FUNCTION riot._fan_out_matches(job_id bigint, attempt integer, worker text, match_ids text[],
                                      result jsonb DEFAULT '{}', with_timelines boolean DEFAULT false,
                                      priority integer DEFAULT 5)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  missing text[];
  queued bigint;
BEGIN
  PERFORM FROM riot.jobs j
   WHERE j.job_id = _fan_out_matches.job_id
     AND riot._holds(j, _fan_out_matches.attempt, _fan_out_matches.worker)
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
           COALESCE(_fan_out_matches.priority, 5), m.id, _fan_out_matches.job_id
      FROM unnest(missing) WITH ORDINALITY AS m(id, n)
     ORDER BY m.n
    ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running', 'waiting')
    DO NOTHING
    RETURNING 1)
  SELECT count(*) INTO queued FROM inserted;
  UPDATE riot.jobs j
     SET children_pending = j.children_pending + queued, step = 'fetching matches', processed = 0,
         total = cardinality(missing)
   WHERE j.job_id = _fan_out_matches.job_id;
  IF queued > 0 THEN
    PERFORM riot._wake_at_commit();
    PERFORM pg_catalog.pg_notify('riot_jobs', 'fetch_match');
  END IF;
  RETURN riot._finish(_fan_out_matches.job_id, _fan_out_matches.attempt, _fan_out_matches.worker,
                      COALESCE(result, '{}') || jsonb_build_object('matches_listed', cardinality(match_ids),
                                                                   'matches_new', cardinality(missing)),
                      true);
END $$;
COMMENT ON FUNCTION riot._fan_out_matches(bigint, integer, text, text[], jsonb, boolean, integer) IS
  'Internal: queue fetch_match children for the listed matches not stored yet, and wait for them';

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

GRANT EXECUTE ON FUNCTION riot._fan_out_matches(bigint, integer, text, text[], jsonb, boolean, integer),
  riot._finish_sync(bigint, integer, text) TO riot_admin;
GRANT EXECUTE ON FUNCTION riot.sync_player(text, text, text, integer, integer, integer, boolean, boolean) TO riot_operator;
GRANT EXECUTE ON FUNCTION riot.platform_region(text) TO riot_reader;

