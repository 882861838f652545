------------------------------------------------------------------------------------------
-- Analysis (gold): match history and time played, as views and functions any client reads.
------------------------------------------------------------------------------------------

CREATE VIEW riot.player_games AS
SELECT p.puuid, pl.game_name, pl.tag_line, pl.platform, m.match_id, m.game_start,
       COALESCE(m.game_end, m.game_start + make_interval(secs => m.duration_seconds)) AS game_end,
       m.duration_seconds, m.queue_id, m.game_mode, p.champion_name, p.team_position,
       p.kills, p.deaths, p.assists, p.cs, p.win
  FROM riot.match_participants p
  JOIN riot.matches m USING (match_id)
  LEFT JOIN riot.players pl USING (puuid)
 WHERE NOT p.is_bot AND m.game_start IS NOT NULL;
COMMENT ON VIEW riot.player_games IS
  'One row per player per stored game (bots and aborted games left out): the base of every time analysis';

-- The puuids stored for a Riot ID (one per platform it was synced on); an error when none.
CREATE FUNCTION riot._puuids_of(game_name text, tag_line text)
RETURNS SETOF text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  found boolean := false;
  id text;
BEGIN
  FOR id IN SELECT p.puuid FROM riot.players p
             WHERE lower(p.game_name) = lower(btrim(_puuids_of.game_name))
               AND lower(p.tag_line) = lower(btrim(_puuids_of.tag_line)) LOOP
    found := true;
    RETURN NEXT id;
  END LOOP;
  IF NOT found THEN
    RAISE EXCEPTION 'no player %#% in riot.players', game_name, tag_line USING ERRCODE = 'P0002',
      HINT = 'Sync the player first: SELECT riot.sync_player(game_name, tag_line, platform).';
  END IF;
END $$;
COMMENT ON FUNCTION riot._puuids_of(text, text) IS 'Internal: the puuids stored for a Riot ID';

CREATE FUNCTION riot.match_history(puuid text)
RETURNS TABLE (match_id text, game_start timestamptz, duration interval, queue_id integer,
               champion_name text, team_position text, kills integer, deaths integer, assists integer,
               kda numeric, cs integer, win boolean)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT m.match_id, m.game_start, make_interval(secs => m.duration_seconds), m.queue_id,
         p.champion_name, p.team_position, p.kills, p.deaths, p.assists,
         round((p.kills + p.assists)::numeric / greatest(p.deaths, 1), 2), p.cs, p.win
    FROM riot.match_participants p
    JOIN riot.matches m ON m.match_id = p.match_id
   WHERE p.puuid = match_history.puuid
   ORDER BY m.game_start DESC NULLS LAST, m.match_id DESC
$$;
COMMENT ON FUNCTION riot.match_history(text) IS
  'A player''s stored matches, newest first: champion, position, K/D/A, KDA, CS, win';

CREATE FUNCTION riot.match_history(game_name text, tag_line text)
RETURNS TABLE (match_id text, game_start timestamptz, duration interval, queue_id integer,
               champion_name text, team_position text, kills integer, deaths integer, assists integer,
               kda numeric, cs integer, win boolean)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT h.* FROM riot._puuids_of(match_history.game_name, match_history.tag_line) AS id(puuid),
         LATERAL riot.match_history(id.puuid) h
   ORDER BY h.game_start DESC NULLS LAST, h.match_id DESC
$$;
COMMENT ON FUNCTION riot.match_history(text, text) IS
  'A player''s stored matches by Riot ID, newest first';

-- The time analyses below are each written once, over a set of puuids (riot._play_sessions
-- and its siblings); the public functions give them the puuids of a Riot ID, and
-- riot.player_report the one puuid it reports on.

-- Games of the puuids with the session each belongs to (a gap longer than `gap` starts a new one).
CREATE FUNCTION riot._play_sessions(puuids text[], gap interval)
RETURNS TABLE (session integer, started_at timestamptz, ended_at timestamptz, games bigint,
               length interval)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH games AS (
    SELECT g.game_start, g.game_end,
           CASE WHEN g.game_start - lag(g.game_end) OVER w > _play_sessions.gap OR lag(g.game_end) OVER w IS NULL
                THEN 1 ELSE 0 END AS starts_session
      FROM riot.player_games g
     WHERE g.puuid = ANY (_play_sessions.puuids)
    WINDOW w AS (ORDER BY g.game_start)),
  numbered AS (
    SELECT game_start, game_end, sum(starts_session) OVER (ORDER BY game_start)::integer AS session
      FROM games)
  SELECT session, min(game_start), max(game_end), count(*), max(game_end) - min(game_start)
    FROM numbered GROUP BY session ORDER BY session
$$;
COMMENT ON FUNCTION riot._play_sessions(text[], interval) IS 'Internal: riot.play_sessions over a set of puuids';

CREATE FUNCTION riot.play_sessions(game_name text, tag_line text, gap interval DEFAULT '30 minutes')
RETURNS TABLE (session integer, started_at timestamptz, ended_at timestamptz, games bigint,
               length interval)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT * FROM riot._play_sessions(ARRAY(SELECT riot._puuids_of(play_sessions.game_name, play_sessions.tag_line)),
                                    play_sessions.gap)
$$;
COMMENT ON FUNCTION riot.play_sessions(text, text, interval) IS
  'A player''s play sessions: games separated by at most `gap`, with their count and length';

