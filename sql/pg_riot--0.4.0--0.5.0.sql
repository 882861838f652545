-- pg_riot 0.4.0 -> 0.5.0: riot-web's SQL. riot.player_report and riot.player_matches give a
-- player's time analysis and a page of matches as jsonb; the time analyses are written once over
-- a set of puuids (riot._time_played and its siblings); riot.sync_player refuses (53400) while
-- riot.max_queued_syncs syncs are queued or running.
\echo Use "ALTER EXTENSION pg_riot UPDATE TO '0.5.0'" to load this file. \quit

CREATE OR REPLACE FUNCTION riot.sync_player(game_name text, tag_line text, platform text, year integer DEFAULT NULL,
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

CREATE OR REPLACE FUNCTION riot.play_sessions(game_name text, tag_line text, gap interval DEFAULT '30 minutes')
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

CREATE OR REPLACE FUNCTION riot.time_played(game_name text, tag_line text, gap interval DEFAULT '30 minutes')
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

CREATE OR REPLACE FUNCTION riot.time_played_by(game_name text, tag_line text, per text)
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

CREATE OR REPLACE FUNCTION riot.play_grid(game_name text, tag_line text, time_zone text DEFAULT 'UTC')
RETURNS TABLE (weekday integer, hour integer, games bigint, time_played interval)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT * FROM riot._play_grid(ARRAY(SELECT riot._puuids_of(play_grid.game_name, play_grid.tag_line)),
                                play_grid.time_zone)
$$;
COMMENT ON FUNCTION riot.play_grid(text, text, text) IS
  'Games started per weekday (1 = Monday) and hour in a time zone: 168 cells, empty ones included';

GRANT EXECUTE ON FUNCTION riot._play_sessions(text[], interval), riot._time_played(text[], interval),
  riot._time_played_by(text[], text), riot._play_grid(text[], text) TO riot_reader;
REVOKE ALL ON FUNCTION riot._play_sessions(text[], interval), riot._time_played(text[], interval),
  riot._time_played_by(text[], text), riot._play_grid(text[], text) FROM PUBLIC;

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
REVOKE ALL ON FUNCTION riot._report_player(text, text, text),
  riot.player_report(text, text, text, text, integer), riot.player_matches(text, text, text, integer, integer)
  FROM PUBLIC;
