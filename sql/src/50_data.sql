------------------------------------------------------------------------------------------
-- Data: players, matches (raw payload = bronze), participants and ranks (silver).
------------------------------------------------------------------------------------------

CREATE TABLE riot.players (
  puuid           text PRIMARY KEY,
  game_name       text,
  tag_line        text,
  platform        text,
  summoner_level  integer,
  profile_icon_id integer,
  revision_date   timestamptz,
  tracked         boolean NOT NULL DEFAULT false,
  discovered_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
  resolved_at     timestamptz,
  synced_at       timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
  tracked_at      timestamptz,
  active          boolean NOT NULL DEFAULT true,
  inactive_reason text,
  checked_at      timestamptz,
  analyzer_exhausted_at timestamptz,
  ban_checked_at  timestamptz,
  ban_status      text CHECK (ban_status IN ('not_banned', 'likely_banned')),
  banned_since    timestamptz
);
COMMENT ON TABLE riot.players IS 'Every player seen: synced players and everyone who played with them (discovered)';
COMMENT ON COLUMN riot.players.puuid IS 'Riot''s player id (encrypted per API key)';
COMMENT ON COLUMN riot.players.game_name IS 'Riot ID game name, as last seen';
COMMENT ON COLUMN riot.players.tag_line IS 'Riot ID tag line, as last seen';
COMMENT ON COLUMN riot.players.platform IS 'Platform routing value, e.g. kr or euw1';
COMMENT ON COLUMN riot.players.tracked IS 'Kept up to date by the tracked-player updater';
COMMENT ON COLUMN riot.players.tracked_at IS 'When the player was last tracked (riot.track_player)';
COMMENT ON COLUMN riot.players.active IS 'False once the account no longer resolves; the updater skips it';
COMMENT ON COLUMN riot.players.inactive_reason IS 'Why the player is inactive';
COMMENT ON COLUMN riot.players.checked_at IS 'When the tracked-player updater last checked the player';
COMMENT ON COLUMN riot.players.analyzer_exhausted_at IS 'When the player analyzer last found no further ranked match of the player; it asks again a day later';
COMMENT ON COLUMN riot.players.ban_checked_at IS 'When summoner-v4 was last asked whether the account is banned';
COMMENT ON COLUMN riot.players.ban_status IS 'not_banned (summoner-v4 answered 200) or likely_banned (404); NULL before a check';
COMMENT ON COLUMN riot.players.banned_since IS 'When summoner-v4 first answered 404 for the account';
COMMENT ON COLUMN riot.players.resolved_at IS 'When the Riot ID was last resolved through account-v1';
COMMENT ON COLUMN riot.players.synced_at IS 'When the player''s match history was last synced';
COMMENT ON COLUMN riot.players.summoner_level IS 'Summoner level (summoner-v4), as last seen';
COMMENT ON COLUMN riot.players.profile_icon_id IS 'Profile icon id (summoner-v4), as last seen';
COMMENT ON COLUMN riot.players.revision_date IS 'When the summoner last changed, as Riot reports it';
COMMENT ON COLUMN riot.players.discovered_at IS 'When pg_riot first saw the player';
COMMENT ON COLUMN riot.players.updated_at IS 'When the row last changed';
CREATE INDEX players_riot_id ON riot.players (lower(game_name), lower(tag_line));

