------------------------------------------------------------------------------------------
-- The player analyzer: matches for discovered players, nine smurf scores computed in C++
-- (worker/analysis), verdicts with their history, and ban checks of suspected smurfs.
------------------------------------------------------------------------------------------

CREATE TABLE riot.player_analysis (
  analysis_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  puuid                   text NOT NULL,
  variant                 text NOT NULL CHECK (variant IN ('pg_riot', 'reference')),
  current                 boolean NOT NULL DEFAULT true,
  analyzed_at             timestamptz NOT NULL DEFAULT pg_catalog.now(),
  verdict                 text NOT NULL
                          CHECK (verdict IN ('insufficient_data', 'not_smurf', 'smurf_low', 'smurf_medium', 'smurf_high')),
  total                   double precision NOT NULL,
  matches_used            integer NOT NULL,
  newest_game             timestamptz,
  win_rate                double precision NOT NULL,
  kda                     double precision NOT NULL,
  account_level           double precision NOT NULL,
  rank_discrepancy        double precision NOT NULL,
  rank_progression        double precision NOT NULL,
  win_rate_trend          double precision NOT NULL,
  performance_consistency double precision NOT NULL,
  performance_trends      double precision NOT NULL,
  role_performance        double precision NOT NULL,
  scores                  jsonb NOT NULL
);
COMMENT ON TABLE riot.player_analysis IS
  'Smurf analyses: one current row per player and variant, and the earlier ones (current = false) as history';
COMMENT ON COLUMN riot.player_analysis.analysis_id IS 'The analysis'' id, increasing';
COMMENT ON COLUMN riot.player_analysis.puuid IS 'The player';
COMMENT ON COLUMN riot.player_analysis.variant IS 'pg_riot (the default scores) or reference (the scores of the system pg_riot replaces)';
COMMENT ON COLUMN riot.player_analysis.current IS 'The player''s latest analysis of this variant; false for the history';
COMMENT ON COLUMN riot.player_analysis.analyzed_at IS 'When it was computed';
COMMENT ON COLUMN riot.player_analysis.verdict IS 'not_smurf, smurf_low, smurf_medium, smurf_high, or insufficient_data';
COMMENT ON COLUMN riot.player_analysis.total IS 'The weighted total of the nine scores, 0..1';
COMMENT ON COLUMN riot.player_analysis.matches_used IS 'Games the scores were computed on';
COMMENT ON COLUMN riot.player_analysis.newest_game IS 'Start of the newest stored game at the time (a newer one makes the player due again)';
COMMENT ON COLUMN riot.player_analysis.win_rate IS 'Score 1 of 9, 0..1: win rate';
COMMENT ON COLUMN riot.player_analysis.kda IS 'Score 2 of 9, 0..1: KDA';
COMMENT ON COLUMN riot.player_analysis.account_level IS 'Score 3 of 9, 0..1: a low summoner level';
COMMENT ON COLUMN riot.player_analysis.rank_discrepancy IS 'Score 4 of 9, 0..1: playing above the rank';
COMMENT ON COLUMN riot.player_analysis.rank_progression IS 'Score 5 of 9, 0..1: a fast climb';
COMMENT ON COLUMN riot.player_analysis.win_rate_trend IS 'Score 6 of 9, 0..1: a rising win rate';
COMMENT ON COLUMN riot.player_analysis.performance_consistency IS 'Score 7 of 9, 0..1: consistently strong games';
COMMENT ON COLUMN riot.player_analysis.performance_trends IS 'Score 8 of 9, 0..1: improving performance';
COMMENT ON COLUMN riot.player_analysis.role_performance IS 'Score 9 of 9, 0..1: strong in several roles';
COMMENT ON COLUMN riot.player_analysis.scores IS 'The nine scores with their weight, the value each came from and a one-line reason';
CREATE UNIQUE INDEX player_analysis_current ON riot.player_analysis (puuid, variant) WHERE current;
CREATE INDEX player_analysis_smurfs ON riot.player_analysis (variant, verdict) WHERE current AND verdict LIKE 'smurf%';

