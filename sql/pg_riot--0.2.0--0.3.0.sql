-- pg_riot 0.2.0 -> 0.3.0: the analyzer reads typed rows straight into C++ (riot._score_players
-- over riot._analyzer_players and riot._analyzer_games) instead of a JSON document per player;
-- a claim stays an index walk whatever the statistics say; raw payloads are compressed with lz4.
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
CREATE OR REPLACE FUNCTION riot._player_histories(puuids text[])
RETURNS TABLE (puuid text, history jsonb, newest_game timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid,
         jsonb_build_object('level', p.summoner_level, 'games', COALESCE(g.games, '[]'), 'ranks', p.ranks),
         g.newest
    FROM (SELECT a.puuid, min(a.summoner_level) AS summoner_level,
                 COALESCE(jsonb_agg(jsonb_build_object('tier', a.tier, 'division', a.division, 'lp', a.league_points,
                                                       'wins', a.wins, 'losses', a.losses,
                                                       'observed_ms', (extract(epoch FROM a.observed_at) * 1000)::bigint)
                                    ORDER BY a.observed_at) FILTER (WHERE a.observed_at IS NOT NULL), '[]') AS ranks
            FROM riot._analyzer_players(puuids) a
           GROUP BY a.puuid) p
    LEFT JOIN (
      SELECT k.puuid, max(k.game_start) AS newest,
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
  riot._score_players(text[], text) FROM PUBLIC;

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
COMMENT ON COLUMN riot.matches.raw IS 'The MatchDto exactly as Riot returned it (compressed with lz4: twice as cheap to store as pglz)';
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
