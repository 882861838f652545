------------------------------------------------------------------------------------------
-- Anomalies: a game where a player's performance is far from both their own baseline and their
-- champion's. The measure is Iglewicz and Hoaglin's modified z-score, 0.6745 (x - median) / MAD:
-- median and median absolute deviation are not dragged by the outliers being looked for (a mean
-- and standard deviation are: one 30-kill game inflates the deviation it is measured against),
-- and game statistics are skewed, which medians tolerate. The cut-off, |z| >= 3.5 against both
-- baselines and in the same direction, is the one they recommend. A player's baseline is their
-- games in the queue (10 at least); a champion's, its games in the queue and position (30 at
-- least), recomputed hourly by the refresh. Games under 5 minutes and remakes are left out.
------------------------------------------------------------------------------------------

-- A game's four statistics, one row each: what anomalies and baselines are measured on.
CREATE FUNCTION riot._game_statistics(kills integer, deaths integer, assists integer, cs integer,
                                      gold_earned integer, damage_to_champions bigint, duration_seconds integer)
RETURNS TABLE (statistic text, value double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  VALUES ('kda', (kills + assists)::double precision / GREATEST(deaths, 1)),
         ('damage_per_minute', damage_to_champions * 60.0 / duration_seconds),
         ('cs_per_minute', cs * 60.0 / duration_seconds),
         ('gold_per_minute', gold_earned * 60.0 / duration_seconds)
$$;
COMMENT ON FUNCTION riot._game_statistics(integer, integer, integer, integer, integer, bigint, integer) IS
  'Internal: the statistics anomalies are measured on (KDA, damage, CS and gold per minute), one row each';

-- The games baselines are made of: human players, 5 minutes or longer, no remakes.
CREATE FUNCTION riot._baseline_games()
RETURNS TABLE (match_id text, puuid text, queue_id integer, team_position text, champion_id integer,
               statistic text, value double precision)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.match_id, p.puuid, m.queue_id, COALESCE(NULLIF(p.team_position, ''), 'NONE'), p.champion_id,
         s.statistic, s.value
    FROM riot.match_participants p
    JOIN riot.matches m ON m.match_id = p.match_id
   CROSS JOIN LATERAL riot._game_statistics(p.kills, p.deaths, p.assists, p.cs, p.gold_earned,
                                             p.damage_to_champions, m.duration_seconds) s
   WHERE NOT p.is_bot AND m.duration_seconds >= 300 AND m.ended_in_early_surrender IS NOT TRUE;
END;
COMMENT ON FUNCTION riot._baseline_games() IS
  'Internal: every counted game''s statistics (human players, 5 minutes or longer, no remakes), for baselines';

CREATE TABLE riot.champion_baselines (
  queue_id      integer NOT NULL,
  team_position text NOT NULL,
  champion_id   integer NOT NULL,
  statistic     text NOT NULL,
  median        double precision NOT NULL,
  mad           double precision NOT NULL,
  games         bigint NOT NULL,
  computed_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (queue_id, team_position, champion_id, statistic)
);
COMMENT ON TABLE riot.champion_baselines IS 'Median and median absolute deviation of each statistic per queue, position and champion, over every stored game; recomputed hourly by riot.refresh_analytics';
COMMENT ON COLUMN riot.champion_baselines.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.champion_baselines.team_position IS 'Position, NONE where the game has none';
COMMENT ON COLUMN riot.champion_baselines.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.champion_baselines.statistic IS 'kda, damage_per_minute, cs_per_minute or gold_per_minute';
COMMENT ON COLUMN riot.champion_baselines.median IS 'Median of the statistic';
COMMENT ON COLUMN riot.champion_baselines.mad IS 'Median absolute deviation from the median';
COMMENT ON COLUMN riot.champion_baselines.games IS 'Games it was computed from';
COMMENT ON COLUMN riot.champion_baselines.computed_at IS 'When it was computed';

CREATE TABLE riot.anomalies (
  match_id         text NOT NULL REFERENCES riot.matches ON DELETE CASCADE,
  puuid            text NOT NULL,
  statistic        text NOT NULL,
  champion_id      integer NOT NULL,
  queue_id         integer NOT NULL,
  team_position    text NOT NULL,
  value            double precision NOT NULL,
  player_median    double precision NOT NULL,
  player_mad       double precision NOT NULL,
  player_games     bigint NOT NULL,
  player_z         double precision NOT NULL,
  champion_median  double precision NOT NULL,
  champion_mad     double precision NOT NULL,
  champion_games   bigint NOT NULL,
  champion_z       double precision NOT NULL,
  detected_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (match_id, puuid, statistic)
);
COMMENT ON TABLE riot.anomalies IS 'Games where a player''s statistic is far from their own baseline and from their champion''s: modified z-score (0.6745 (x - median) / MAD) of 3.5 or more against both, in the same direction';
COMMENT ON COLUMN riot.anomalies.match_id IS 'The game';
COMMENT ON COLUMN riot.anomalies.puuid IS 'The player';
COMMENT ON COLUMN riot.anomalies.statistic IS 'kda, damage_per_minute, cs_per_minute or gold_per_minute';
COMMENT ON COLUMN riot.anomalies.champion_id IS 'The champion played';
COMMENT ON COLUMN riot.anomalies.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.anomalies.team_position IS 'Position, NONE where the game has none';
COMMENT ON COLUMN riot.anomalies.value IS 'The statistic in this game';
COMMENT ON COLUMN riot.anomalies.player_median IS 'The player''s median in the queue';
COMMENT ON COLUMN riot.anomalies.player_mad IS 'The player''s median absolute deviation in the queue';
COMMENT ON COLUMN riot.anomalies.player_games IS 'Games of the player''s baseline';
COMMENT ON COLUMN riot.anomalies.player_z IS 'Modified z-score against the player''s baseline (positive: above it)';
COMMENT ON COLUMN riot.anomalies.champion_median IS 'The champion''s median in the queue and position';
COMMENT ON COLUMN riot.anomalies.champion_mad IS 'The champion''s median absolute deviation';
COMMENT ON COLUMN riot.anomalies.champion_games IS 'Games of the champion''s baseline';
COMMENT ON COLUMN riot.anomalies.champion_z IS 'Modified z-score against the champion''s baseline';
COMMENT ON COLUMN riot.anomalies.detected_at IS 'When the refresh found it';
CREATE INDEX anomalies_puuid ON riot.anomalies (puuid);
CREATE INDEX anomalies_detected_at ON riot.anomalies (detected_at);

-- Recompute every champion baseline from every stored game.
CREATE FUNCTION riot._refresh_champion_baselines()
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET work_mem = '256MB'
BEGIN ATOMIC
  DELETE FROM riot.champion_baselines;
  WITH games AS (SELECT * FROM riot._baseline_games()),
       medians AS (SELECT g.queue_id, g.team_position, g.champion_id, g.statistic, count(*) AS games,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY g.value) AS median
                     FROM games g GROUP BY 1, 2, 3, 4),
       inserted AS (
    INSERT INTO riot.champion_baselines (queue_id, team_position, champion_id, statistic, median, mad, games)
    SELECT g.queue_id, g.team_position, g.champion_id, g.statistic, md.median,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(g.value - md.median)), md.games
      FROM games g JOIN medians md USING (queue_id, team_position, champion_id, statistic)
     GROUP BY 1, 2, 3, 4, md.median, md.games
    RETURNING 1)
  SELECT count(*) FROM inserted;
