------------------------------------------------------------------------------------------
-- Player reports: a player's whole time analysis and a page of their matches as one jsonb
-- document each, for HTTP fronts (riot-web) and any client that prefers one value to five
-- queries. They are assembled from the analysis functions, over the one account reported on
-- (a Riot ID once held by another stored account does not mix the two); nothing here is
-- computed twice.
------------------------------------------------------------------------------------------

-- The stored player a Riot ID (and platform, when given) names, the most recently synced first;
-- bad input is 22023 as for riot.sync_player, an unknown player P0002.
CREATE FUNCTION riot._report_player(game_name text, tag_line text, platform text)
RETURNS riot.players
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  checked record;
  found riot.players;
BEGIN
  SELECT * INTO checked FROM riot._check_riot_id(game_name, tag_line, platform, false);
  SELECT * INTO found FROM riot.players p
   WHERE lower(p.game_name) = lower(checked.name) AND lower(p.tag_line) = lower(checked.tag)
     AND (checked.route IS NULL OR p.platform = checked.route)
   ORDER BY p.synced_at DESC NULLS LAST, p.puuid
   LIMIT 1;
  IF found.puuid IS NULL THEN
    RAISE EXCEPTION 'no player %#% in riot.players%', checked.name, checked.tag,
      COALESCE(' on platform ' || checked.route, '') USING ERRCODE = 'P0002',
      HINT = 'Sync the player first: SELECT riot.sync_player(game_name, tag_line, platform).';
  END IF;
  RETURN found;
END $$;
COMMENT ON FUNCTION riot._report_player(text, text, text) IS
  'Internal: the stored player of a Riot ID (on a platform when given); 22023 for bad input, P0002 when unknown';

CREATE FUNCTION riot.player_report(game_name text, tag_line text, platform text DEFAULT NULL,
                                   time_zone text DEFAULT 'UTC', max_sessions integer DEFAULT 100)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  player riot.players := riot._report_player(game_name, tag_line, platform);
  zone text := COALESCE(time_zone, 'UTC');
BEGIN
  PERFORM now() AT TIME ZONE zone;  -- an unknown time zone is 22023 here, before any work
  IF max_sessions IS NULL OR max_sessions NOT BETWEEN 0 AND 10000 THEN
    RAISE EXCEPTION 'invalid max_sessions %', max_sessions USING ERRCODE = '22023',
      HINT = 'Pass a number of sessions from 0 to 10000.';
  END IF;
  RETURN jsonb_build_object(
    'player', jsonb_build_object('game_name', player.game_name, 'tag_line', player.tag_line,
                                 'platform', player.platform, 'puuid', player.puuid,
                                 'summoner_level', player.summoner_level, 'synced_at', player.synced_at),
    'time_zone', zone,
    'totals', (SELECT jsonb_build_object(
                        'games', t.games, 'seconds', extract(epoch FROM t.total)::bigint,
                        'first_game', t.first_game, 'last_game', t.last_game,
                        'average_game_seconds', round(extract(epoch FROM t.average_game)),
                        'sessions', t.sessions,
                        'average_session_seconds', round(extract(epoch FROM t.average_session)),
                        'longest_session_seconds', round(extract(epoch FROM t.longest_session)),
                        'games_per_session', t.games_per_session)
                 FROM riot._time_played(ARRAY[player.puuid], '30 minutes') t),
    'months', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                 'month', left(b.bucket, 7), 'games', b.games,
                                 'seconds', extract(epoch FROM b.time_played)::bigint, 'wins', b.wins)
                               ORDER BY b.bucket), '[]')
                 FROM riot._time_played_by(ARRAY[player.puuid], 'month') b),
    'grid', (SELECT jsonb_agg(jsonb_build_object('weekday', g.weekday, 'hour', g.hour, 'games', g.games,
                                                 'seconds', extract(epoch FROM g.time_played)::bigint)
                              ORDER BY g.weekday, g.hour)
               FROM riot._play_grid(ARRAY[player.puuid], zone) g),
    'sessions', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                   'started_at', s.started_at, 'ended_at', s.ended_at, 'games', s.games,
                                   'seconds', extract(epoch FROM s.length)::bigint)
                                 ORDER BY s.session DESC), '[]')
                   FROM (SELECT * FROM riot._play_sessions(ARRAY[player.puuid], '30 minutes')
                          ORDER BY session DESC LIMIT max_sessions) s),
    'analysis', (SELECT jsonb_build_object('verdict', a.verdict, 'total', a.total,
                                           'matches_used', a.matches_used, 'analyzed_at', a.analyzed_at,
                                           'scores', a.scores)
                   FROM riot.player_analysis a
                  WHERE a.puuid = player.puuid AND a.variant = 'pg_riot' AND a.current));
END $$;
COMMENT ON FUNCTION riot.player_report(text, text, text, text, integer) IS
  'A player''s time analysis as one jsonb document: totals, hours per month (UTC), the weekday x hour grid in time_zone, the latest sessions, and the current smurf analysis (null when none); 22023 for bad input, P0002 for an unknown player';

CREATE FUNCTION riot.player_matches(game_name text, tag_line text, platform text DEFAULT NULL,
                                    max_rows integer DEFAULT 20, skip integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  player riot.players := riot._report_player(game_name, tag_line, platform);
BEGIN
  IF max_rows IS NULL OR max_rows NOT BETWEEN 1 AND 100 THEN
    RAISE EXCEPTION 'invalid max_rows %', max_rows USING ERRCODE = '22023',
      HINT = 'Pass a page size from 1 to 100.';
  END IF;
  IF skip IS NULL OR skip < 0 THEN
    RAISE EXCEPTION 'invalid skip %', skip USING ERRCODE = '22023', HINT = 'Pass 0 or more matches to skip.';
  END IF;
  RETURN (
    WITH history AS MATERIALIZED (SELECT * FROM riot.match_history(player.puuid))
    SELECT jsonb_build_object(
             'total', (SELECT count(*) FROM history), 'limit', max_rows, 'offset', skip,
             'matches', COALESCE(jsonb_agg(jsonb_build_object(
                          'match_id', h.match_id, 'game_start', h.game_start,
                          'duration_seconds', extract(epoch FROM h.duration)::integer, 'queue_id', h.queue_id,
                          'champion_name', h.champion_name, 'team_position', h.team_position,
                          'kills', h.kills, 'deaths', h.deaths, 'assists', h.assists, 'kda', h.kda,
                          'cs', h.cs, 'win', h.win) ORDER BY h.n), '[]'))
      FROM (SELECT history.*, row_number() OVER (ORDER BY game_start DESC NULLS LAST, match_id DESC) AS n
              FROM history ORDER BY n OFFSET skip LIMIT max_rows) h);
END $$;
COMMENT ON FUNCTION riot.player_matches(text, text, text, integer, integer) IS
  'A page of a player''s stored matches, newest first, as jsonb: {total, limit, offset, matches}; 22023 for bad input, P0002 for an unknown player';

GRANT EXECUTE ON FUNCTION riot._check_riot_id(text, text, text, boolean), riot._report_player(text, text, text),
  riot.player_report(text, text, text, text, integer), riot.player_matches(text, text, text, integer, integer)
  TO riot_reader;
