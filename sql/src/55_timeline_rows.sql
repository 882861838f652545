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
CREATE FUNCTION riot._store_timeline(match_id text, raw jsonb)
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
