------------------------------------------------------------------------------------------
-- Leaderboards: the apex ladders (league-v4 challenger, grandmaster and master leagues) of a
-- ranked queue on a platform, refreshed by the scheduled job leaderboard_refresh, with the history
-- of each player's position. A ladder is stored whole (its three tiers fetched in the same run)
-- or not at all, so a failed request never makes anyone leave it.
------------------------------------------------------------------------------------------

CREATE TABLE riot.leaderboards (
  platform      text NOT NULL,
  queue_type    text NOT NULL,
  puuid         text NOT NULL,
  position      integer NOT NULL,
  tier          text NOT NULL,
  league_points integer NOT NULL,
  wins          integer NOT NULL,
  losses        integer NOT NULL,
  hot_streak    boolean NOT NULL,
  veteran       boolean NOT NULL,
  fresh_blood   boolean NOT NULL,
  inactive      boolean NOT NULL,
  league_id     text,
  entered_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
  refreshed_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (platform, queue_type, puuid)
);
COMMENT ON TABLE riot.leaderboards IS 'The apex ladders as last refreshed: a row per player in challenger, grandmaster or master of a ranked queue on a platform';
COMMENT ON COLUMN riot.leaderboards.platform IS 'Platform, e.g. kr';
COMMENT ON COLUMN riot.leaderboards.queue_type IS 'RANKED_SOLO_5x5 or RANKED_FLEX_SR';
COMMENT ON COLUMN riot.leaderboards.puuid IS 'The player (riot.players holds them only when pg_riot met them otherwise)';
COMMENT ON COLUMN riot.leaderboards.position IS 'Place on the ladder from 1: challengers first, then grandmasters, then masters, each by league points (then wins, then puuid)';
COMMENT ON COLUMN riot.leaderboards.tier IS 'CHALLENGER, GRANDMASTER or MASTER';
COMMENT ON COLUMN riot.leaderboards.league_points IS 'League points';
COMMENT ON COLUMN riot.leaderboards.wins IS 'Wins this season';
COMMENT ON COLUMN riot.leaderboards.losses IS 'Losses this season';
COMMENT ON COLUMN riot.leaderboards.hot_streak IS 'Riot''s hot streak flag';
COMMENT ON COLUMN riot.leaderboards.veteran IS 'Riot''s veteran flag';
COMMENT ON COLUMN riot.leaderboards.fresh_blood IS 'Riot''s fresh blood flag';
COMMENT ON COLUMN riot.leaderboards.inactive IS 'Riot''s inactive flag (decaying)';
COMMENT ON COLUMN riot.leaderboards.league_id IS 'The league (leagueId) of the player''s tier';
COMMENT ON COLUMN riot.leaderboards.entered_at IS 'When the player was first seen on the ladder (this time)';
COMMENT ON COLUMN riot.leaderboards.refreshed_at IS 'When the ladder was last refreshed';
CREATE INDEX leaderboards_position ON riot.leaderboards (platform, queue_type, position);

CREATE TABLE riot.leaderboard_history (
  platform      text NOT NULL,
  queue_type    text NOT NULL,
  puuid         text NOT NULL,
  observed_at   timestamptz NOT NULL,
  position      integer,
  tier          text,
  league_points integer,
  PRIMARY KEY (platform, queue_type, puuid, observed_at)
);
COMMENT ON TABLE riot.leaderboard_history IS 'Each player''s ladder position over time: a row when it changed (or the player entered or left the ladder)';
COMMENT ON COLUMN riot.leaderboard_history.platform IS 'Platform';
COMMENT ON COLUMN riot.leaderboard_history.queue_type IS 'RANKED_SOLO_5x5 or RANKED_FLEX_SR';
COMMENT ON COLUMN riot.leaderboard_history.puuid IS 'The player';
COMMENT ON COLUMN riot.leaderboard_history.observed_at IS 'The refresh that saw it';
COMMENT ON COLUMN riot.leaderboard_history.position IS 'Place on the ladder; NULL when the player left it';
COMMENT ON COLUMN riot.leaderboard_history.tier IS 'Tier then; NULL when the player left the ladder';
COMMENT ON COLUMN riot.leaderboard_history.league_points IS 'League points then; NULL when the player left the ladder';

