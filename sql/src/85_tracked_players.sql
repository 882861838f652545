------------------------------------------------------------------------------------------
-- Tracked players and the tracked-player updater: each run lists the matches newer than the
-- newest one stored for every tracked player, fetches them (discovering who played in them),
-- and refreshes their league entries, within a request budget.
------------------------------------------------------------------------------------------

CREATE INDEX players_tracked ON riot.players (checked_at NULLS FIRST, puuid) WHERE tracked AND active;

CREATE FUNCTION riot.track_player(game_name text, tag_line text, platform text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  id record;
BEGIN
  SELECT * INTO id FROM riot._check_riot_id(game_name, tag_line, platform);
  -- A player stored already is tracked at once; the job resolves the Riot ID either way.
  UPDATE riot.players p SET tracked = true, tracked_at = pg_catalog.now(), active = true, inactive_reason = NULL,
                            updated_at = pg_catalog.now()
   WHERE lower(p.game_name) = lower(id.name) AND lower(p.tag_line) = lower(id.tag) AND p.platform = id.route;
  RETURN riot._enqueue('track_player',
                       jsonb_build_object('game_name', id.name, 'tag_line', id.tag, 'platform', id.route),
                       10, lower(id.name) || '#' || lower(id.tag) || '@' || id.route);
END $$;
COMMENT ON FUNCTION riot.track_player(text, text, text) IS
  'Track a player: the tracked-player updater keeps their matches and rank up to date; returns the job that resolves the Riot ID';

CREATE FUNCTION riot.untrack_player(game_name text, tag_line text, platform text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  id record;
BEGIN
  SELECT * INTO id FROM riot._check_riot_id(game_name, tag_line, platform);
  UPDATE riot.players p SET tracked = false, updated_at = pg_catalog.now()
   WHERE lower(p.game_name) = lower(id.name) AND lower(p.tag_line) = lower(id.tag) AND p.platform = id.route
     AND p.tracked;
  RETURN FOUND;
END $$;
COMMENT ON FUNCTION riot.untrack_player(text, text, text) IS
  'Stop tracking a player (their data stays); false when they were not tracked';

CREATE VIEW riot.tracked_players AS
SELECT p.puuid, p.game_name, p.tag_line, p.platform, p.active, p.inactive_reason, p.tracked_at,
       p.checked_at AS last_update,
       (SELECT max(m.game_start) FROM riot.match_participants mp JOIN riot.matches m USING (match_id)
         WHERE mp.puuid = p.puuid) AS newest_match,
       r.queue_type, r.tier, r.division, r.league_points, r.wins, r.losses
  FROM riot.players p
  LEFT JOIN LATERAL (
    SELECT l.queue_type, l.tier, l.division, l.league_points, l.wins, l.losses FROM riot.player_ranks l
     WHERE l.puuid = p.puuid
     ORDER BY l.queue_type <> 'RANKED_SOLO_5x5', l.observed_at DESC, l.rank_id DESC LIMIT 1) r ON true
 WHERE p.tracked;
COMMENT ON VIEW riot.tracked_players IS
  'Tracked players with their last update, newest stored match and current rank (solo queue when they have one)';
COMMENT ON COLUMN riot.tracked_players.last_update IS 'When the tracked-player updater last checked the player';
COMMENT ON COLUMN riot.tracked_players.newest_match IS 'Start of the newest match stored for the player';
COMMENT ON COLUMN riot.tracked_players.queue_type IS 'The queue of the current rank: RANKED_SOLO_5x5 when ranked there';

-- Mark a resolved player tracked (the track_player job).
CREATE FUNCTION riot._track(puuid text)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE riot.players p SET tracked = true, tracked_at = COALESCE(p.tracked_at, pg_catalog.now()), active = true,
                            inactive_reason = NULL, updated_at = pg_catalog.now()
   WHERE p.puuid = _track.puuid
$$;
COMMENT ON FUNCTION riot._track(text) IS 'Internal: mark a resolved player tracked';

-- The players one updater run checks, those checked longest ago first, with the start of the
-- newest match stored for each (epoch seconds; NULL when none).
CREATE FUNCTION riot._updater_players()
RETURNS TABLE (puuid text, platform text, newest_game_start bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid, p.platform,
         (SELECT extract(epoch FROM max(m.game_start))::bigint
            FROM riot.match_participants mp JOIN riot.matches m USING (match_id) WHERE mp.puuid = p.puuid)
    FROM riot.players p
   WHERE p.tracked AND p.active
   ORDER BY p.checked_at NULLS FIRST, p.puuid
$$;
COMMENT ON FUNCTION riot._updater_players() IS
  'Internal: the tracked players an updater run checks, longest unchecked first, with their newest stored game';

-- An account that no longer resolves: the updater skips it from now on.
CREATE FUNCTION riot._deactivate_player(puuid text, reason text)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE riot.players p SET active = false, inactive_reason = _deactivate_player.reason, updated_at = pg_catalog.now()
   WHERE p.puuid = _deactivate_player.puuid
$$;
COMMENT ON FUNCTION riot._deactivate_player(text, text) IS 'Internal: mark a player whose account is gone inactive';

-- The updater's fan-out: the players it checked are marked checked, and the new matches it
-- listed are queued below interactive work (priority 1), in one transaction.
CREATE FUNCTION riot._fan_out_update(job_id bigint, attempt integer, worker text, checked text[],
                                     match_ids text[], result jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT riot._fan_out_matches(job_id, attempt, worker, match_ids, result, false, 1) THEN
    RETURN false;
  END IF;
  UPDATE riot.players p SET checked_at = pg_catalog.now() WHERE p.puuid = ANY (checked);
  RETURN true;
END $$;
COMMENT ON FUNCTION riot._fan_out_update(bigint, integer, text, text[], text[], jsonb) IS
  'Internal: mark the players an updater run checked, and queue the matches it found';

-- The updater's final step: its metrics, from what the run counted and what its children did,
-- into the job's result (and so into its execution row); false when the attempt was lost.
CREATE FUNCTION riot._finish_update(job_id bigint, attempt integer, worker text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
  counted jsonb;
  fetched bigint;
  discovered bigint;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish_update.job_id AND riot._holds(j, _finish_update.attempt, _finish_update.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  counted := COALESCE(job.result, '{}');
  SELECT count(*) INTO fetched FROM riot.jobs c WHERE c.parent_id = job.job_id AND c.state = 'succeeded';
  SELECT count(DISTINCT mp.puuid) INTO discovered
    FROM riot.jobs c
    JOIN riot.match_participants mp ON mp.match_id = c.args ->> 'match_id'
    JOIN riot.players p ON p.puuid = mp.puuid
   WHERE c.parent_id = job.job_id AND c.state = 'succeeded' AND NOT mp.is_bot AND NOT p.tracked
     AND p.discovered_at >= job.created_at;
  RETURN riot._finish(job.job_id, _finish_update.attempt, _finish_update.worker, jsonb_build_object('metrics',
    counted || jsonb_build_object(
      'matches_fetched', fetched,
      'matches_failed', job.children_failed,
      'players_discovered', discovered,
      'api_requests', COALESCE((counted ->> 'api_requests')::bigint, 0) + fetched + job.children_failed,
      'records_created', fetched + discovered + COALESCE((counted ->> 'rank_changes')::bigint, 0),
      'records_updated', COALESCE((counted ->> 'players_processed')::bigint, 0))));
END $$;
COMMENT ON FUNCTION riot._finish_update(bigint, integer, text) IS
  'Internal: the final step of a tracked-player updater run: its metrics';

GRANT SELECT ON riot.tracked_players TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.track_player(text, text, text), riot.untrack_player(text, text, text) TO riot_admin;
GRANT EXECUTE ON FUNCTION riot._track(text), riot._updater_players(), riot._deactivate_player(text, text),
  riot._fan_out_update(bigint, integer, text, text[], text[], jsonb), riot._finish_update(bigint, integer, text)
  TO riot_admin;