-- The analyzer's settings.
INSERT INTO riot.job_kind_settings (kind, setting, default_value, allowed, description) VALUES
  ('player_analyzer', 'variant', '"pg_riot"', '["pg_riot", "reference"]', 'The scores: pg_riot (the default) or reference'),
  ('player_analyzer', 'max_requests', '2000', NULL, 'Riot API requests one run may make at most'),
  ('player_analyzer', 'matches_per_player', '10', NULL, 'Ranked match ids fetched per discovered player per run'),
  ('player_analyzer', 'target_matches', '50', NULL, 'Ranked matches stored per discovered player before fetching stops'),
  ('player_analyzer', 'min_matches', '20', NULL, 'Stored games a player needs to be scored'),
  ('player_analyzer', 'max_scored', '5000', NULL, 'Players scored per run at most'),
  ('player_analyzer', 'ban_check_after', '"7 days"', NULL, 'A suspected smurf is checked for a ban again after this long');

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
CREATE FUNCTION riot._player_histories(puuids text[])
RETURNS TABLE (puuid text, history jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid,
         jsonb_build_object('level', p.summoner_level, 'games', COALESCE(g.games, '[]'), 'ranks', p.ranks)
    FROM (SELECT a.puuid, min(a.summoner_level) AS summoner_level,
                 COALESCE(jsonb_agg(jsonb_build_object('tier', a.tier, 'division', a.division, 'lp', a.league_points,
                                                       'wins', a.wins, 'losses', a.losses,
                                                       'observed_ms', (extract(epoch FROM a.observed_at) * 1000)::bigint)
                                    ORDER BY a.observed_at) FILTER (WHERE a.observed_at IS NOT NULL), '[]') AS ranks
            FROM riot._analyzer_players(puuids) a
           GROUP BY a.puuid) p
    LEFT JOIN (
      SELECT k.puuid,
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

CREATE FUNCTION riot._score_player(history jsonb, variant text DEFAULT 'pg_riot')
RETURNS jsonb
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'riot_score_player';
COMMENT ON FUNCTION riot._score_player(jsonb, text) IS
  'Internal: the nine smurf scores and the verdict of a player history (C++, worker/analysis)';

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

-- Score players and store the results: the player's earlier analysis of the variant becomes
-- history. Returns how many were scored and how many of them are judged smurfs.
CREATE FUNCTION riot._store_analyses(puuids text[], variant text, OUT scored integer, OUT smurfs integer)
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

-- Phase 2 of a run: score the players due (enough stored games, and no analysis of the variant
-- yet or a newer game since the last one), at most `max_scored` of them.
CREATE FUNCTION riot._score_due(variant text, min_matches integer, max_scored integer,
                                OUT scored integer, OUT smurfs integer)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  due text[];
BEGIN
  -- One aggregate over every player's games (set-based: a subquery per player would read the
  -- matches once per player).
  SELECT COALESCE(array_agg(d.puuid), '{}') INTO due FROM (
    SELECT p.puuid
      FROM (SELECT mp.puuid, count(*) AS games, max(m.game_start) AS newest
              FROM riot.match_participants mp JOIN riot.matches m USING (match_id)
             WHERE m.game_start IS NOT NULL AND NOT mp.is_bot
             GROUP BY mp.puuid) g
      JOIN riot.players p ON p.puuid = g.puuid
      LEFT JOIN riot.player_analysis a ON a.puuid = p.puuid AND a.variant = _score_due.variant AND a.current
     WHERE p.active AND g.games >= min_matches AND (a.puuid IS NULL OR g.newest > a.newest_game)
     ORDER BY a.analyzed_at NULLS FIRST, p.puuid
     LIMIT max_scored) d;
  SELECT s.scored, s.smurfs INTO scored, smurfs FROM riot._store_analyses(due, variant) s;
END $$;
COMMENT ON FUNCTION riot._score_due(text, integer, integer) IS
  'Internal: score the players due for an analysis (phase 2 of the player analyzer)';

-- Phase 1 of a run: discovered players (not tracked, active) with fewer stored solo-queue games
-- than the target, fewest first, leaving out for a day those with nothing left to fetch.
CREATE FUNCTION riot._analyzer_fetch_candidates(target integer)
RETURNS TABLE (puuid text, platform text, ranked_stored bigint)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid, p.platform, COALESCE(r.games, 0)
    FROM riot.players p
    LEFT JOIN (SELECT mp.puuid, count(*) AS games FROM riot.match_participants mp JOIN riot.matches m USING (match_id)
                WHERE m.queue_id = 420 GROUP BY mp.puuid) r ON r.puuid = p.puuid
   WHERE NOT p.tracked AND p.active AND p.platform IS NOT NULL AND COALESCE(r.games, 0) < target
     AND (p.analyzer_exhausted_at IS NULL OR p.analyzer_exhausted_at < pg_catalog.now() - interval '1 day')
   ORDER BY COALESCE(r.games, 0), p.puuid
$$;
COMMENT ON FUNCTION riot._analyzer_fetch_candidates(integer) IS
  'Internal: the discovered players the analyzer fetches matches for';

-- Phase 3's candidates: players the current analysis of the variant judges smurfs, never checked
-- for a ban or not since `after`.
CREATE FUNCTION riot._ban_check_candidates(variant text, after interval)
RETURNS TABLE (puuid text, platform text)
LANGUAGE sql STABLE PARALLEL SAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.puuid, p.platform
    FROM riot.player_analysis a JOIN riot.players p USING (puuid)
   WHERE a.current AND a.variant = _ban_check_candidates.variant AND a.verdict LIKE 'smurf%'
     AND p.platform IS NOT NULL
     AND (p.ban_checked_at IS NULL OR p.ban_checked_at < pg_catalog.now() - after)
   ORDER BY p.ban_checked_at NULLS FIRST, a.total DESC, p.puuid
$$;
COMMENT ON FUNCTION riot._ban_check_candidates(text, interval) IS
  'Internal: suspected smurfs due for a ban check';

-- Record a ban check: status 200 = not banned, 404 = likely banned (since the first 404), any
-- other status changes nothing but the check time.
CREATE FUNCTION riot._record_ban_check(puuid text, status integer)
RETURNS void
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  UPDATE riot.players p
     SET ban_checked_at = pg_catalog.now(),
         ban_status = CASE status WHEN 200 THEN 'not_banned' WHEN 404 THEN 'likely_banned' ELSE p.ban_status END,
         banned_since = CASE WHEN status = 404 THEN COALESCE(p.banned_since, pg_catalog.now())
                             WHEN status = 200 THEN NULL ELSE p.banned_since END
   WHERE p.puuid = _record_ban_check.puuid
$$;
COMMENT ON FUNCTION riot._record_ban_check(text, integer) IS 'Internal: record what summoner-v4 said of an account';

-- The analyzer's fan-out. `listed` maps each player fetched for to their most recent ranked
-- match ids, newest first: the first `per_player` of them not stored yet are queued, below
-- interactive work; a player with none left to fetch is marked, and left alone for a day.
CREATE FUNCTION riot._fan_out_analyzer(job_id bigint, attempt integer, worker text, listed jsonb,
                                       per_player integer, result jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  wanted text[];
  left_to_fetch text[];
BEGIN
  WITH missing AS (
    SELECT l.key AS puuid, m.id, row_number() OVER (PARTITION BY l.key ORDER BY m.n) AS n
      FROM jsonb_each(COALESCE(listed, '{}')) l, jsonb_array_elements_text(l.value) WITH ORDINALITY m(id, n)
     WHERE NOT EXISTS (SELECT FROM riot.matches x WHERE x.match_id = m.id))
  SELECT COALESCE(array_agg(DISTINCT w.id) FILTER (WHERE w.n <= per_player), '{}'),
         COALESCE(array_agg(DISTINCT w.puuid), '{}')
    INTO wanted, left_to_fetch FROM missing w;
  IF NOT riot._fan_out_matches(job_id, attempt, worker, wanted, result, false, 1) THEN
    RETURN false;
  END IF;
  UPDATE riot.players p SET analyzer_exhausted_at = pg_catalog.now()
   WHERE p.puuid IN (SELECT l.key FROM jsonb_each(COALESCE(listed, '{}')) l) AND p.puuid <> ALL (left_to_fetch);
  RETURN true;
END $$;
COMMENT ON FUNCTION riot._fan_out_analyzer(bigint, integer, text, jsonb, integer, jsonb) IS
  'Internal: queue the next matches of the players an analyzer run fetched for, and mark those with none left';

-- The analyzer's end: its metrics (what it counted, and the matches its children fetched) into
-- the job's result and its execution row; false when the attempt was lost.
CREATE FUNCTION riot._finish_analyzer(job_id bigint, attempt integer, worker text, counters jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job riot.jobs;
  fetched bigint;
  metrics jsonb;
BEGIN
  SELECT * INTO job FROM riot.jobs j
   WHERE j.job_id = _finish_analyzer.job_id AND riot._holds(j, _finish_analyzer.attempt, _finish_analyzer.worker)
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  SELECT count(*) INTO fetched FROM riot.jobs c WHERE c.parent_id = job.job_id AND c.state = 'succeeded';
  metrics := COALESCE(job.result, '{}') || COALESCE(counters, '{}');
  metrics := metrics || jsonb_build_object(
    'matches_fetched', fetched, 'matches_failed', job.children_failed,
    'api_requests', COALESCE((metrics ->> 'api_requests')::bigint, 0) + COALESCE((metrics ->> 'ban_checks')::bigint, 0)
                    + fetched + job.children_failed,
    'records_created', fetched + COALESCE((metrics ->> 'players_analyzed')::bigint, 0),
    'records_updated', COALESCE((metrics ->> 'players_fetched')::bigint, 0) + COALESCE((metrics ->> 'ban_checks')::bigint, 0));
  RETURN riot._finish(job.job_id, _finish_analyzer.attempt, _finish_analyzer.worker,
                      jsonb_build_object('metrics', metrics));
END $$;
COMMENT ON FUNCTION riot._finish_analyzer(bigint, integer, text, jsonb) IS
  'Internal: the end of a player analyzer run: its metrics';

CREATE FUNCTION riot.analyze_player(game_name text, tag_line text, variant text DEFAULT 'pg_riot')
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

CREATE VIEW riot.suspected_smurfs AS
SELECT a.puuid, p.game_name, p.tag_line, p.platform, p.summoner_level, a.variant,
       substr(a.verdict, 7) AS confidence, a.total, a.matches_used, a.analyzed_at,
       COALESCE(p.ban_status, 'unchecked') AS ban_status, p.banned_since, p.ban_checked_at
  FROM riot.player_analysis a JOIN riot.players p USING (puuid)
 WHERE a.current AND a.verdict LIKE 'smurf%';
COMMENT ON VIEW riot.suspected_smurfs IS
  'Players whose current analysis judges them smurfs, with the confidence and what the last ban check said';
COMMENT ON COLUMN riot.suspected_smurfs.confidence IS 'low, medium or high';
COMMENT ON COLUMN riot.suspected_smurfs.ban_status IS 'unchecked, not_banned, or likely_banned';

INSERT INTO riot.job_configurations (name, kind, schedule) VALUES ('player_analyzer', 'player_analyzer', '*/5 * * * *');
SELECT riot._schedule('player_analyzer');

GRANT SELECT ON riot.player_analysis, riot.suspected_smurfs TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.analyze_player(text, text, text) TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._analyzer_fetch_candidates(integer), riot._score_due(text, integer, integer),
  riot._ban_check_candidates(text, interval), riot._record_ban_check(text, integer),
  riot._fan_out_analyzer(bigint, integer, text, jsonb, integer, jsonb),
  riot._finish_analyzer(bigint, integer, text, jsonb) TO riot_admin;