-- Replace a ladder by what a refresh fetched (its three tiers), recording every change, in one
-- statement: the players who left are deleted, the others upserted (keeping when they entered).
CREATE FUNCTION riot._store_ladder(platform text, queue_type text, entries jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  observed timestamptz := now();
  counts jsonb;
BEGIN
  -- A player promoted or demoted between the three requests is in two tiers: the higher one counts.
  WITH fetched AS (
         SELECT DISTINCT ON (e.puuid) e.*,
                array_position(ARRAY['CHALLENGER', 'GRANDMASTER', 'MASTER'], e.tier) AS tier_rank
           FROM jsonb_to_recordset(entries) AS e(puuid text, tier text, league_points integer, wins integer,
                                                 losses integer, hot_streak boolean, veteran boolean,
                                                 fresh_blood boolean, inactive boolean, league_id text)
          ORDER BY e.puuid, array_position(ARRAY['CHALLENGER', 'GRANDMASTER', 'MASTER'], e.tier), e.league_points DESC),
       ladder AS (
         SELECT e.puuid, e.tier, e.league_points, e.wins, e.losses, e.hot_streak, e.veteran, e.fresh_blood,
                e.inactive, NULLIF(e.league_id, '') AS league_id,
                row_number() OVER (ORDER BY e.tier_rank, e.league_points DESC, e.wins DESC, e.puuid)::integer AS position
           FROM fetched e),
       old AS (SELECT o.puuid, o.position, o.tier, o.league_points FROM riot.leaderboards o
                WHERE o.platform = _store_ladder.platform AND o.queue_type = _store_ladder.queue_type),
       history AS (
         INSERT INTO riot.leaderboard_history (platform, queue_type, puuid, observed_at, position, tier, league_points)
         SELECT _store_ladder.platform, _store_ladder.queue_type, n.puuid, observed, n.position, n.tier, n.league_points
           FROM ladder n LEFT JOIN old o ON o.puuid = n.puuid
          WHERE (o.position, o.tier, o.league_points) IS DISTINCT FROM (n.position, n.tier, n.league_points)
         UNION ALL
         SELECT _store_ladder.platform, _store_ladder.queue_type, o.puuid, observed, NULL, NULL, NULL
           FROM old o WHERE NOT EXISTS (SELECT FROM ladder n WHERE n.puuid = o.puuid)
         RETURNING 1),
       gone AS (
         DELETE FROM riot.leaderboards o
          WHERE o.platform = _store_ladder.platform AND o.queue_type = _store_ladder.queue_type
            AND NOT EXISTS (SELECT FROM ladder n WHERE n.puuid = o.puuid)
         RETURNING 1),
       kept AS (
         INSERT INTO riot.leaderboards AS t (platform, queue_type, puuid, position, tier, league_points, wins, losses,
                                             hot_streak, veteran, fresh_blood, inactive, league_id, entered_at,
                                             refreshed_at)
         SELECT _store_ladder.platform, _store_ladder.queue_type, n.puuid, n.position, n.tier, n.league_points, n.wins,
                n.losses, n.hot_streak, n.veteran, n.fresh_blood, n.inactive, n.league_id, observed, observed
           FROM ladder n
         ON CONFLICT ON CONSTRAINT leaderboards_pkey DO UPDATE
            SET position = EXCLUDED.position, tier = EXCLUDED.tier, league_points = EXCLUDED.league_points,
                wins = EXCLUDED.wins, losses = EXCLUDED.losses, hot_streak = EXCLUDED.hot_streak,
                veteran = EXCLUDED.veteran, fresh_blood = EXCLUDED.fresh_blood, inactive = EXCLUDED.inactive,
                league_id = EXCLUDED.league_id, refreshed_at = EXCLUDED.refreshed_at
         RETURNING 1)
  SELECT jsonb_build_object(
           'entries', (SELECT count(*) FROM kept),
           'entered', (SELECT count(*) FROM ladder n WHERE NOT EXISTS (SELECT FROM old o WHERE o.puuid = n.puuid)),
           'moved', (SELECT count(*) FROM ladder n JOIN old o ON o.puuid = n.puuid WHERE o.position <> n.position),
           'left', (SELECT count(*) FROM gone),
           'history_rows', (SELECT count(*) FROM history))
    INTO counts;
  RETURN counts;
END $$;
COMMENT ON FUNCTION riot._store_ladder(text, text, jsonb) IS
  'Internal: replace an apex ladder by a refresh''s entries, with positions, and record who entered, moved or left';

-- The platforms the scheduled refresh covers by default: those of tracked players.
CREATE FUNCTION riot._ladder_platforms()
RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT DISTINCT p.platform FROM riot.players p
   WHERE p.tracked AND p.active AND p.platform IS NOT NULL
   ORDER BY p.platform;
END;
COMMENT ON FUNCTION riot._ladder_platforms() IS
  'Internal: the platforms of tracked players, whose ladders leaderboard_refresh refreshes when its config names none';

INSERT INTO riot.job_kind_settings (kind, setting, default_value, allowed, description) VALUES
  ('leaderboard_refresh', 'platforms', '[]',
   '["br1", "eun1", "euw1", "jp1", "kr", "la1", "la2", "me1", "na1", "oc1", "ru", "sg2", "tr1", "tw2", "vn2"]',
   'Platforms whose ladders are refreshed; [] means every platform a tracked player plays on'),
  ('leaderboard_refresh', 'queues', '["RANKED_SOLO_5x5"]', '["RANKED_SOLO_5x5", "RANKED_FLEX_SR"]',
   'Ranked queues whose ladders are refreshed');
INSERT INTO riot.job_configurations (name, kind, schedule) VALUES ('leaderboard_refresh', 'leaderboard_refresh', '23 * * * *');
SELECT riot._schedule('leaderboard_refresh');

GRANT SELECT ON riot.leaderboards, riot.leaderboard_history TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._store_ladder(text, text, jsonb), riot._ladder_platforms() TO riot_admin;
