#!/usr/bin/env bash
# Incremental analytics against a full recompute, in the same run: M stored matches (default
# 100,000; 10 players, 10 bans each, a timeline for one in ten) inserted directly and counted from
# scratch (riot.refresh_analytics(from_scratch => true): the full recompute, timed); then, R times
# (default 5), 1,000 new matches are stored and one batch of the analytics_refresh job counts them
# (riot._refresh_analytics_batch, timed), then one looks for anomalies in them
# (riot._detect_anomalies_batch, timed on its own). Prints each time, the median batch, and the
# ratio; targets: a batch under 1 s and at least 50 times faster than the full recompute. The
# hourly recomputation of the champion baselines is timed on its own too.
# Usage: test/bench/analytics_refresh.sh [stored matches] [rounds]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
stored=${1:-100000}
rounds=${2:-5}
new=1000
export RIOT_SANDBOX_PORT=${RIOT_SANDBOX_PORT:-54339}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
trap '"$repo/scripts/sandbox" stop >/dev/null 2>&1 || true' EXIT
"$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
"$repo/scripts/sandbox" start -- "riot.workers = 0" >/dev/null  # nothing else runs meanwhile
eval "$("$repo/scripts/sandbox" env)"
seconds() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f", e - s }'; }

# Matches FROM to TO - 1: 10 players of a pool of stored / 2 (so 20 games each), 5 a side, two
# patches, two platforms, a remake in 50, a surrender in 5; a timeline (its minute-15 frames) for
# every tenth; each queued for the aggregates as _store_match queues it.
insert_matches() {
  q -v from="$1" -v to="$2" -v pool="$((stored / 2))" >/dev/null <<'SQL'
INSERT INTO riot.matches (match_id, platform, game_id, queue_id, game_mode, game_type, game_version, map_id,
                          game_start, duration_seconds, raw, ended_in_surrender, ended_in_early_surrender)
SELECT 'KR_' || g, CASE WHEN g % 3 = 0 THEN 'euw1' ELSE 'kr' END, g, 420, 'CLASSIC', 'MATCHED_GAME',
       CASE WHEN g % 2 = 0 THEN '16.1.1' ELSE '16.2.1' END, 11,
       timestamptz '2026-01-01' + g * interval '3 minutes', 1500 + g % 900, '{}', g % 5 = 0, g % 50 = 0
  FROM generate_series(:from, :to - 1) g;
INSERT INTO riot.match_participants (match_id, puuid, participant_id, champion_id, champion_name, team_id,
                                     team_position, kills, deaths, assists, cs, gold_earned, damage_to_champions,
                                     damage_taken, vision_score, champion_level, items, win)
SELECT 'KR_' || g, 'P' || ((g * 10 + j) % :pool), j + 1, 1 + (g * 7 + j * 13) % 160, 'Champion',
       CASE WHEN j < 5 THEN 100 ELSE 200 END, (ARRAY['TOP', 'JUNGLE', 'MIDDLE', 'BOTTOM', 'UTILITY'])[j % 5 + 1],
       (g * 7 + j * 3) % 15, (g * 5 + j) % 11, (g * 3 + j * 7) % 20, 100 + (g + j) % 150, 8000 + (g * j) % 6000,
       10000 + (g * j) % 20000, 15000, 20, 16, '{0,0,0,0,0,0,0}', (j < 5) = (g % 2 = 0)
  FROM generate_series(:from, :to - 1) g, generate_series(0, 9) j;
INSERT INTO riot.match_bans (match_id, team_id, pick_turn, champion_id)
SELECT 'KR_' || g, CASE WHEN b < 5 THEN 100 ELSE 200 END, b + 1, 1 + (g * 11 + b * 17) % 160
  FROM generate_series(:from, :to - 1) g, generate_series(0, 9) b;
INSERT INTO riot.timelines (match_id, raw) SELECT 'KR_' || g, '{}' FROM generate_series(:from, :to - 1) g WHERE g % 10 = 0;
INSERT INTO riot.timeline_frames (match_id, minute, participant_id, frame_ms, total_gold, xp)
SELECT 'KR_' || g, 15, j + 1, 900000, 5000 + (g * j) % 1500, 6000 + (g + j * 31) % 1000
  FROM generate_series(:from, :to - 1) g, generate_series(0, 9) j WHERE g % 10 = 0;
INSERT INTO riot.analytics_pending (match_id, part)
SELECT 'KR_' || g, 'match' FROM generate_series(:from, :to - 1) g
UNION ALL
SELECT 'KR_' || g, 'timeline' FROM generate_series(:from, :to - 1) g WHERE g % 10 = 0;
SQL
}

start=$(date +%s.%N)
insert_matches 0 "$stored"
q -c "VACUUM ANALYZE" >/dev/null
echo "stored: $stored matches, $(q -c "SELECT count(*) FROM riot.match_participants") participant rows, $(q -c "SELECT count(*) FROM riot.timelines") timelines (inserted in $(seconds "$start") s)"

start=$(date +%s.%N)
q -c "SELECT riot.refresh_analytics(from_scratch => true)" >/dev/null
full=$(seconds "$start")
echo "full recompute (riot.refresh_analytics(from_scratch => true)): $full s"
start=$(date +%s.%N)
q -c "SELECT riot._refresh_champion_baselines_if_stale()" >/dev/null
echo "champion baselines (hourly): $(seconds "$start") s"

times=()
anomaly_times=()
for round in $(seq 1 "$rounds"); do
  from=$((stored + (round - 1) * new))
  insert_matches "$from" "$((from + new))"
  start=$(date +%s.%N)
  result=$(q -c "SELECT riot._refresh_analytics_batch(2000)")
  times+=("$(seconds "$start")")
  start=$(date +%s.%N)
  anomalies=$(q -c "SELECT riot._detect_anomalies_batch(2000)")
  anomaly_times+=("$(seconds "$start")")
  echo "round $round: $new new matches on $from stored: counted in ${times[-1]} s ($result)," \
       "anomalies in ${anomaly_times[-1]} s ($anomalies)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "anomaly detection: $new matches in $(median "${anomaly_times[@]}") s (median of $rounds)"
median=$(median "${times[@]}")
echo "analytics refresh: $new new matches on $stored stored in $median s (median of $rounds), full recompute $full s:" \
     "$(awk -v f="$full" -v m="$median" 'BEGIN { printf "%.0f", f / m }') x faster (targets: under 1 s, at least 50 x)"
