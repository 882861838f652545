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
