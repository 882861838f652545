-- pg_riot 0.3.0 -> 0.4.0: the analytics layer. Typed timelines (riot.timeline_frames,
-- riot.timeline_events), bans and surrender flags of every match; aggregates kept up to date
-- incrementally (riot.champion_stats, riot.daily_stats, riot.player_stats) with anomalies, by the
-- analytics_refresh job; NOTIFY riot_matches after each stored match; a timeline Riot has not is
-- recorded as missing; raw payloads may be removed by retention while the typed rows stay.
-- Rows stored before are given their typed rows from their raw payloads, and queued so that the
-- first refresh counts them.
\echo Use "ALTER EXTENSION pg_riot UPDATE TO '0.4.0'" to load this file. \quit

ALTER TABLE riot.matches ALTER COLUMN raw DROP NOT NULL,
  ADD COLUMN ended_in_surrender boolean,
  ADD COLUMN ended_in_early_surrender boolean,
  ADD COLUMN timeline_missing_since timestamptz;
ALTER TABLE riot.timelines ALTER COLUMN raw DROP NOT NULL;

-- List settings (leaderboard_refresh's platforms and queues).
ALTER TABLE riot.job_kind_settings DROP CONSTRAINT job_kind_settings_default_value_check,
  ADD CONSTRAINT job_kind_settings_default_value_check
      CHECK (jsonb_typeof(default_value) IN ('number', 'string', 'array'));
COMMENT ON COLUMN riot.job_kind_settings.allowed IS 'The values it may take (a list setting: its elements), when they are a list';

-- Check a config for a kind: every key known, every value of its default's type (numbers whole
-- and positive, text a valid interval). Returns the config with its defaults filled in.
CREATE OR REPLACE FUNCTION riot._checked_config(kind text, config jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  known text;
  setting record;
  checked jsonb := '{}'::jsonb;
BEGIN
  SELECT string_agg(s.setting, ', ' ORDER BY s.setting) INTO known FROM riot.job_kind_settings s
   WHERE s.kind = _checked_config.kind;
  IF config IS NULL OR jsonb_typeof(config) <> 'object' THEN
    RAISE EXCEPTION 'invalid config %', COALESCE(config::text, 'NULL') USING ERRCODE = '22023',
      HINT = 'Pass a JSON object of settings, e.g. ''{"max_requests": 500}''.';
  END IF;
  FOR setting IN SELECT c.key, c.value, s.default_value, s.allowed FROM jsonb_each(config) c
                   LEFT JOIN riot.job_kind_settings s ON s.kind = _checked_config.kind AND s.setting = c.key LOOP
    IF setting.default_value IS NULL THEN
      RAISE EXCEPTION 'unknown setting "%" for % jobs', setting.key, kind USING ERRCODE = '22023',
        HINT = COALESCE('Settings of ' || kind || ' jobs: ' || known || '.', kind || ' jobs take no setting.');
    END IF;
    IF jsonb_typeof(setting.default_value) = 'array' THEN
      IF jsonb_typeof(setting.value) <> 'array' OR NOT setting.allowed @> setting.value THEN
        RAISE EXCEPTION 'invalid % %', setting.key, setting.value USING ERRCODE = '22023',
          HINT = pg_catalog.format('%s takes a list of values from %s.', setting.key, setting.allowed);
      END IF;
    ELSIF setting.allowed IS NOT NULL THEN
      IF NOT setting.allowed @> jsonb_build_array(setting.value) THEN
        RAISE EXCEPTION 'invalid % %', setting.key, setting.value USING ERRCODE = '22023',
          HINT = pg_catalog.format('%s takes one of %s.', setting.key, setting.allowed);
      END IF;
    ELSIF jsonb_typeof(setting.default_value) = 'number' AND NOT (
         jsonb_typeof(setting.value) = 'number' AND setting.value::text ~ '^[0-9]+$'
         AND setting.value::text::numeric BETWEEN 1 AND 1000000000) THEN
      RAISE EXCEPTION 'invalid % %', setting.key, setting.value USING ERRCODE = '22023',
        HINT = pg_catalog.format('%s takes a whole number from 1 to 1000000000.', setting.key);
    ELSIF jsonb_typeof(setting.default_value) = 'string' THEN
      BEGIN
        IF jsonb_typeof(setting.value) <> 'string' OR (setting.value #>> '{}')::interval <= interval '0' THEN
          RAISE EXCEPTION USING ERRCODE = '22023';
        END IF;
      EXCEPTION WHEN invalid_parameter_value OR invalid_datetime_format OR datetime_field_overflow THEN
        RAISE EXCEPTION 'invalid % %', setting.key, setting.value USING ERRCODE = '22023',
          HINT = pg_catalog.format('%s takes a positive interval as text, e.g. "30 days".', setting.key);
      END;
    END IF;
    checked := checked || jsonb_build_object(setting.key, setting.value);
  END LOOP;
  RETURN (SELECT COALESCE(jsonb_object_agg(s.setting, s.default_value), '{}') FROM riot.job_kind_settings s
           WHERE s.kind = _checked_config.kind) || checked;
END $$;
COMMENT ON FUNCTION riot._checked_config(text, jsonb) IS
  'Internal: a job config checked against its kind''s settings, with defaults filled in';


COMMENT ON COLUMN riot.matches.raw IS 'The MatchDto exactly as Riot returned it (compressed with lz4); NULL once its retention (riot.configure_job(''cleanup'')) removed it';
COMMENT ON COLUMN riot.matches.ended_in_surrender IS 'A team surrendered (gameEndedInSurrender); NULL when the payload does not say';
COMMENT ON COLUMN riot.matches.ended_in_early_surrender IS 'A remake: the game ended by an early surrender (gameEndedInEarlySurrender); NULL when the payload does not say';
COMMENT ON COLUMN riot.matches.timeline_missing_since IS 'When Riot answered 404 for the match''s timeline; NULL when it has one or none was asked for';
COMMENT ON COLUMN riot.timelines.raw IS 'The TimelineDto exactly as Riot returned it (compressed with lz4); NULL once its retention removed it (the typed rows stay)';

CREATE TABLE riot.match_bans (
  match_id    text NOT NULL REFERENCES riot.matches ON DELETE CASCADE,
  team_id     integer NOT NULL,
  pick_turn   integer NOT NULL,
  champion_id integer NOT NULL,
  PRIMARY KEY (match_id, team_id, pick_turn)
);
COMMENT ON TABLE riot.match_bans IS 'The champions each team banned (info.teams[].bans); a skipped ban (championId -1) has no row';
COMMENT ON COLUMN riot.match_bans.match_id IS 'The match';
COMMENT ON COLUMN riot.match_bans.team_id IS '100 or 200';
COMMENT ON COLUMN riot.match_bans.pick_turn IS 'The ban''s turn in the draft, from 1';
COMMENT ON COLUMN riot.match_bans.champion_id IS 'The banned champion';

-- Matches and timelines stored but not yet counted into the aggregates (riot.refresh_analytics),
-- and counted matches not yet looked at for anomalies: a row is queued in the transaction that
-- stores (or counts), and deleted in the one that uses it, so each is used exactly once, whatever
-- crashes between.
CREATE TABLE riot.analytics_pending (
  match_id  text NOT NULL REFERENCES riot.matches ON DELETE CASCADE,
  part      text NOT NULL CHECK (part IN ('match', 'timeline', 'anomaly')),
  queued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (match_id, part)
);
COMMENT ON TABLE riot.analytics_pending IS 'Stored matches and timelines the aggregates have not counted yet, and matches not yet looked at for anomalies; riot.refresh_analytics uses and deletes them in one transaction';
COMMENT ON COLUMN riot.analytics_pending.match_id IS 'The match';
COMMENT ON COLUMN riot.analytics_pending.part IS 'match (its participants, bans and day) or timeline (its 15-minute differences) for the aggregates; anomaly (its games, once counted) for riot.anomalies';
COMMENT ON COLUMN riot.analytics_pending.queued_at IS 'When it was stored';

-- Store one match, its participants and the players discovered in it, idempotently.
CREATE OR REPLACE FUNCTION riot._store_match(match jsonb, participants jsonb, raw jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  inserted integer;
BEGIN
  INSERT INTO riot.matches (match_id, platform, game_id, queue_id, game_mode, game_type, game_version,
                            map_id, game_creation, game_start, game_end, duration_seconds, winning_team,
                            end_of_game_result, raw, ended_in_surrender, ended_in_early_surrender)
  SELECT m.match_id, m.platform, m.game_id, m.queue_id, m.game_mode, m.game_type, m.game_version,
         m.map_id, m.game_creation, m.game_start, m.game_end, m.duration_seconds, m.winning_team,
         m.end_of_game_result, _store_match.raw, ended.surrender, ended.early_surrender
    FROM jsonb_populate_record(NULL::riot.matches, match) m,
         LATERAL (SELECT bool_or((p ->> 'gameEndedInSurrender')::boolean) AS surrender,
                         bool_or((p ->> 'gameEndedInEarlySurrender')::boolean) AS early_surrender
                    FROM jsonb_array_elements(CASE jsonb_typeof(_store_match.raw #> '{info,participants}')
                                              WHEN 'array' THEN _store_match.raw #> '{info,participants}' END) p) ended
  ON CONFLICT (match_id) DO NOTHING;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  IF inserted = 0 THEN
    RETURN false;  -- stored before: its participants, bans and notification were made then
  END IF;
  INSERT INTO riot.match_bans (match_id, team_id, pick_turn, champion_id)
  SELECT match ->> 'match_id', (t ->> 'teamId')::integer, (b ->> 'pickTurn')::integer, (b ->> 'championId')::integer
    FROM jsonb_array_elements(CASE jsonb_typeof(raw #> '{info,teams}') WHEN 'array' THEN raw #> '{info,teams}' END) t,
         jsonb_array_elements(CASE jsonb_typeof(t -> 'bans') WHEN 'array' THEN t -> 'bans' END) b
   WHERE (b ->> 'championId')::integer > 0
  ON CONFLICT DO NOTHING;
  INSERT INTO riot.analytics_pending (match_id, part) VALUES (match ->> 'match_id', 'match');
  INSERT INTO riot.match_participants
  SELECT p.* FROM jsonb_populate_recordset(NULL::riot.match_participants, participants) p
  ON CONFLICT (match_id, puuid) DO NOTHING;
  INSERT INTO riot.players AS pl (puuid, game_name, tag_line, platform)
  SELECT DISTINCT ON (p.puuid) p.puuid, p.riot_id_game_name, p.riot_id_tagline, match ->> 'platform'
    FROM jsonb_populate_recordset(NULL::riot.match_participants, participants) p
   WHERE NOT p.is_bot
  ON CONFLICT (puuid) DO UPDATE
     SET game_name = COALESCE(pl.game_name, EXCLUDED.game_name),
         tag_line = COALESCE(pl.tag_line, EXCLUDED.tag_line),
         platform = COALESCE(pl.platform, EXCLUDED.platform)
   WHERE pl.game_name IS NULL OR pl.platform IS NULL;
  -- Delivered to LISTEN riot_matches sessions when this transaction commits, never before.
  PERFORM pg_notify('riot_matches', json_build_object('match_id', match ->> 'match_id',
                                                      'platform', match ->> 'platform',
                                                      'queue_id', (match ->> 'queue_id')::integer)::text);
  RETURN true;
END $$;
COMMENT ON FUNCTION riot._store_match(jsonb, jsonb, jsonb) IS
  'Internal: store a match, its participants, bans and the players discovered in it; queue it for the aggregates and NOTIFY riot_matches';

------------------------------------------------------------------------------------------
-- Typed timelines (silver): a row per participant per frame, and a row per event, made from the
-- TimelineDto when it is stored. They stay when retention removes the raw payload.
------------------------------------------------------------------------------------------

CREATE TABLE riot.timeline_frames (
  match_id            text NOT NULL REFERENCES riot.timelines ON DELETE CASCADE,
  minute              integer NOT NULL,
  participant_id      integer NOT NULL,
  puuid               text,
  frame_ms            integer NOT NULL,
  total_gold          integer,
  current_gold        integer,
  xp                  integer,
  level               integer,
  cs                  integer,
  jungle_cs           integer,
  position_x          integer,
  position_y          integer,
  damage_to_champions integer,
  PRIMARY KEY (match_id, minute, participant_id)
);
COMMENT ON TABLE riot.timeline_frames IS 'One row per participant per timeline frame (info.frames[].participantFrames)';
COMMENT ON COLUMN riot.timeline_frames.match_id IS 'The match';
COMMENT ON COLUMN riot.timeline_frames.minute IS 'The frame''s index from 0; Riot sends a frame a minute (frameInterval 60000), so the minute of the game';
COMMENT ON COLUMN riot.timeline_frames.participant_id IS 'Participant number in the match, from 1 (riot.match_participants.participant_id)';
COMMENT ON COLUMN riot.timeline_frames.puuid IS 'The participant''s player (info.participants); NULL when the timeline does not say';
COMMENT ON COLUMN riot.timeline_frames.frame_ms IS 'The frame''s time in the game, in milliseconds';
COMMENT ON COLUMN riot.timeline_frames.total_gold IS 'Gold earned so far (totalGold)';
COMMENT ON COLUMN riot.timeline_frames.current_gold IS 'Gold in hand (currentGold)';
COMMENT ON COLUMN riot.timeline_frames.xp IS 'Experience so far';
COMMENT ON COLUMN riot.timeline_frames.level IS 'Champion level';
COMMENT ON COLUMN riot.timeline_frames.cs IS 'Minions killed so far (minionsKilled)';
COMMENT ON COLUMN riot.timeline_frames.jungle_cs IS 'Jungle monsters killed so far (jungleMinionsKilled)';
COMMENT ON COLUMN riot.timeline_frames.position_x IS 'Map position, x';
COMMENT ON COLUMN riot.timeline_frames.position_y IS 'Map position, y';
COMMENT ON COLUMN riot.timeline_frames.damage_to_champions IS 'Damage dealt to champions so far (damageStats.totalDamageDoneToChampions)';

CREATE TABLE riot.timeline_events (
  match_id          text NOT NULL REFERENCES riot.timelines ON DELETE CASCADE,
  event_index       integer NOT NULL,
  minute            integer NOT NULL,
  timestamp_ms      integer NOT NULL,
  type              text NOT NULL,
  participant_id    integer,
  killer_id         integer,
  victim_id         integer,
  assisting_ids     integer[],
  killer_team_id    integer,
  team_id           integer,
  position_x        integer,
  position_y        integer,
  monster_type      text,
  monster_sub_type  text,
  building_type     text,
  tower_type        text,
  lane_type         text,
  item_id           integer,
  before_id         integer,
  after_id          integer,
  gold_gain         integer,
  skill_slot        integer,
  level_up_type     text,
  level             integer,
  ward_type         text,
  kill_type         text,
  multi_kill_length integer,
  kill_streak_length integer,
  bounty            integer,
  shutdown_bounty   integer,
  winning_team      integer,
  name              text,
  transform_type    text,
  real_time         timestamptz,
  PRIMARY KEY (match_id, event_index)
);
COMMENT ON TABLE riot.timeline_events IS 'One row per timeline event (info.frames[].events), every type Riot sends, with their common fields as columns (rarer ones stay in the raw payload)';
COMMENT ON COLUMN riot.timeline_events.match_id IS 'The match';
COMMENT ON COLUMN riot.timeline_events.event_index IS 'The event''s place in the timeline, from 0';
COMMENT ON COLUMN riot.timeline_events.minute IS 'The index of the frame the event is in (riot.timeline_frames.minute)';
COMMENT ON COLUMN riot.timeline_events.timestamp_ms IS 'When it happened, in milliseconds of game time';
COMMENT ON COLUMN riot.timeline_events.type IS 'CHAMPION_KILL, ELITE_MONSTER_KILL, BUILDING_KILL, ITEM_PURCHASED, SKILL_LEVEL_UP, WARD_PLACED, ...';
COMMENT ON COLUMN riot.timeline_events.participant_id IS 'The acting participant of item, skill, level and ward-placing events (participantId, or creatorId for WARD_PLACED)';
COMMENT ON COLUMN riot.timeline_events.killer_id IS 'The killer (killerId); 0 for minions, turrets and monsters';
COMMENT ON COLUMN riot.timeline_events.victim_id IS 'The killed champion (victimId)';
COMMENT ON COLUMN riot.timeline_events.assisting_ids IS 'The participants who assisted (assistingParticipantIds)';
COMMENT ON COLUMN riot.timeline_events.killer_team_id IS 'The team that killed an elite monster (killerTeamId)';
COMMENT ON COLUMN riot.timeline_events.team_id IS 'The team that lost the building or plate, or gained the dragon soul (teamId)';
COMMENT ON COLUMN riot.timeline_events.position_x IS 'Map position, x';
COMMENT ON COLUMN riot.timeline_events.position_y IS 'Map position, y';
COMMENT ON COLUMN riot.timeline_events.monster_type IS 'DRAGON, BARON_NASHOR, RIFTHERALD, HORDE, ATAKHAN, ... (monsterType)';
COMMENT ON COLUMN riot.timeline_events.monster_sub_type IS 'The dragon''s kind, e.g. FIRE_DRAGON (monsterSubType)';
COMMENT ON COLUMN riot.timeline_events.building_type IS 'TOWER_BUILDING or INHIBITOR_BUILDING (buildingType)';
COMMENT ON COLUMN riot.timeline_events.tower_type IS 'OUTER_TURRET, INNER_TURRET, BASE_TURRET, NEXUS_TURRET (towerType)';
COMMENT ON COLUMN riot.timeline_events.lane_type IS 'TOP_LANE, MID_LANE or BOT_LANE (laneType)';
COMMENT ON COLUMN riot.timeline_events.item_id IS 'The item bought, sold or destroyed (itemId)';
COMMENT ON COLUMN riot.timeline_events.before_id IS 'ITEM_UNDO: the item before (beforeId)';
COMMENT ON COLUMN riot.timeline_events.after_id IS 'ITEM_UNDO: the item after (afterId)';
COMMENT ON COLUMN riot.timeline_events.gold_gain IS 'ITEM_UNDO: the gold given back (goldGain)';
COMMENT ON COLUMN riot.timeline_events.skill_slot IS 'SKILL_LEVEL_UP: 1 to 4 for Q, W, E, R (skillSlot)';
COMMENT ON COLUMN riot.timeline_events.level_up_type IS 'SKILL_LEVEL_UP: NORMAL or EVOLVE (levelUpType)';
COMMENT ON COLUMN riot.timeline_events.level IS 'LEVEL_UP: the level reached';
COMMENT ON COLUMN riot.timeline_events.ward_type IS 'WARD_PLACED and WARD_KILL: YELLOW_TRINKET, CONTROL_WARD, ... (wardType)';
COMMENT ON COLUMN riot.timeline_events.kill_type IS 'CHAMPION_SPECIAL_KILL: KILL_FIRST_BLOOD, KILL_MULTI, KILL_ACE (killType)';
COMMENT ON COLUMN riot.timeline_events.multi_kill_length IS 'CHAMPION_SPECIAL_KILL: 2 for a double kill, ... (multiKillLength)';
COMMENT ON COLUMN riot.timeline_events.kill_streak_length IS 'CHAMPION_KILL: the killer''s streak (killStreakLength)';
COMMENT ON COLUMN riot.timeline_events.bounty IS 'Gold bounty of the kill (bounty)';
COMMENT ON COLUMN riot.timeline_events.shutdown_bounty IS 'Shutdown gold of the kill (shutdownBounty)';
COMMENT ON COLUMN riot.timeline_events.winning_team IS 'GAME_END: the winning team (winningTeam)';
COMMENT ON COLUMN riot.timeline_events.name IS 'DRAGON_SOUL_GIVEN: the soul (name)';
COMMENT ON COLUMN riot.timeline_events.transform_type IS 'CHAMPION_TRANSFORM: SLAYER or ASSASSIN (transformType)';
COMMENT ON COLUMN riot.timeline_events.real_time IS 'Wall-clock time of GAME_END and pauses (realTimestamp)';
CREATE INDEX timeline_events_type ON riot.timeline_events (type);

-- Make the typed rows of a stored timeline. Its shape was checked by the engine's parser before it
-- was stored; keys the parser does not need are taken when present and NULL when not, and a frame
-- without participant frames or events (an aborted game's) has no rows.
CREATE FUNCTION riot._store_timeline_rows(match_id text, raw jsonb)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  INSERT INTO riot.timeline_frames (match_id, minute, participant_id, puuid, frame_ms, total_gold, current_gold,
                                    xp, level, cs, jungle_cs, position_x, position_y, damage_to_champions)
  SELECT _store_timeline_rows.match_id, f.index - 1, pf.key::integer, who.puuid, (f.frame ->> 'timestamp')::integer,
         (pf.value ->> 'totalGold')::integer, (pf.value ->> 'currentGold')::integer, (pf.value ->> 'xp')::integer,
         (pf.value ->> 'level')::integer, (pf.value ->> 'minionsKilled')::integer,
         (pf.value ->> 'jungleMinionsKilled')::integer, (pf.value #>> '{position,x}')::integer,
         (pf.value #>> '{position,y}')::integer, (pf.value #>> '{damageStats,totalDamageDoneToChampions}')::integer
    FROM jsonb_array_elements(raw #> '{info,frames}') WITH ORDINALITY AS f(frame, index)
   CROSS JOIN LATERAL jsonb_each(CASE jsonb_typeof(f.frame -> 'participantFrames')
                                 WHEN 'object' THEN f.frame -> 'participantFrames' END) AS pf
    LEFT JOIN (SELECT (p ->> 'participantId')::integer AS participant_id, p ->> 'puuid' AS puuid
                 FROM jsonb_array_elements(CASE jsonb_typeof(raw #> '{info,participants}')
                                           WHEN 'array' THEN raw #> '{info,participants}' END) AS p) AS who
           ON who.participant_id = pf.key::integer
  ON CONFLICT DO NOTHING;
  INSERT INTO riot.timeline_events
  SELECT _store_timeline_rows.match_id, (row_number() OVER (ORDER BY f.index, e.index) - 1)::integer, f.index - 1,
         x."timestamp", x.type, COALESCE(x."participantId", x."creatorId"), x."killerId", x."victimId",
         x."assistingParticipantIds", x."killerTeamId", x."teamId", (x."position" ->> 'x')::integer,
         (x."position" ->> 'y')::integer, x."monsterType", x."monsterSubType", x."buildingType", x."towerType",
         x."laneType", x."itemId", x."beforeId", x."afterId", x."goldGain", x."skillSlot", x."levelUpType",
         x."level", x."wardType", x."killType", x."multiKillLength", x."killStreakLength", x.bounty,
         x."shutdownBounty", x."winningTeam", x.name, x."transformType",
         to_timestamp(x."realTimestamp"::double precision / 1000)
    FROM jsonb_array_elements(raw #> '{info,frames}') WITH ORDINALITY AS f(frame, index)
   CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(f.frame -> 'events')
                                           WHEN 'array' THEN f.frame -> 'events' END) WITH ORDINALITY AS e(event, index)
   CROSS JOIN LATERAL jsonb_to_record(e.event) AS x(
         "timestamp" integer, type text, "participantId" integer, "creatorId" integer, "killerId" integer,
         "victimId" integer, "assistingParticipantIds" integer[], "killerTeamId" integer, "teamId" integer,
         "position" jsonb, "monsterType" text, "monsterSubType" text, "buildingType" text, "towerType" text,
         "laneType" text, "itemId" integer, "beforeId" integer, "afterId" integer, "goldGain" integer,
         "skillSlot" integer, "levelUpType" text, "level" integer, "wardType" text, "killType" text,
         "multiKillLength" integer, "killStreakLength" integer, bounty integer, "shutdownBounty" integer,
         "winningTeam" integer, name text, "transformType" text, "realTimestamp" bigint)
  ON CONFLICT DO NOTHING;
END;
COMMENT ON FUNCTION riot._store_timeline_rows(text, jsonb) IS
  'Internal: make the typed frame and event rows of a stored timeline';

-- Store a timeline, its typed rows, and queue it for the aggregates, idempotently.
CREATE OR REPLACE FUNCTION riot._store_timeline(match_id text, raw jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO riot.timelines (match_id, raw) VALUES (match_id, raw) ON CONFLICT DO NOTHING;
  IF FOUND THEN
    PERFORM riot._store_timeline_rows(match_id, raw);
    INSERT INTO riot.analytics_pending (match_id, part) VALUES (match_id, 'timeline') ON CONFLICT DO NOTHING;
    UPDATE riot.matches m SET timeline_missing_since = NULL
     WHERE m.match_id = _store_timeline.match_id AND m.timeline_missing_since IS NOT NULL;
  END IF;
END $$;
COMMENT ON FUNCTION riot._store_timeline(text, jsonb) IS
  'Internal: store a match timeline and its typed rows, and queue it for the aggregates';

-- Riot has no timeline for the match (404): record that, so that it is not asked again.
CREATE FUNCTION riot._timeline_missing(match_id text)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  UPDATE riot.matches m SET timeline_missing_since = now()
   WHERE m.match_id = _timeline_missing.match_id AND m.timeline_missing_since IS NULL;
END;
COMMENT ON FUNCTION riot._timeline_missing(text) IS
  'Internal: record that Riot has no timeline for a stored match';

GRANT SELECT ON riot.timeline_frames, riot.timeline_events TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._store_timeline(text, jsonb), riot._timeline_missing(text) TO riot_admin;

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

------------------------------------------------------------------------------------------
-- Aggregates (gold) over every stored match: sums kept up to date incrementally by
-- riot.refresh_analytics (88_analytics_refresh.sql), read through views that turn them into
-- rates and means. Only sums, counts and extremes are kept, so that adding the matches of a batch
-- gives the same result as counting them all at once. Remakes (an early surrender) count in the
-- daily figures only; bots count nowhere. The sums are updated in place: their tables leave room
-- in each page (fillfactor 70) so that an update stays on its page (HOT) and touches no index.
------------------------------------------------------------------------------------------

-- The patch of a client version: its first two numbers ('14.3.558.106' -> '14.3').
CREATE FUNCTION riot.patch_of(game_version text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN split_part(game_version, '.', 1) || '.' || split_part(game_version, '.', 2);
COMMENT ON FUNCTION riot.patch_of(text) IS
  'The patch of a client version: its first two numbers, e.g. 14.3 for 14.3.558.106';

-- The season of a client version: the year its major version was played in (14.x: 2024).
CREATE FUNCTION riot.season_of(game_version text)
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN split_part(game_version, '.', 1) ~ '^[0-9]{1,3}$'
            THEN 2010 + split_part(game_version, '.', 1)::integer END;
COMMENT ON FUNCTION riot.season_of(text) IS
  'The season (year) of a client version: 2010 plus its major version, e.g. 2024 for 14.x and 2025 for 15.x (Riot''s 25.S1 patches are 15.x in the payload)';

CREATE TABLE riot.champion_totals (
  patch               text NOT NULL,
  queue_id            integer NOT NULL,
  team_position       text NOT NULL,
  champion_id         integer NOT NULL,
  champion_name       text NOT NULL,
  games               bigint NOT NULL,
  wins                bigint NOT NULL,
  kills               bigint NOT NULL,
  deaths              bigint NOT NULL,
  assists             bigint NOT NULL,
  damage_to_champions bigint NOT NULL,
  gold_earned         bigint NOT NULL,
  cs                  bigint NOT NULL,
  seconds_played      bigint NOT NULL,
  timeline_games      bigint NOT NULL,
  gold_diff_15        bigint NOT NULL,
  xp_diff_15          bigint NOT NULL,
  PRIMARY KEY (patch, queue_id, team_position, champion_id)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.champion_totals IS 'Sums per patch, queue, position and champion over every stored match (remakes and bots left out); read riot.champion_stats';
COMMENT ON COLUMN riot.champion_totals.patch IS 'Patch, e.g. 14.3 (riot.patch_of)';
COMMENT ON COLUMN riot.champion_totals.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.champion_totals.team_position IS 'TOP, JUNGLE, MIDDLE, BOTTOM, UTILITY, or NONE where the game has no positions (ARAM, Arena)';
COMMENT ON COLUMN riot.champion_totals.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.champion_totals.champion_name IS 'Champion name as the payloads spell it';
COMMENT ON COLUMN riot.champion_totals.games IS 'Games played';
COMMENT ON COLUMN riot.champion_totals.wins IS 'Games won';
COMMENT ON COLUMN riot.champion_totals.kills IS 'Sum of kills';
COMMENT ON COLUMN riot.champion_totals.deaths IS 'Sum of deaths';
COMMENT ON COLUMN riot.champion_totals.assists IS 'Sum of assists';
COMMENT ON COLUMN riot.champion_totals.damage_to_champions IS 'Sum of damage dealt to champions';
COMMENT ON COLUMN riot.champion_totals.gold_earned IS 'Sum of gold earned';
COMMENT ON COLUMN riot.champion_totals.cs IS 'Sum of creep score';
COMMENT ON COLUMN riot.champion_totals.seconds_played IS 'Sum of game lengths, in seconds';
COMMENT ON COLUMN riot.champion_totals.timeline_games IS 'Games with a timeline and a lane opponent, which the 15-minute sums count';
COMMENT ON COLUMN riot.champion_totals.gold_diff_15 IS 'Sum of gold minus the lane opponent''s at minute 15';
COMMENT ON COLUMN riot.champion_totals.xp_diff_15 IS 'Sum of experience minus the lane opponent''s at minute 15';

CREATE TABLE riot.champion_bans (
  patch       text NOT NULL,
  queue_id    integer NOT NULL,
  champion_id integer NOT NULL,
  bans        bigint NOT NULL,
  PRIMARY KEY (patch, queue_id, champion_id)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.champion_bans IS 'Bans per patch, queue and champion over every stored match (remakes left out)';
COMMENT ON COLUMN riot.champion_bans.patch IS 'Patch';
COMMENT ON COLUMN riot.champion_bans.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.champion_bans.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.champion_bans.bans IS 'Times banned';

CREATE TABLE riot.patch_totals (
  patch    text NOT NULL,
  queue_id integer NOT NULL,
  games    bigint NOT NULL,
  PRIMARY KEY (patch, queue_id)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.patch_totals IS 'Games per patch and queue (remakes left out): what pick and ban rates divide by';
COMMENT ON COLUMN riot.patch_totals.patch IS 'Patch';
COMMENT ON COLUMN riot.patch_totals.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.patch_totals.games IS 'Games stored';

CREATE TABLE riot.daily_totals (
  day              date NOT NULL,
  platform         text NOT NULL,
  queue_id         integer NOT NULL,
  games            bigint NOT NULL,
  players          bigint NOT NULL,
  seconds_played   bigint NOT NULL,
  remakes          bigint NOT NULL,
  surrenders       bigint NOT NULL,
  PRIMARY KEY (day, platform, queue_id)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.daily_totals IS 'Sums per day (UTC, of the game''s start), platform and queue over every stored match; read riot.daily_stats';
COMMENT ON COLUMN riot.daily_totals.day IS 'The day the games started, in UTC';
COMMENT ON COLUMN riot.daily_totals.platform IS 'Platform';
COMMENT ON COLUMN riot.daily_totals.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.daily_totals.games IS 'Games, remakes included';
COMMENT ON COLUMN riot.daily_totals.players IS 'Distinct human players (riot.daily_players)';
COMMENT ON COLUMN riot.daily_totals.seconds_played IS 'Sum of game lengths, in seconds';
COMMENT ON COLUMN riot.daily_totals.remakes IS 'Games ended by an early surrender';
COMMENT ON COLUMN riot.daily_totals.surrenders IS 'Games ended by a surrender other than a remake';

CREATE TABLE riot.daily_players (
  day      date NOT NULL,
  platform text NOT NULL,
  queue_id integer NOT NULL,
  puuid    text NOT NULL,
  PRIMARY KEY (day, platform, queue_id, puuid)
);
COMMENT ON TABLE riot.daily_players IS 'Who played on a day, platform and queue: what makes riot.daily_totals.players exact under incremental counting';
COMMENT ON COLUMN riot.daily_players.day IS 'The day, in UTC';
COMMENT ON COLUMN riot.daily_players.platform IS 'Platform';
COMMENT ON COLUMN riot.daily_players.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.daily_players.puuid IS 'The player';

CREATE TABLE riot.player_totals (
  puuid               text NOT NULL,
  queue_id            integer NOT NULL,
  season              integer NOT NULL,
  games               bigint NOT NULL,
  wins                bigint NOT NULL,
  kills               bigint NOT NULL,
  deaths              bigint NOT NULL,
  assists             bigint NOT NULL,
  damage_to_champions bigint NOT NULL,
  gold_earned         bigint NOT NULL,
  cs                  bigint NOT NULL,
  seconds_played      bigint NOT NULL,
  first_game          timestamptz,
  last_game           timestamptz,
  PRIMARY KEY (puuid, queue_id, season)
) WITH (fillfactor = 70);
COMMENT ON TABLE riot.player_totals IS 'Sums per player, queue and season over every stored match (remakes left out); read riot.player_stats';
COMMENT ON COLUMN riot.player_totals.puuid IS 'The player';
COMMENT ON COLUMN riot.player_totals.queue_id IS 'Queue id';
COMMENT ON COLUMN riot.player_totals.season IS 'Season (riot.season_of)';
COMMENT ON COLUMN riot.player_totals.games IS 'Games played';
COMMENT ON COLUMN riot.player_totals.wins IS 'Games won';
COMMENT ON COLUMN riot.player_totals.kills IS 'Sum of kills';
COMMENT ON COLUMN riot.player_totals.deaths IS 'Sum of deaths';
COMMENT ON COLUMN riot.player_totals.assists IS 'Sum of assists';
COMMENT ON COLUMN riot.player_totals.damage_to_champions IS 'Sum of damage dealt to champions';
COMMENT ON COLUMN riot.player_totals.gold_earned IS 'Sum of gold earned';
COMMENT ON COLUMN riot.player_totals.cs IS 'Sum of creep score';
COMMENT ON COLUMN riot.player_totals.seconds_played IS 'Sum of game lengths, in seconds';
COMMENT ON COLUMN riot.player_totals.first_game IS 'Start of the earliest game counted';
COMMENT ON COLUMN riot.player_totals.last_game IS 'Start of the latest game counted';

CREATE VIEW riot.champion_stats AS
SELECT c.patch, c.queue_id, c.team_position, c.champion_id, c.champion_name, c.games, c.wins,
       round(c.wins::numeric / c.games, 4) AS win_rate,
       round(c.games::numeric / NULLIF(pt.games, 0), 4) AS pick_rate,
       round(COALESCE(b.bans, 0)::numeric / NULLIF(pt.games, 0), 4) AS ban_rate,
       round(c.kills::numeric / c.games, 2) AS kills, round(c.deaths::numeric / c.games, 2) AS deaths,
       round(c.assists::numeric / c.games, 2) AS assists,
       round((c.kills + c.assists)::numeric / GREATEST(c.deaths, 1), 2) AS kda,
       round(c.damage_to_champions::numeric / c.games) AS damage_to_champions,
       round(c.gold_earned::numeric / c.games) AS gold_earned,
       round(c.cs * 60.0 / NULLIF(c.seconds_played, 0), 2) AS cs_per_minute,
       c.timeline_games,
       round(c.gold_diff_15::numeric / NULLIF(c.timeline_games, 0)) AS gold_diff_15,
       round(c.xp_diff_15::numeric / NULLIF(c.timeline_games, 0)) AS xp_diff_15
  FROM riot.champion_totals c
  JOIN riot.patch_totals pt USING (patch, queue_id)
  LEFT JOIN riot.champion_bans b USING (patch, queue_id, champion_id)
 WHERE c.games > 0;
COMMENT ON VIEW riot.champion_stats IS
  'Champion statistics per patch, queue, position and champion over every stored match: win, pick and ban rates, means per game, CS per minute, and gold and XP difference to the lane opponent at 15 minutes where timelines exist';

CREATE VIEW riot.daily_stats AS
SELECT d.day, d.platform, d.queue_id, d.games, d.players,
       round(d.seconds_played / 60.0 / d.games, 1) AS mean_minutes,
       round(d.remakes::numeric / d.games, 4) AS remake_share,
       round(d.surrenders::numeric / d.games, 4) AS surrender_share
  FROM riot.daily_totals d;
COMMENT ON VIEW riot.daily_stats IS
  'Per day (UTC), platform and queue: games, distinct players, mean game length in minutes, share of remakes and of surrenders';

CREATE VIEW riot.player_stats AS
SELECT p.puuid, pl.game_name, pl.tag_line, p.queue_id, p.season, p.games, p.wins,
       round(p.wins::numeric / p.games, 4) AS win_rate,
       round((p.kills + p.assists)::numeric / GREATEST(p.deaths, 1), 2) AS kda,
       round(p.cs * 60.0 / NULLIF(p.seconds_played, 0), 2) AS cs_per_minute,
       round(p.damage_to_champions * 60.0 / NULLIF(p.seconds_played, 0)) AS damage_per_minute,
       round(p.seconds_played / 3600.0, 1) AS hours_played, p.first_game, p.last_game
  FROM riot.player_totals p
  LEFT JOIN riot.players pl USING (puuid);
COMMENT ON VIEW riot.player_stats IS
  'Per player, queue and season: games, win rate, KDA, CS and damage per minute, hours played';

GRANT SELECT ON riot.champion_totals, riot.champion_bans, riot.patch_totals, riot.daily_totals, riot.daily_players,
  riot.player_totals, riot.champion_stats, riot.daily_stats, riot.player_stats TO riot_reader;
GRANT EXECUTE ON FUNCTION riot.patch_of(text), riot.season_of(text) TO riot_reader;
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
------------------------------------------------------------------------------------------
-- Keeping the aggregates and anomalies up to date: each refresh takes a batch of the matches and
-- timelines stored since (riot.analytics_pending), adds what they contribute to every aggregate,
-- queues the matches for anomaly detection and deletes them from the pending queue, all in one
-- transaction. Anomaly detection takes its own batches the same way (against the champion
-- baselines as they are: the caller recomputes them hourly), so the heavier step never holds up
-- the aggregates.
-- A crash anywhere before the commit leaves every sum and the queue as they were, so nothing is
-- counted twice or missed; one batch runs at a time (an advisory lock), so two refreshes never
-- wait on each other's rows. The scheduled job analytics_refresh runs batches every minute.
------------------------------------------------------------------------------------------

-- Count one batch of pending matches and timelines into the aggregates; returns what it did.
-- The rows a batch reads were stored moments ago and are in cache: random_page_cost 1.1 lets the
-- planner fetch a batch's matches by key instead of scanning them all (0.77 s -> 0.57 s for 1,000
-- matches on 100,000; a recount from scratch plans alike either way).
CREATE FUNCTION riot._refresh_analytics_batch(batch_size integer, queue_anomalies boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET random_page_cost = 1.1
AS $$
DECLARE
  match_ids text[];
  timeline_ids text[];
BEGIN
  IF batch_size IS NULL OR batch_size < 1 THEN
    RAISE EXCEPTION 'invalid batch_size %', COALESCE(batch_size::text, 'NULL') USING ERRCODE = '22023',
      HINT = 'Pass a batch size of 1 or more.';
  END IF;
  PERFORM pg_advisory_xact_lock(pg_catalog.hashtext('riot.refresh_analytics'));
  WITH taken AS (
    DELETE FROM riot.analytics_pending p
     USING (SELECT q.match_id, q.part FROM riot.analytics_pending q WHERE q.part IN ('match', 'timeline')
             ORDER BY q.part LIMIT batch_size FOR UPDATE) t  -- matches before timelines
     WHERE p.match_id = t.match_id AND p.part = t.part
    RETURNING p.match_id, p.part)
  SELECT COALESCE(array_agg(t.match_id) FILTER (WHERE t.part = 'match'), '{}'),
         COALESCE(array_agg(t.match_id) FILTER (WHERE t.part = 'timeline'), '{}')
    INTO match_ids, timeline_ids FROM taken t;

  -- Champions: a row per human player of a match, and per laner of a timeline at minute 15.
  INSERT INTO riot.champion_totals AS c
  SELECT d.patch, d.queue_id, d.team_position, d.champion_id, max(d.champion_name), sum(d.games), sum(d.wins),
         sum(d.kills), sum(d.deaths), sum(d.assists), sum(d.damage), sum(d.gold), sum(d.cs), sum(d.seconds),
         sum(d.timeline_games), sum(d.gold_diff_15), sum(d.xp_diff_15)
    FROM (SELECT riot.patch_of(m.game_version) AS patch, m.queue_id,
                 COALESCE(NULLIF(p.team_position, ''), 'NONE') AS team_position, p.champion_id, p.champion_name,
                 1 AS games, p.win::integer AS wins, p.kills, p.deaths, p.assists, p.damage_to_champions AS damage,
                 p.gold_earned AS gold, p.cs, m.duration_seconds AS seconds,
                 0 AS timeline_games, 0 AS gold_diff_15, 0 AS xp_diff_15
            FROM unnest(match_ids) AS b(match_id)
            JOIN riot.matches m ON m.match_id = b.match_id
            JOIN riot.match_participants p ON p.match_id = b.match_id
           WHERE NOT p.is_bot AND m.ended_in_early_surrender IS NOT TRUE
          UNION ALL
          SELECT riot.patch_of(m.game_version), m.queue_id, p.team_position, p.champion_id, p.champion_name,
                 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 1, mine.total_gold - theirs.total_gold, mine.xp - theirs.xp
            FROM unnest(timeline_ids) AS b(match_id)
            JOIN riot.matches m ON m.match_id = b.match_id
            JOIN riot.match_participants p ON p.match_id = b.match_id
            JOIN riot.match_participants o
              ON o.match_id = p.match_id AND o.team_position = p.team_position AND o.team_id <> p.team_id
             AND NOT o.is_bot
            JOIN riot.timeline_frames mine
              ON mine.match_id = p.match_id AND mine.minute = 15 AND mine.participant_id = p.participant_id
            JOIN riot.timeline_frames theirs
              ON theirs.match_id = o.match_id AND theirs.minute = 15 AND theirs.participant_id = o.participant_id
           WHERE NOT p.is_bot AND p.team_position <> '' AND m.ended_in_early_surrender IS NOT TRUE
             AND mine.total_gold IS NOT NULL AND theirs.total_gold IS NOT NULL  -- frames may lack them
             AND mine.xp IS NOT NULL AND theirs.xp IS NOT NULL) d
   GROUP BY d.patch, d.queue_id, d.team_position, d.champion_id
  ON CONFLICT (patch, queue_id, team_position, champion_id) DO UPDATE
     SET champion_name = EXCLUDED.champion_name, games = c.games + EXCLUDED.games, wins = c.wins + EXCLUDED.wins,
         kills = c.kills + EXCLUDED.kills, deaths = c.deaths + EXCLUDED.deaths,
         assists = c.assists + EXCLUDED.assists,
         damage_to_champions = c.damage_to_champions + EXCLUDED.damage_to_champions,
         gold_earned = c.gold_earned + EXCLUDED.gold_earned, cs = c.cs + EXCLUDED.cs,
         seconds_played = c.seconds_played + EXCLUDED.seconds_played,
         timeline_games = c.timeline_games + EXCLUDED.timeline_games,
         gold_diff_15 = c.gold_diff_15 + EXCLUDED.gold_diff_15, xp_diff_15 = c.xp_diff_15 + EXCLUDED.xp_diff_15;

  INSERT INTO riot.patch_totals AS t
  SELECT riot.patch_of(m.game_version), m.queue_id, count(*)
    FROM unnest(match_ids) AS b(match_id) JOIN riot.matches m ON m.match_id = b.match_id
   WHERE m.ended_in_early_surrender IS NOT TRUE
   GROUP BY 1, 2
  ON CONFLICT (patch, queue_id) DO UPDATE SET games = t.games + EXCLUDED.games;

  INSERT INTO riot.champion_bans AS t
  SELECT riot.patch_of(m.game_version), m.queue_id, mb.champion_id, count(*)
    FROM unnest(match_ids) AS b(match_id)
    JOIN riot.matches m ON m.match_id = b.match_id
    JOIN riot.match_bans mb ON mb.match_id = b.match_id
   WHERE m.ended_in_early_surrender IS NOT TRUE
   GROUP BY 1, 2, 3
  ON CONFLICT (patch, queue_id, champion_id) DO UPDATE SET bans = t.bans + EXCLUDED.bans;

  -- Days: games of every kind; distinct players through riot.daily_players.
  WITH played AS (
         SELECT m.match_id, (COALESCE(m.game_start, m.game_creation) AT TIME ZONE 'UTC')::date AS day, m.platform,
                m.queue_id, m.duration_seconds, m.ended_in_early_surrender IS TRUE AS remake,
                m.ended_in_surrender IS TRUE AND m.ended_in_early_surrender IS NOT TRUE AS surrender
           FROM unnest(match_ids) AS b(match_id) JOIN riot.matches m ON m.match_id = b.match_id
          WHERE COALESCE(m.game_start, m.game_creation) IS NOT NULL),
       new_players AS (
         INSERT INTO riot.daily_players (day, platform, queue_id, puuid)
         SELECT DISTINCT g.day, g.platform, g.queue_id, p.puuid
           FROM played g JOIN riot.match_participants p ON p.match_id = g.match_id
          WHERE NOT p.is_bot
         ON CONFLICT DO NOTHING
         RETURNING day, platform, queue_id),
       players AS (SELECT n.day, n.platform, n.queue_id, count(*) AS players FROM new_players n GROUP BY 1, 2, 3)
  INSERT INTO riot.daily_totals AS t
  SELECT g.day, g.platform, g.queue_id, count(*), COALESCE(max(pl.players), 0), sum(g.duration_seconds),
         count(*) FILTER (WHERE g.remake), count(*) FILTER (WHERE g.surrender)
    FROM played g LEFT JOIN players pl USING (day, platform, queue_id)
   GROUP BY g.day, g.platform, g.queue_id
  ON CONFLICT (day, platform, queue_id) DO UPDATE
     SET games = t.games + EXCLUDED.games, players = t.players + EXCLUDED.players,
         seconds_played = t.seconds_played + EXCLUDED.seconds_played, remakes = t.remakes + EXCLUDED.remakes,
         surrenders = t.surrenders + EXCLUDED.surrenders;

  INSERT INTO riot.player_totals AS t
  SELECT p.puuid, m.queue_id, riot.season_of(m.game_version), count(*), count(*) FILTER (WHERE p.win),
         sum(p.kills), sum(p.deaths), sum(p.assists), sum(p.damage_to_champions), sum(p.gold_earned), sum(p.cs),
         sum(m.duration_seconds), min(m.game_start), max(m.game_start)
    FROM unnest(match_ids) AS b(match_id)
    JOIN riot.matches m ON m.match_id = b.match_id
    JOIN riot.match_participants p ON p.match_id = b.match_id
   WHERE NOT p.is_bot AND m.ended_in_early_surrender IS NOT TRUE AND riot.season_of(m.game_version) IS NOT NULL
   GROUP BY 1, 2, 3
  ON CONFLICT (puuid, queue_id, season) DO UPDATE
     SET games = t.games + EXCLUDED.games, wins = t.wins + EXCLUDED.wins, kills = t.kills + EXCLUDED.kills,
         deaths = t.deaths + EXCLUDED.deaths, assists = t.assists + EXCLUDED.assists,
         damage_to_champions = t.damage_to_champions + EXCLUDED.damage_to_champions,
         gold_earned = t.gold_earned + EXCLUDED.gold_earned, cs = t.cs + EXCLUDED.cs,
         seconds_played = t.seconds_played + EXCLUDED.seconds_played,
         first_game = LEAST(t.first_game, EXCLUDED.first_game), last_game = GREATEST(t.last_game, EXCLUDED.last_game);

  IF queue_anomalies THEN
    INSERT INTO riot.analytics_pending (match_id, part)
    SELECT b.match_id, 'anomaly' FROM unnest(match_ids) AS b(match_id)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN jsonb_build_object('matches', cardinality(match_ids), 'timelines', cardinality(timeline_ids));
END $$;
COMMENT ON FUNCTION riot._refresh_analytics_batch(integer, boolean) IS
  'Internal: count one batch of pending matches and timelines into the aggregates and queue the matches for anomaly detection, in one transaction';

-- Look for anomalies in one batch of counted matches; returns the matches looked at and the
-- anomalies found.
CREATE FUNCTION riot._detect_anomalies_batch(batch_size integer)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  match_ids text[];
BEGIN
  IF batch_size IS NULL OR batch_size < 1 THEN
    RAISE EXCEPTION 'invalid batch_size %', COALESCE(batch_size::text, 'NULL') USING ERRCODE = '22023',
      HINT = 'Pass a batch size of 1 or more.';
  END IF;
  WITH taken AS (
    DELETE FROM riot.analytics_pending p
     USING (SELECT q.match_id FROM riot.analytics_pending q WHERE q.part = 'anomaly'
             LIMIT batch_size FOR UPDATE SKIP LOCKED) t
     WHERE p.match_id = t.match_id AND p.part = 'anomaly'
    RETURNING p.match_id)
  SELECT COALESCE(array_agg(t.match_id), '{}') INTO match_ids FROM taken t;
  RETURN jsonb_build_object('matches', cardinality(match_ids),
                            'anomalies', CASE WHEN cardinality(match_ids) > 0 THEN riot._detect_anomalies(match_ids) ELSE 0 END);
END $$;
COMMENT ON FUNCTION riot._detect_anomalies_batch(integer) IS
  'Internal: look for anomalies in one batch of counted matches and dequeue them, in one transaction';

-- Bring the aggregates up to date now, in this transaction; with from_scratch => true, recount them from
-- every stored match and timeline instead (after a change of their definitions, or to check).
CREATE FUNCTION riot.refresh_analytics(from_scratch boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  batch jsonb;
  matches bigint := 0::bigint;
  timelines bigint := 0::bigint;
  anomalies bigint := 0::bigint;
BEGIN
  IF from_scratch IS NULL THEN
    RAISE EXCEPTION 'from_scratch must not be NULL' USING ERRCODE = '22004', HINT = 'Pass from_scratch => true or false.';
  END IF;
  PERFORM pg_advisory_xact_lock(pg_catalog.hashtext('riot.refresh_analytics'));
  IF from_scratch THEN
    TRUNCATE riot.champion_totals, riot.champion_bans, riot.patch_totals, riot.daily_totals, riot.daily_players,
             riot.player_totals;
    INSERT INTO riot.analytics_pending (match_id, part)
    SELECT m.match_id, 'match' FROM riot.matches m
    UNION ALL
    SELECT t.match_id, 'timeline' FROM riot.timelines t
    ON CONFLICT DO NOTHING;
  END IF;
  LOOP
    -- A full recount queues no anomaly detection: anomalies are found once, against the baselines of their day.
    batch := riot._refresh_analytics_batch(50000, queue_anomalies => NOT from_scratch);
    EXIT WHEN (batch ->> 'matches')::bigint + (batch ->> 'timelines')::bigint = 0;
    matches := matches + (batch ->> 'matches')::bigint;
    timelines := timelines + (batch ->> 'timelines')::bigint;
  END LOOP;
  IF NOT from_scratch THEN
    PERFORM riot._refresh_champion_baselines_if_stale();
    LOOP
      batch := riot._detect_anomalies_batch(50000);
      EXIT WHEN (batch ->> 'matches')::bigint = 0;
      anomalies := anomalies + (batch ->> 'anomalies')::bigint;
    END LOOP;
  END IF;
  RETURN jsonb_build_object('matches', matches, 'timelines', timelines, 'anomalies', anomalies);
END $$;
COMMENT ON FUNCTION riot.refresh_analytics(boolean) IS
  'Bring the aggregates (riot.champion_stats, riot.daily_stats, riot.player_stats) and riot.anomalies up to date now, in one transaction; from_scratch => true recounts the aggregates from every stored match. The scheduled job analytics_refresh does the same every minute';

INSERT INTO riot.job_kind_settings (kind, setting, default_value, description) VALUES
  ('analytics_refresh', 'batch_size', '2000',
   'Pending matches and timelines counted per transaction; a run goes on until none is left');
INSERT INTO riot.job_configurations (name, kind, schedule) VALUES ('analytics_refresh', 'analytics_refresh', '* * * * *');
SELECT riot._schedule('analytics_refresh');

GRANT EXECUTE ON FUNCTION riot.refresh_analytics(boolean) TO riot_admin;
GRANT EXECUTE ON FUNCTION riot._refresh_analytics_batch(integer, boolean), riot._detect_anomalies_batch(integer) TO riot_admin;
------------------------------------------------------------------------------------------
-- Retention, enforced by the scheduled cleanup job in bounded batches: raw payloads of matches and
-- timelines stored longer ago than their retention are removed (set to NULL; the typed rows, the
-- aggregates and everything computed from them stay), anomalies older than theirs are deleted.
-- Ages count from when pg_riot stored the row, not from when the game was played: a history
-- synced today is kept for the whole retention, however old its games.
------------------------------------------------------------------------------------------

CREATE INDEX matches_raw_kept ON riot.matches (stored_at) WHERE raw IS NOT NULL;
CREATE INDEX timelines_raw_kept ON riot.timelines (stored_at) WHERE raw IS NOT NULL;

INSERT INTO riot.job_kind_settings (kind, setting, default_value, description) VALUES
  ('cleanup', 'raw_match_retention', '"730 days"',
   'Raw match payloads (riot.matches.raw) stored longer ago than this are removed; the typed rows stay'),
  ('cleanup', 'raw_timeline_retention', '"180 days"',
   'Raw timeline payloads (riot.timelines.raw) stored longer ago than this are removed; the typed rows stay'),
  ('cleanup', 'anomaly_retention', '"365 days"', 'Anomalies found longer ago than this are deleted'),
  ('cleanup', 'batch_size', '5000', 'Rows changed per transaction; a run goes on until none is left');

-- Apply one retention to at most batch_size rows; returns how many it changed (fewer than
-- batch_size: nothing more is due).
CREATE FUNCTION riot._enforce_retention(target text, retention interval, batch_size integer)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  changed bigint;
BEGIN
  IF retention IS NULL OR retention <= interval '0' OR batch_size IS NULL OR batch_size < 1 THEN
    RAISE EXCEPTION 'invalid retention % or batch size %', retention, batch_size USING ERRCODE = '22023',
      HINT = 'Pass a positive interval and a batch size of 1 or more.';
  END IF;
  CASE target
    WHEN 'raw_match' THEN
      UPDATE riot.matches m SET raw = NULL
       WHERE m.match_id IN (SELECT d.match_id FROM riot.matches d
                             WHERE d.raw IS NOT NULL AND d.stored_at < now() - retention
                             ORDER BY d.stored_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    WHEN 'raw_timeline' THEN
      UPDATE riot.timelines t SET raw = NULL
       WHERE t.match_id IN (SELECT d.match_id FROM riot.timelines d
                             WHERE d.raw IS NOT NULL AND d.stored_at < now() - retention
                             ORDER BY d.stored_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    WHEN 'anomaly' THEN
      DELETE FROM riot.anomalies a
       WHERE (a.match_id, a.puuid, a.statistic) IN (
         SELECT d.match_id, d.puuid, d.statistic FROM riot.anomalies d
          WHERE d.detected_at < now() - retention
          ORDER BY d.detected_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    ELSE
      RAISE EXCEPTION 'unknown retention target "%"', target USING ERRCODE = '22023',
        HINT = 'Targets: raw_match, raw_timeline, anomaly.';
  END CASE;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $$;
COMMENT ON FUNCTION riot._enforce_retention(text, interval, integer) IS
  'Internal: remove up to batch_size raw payloads (raw_match, raw_timeline) or anomalies (anomaly) older than their retention';

GRANT EXECUTE ON FUNCTION riot._enforce_retention(text, interval, integer) TO riot_admin;

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

-- What 0.3.0 stored, made as 0.4.0 stores it.
UPDATE riot.matches m
   SET ended_in_surrender = e.surrender, ended_in_early_surrender = e.early_surrender
  FROM (SELECT mm.match_id, bool_or((p ->> 'gameEndedInSurrender')::boolean) AS surrender,
               bool_or((p ->> 'gameEndedInEarlySurrender')::boolean) AS early_surrender
          FROM riot.matches mm,
               jsonb_array_elements(CASE jsonb_typeof(mm.raw #> '{info,participants}')
                                    WHEN 'array' THEN mm.raw #> '{info,participants}' END) p
         GROUP BY mm.match_id) e
 WHERE e.match_id = m.match_id;
INSERT INTO riot.match_bans (match_id, team_id, pick_turn, champion_id)
SELECT m.match_id, (t ->> 'teamId')::integer, (b ->> 'pickTurn')::integer, (b ->> 'championId')::integer
  FROM riot.matches m,
       jsonb_array_elements(CASE jsonb_typeof(m.raw #> '{info,teams}') WHEN 'array' THEN m.raw #> '{info,teams}' END) t,
       jsonb_array_elements(CASE jsonb_typeof(t -> 'bans') WHEN 'array' THEN t -> 'bans' END) b
 WHERE (b ->> 'championId')::integer > 0
ON CONFLICT DO NOTHING;
SELECT riot._store_timeline_rows(t.match_id, t.raw) FROM riot.timelines t;
INSERT INTO riot.analytics_pending (match_id, part)
SELECT m.match_id, 'match' FROM riot.matches m
UNION ALL
SELECT t.match_id, 'timeline' FROM riot.timelines t;

GRANT SELECT ON riot.match_bans, riot.analytics_pending TO riot_reader;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA riot FROM PUBLIC;
