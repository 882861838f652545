------------------------------------------------------------------------------------------
-- Timelines of stored matches that lack them: a later sync with with_timelines does not fetch
-- matches it already has, so riot.fetch_timelines fetches what is missing, as a job with a child
-- per timeline (shared with any other request for the same timeline).
------------------------------------------------------------------------------------------

CREATE FUNCTION riot.fetch_timelines(game_name text, tag_line text, since timestamptz DEFAULT NULL,
                                     max_matches integer DEFAULT 1000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  name text;
  tag text;
  ids text[];
  parent bigint;
  queued bigint;
BEGIN
  SELECT c.name, c.tag INTO name, tag FROM riot._check_riot_id(game_name, tag_line, NULL, false) c;
  IF max_matches IS NULL OR max_matches NOT BETWEEN 1 AND 100000 THEN
    RAISE EXCEPTION 'invalid max_matches %', max_matches USING ERRCODE = '22023',
      HINT = 'Pass a number of matches from 1 to 100000.';
  END IF;
  SELECT COALESCE(array_agg(x.match_id ORDER BY x.game_start DESC, x.match_id), '{}') INTO ids
    FROM (SELECT m.match_id, m.game_start
            FROM riot.match_participants p JOIN riot.matches m ON m.match_id = p.match_id
           WHERE p.puuid IN (SELECT riot._puuids_of(name, tag))
             AND (since IS NULL OR m.game_start >= since)
             AND m.timeline_missing_since IS NULL
             AND NOT EXISTS (SELECT FROM riot.timelines t WHERE t.match_id = m.match_id)
           ORDER BY m.game_start DESC, m.match_id LIMIT max_matches) x;
  INSERT INTO riot.jobs (kind, args, priority, fanned_out, result, step, processed, total)
  VALUES ('fetch_timelines', jsonb_build_object('game_name', name, 'tag_line', tag, 'since', since), 10, true,
          jsonb_build_object('timelines_listed', cardinality(ids)), 'fetching timelines', 0, cardinality(ids))
  RETURNING job_id INTO parent;
  WITH inserted AS (
    INSERT INTO riot.jobs (kind, args, priority, dedup_key, parent_id)
    SELECT 'fetch_match', jsonb_build_object('match_id', m.id, 'timeline_only', true), 5, 'timeline:' || m.id, parent
      FROM unnest(ids) WITH ORDINALITY AS m(id, n)
     ORDER BY m.n
    ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running', 'waiting')
    DO NOTHING
    RETURNING 1)
  SELECT count(*) INTO queued FROM inserted;
  -- Waiting for its children, or (none queued) its final step at once.
  UPDATE riot.jobs j SET state = CASE WHEN queued > 0 THEN 'waiting' ELSE 'queued' END, children_pending = queued
   WHERE j.job_id = parent;
  PERFORM riot._wake_at_commit();
  PERFORM pg_catalog.pg_notify('riot_jobs', 'fetch_match');
  RETURN parent;
END $$;
COMMENT ON FUNCTION riot.fetch_timelines(text, text, timestamptz, integer) IS
  'Fetch the timelines of a player''s stored matches that have none (newest first, games since `since`, at most max_matches; those Riot has none for are skipped); returns the job id. riot_operator';

-- The final step of a fetch_timelines job: what its children did, into its result.
CREATE FUNCTION riot._finish_fetch_timelines(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish_fetch_timelines.job_id
     AND riot._holds(j, _finish_fetch_timelines.attempt, _finish_fetch_timelines.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  RETURN riot._finish(job.job_id, _finish_fetch_timelines.attempt, _finish_fetch_timelines.worker,
    COALESCE(job.result, '{}') || jsonb_build_object(
      'timelines_stored', (SELECT count(*) FROM riot.jobs c WHERE c.parent_id = job.job_id AND c.state = 'succeeded'
                             AND c.result IS DISTINCT FROM '{"timeline": "missing"}'),
      'timelines_missing', (SELECT count(*) FROM riot.jobs c WHERE c.parent_id = job.job_id
                              AND c.result = '{"timeline": "missing"}'),
      'timelines_failed', job.children_failed));
END $$;
COMMENT ON FUNCTION riot._finish_fetch_timelines(bigint, integer, text) IS
  'Internal: the final step of a fetch_timelines job: what its children did, into its result';

GRANT EXECUTE ON FUNCTION riot.fetch_timelines(text, text, timestamptz, integer) TO riot_operator;
GRANT EXECUTE ON FUNCTION riot._finish_fetch_timelines(bigint, integer, text) TO riot_admin;