CREATE FUNCTION riot._time_played(puuids text[], gap interval)
RETURNS TABLE (games bigint, total interval, first_game timestamptz, last_game timestamptz,
               average_game interval, sessions bigint, average_session interval, longest_session interval,
               games_per_session numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT g.games, g.total, g.first_game, g.last_game, g.total / greatest(g.games, 1),
         s.sessions, s.average_session, s.longest_session, round(g.games::numeric / greatest(s.sessions, 1), 2)
    FROM (SELECT count(*) AS games, make_interval(secs => COALESCE(sum(duration_seconds), 0)) AS total,
                 min(game_start) AS first_game, max(game_start) AS last_game
            FROM riot.player_games WHERE puuid = ANY (_time_played.puuids)) g,
         (SELECT count(*) AS sessions, avg(length) AS average_session, max(length) AS longest_session
            FROM riot._play_sessions(_time_played.puuids, _time_played.gap)) s
$$;
COMMENT ON FUNCTION riot._time_played(text[], interval) IS 'Internal: riot.time_played over a set of puuids';

CREATE FUNCTION riot.time_played(game_name text, tag_line text, gap interval DEFAULT '30 minutes')
RETURNS TABLE (games bigint, total interval, first_game timestamptz, last_game timestamptz,
               average_game interval, sessions bigint, average_session interval, longest_session interval,
               games_per_session numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT * FROM riot._time_played(ARRAY(SELECT riot._puuids_of(time_played.game_name, time_played.tag_line)),
                                  time_played.gap)
$$;
COMMENT ON FUNCTION riot.time_played(text, text, interval) IS
  'Total time a player spent in stored games, with game and session statistics';

CREATE FUNCTION riot._time_played_by(puuids text[], per text)
RETURNS TABLE (bucket text, games bigint, time_played interval, wins bigint)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF per NOT IN ('day', 'week', 'month', 'year', 'champion', 'queue', 'position') THEN
    RAISE EXCEPTION 'invalid per "%"', per USING ERRCODE = '22023',
      HINT = 'Use day, week, month, year, champion, queue or position.';
  END IF;
  RETURN QUERY
  SELECT CASE WHEN per IN ('day', 'week', 'month', 'year')
                THEN to_char(date_trunc(per, g.game_start AT TIME ZONE 'UTC'), 'YYYY-MM-DD')
              WHEN per = 'champion' THEN g.champion_name
              WHEN per = 'queue' THEN g.queue_id::text
              ELSE COALESCE(g.team_position, '') END AS bucket,
         count(*), make_interval(secs => sum(g.duration_seconds)), count(*) FILTER (WHERE g.win)
    FROM riot.player_games g
   WHERE g.puuid = ANY (_time_played_by.puuids)
   GROUP BY 1 ORDER BY 1;
END $$;
COMMENT ON FUNCTION riot._time_played_by(text[], text) IS 'Internal: riot.time_played_by over a set of puuids';

CREATE FUNCTION riot.time_played_by(game_name text, tag_line text, per text)
RETURNS TABLE (bucket text, games bigint, time_played interval, wins bigint)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT * FROM riot._time_played_by(ARRAY(SELECT riot._puuids_of(time_played_by.game_name, time_played_by.tag_line)),
                                     time_played_by.per)
$$;
COMMENT ON FUNCTION riot.time_played_by(text, text, text) IS
  'Games and time played per day, week, month or year (UTC), per champion, per queue or per position';

CREATE FUNCTION riot._play_grid(puuids text[], time_zone text)
RETURNS TABLE (weekday integer, hour integer, games bigint, time_played interval)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT d.weekday, h.hour, count(g.match_id), make_interval(secs => COALESCE(sum(g.duration_seconds), 0))
    FROM generate_series(1, 7) d(weekday)
   CROSS JOIN generate_series(0, 23) h(hour)
    LEFT JOIN riot.player_games g
      ON g.puuid = ANY (_play_grid.puuids)
     AND extract(isodow FROM g.game_start AT TIME ZONE _play_grid.time_zone) = d.weekday
     AND extract(hour FROM g.game_start AT TIME ZONE _play_grid.time_zone) = h.hour
   GROUP BY d.weekday, h.hour ORDER BY d.weekday, h.hour
$$;
COMMENT ON FUNCTION riot._play_grid(text[], text) IS 'Internal: riot.play_grid over a set of puuids';

CREATE FUNCTION riot.play_grid(game_name text, tag_line text, time_zone text DEFAULT 'UTC')
RETURNS TABLE (weekday integer, hour integer, games bigint, time_played interval)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT * FROM riot._play_grid(ARRAY(SELECT riot._puuids_of(play_grid.game_name, play_grid.tag_line)),
                                play_grid.time_zone)
$$;
COMMENT ON FUNCTION riot.play_grid(text, text, text) IS
  'Games started per weekday (1 = Monday) and hour in a time zone: 168 cells, empty ones included';

GRANT SELECT ON riot.player_games TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._puuids_of(text, text), riot.match_history(text), riot.match_history(text, text),
  riot.play_sessions(text, text, interval), riot.time_played(text, text, interval),
  riot.time_played_by(text, text, text), riot.play_grid(text, text, text), riot._play_sessions(text[], interval),
  riot._time_played(text[], interval), riot._time_played_by(text[], text), riot._play_grid(text[], text) TO riot_reader;