CREATE TABLE riot.matches (
  match_id           text PRIMARY KEY,
  platform           text NOT NULL,
  game_id            bigint NOT NULL,
  queue_id           integer NOT NULL,
  game_mode          text NOT NULL,
  game_type          text NOT NULL,
  game_version       text NOT NULL,
  map_id             integer NOT NULL,
  game_creation      timestamptz,
  game_start         timestamptz,
  game_end           timestamptz,
  duration_seconds   integer NOT NULL,
  winning_team       integer,
  end_of_game_result text,
  raw                jsonb COMPRESSION lz4,
  stored_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
  ended_in_surrender       boolean,
  ended_in_early_surrender boolean,
  timeline_missing_since   timestamptz
);
COMMENT ON TABLE riot.matches IS 'One row per match (match-v5), with the raw payload kept in raw';
COMMENT ON COLUMN riot.matches.match_id IS 'Riot''s match id, e.g. KR_7234567890';
COMMENT ON COLUMN riot.matches.queue_id IS 'Queue id: 420 ranked solo, 440 flex, 450 ARAM, 1700 Arena, ...';
COMMENT ON COLUMN riot.matches.game_start IS 'When the game started';
COMMENT ON COLUMN riot.matches.duration_seconds IS 'Game length in seconds, whatever the game version reported';
COMMENT ON COLUMN riot.matches.winning_team IS 'teamId of the winning team (100 or 200); NULL when none (aborted, Arena)';
COMMENT ON COLUMN riot.matches.raw IS 'The MatchDto exactly as Riot returned it (compressed with lz4); NULL once its retention (riot.configure_job(''cleanup'')) removed it';
COMMENT ON COLUMN riot.matches.ended_in_surrender IS 'A team surrendered (gameEndedInSurrender); NULL when the payload does not say';
COMMENT ON COLUMN riot.matches.ended_in_early_surrender IS 'A remake: the game ended by an early surrender (gameEndedInEarlySurrender); NULL when the payload does not say';
COMMENT ON COLUMN riot.matches.timeline_missing_since IS 'When Riot answered 404 for the match''s timeline; NULL when it has one or none was asked for';
COMMENT ON COLUMN riot.matches.platform IS 'Platform routing value the game was played on, e.g. kr or euw1';
COMMENT ON COLUMN riot.matches.game_id IS 'Riots game id (the number in the match id; 0 in aborted games)';
COMMENT ON COLUMN riot.matches.game_mode IS 'CLASSIC, ARAM, CHERRY (Arena), ...; empty in aborted games';
COMMENT ON COLUMN riot.matches.game_type IS 'MATCHED_GAME, CUSTOM_GAME, ...; empty in aborted games';
COMMENT ON COLUMN riot.matches.game_version IS 'Client version, e.g. 14.3.558.106; its first two numbers are the patch';
COMMENT ON COLUMN riot.matches.map_id IS 'Map id: 11 Summoners Rift, 12 Howling Abyss, 30 Arena, ...';
COMMENT ON COLUMN riot.matches.game_creation IS 'When the game was created (lobby)';
COMMENT ON COLUMN riot.matches.game_end IS 'When the game ended; NULL before patch 11.20';
COMMENT ON COLUMN riot.matches.end_of_game_result IS 'GameComplete, Abort_Unexpected, ... (patch 14.3 and later)';
COMMENT ON COLUMN riot.matches.stored_at IS 'When pg_riot stored the match';
CREATE INDEX matches_game_start ON riot.matches (game_start);

