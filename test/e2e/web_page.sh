#!/usr/bin/env bash
# riot-web's page in headless Chromium (Debian's chromium), end to end against riot-sim and the
# sandbox: test/e2e/web_page.py drives it and writes screenshots to $RIOT_TEST_OUTPUT (default
# build/test-output) for a person to look at.
source "$(dirname "$0")/tap.bash"
build=${RIOT_BUILD_DIR:-$repo/build}
output=${RIOT_TEST_OUTPUT:-$build/test-output}
mkdir -p "$output"
scratch=$(mktemp -d /tmp/riot-web-page.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait "${pids[@]}" 2>/dev/null
  q -c "DELETE FROM riot.player_analysis WHERE scores @> '[{\"reason\": \"set by the page test\"}]'" \
    -c "DELETE FROM riot.players WHERE puuid = 'page-test-empty'" >/dev/null 2>&1
  rm -rf "$scratch"
  stop_sim
}
trap cleanup EXIT
start_sim --seed 29 --players 600 --limits prod --latency-ms 2:1

# A player with a name that needs encoding and a history long enough to watch the bar move.
IFS=$'\t' read -r puuid riot_id platform < <(sim_get players | jq -r '
  [.[] | select((.game_name | test(" ")) and .match_count >= 300 and .match_count <= 900 and (.banned | not))]
  | sort_by(.puuid) | first | [.puuid, "\(.game_name)#\(.tag_line)", .platform] | @tsv')
[[ -z $puuid ]] || forget_players "$puuid"
[[ -n $riot_id ]] || { echo "Bail out! riot-sim has no player with a space in the name and 300 to 900 matches"; exit 1; }

"$build/web/riot-web" --db "host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$PGUSER" \
  --listen 127.0.0.1:0 >"$scratch/web.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q 'listening on' "$scratch/web.log" && break; sleep 0.05; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$scratch/web.log" | head -1)
[[ -n $url ]] || { echo "Bail out! riot-web did not start"; sed 's/^/# /' "$scratch/web.log"; exit 1; }

chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --user-data-dir="$scratch/profile" --remote-debugging-port=0 about:blank 2>"$scratch/chromium.log" &
pids+=($!)
for _ in $(seq 1 200); do grep -q 'DevTools listening on' "$scratch/chromium.log" && break; sleep 0.05; done
port=$(grep -o 'ws://127.0.0.1:[0-9]*' "$scratch/chromium.log" | head -1 | cut -d: -f3)
[[ -n $port ]] || { echo "Bail out! chromium did not start"; sed 's/^/# /' "$scratch/chromium.log"; exit 1; }

# Debian's python3, where python3-websocket is (not whatever python3 comes first on PATH).
/usr/bin/python3 "$repo/test/e2e/web_page.py" "$url" "$port" "$output" "$riot_id" "$platform"