END;
COMMENT ON FUNCTION riot._refresh_champion_baselines() IS
  'Internal: recompute every champion baseline (median and MAD per queue, position, champion and statistic)';

-- Look for anomalies in the games of some matches. The champion baselines are at hand
-- (riot.champion_baselines), so games far from theirs are found first; only their players'
-- histories (their games in the queue) are then read for the player baselines.
CREATE FUNCTION riot._detect_anomalies(match_ids text[])
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH candidates AS (
         SELECT g.*, cb.median AS champion_median, cb.mad AS champion_mad, cb.games AS champion_games,
                0.6745 * (g.value - cb.median) / cb.mad AS champion_z
           FROM unnest(match_ids) AS b(match_id)
          CROSS JOIN LATERAL (SELECT * FROM riot._baseline_games() g WHERE g.match_id = b.match_id) g
           JOIN riot.champion_baselines cb
             ON (cb.queue_id, cb.team_position, cb.champion_id, cb.statistic)
              = (g.queue_id, g.team_position, g.champion_id, g.statistic)
          WHERE cb.games >= 30 AND cb.mad > 0 AND abs(g.value - cb.median) * 0.6745 >= 3.5 * cb.mad),
       players AS (SELECT DISTINCT c.puuid, c.queue_id FROM candidates c),
       history AS (
         SELECT h.puuid, h.queue_id, h.statistic, h.value
           FROM players who
          CROSS JOIN LATERAL (SELECT * FROM riot._baseline_games() g
                               WHERE g.puuid = who.puuid AND g.queue_id = who.queue_id) h),
       medians AS (SELECT h.puuid, h.queue_id, h.statistic, count(*) AS games,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY h.value) AS median
                     FROM history h GROUP BY 1, 2, 3),
       baselines AS (SELECT h.puuid, h.queue_id, h.statistic, md.median, md.games,
                            percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(h.value - md.median)) AS mad
                       FROM history h JOIN medians md USING (puuid, queue_id, statistic)
                      WHERE md.games >= 10
                      GROUP BY 1, 2, 3, md.median, md.games),
       found AS (
    INSERT INTO riot.anomalies (match_id, puuid, statistic, champion_id, queue_id, team_position, value,
                                player_median, player_mad, player_games, player_z,
                                champion_median, champion_mad, champion_games, champion_z)
    SELECT c.match_id, c.puuid, c.statistic, c.champion_id, c.queue_id, c.team_position, c.value,
           pb.median, pb.mad, pb.games, z.player, c.champion_median, c.champion_mad, c.champion_games, c.champion_z
      FROM candidates c
      JOIN baselines pb USING (puuid, queue_id, statistic)
     CROSS JOIN LATERAL (SELECT 0.6745 * (c.value - pb.median) / NULLIF(pb.mad, 0) AS player) z
     WHERE abs(z.player) >= 3.5 AND sign(z.player) = sign(c.champion_z)
    ON CONFLICT DO NOTHING
    RETURNING 1)
  SELECT count(*) FROM found;
END;
COMMENT ON FUNCTION riot._detect_anomalies(text[]) IS
  'Internal: find the anomalies in the games of some matches, against each player''s and champion''s baseline';

-- Recompute the champion baselines when the last computation is an hour old (or there is none),
-- and give the planner their new statistics at once (anomaly detection joins them).
CREATE FUNCTION riot._refresh_champion_baselines_if_stale()
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  computed bigint := 0::bigint;
BEGIN
  -- One recomputation at a time: the next caller waits, then finds them fresh.
  PERFORM pg_advisory_xact_lock(pg_catalog.hashtext('riot.champion_baselines'));
  IF NOT EXISTS (SELECT FROM riot.champion_baselines b WHERE b.computed_at > now() - interval '1 hour') THEN
    computed := riot._refresh_champion_baselines();
    ANALYZE riot.champion_baselines;
  END IF;
  RETURN computed;
END $$;
COMMENT ON FUNCTION riot._refresh_champion_baselines_if_stale() IS
  'Internal: recompute the champion baselines when they are an hour old or missing; returns the rows computed (0: still fresh)';

GRANT SELECT ON riot.champion_baselines, riot.anomalies TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._refresh_champion_baselines_if_stale() TO riot_admin;