CREATE TABLE riot.match_participants (
  match_id            text NOT NULL REFERENCES riot.matches ON DELETE CASCADE,
  puuid               text NOT NULL,
  participant_id      integer NOT NULL,
  is_bot              boolean NOT NULL DEFAULT false,
  riot_id_game_name   text,
  riot_id_tagline     text,
  champion_id         integer NOT NULL,
  champion_name       text NOT NULL,
  team_id             integer NOT NULL,
  subteam_id          integer,
  placement           integer,
  team_position       text,
  kills               integer NOT NULL,
  deaths              integer NOT NULL,
  assists             integer NOT NULL,
  cs                  integer NOT NULL,
  gold_earned         integer NOT NULL,
  damage_to_champions bigint NOT NULL,
  damage_taken        bigint NOT NULL,
  vision_score        integer NOT NULL,
  champion_level      integer NOT NULL,
  items               integer[] NOT NULL,
  win                 boolean NOT NULL,
  PRIMARY KEY (match_id, puuid)
);
COMMENT ON TABLE riot.match_participants IS 'One row per player per match: the columns people query';
COMMENT ON COLUMN riot.match_participants.puuid IS 'The player; bots get BOT:<match_id>:<participant_id>';
COMMENT ON COLUMN riot.match_participants.riot_id_game_name IS 'Riot ID game name at the time of the match';
COMMENT ON COLUMN riot.match_participants.team_id IS '100 or 200; in Arena the top (100) or bottom (200) half of the placements';
COMMENT ON COLUMN riot.match_participants.subteam_id IS 'Arena team (1-8)';
COMMENT ON COLUMN riot.match_participants.placement IS 'Arena placement';
COMMENT ON COLUMN riot.match_participants.team_position IS 'TOP, JUNGLE, MIDDLE, BOTTOM or UTILITY';
COMMENT ON COLUMN riot.match_participants.cs IS 'Creep score: minions plus neutral monsters killed';
COMMENT ON COLUMN riot.match_participants.items IS 'item0 .. item6';
COMMENT ON COLUMN riot.match_participants.match_id IS 'The match';
COMMENT ON COLUMN riot.match_participants.participant_id IS 'Participant number in the match, from 1';
COMMENT ON COLUMN riot.match_participants.is_bot IS 'A Co-op vs AI bot';
COMMENT ON COLUMN riot.match_participants.riot_id_tagline IS 'Riot ID tag line at the time of the match';
COMMENT ON COLUMN riot.match_participants.champion_id IS 'Champion id';
COMMENT ON COLUMN riot.match_participants.champion_name IS 'Champion name as Riot spells it in the payload, e.g. MonkeyKing';
COMMENT ON COLUMN riot.match_participants.kills IS 'Champion kills';
COMMENT ON COLUMN riot.match_participants.deaths IS 'Deaths';
COMMENT ON COLUMN riot.match_participants.assists IS 'Assists';
COMMENT ON COLUMN riot.match_participants.gold_earned IS 'Gold earned';
COMMENT ON COLUMN riot.match_participants.damage_to_champions IS 'Damage dealt to champions';
COMMENT ON COLUMN riot.match_participants.damage_taken IS 'Damage taken';
COMMENT ON COLUMN riot.match_participants.vision_score IS 'Vision score';
COMMENT ON COLUMN riot.match_participants.champion_level IS 'Champion level at the end of the game';
COMMENT ON COLUMN riot.match_participants.win IS 'The participants team won (in Arena: placed in the top half)';
CREATE INDEX match_participants_puuid ON riot.match_participants (puuid);

