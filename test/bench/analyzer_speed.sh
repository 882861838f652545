#!/usr/bin/env bash
# Speed of the player analyzer's scoring (phase 2 alone): N players (default 10,000) with 20
# stored ranked games each (20 players a game, lobbies included) and a rank, inserted directly;
# then one call scores every one of them and stores the analyses, as a run does. Prints players
# scored per second for each variant; the target is all 10,000 in under 10 s. Figure on the last line.
# Usage: test/bench/analyzer_speed.sh [players]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
players=${1:-10000}
export RIOT_SANDBOX_PORT=${RIOT_SANDBOX_PORT:-54379}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
trap '"$repo/scripts/sandbox" stop >/dev/null 2>&1 || true' EXIT
"$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
"$repo/scripts/sandbox" start -- "riot.workers = 0" >/dev/null  # nothing else runs meanwhile
eval "$("$repo/scripts/sandbox" env)"

# Every player plays 20 games; a game has 10 players (slot j of game g is player (g * 10 + j) mod N,
# so the lobbies mix), 5 a side.
q -v n="$players" >/dev/null <<'SQL'
INSERT INTO riot.players (puuid, platform, summoner_level)
SELECT 'P' || i, 'kr', 30 + i % 300 FROM generate_series(0, :n - 1) i;
INSERT INTO riot.matches (match_id, platform, game_id, queue_id, game_mode, game_type, game_version, map_id,
                          game_start, duration_seconds, raw)
SELECT 'KR_' || g, 'kr', g, 420, 'CLASSIC', 'MATCHED_GAME', '16.1', 11,
       timestamptz '2026-01-01' + g * interval '7 minutes', 1500 + g % 900, '{}'
  FROM generate_series(0, :n * 2 - 1) g;
INSERT INTO riot.match_participants (match_id, puuid, participant_id, champion_id, champion_name, team_id,
                                     team_position, kills, deaths, assists, cs, gold_earned, damage_to_champions,
                                     damage_taken, vision_score, champion_level, items, win)
SELECT 'KR_' || g, 'P' || ((g * 10 + j) % :n), j + 1, j, 'Annie', CASE WHEN j < 5 THEN 100 ELSE 200 END,
       (ARRAY['TOP', 'JUNGLE', 'MIDDLE', 'BOTTOM', 'UTILITY'])[j % 5 + 1],
       (g * 7 + j * 3) % 15, (g * 5 + j) % 11, (g * 3 + j * 7) % 20, 100 + (g + j) % 150, 10000,
       10000 + (g * j) % 20000, 15000, 20, 16, '{0,0,0,0,0,0,0}', (j < 5) = (g % 2 = 0)
  FROM generate_series(0, :n * 2 - 1) g, generate_series(0, 9) j;
INSERT INTO riot.player_ranks (puuid, queue_type, tier, division, league_points, wins, losses, hot_streak,
                               veteran, fresh_blood, inactive)
SELECT 'P' || i, 'RANKED_SOLO_5x5', (ARRAY['SILVER', 'GOLD', 'PLATINUM'])[i % 3 + 1], 'II', i % 100,
       20 + i % 40, 20 + i % 37, false, false, false, false
  FROM generate_series(0, :n - 1) i;
ANALYZE;
SQL
echo "players: $players, each with $(q -c "SELECT count(*) / $players FROM riot.match_participants") stored ranked games"

line="analyzer scoring:"
for variant in pg_riot reference; do
  start=$(date +%s.%N)
  result=$(q -c "SELECT scored || ' scored, ' || smurfs || ' judged smurfs' FROM riot._score_due('$variant', 20, $players + 1)")
  seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  echo "$variant: $result in $seconds s"
  line+=" $variant $players players in $seconds s ($(awk -v n="$players" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') players/s);"
done
echo "${line%;} (target: 10,000 in under 10 s)"