CREATE TABLE riot.player_ranks (
  rank_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  puuid          text NOT NULL,
  queue_type     text NOT NULL,
  tier           text,
  division       text,
  league_points  integer NOT NULL,
  wins           integer NOT NULL,
  losses         integer NOT NULL,
  hot_streak     boolean NOT NULL,
  veteran        boolean NOT NULL,
  fresh_blood    boolean NOT NULL,
  inactive       boolean NOT NULL,
  observed_at    timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE riot.player_ranks IS 'Rank snapshots (league-v4); a new row only when something changed';
COMMENT ON COLUMN riot.player_ranks.queue_type IS 'RANKED_SOLO_5x5, RANKED_FLEX_SR, CHERRY, ...';
COMMENT ON COLUMN riot.player_ranks.division IS 'I to IV within the tier';
COMMENT ON COLUMN riot.player_ranks.rank_id IS 'Snapshot id, increasing';
COMMENT ON COLUMN riot.player_ranks.puuid IS 'The player';
COMMENT ON COLUMN riot.player_ranks.tier IS 'IRON to CHALLENGER; NULL when Riot leaves it out';
COMMENT ON COLUMN riot.player_ranks.league_points IS 'League points';
COMMENT ON COLUMN riot.player_ranks.wins IS 'Wins in the queue this season';
COMMENT ON COLUMN riot.player_ranks.losses IS 'Losses in the queue this season';
COMMENT ON COLUMN riot.player_ranks.hot_streak IS 'Riots hot streak flag (three or more wins in a row)';
COMMENT ON COLUMN riot.player_ranks.veteran IS 'Riots veteran flag (100 or more games in the league)';
COMMENT ON COLUMN riot.player_ranks.fresh_blood IS 'Riots fresh blood flag (new to the league)';
COMMENT ON COLUMN riot.player_ranks.inactive IS 'Riots inactive flag (decaying)';
COMMENT ON COLUMN riot.player_ranks.observed_at IS 'When this standing was first seen';
CREATE INDEX player_ranks_latest ON riot.player_ranks (puuid, queue_type, observed_at DESC);

CREATE TABLE riot.timelines (
  match_id  text PRIMARY KEY REFERENCES riot.matches ON DELETE CASCADE,
  raw       jsonb COMPRESSION lz4,
  stored_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE riot.timelines IS 'Match timelines (match-v5), raw, when a sync asked for them';
COMMENT ON COLUMN riot.timelines.raw IS 'The TimelineDto exactly as Riot returned it (compressed with lz4); NULL once its retention removed it (the typed rows stay)';
COMMENT ON COLUMN riot.timelines.match_id IS 'The match';
COMMENT ON COLUMN riot.timelines.stored_at IS 'When pg_riot stored the timeline';

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
CREATE FUNCTION riot._store_match(match jsonb, participants jsonb, raw jsonb)
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

-- Record a resolved account (account-v1) and, when given, its summoner (summoner-v4).
CREATE FUNCTION riot._store_player(puuid text, game_name text, tag_line text, platform text,
                                   summoner jsonb DEFAULT NULL)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  INSERT INTO riot.players AS pl (puuid, game_name, tag_line, platform, summoner_level, profile_icon_id,
                                  revision_date, resolved_at)
  VALUES (puuid, game_name, tag_line, platform, (summoner ->> 'summoner_level')::integer,
          (summoner ->> 'profile_icon_id')::integer,
          to_timestamp((summoner ->> 'revision_date_ms')::double precision / 1000), now())
  ON CONFLICT (puuid) DO UPDATE
     SET game_name = COALESCE(EXCLUDED.game_name, pl.game_name),
         tag_line = COALESCE(EXCLUDED.tag_line, pl.tag_line),
         platform = COALESCE(EXCLUDED.platform, pl.platform),
         summoner_level = COALESCE(EXCLUDED.summoner_level, pl.summoner_level),
         profile_icon_id = COALESCE(EXCLUDED.profile_icon_id, pl.profile_icon_id),
         revision_date = COALESCE(EXCLUDED.revision_date, pl.revision_date),
         resolved_at = now(), updated_at = now()
$$;
COMMENT ON FUNCTION riot._store_player(text, text, text, text, jsonb) IS
  'Internal: record a resolved account and its summoner level';

-- Record league entries; a queue gets a new row only when something in it changed.
CREATE FUNCTION riot._store_ranks(puuid text, ranks jsonb)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  added integer;
BEGIN
  INSERT INTO riot.player_ranks (puuid, queue_type, tier, division, league_points, wins, losses,
                                 hot_streak, veteran, fresh_blood, inactive)
  SELECT _store_ranks.puuid, r.queue_type, r.tier, r.division, r.league_points, r.wins, r.losses,
         r.hot_streak, r.veteran, r.fresh_blood, r.inactive
    FROM jsonb_to_recordset(ranks) AS r(queue_type text, tier text, division text, league_points integer,
                                        wins integer, losses integer, hot_streak boolean, veteran boolean,
                                        fresh_blood boolean, inactive boolean)
   WHERE NOT EXISTS (
     SELECT FROM (SELECT l.* FROM riot.player_ranks l
                   WHERE l.puuid = _store_ranks.puuid AND l.queue_type = r.queue_type
                   ORDER BY l.observed_at DESC, l.rank_id DESC LIMIT 1) latest
      WHERE (latest.tier, latest.division, latest.league_points, latest.wins, latest.losses,
             latest.hot_streak, latest.veteran, latest.fresh_blood, latest.inactive)
            IS NOT DISTINCT FROM
            (r.tier, r.division, r.league_points, r.wins, r.losses, r.hot_streak, r.veteran,
             r.fresh_blood, r.inactive));
  GET DIAGNOSTICS added = ROW_COUNT;
  RETURN added;
END $$;
COMMENT ON FUNCTION riot._store_ranks(text, jsonb) IS 'Internal: record league entries that changed';

GRANT SELECT ON riot.players, riot.matches, riot.match_participants, riot.player_ranks, riot.timelines,
  riot.match_bans, riot.analytics_pending TO riot_reader;
GRANT EXECUTE ON FUNCTION riot._store_match(jsonb, jsonb, jsonb), riot._store_player(text, text, text, text, jsonb),
  riot._store_ranks(text, jsonb) TO riot_admin;

