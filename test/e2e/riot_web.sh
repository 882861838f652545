#!/usr/bin/env bash
# riot-web against the sandbox and riot-sim, as a client sees it: every endpoint, every error
# status with its JSON body, nothing queued by a refused request, Server-Sent Events in order,
# the idempotent POST, Riot IDs in Hangul, kana and accents in paths, a burst of concurrent
# GETs, and hostile input. riot-web logs in as a role with riot_operator only.
source "$(dirname "$0")/tap.bash"
build=${RIOT_BUILD_DIR:-$repo/build}
role=riot_web_e2e
reader=riot_web_e2e_reader
token=e2e-$RANDOM$RANDOM
web_pids=()
scratch=$(mktemp -d)
cleanup() {
  rm -rf "$scratch"
  for pid in "${web_pids[@]}"; do kill "$pid" 2>/dev/null; done
  q -c "ALTER SYSTEM RESET riot.max_queued_syncs" -c "SELECT pg_reload_conf()" >/dev/null 2>&1
  q -c "DROP OWNED BY $role" -c "DROP ROLE IF EXISTS $role" -c "DROP ROLE IF EXISTS $reader" >/dev/null 2>&1
  stop_sim
}
trap cleanup EXIT
start_sim --seed 23 --players 600 --limits prod --latency-ms 2:1
q -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $role" -c "CREATE ROLE $role LOGIN IN ROLE riot_operator" \
  -c "DROP ROLE IF EXISTS $reader" -c "CREATE ROLE $reader LOGIN IN ROLE riot_reader" >/dev/null

# start_web [riot-web options]: start riot-web on a free port; sets WEB to its URL.
start_web() {
  local log
  log=$(mktemp /tmp/riot-web.XXXXXX.log)
  RIOT_WEB_TOKEN=$token "$build/web/riot-web" --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  web_pids+=($!)
  for _ in $(seq 1 100); do grep -q 'listening on' "$log" && break; sleep 0.05; done
  WEB=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
  [[ -n $WEB ]] || { echo "Bail out! riot-web did not start:"; sed 's/^/# /' "$log"; exit 1; }
}
start_web --db "host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$role"
api=$WEB

# call METHOD PATH [curl args...]: prints "STATUS BODY".
call() {
  local method=$1 path=$2
  shift 2
  curl -s --path-as-is -X "$method" -w '\n%{http_code}' "$@" "$api$path" |
    { body=$(cat); echo "${body##*$'\n'} ${body%$'\n'*}"; }
}
json=(-H 'Content-Type: application/json')
post_sync() { call POST /api/sync "${json[@]}" -H "Authorization: Bearer $token" --data-binary "$1"; }
status() { echo "${1%% *}"; }
body() { echo "${1#* }"; }
field() { body "$1" | jq -r "$2"; }
syncs() { q -c "SELECT count(*) FROM riot.jobs WHERE kind = 'sync_player'"; }
enc() { jq -rn --arg s "$1" '$s | @uri'; }

players=$(mktemp)
sim_get players >"$players"
# pick REGEX MIN MAX: a player of riot-sim whose name matches, with MIN to MAX matches, forgotten
# by the sandbox so that its sync starts from nothing.
pick() {
  local n t p puuid
  IFS=$'\t' read -r n t p puuid < <(jq -r --arg re "$1" --arg min "$2" --arg max "$3" '
    [.[] | select((.game_name | test($re)) and .match_count >= ($min | tonumber)
                  and .match_count <= ($max | tonumber) and (.banned | not))] | sort_by(.puuid) | first
    | [.game_name, .tag_line, .platform, .puuid] | @tsv' "$players")
  [[ -n $puuid ]] && forget_players "$puuid" && printf '%s\t%s\t%s\n' "$n" "$t" "$p"
}
IFS=$'\t' read -r name tag platform < <(pick '[가-힣] ' 200 800)  # long enough to watch
IFS=$'\t' read -r kana_name kana_tag kana_platform < <(pick '[ぁ-ゟ゠-ヿ]' 5 100)
IFS=$'\t' read -r accent_name accent_tag accent_platform < <(pick '[À-ž]' 5 100)
[[ -n $name && -n $kana_name && -n $accent_name ]] ||
  { echo "Bail out! riot-sim's world lacks a Hangul, kana or accented player"; exit 1; }
request=$(jq -cn --arg n "$name" --arg t "$tag" --arg p "$platform" '{game_name: $n, tag_line: $t, platform: $p}')

# 1. The page.
r=$(call GET /)
is "$(status "$r")" 200 "GET / serves the page"
[[ $(body "$r") == *'id="sync-form"'* && $(body "$r") == *'app.js'* ]]
ok $? "with the Riot ID form and its script"
headers=$(curl -s -D - -o /dev/null "$api/")
[[ $headers == *"Content-Security-Policy: default-src 'self'"* ]]
ok $? "under a Content-Security-Policy that allows no other origin"
is "$(status "$(call GET /app.js)") $(status "$(call GET /style.css)")" "200 200" "the script and the style sheet are served"

# 2. Refused syncs: each is a JSON error with the right status, and queues nothing.
before=$(syncs)
r=$(call POST /api/sync "${json[@]}" --data-binary "$request")
is "$(status "$r") $(field "$r" .error)" "401 a token is required to start a sync" "a sync without the token is 401"
is "$(curl -s -o /dev/null -D - -X POST "${json[@]}" --data-binary "$request" "$api/api/sync" | grep -i '^www-authenticate' | tr -d '\r')" \
  "WWW-Authenticate: Bearer" "and says which scheme it wants"
r=$(call POST /api/sync "${json[@]}" -H "Authorization: Bearer wrong-$token" --data-binary "$request")
is "$(status "$r")" 401 "a sync with a wrong token is 401"
r=$(call POST /api/sync -H "Authorization: Bearer $token" -H 'Content-Type: text/plain' --data-binary "$request")
is "$(status "$r") $(field "$r" .error)" "415 the body must be JSON" \
  "a body not sent as application/json is 415 (what another site's page could send unasked)"
r=$(call POST /api/sync "${json[@]}" -H "Authorization: Bearer $token" -H 'Origin: http://evil.example' --data-binary "$request")
is "$(status "$r") $(field "$r" .error)" "403 requests from another site are refused" "a POST from another origin is 403"
r=$(call GET /api/queue -H 'Host: rebound.example:80')
is "$(status "$r") $(field "$r" .error)" "403 riot-web answers requests addressed to this machine only" \
  "a request addressed to another name (DNS rebinding) is 403"
r=$(call POST /api/sync "${json[@]}" -H "Authorization: Bearer $token" -H 'Transfer-Encoding: chunked' \
      --data-binary "{\"game_name\": \"$(head -c 100000 /dev/zero | tr '\0' a)\"}")
is "$(status "$r") $(field "$r" .error)" "411 a request body needs a Content-Length" \
  "a chunked body (whose size httplib would not limit) is refused before it is read"
is "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -H 'Range: bytes=0-5,0-,0-' "$api/app.js")" "416 0" \
  "byte ranges are refused (no cut JSON, no answer multiplied)"
r=$(post_sync '{"game_name": "Hide on bush", "tag_line": ')
is "$(status "$r") $(field "$r" .error)" "400 the body is not a JSON object" "invalid JSON is 400"
r=$(post_sync $'{"game_name": "\xff\xfe", "tag_line": "KR1", "platform": "kr"}')
is "$(status "$r")" 400 "invalid UTF-8 in the body is 400"
r=$(post_sync '[1, 2]')
is "$(status "$r")" 400 "a body that is not an object is 400"
r=$(post_sync '{"game_name": "Hide on bush", "platform": "kr"}')
is "$(status "$r") $(field "$r" .error)" "400 tag_line is required, as a string" "a missing field is 400 and named"
r=$(post_sync '{"game_name": "Hide on bush", "tag_line": "KR1", "platform": "mars"}')
is "$(status "$r") $(field "$r" .error)" '400 unknown platform "mars"' "pg_riot's 22023 is 400 with its message"
[[ $(field "$r" .hint) == "Use a platform routing value: "* ]]
ok $? "and its hint"
r=$(post_sync '{"game_name": "Hide on bush", "tag_line": "KR1", "platform": "kr", "year": "2024"}')
is "$(status "$r")" 400 "a year that is not a number is 400"
r=$(post_sync '{"game_name": "Hide on bush", "tag_line": "KR1", "platform": "kr", "year": 1999}')
is "$(status "$r") $(field "$r" .error)" "400 invalid year 1999" "a year pg_riot refuses is 400"
r=$(post_sync "{\"game_name\": \"$(head -c 5000 /dev/zero | tr '\0' a)\", \"tag_line\": \"KR1\", \"platform\": \"kr\"}")
is "$(status "$r") $(field "$r" .error)" "413 the request body is too large" "an oversized body is 413"
is "$(syncs)" "$before" "none of the refused requests queued a sync"

# 3. A sync: 202 with the job, the same job while it runs, events in order, then "ready".
r=$(post_sync "$request")
is "$(status "$r") $(field "$r" .state) $(field "$r" .ready)" "202 queued false" "POST /api/sync queues a sync: 202"
job=$(field "$r" .job_id)
is "$(field "$r" .links.events)" "/api/jobs/$job/events" "and links to its events"
is "$(field "$r" .links.player)" "/api/players/$platform/$(enc "$name")/$(enc "$tag")" \
  "and to the player, percent-encoded"
r=$(post_sync "$request")
is "$(field "$r" .job_id)" "$job" "a second POST while it runs returns the same job"
events=$(timeout 120 curl -sN "$api/api/jobs/$job/events")
ids=$(grep '^id: ' <<< "$events" | cut -c5- | tr '\n' ' ')
is "$ids" "$(seq -s ' ' 1 "$(grep -c '^id: ' <<< "$events")") " "event ids count up from 1"
names=$(grep '^event: ' <<< "$events" | cut -c8- | uniq | tr '\n' ' ')
is "$names" "progress end " "progress events, then one end"
progress=$(grep '^data: ' <<< "$events" | cut -c7- | jq -r .progress)
sort -n -c <<< "$progress" 2>/dev/null
ok $? "progress never goes back ($(echo $progress | tr ' ' '>'))"
last=$(grep '^data: ' <<< "$events" | tail -1 | cut -c7-)
is "$(jq -r '"\(.state) \(.progress)"' <<< "$last")" "succeeded 100" "the end event is the succeeded job at 100 %"
[[ $(grep -c '^event: progress' <<< "$events") -ge 2 ]]
ok $? "the stream reported progress as it happened ($(grep -c '^event: progress' <<< "$events") events)"

# Two streams on one job, the second opened while the first runs: each in order.
IFS=$'\t' read -r other_name other_tag other_platform < <(pick '^[A-Za-z ]+$' 200 800)
r=$(post_sync "$(jq -cn --arg n "$other_name" --arg t "$other_tag" --arg p "$other_platform" '{game_name: $n, tag_line: $t, platform: $p}')")
other_job=$(field "$r" .job_id)
timeout 120 curl -sN "$api/api/jobs/$other_job/events" >"$scratch/first" &
first_stream=$!
sleep 0.5
timeout 120 curl -sN "$api/api/jobs/$other_job/events" >"$scratch/second"
wait "$first_stream"
for stream in first second; do
  progress=$(grep '^data: ' "$scratch/$stream" | cut -c7- | jq -r .progress)
  sort -n -c <<< "$progress" 2>/dev/null
  ok $? "two streams on one job: the $stream never goes back ($(echo $progress | tr ' ' '>'))"
done
is "$(grep '^data: ' "$scratch/second" | cut -c7- | jq -r .state | tail -1)" succeeded "and both end with the job"

r=$(post_sync "$request")
is "$(status "$r") $(field "$r" .job_id) $(field "$r" .ready)" "200 $job true" \
  "a POST within the cooldown is 200, ready, with the finished job"
r=$(call GET "/api/jobs/$job/events")
is "$(status "$r") $(body "$r" | grep -c '^event: end')" "200 1" "events of a finished job: one end event"

# 4. Jobs.
r=$(call GET "/api/jobs/$job")
is "$(status "$r") $(field "$r" .state) $(field "$r" .kind)" "200 succeeded sync_player" "GET /api/jobs/{id}"
is "$(status "$(call GET /api/jobs/999999999999)")" 404 "an unknown job is 404"
is "$(status "$(call GET /api/jobs/12abc)")" 400 "a job id that is not a number is 400"
is "$(status "$(call GET /api/jobs/999999999999/events)")" 404 "events of an unknown job are 404"

# 5. The player: the report matches SQL, in a time zone; matches paged.
path="/api/players/$platform/$(enc "$name")/$(enc "$tag")"
r=$(call GET "$path?tz=Asia/Seoul")
is "$(status "$r")" 200 "GET /api/players/{platform}/{Hangul name with a space}/{tag}"
is "$(field "$r" .player.game_name)" "$name" "names the player, decoded"
is "$(field "$r" .totals.games)" "$(q -v n="$name" -v t="$tag" <<< "SELECT games FROM riot.time_played(:'n', :'t')")" \
  "its totals are riot.time_played's"
is "$(field "$r" '[.months[].games] | add')" "$(field "$r" .totals.games)" "its months add up to the total"
is "$(field "$r" '.grid | length') $(field "$r" '[.grid[].games] | add') $(field "$r" .time_zone)" \
  "168 $(field "$r" .totals.games) Asia/Seoul" "its weekday x hour grid has 168 cells holding every game, in the time zone asked"
is "$(field "$r" '.grid | map(select(.games > 0) | "\(.weekday)/\(.hour)/\(.games)") | join(" ")')" \
  "$(q -v n="$name" -v t="$tag" <<< "SELECT string_agg(weekday || '/' || hour || '/' || games, ' ' ORDER BY weekday, hour)
                                     FROM riot.play_grid(:'n', :'t', 'Asia/Seoul') WHERE games > 0")" \
  "cell for cell riot.play_grid's"
is "$(status "$(call GET "$path?tz=Mars/Olympus")")" 400 "an unknown time zone is 400"
total=$(q -v n="$name" -v t="$tag" <<< "SELECT count(*) FROM riot.match_history(:'n', :'t')")
r=$(call GET "$path/matches?limit=5")
is "$(status "$r") $(field "$r" .total) $(field "$r" '.matches | length')" "200 $total 5" "GET .../matches pages them, 5 at a time"
second=$(call GET "$path/matches?limit=5&offset=5")
is "$(field "$r" '[.matches[].match_id] | join(" ")') $(field "$second" '[.matches[].match_id] | join(" ")')" \
  "$(q -v n="$name" -v t="$tag" <<< "SELECT string_agg(match_id, ' ') FROM (SELECT match_id FROM riot.match_history(:'n', :'t') LIMIT 10) h")" \
  "two pages are the first ten of riot.match_history, in order"
is "$(status "$(call GET "$path/matches?limit=0")") $(status "$(call GET "$path/matches?limit=ten")") $(status "$(call GET "$path/matches?offset=-1")")" \
  "400 400 400" "bad paging is 400"

# Kana and accents: sync both through the API and read them back by their encoded names.
for who in "$kana_name|$kana_tag|$kana_platform" "$accent_name|$accent_tag|$accent_platform"; do
  IFS='|' read -r n t p <<< "$who"
  r=$(post_sync "$(jq -cn --arg n "$n" --arg t "$t" --arg p "$p" '{game_name: $n, tag_line: $t, platform: $p}')")
  is "$(q -c "SELECT riot.wait_job($(field "$r" .job_id), '2 minutes')")" succeeded "a sync of $n#$t succeeds"
  r=$(call GET "/api/players/$p/$(enc "$n")/$(enc "$t")")
  is "$(status "$r") $(field "$r" .player.game_name)" "200 $n" "and GET /api/players finds $n by its percent-encoded name"
done

# 6. Unknown players and hostile paths.
r=$(call GET "/api/players/kr/$(enc '없는 사람')/KR1")
is "$(status "$r") $(field "$r" .error)" "404 no player 없는 사람#KR1 in riot.players on platform kr" "an unknown player is 404, named in words"
is "$(status "$(call GET /api/players/mars/Someone/KR1)")" 400 "an unknown platform is 400"
is "$(status "$(call GET /api/players/kr/%FF%FE/KR1)")" 400 "invalid UTF-8 in a path is 400"
is "$(status "$(call GET /api/players/kr/Some%00one/KR1)")" 400 "a NUL in a path is 400"
is "$(status "$(call GET "/api/players/kr/$(head -c 300 /dev/zero | tr '\0' a)/KR1")")" 400 "an overlong path segment is 400"
for hostile in /../../../etc/passwd /api/../../etc/passwd "/%2e%2e/%2e%2e/etc/passwd" /app.js/../../CMakeLists.txt "/api/players/kr/..%2F..%2Fetc/passwd"; do
  r=$(call GET "$hostile")
  [[ $(status "$r") =~ ^4 && $(body "$r") != *root:* && $(body "$r") != *cmake* ]]
  ok $? "path traversal $hostile is refused ($(status "$r")), nothing read from disk"
done
is "$(status "$(call DELETE /api/jobs/1)")" 404 "methods riot-web does not serve are refused"

# 7. The queue and the champions.
r=$(call GET /api/queue)
is "$(status "$r") $(field "$r" '(.queued | type) + " " + (.kinds | type)')" "200 number array" "GET /api/queue: counts and kinds"
q -c "SELECT riot.refresh_analytics()" >/dev/null
r=$(call GET "/api/champions?limit=3")
is "$(status "$r") $(field "$r" '.champions | length')" "200 3" "GET /api/champions: riot.champion_stats, as many as asked"
is "$(field "$r" '.champions[0].games')" "$(q -c "SELECT max(games) FROM riot.champion_stats")" "the most played first"
is "$(status "$(call GET "/api/champions?queue=x")")" 400 "a bad filter is 400"

# 8. A burst of 200 concurrent GETs, every one answered.
codes=$(for i in $(seq 1 200); do
          case $((i % 4)) in
            0) echo "$api/api/jobs/$job" ;; 1) echo "$api/api/queue" ;;
            2) echo "$api$path" ;; 3) echo "$api$path/matches?offset=$i" ;;
          esac
        done | xargs -P 100 -n 1 curl -s -o /dev/null -w '%{http_code}\n' | sort | uniq -c | awk '{print $2 "x" $1}')
is "$codes" "200x200" "200 concurrent GETs are all answered 200"

# 9. A queue that refuses: 429, and nothing queued.
q -c "ALTER SYSTEM SET riot.max_queued_syncs = 0" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
before=$(syncs)
r=$(post_sync "$(jq -cn --arg p "$platform" '{game_name: "Never Queued", tag_line: "NQ1", platform: $p}')")
is "$(status "$r") $(field "$r" .hint)" "429 Try again when they have finished, or raise riot.max_queued_syncs." \
  "a full queue is 429 with pg_riot's hint"
is "$(syncs)" "$before" "and queues nothing"
is "$(curl -s -o /dev/null -D - -X POST "${json[@]}" -H "Authorization: Bearer $token" --data-binary "$(jq -cn --arg p "$platform" '{game_name: "Never Queued", tag_line: "NQ1", platform: $p}')" "$api/api/sync" |
      grep -i '^retry-after' | tr -d '\r')" "Retry-After: 5" "a 429 says when to try again"
q -c "ALTER SYSTEM RESET riot.max_queued_syncs" -c "SELECT pg_reload_conf()" >/dev/null

# 10. A role that may only read: its riot-web shows, but cannot queue.
start_web --db "host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$reader"
api=$WEB
before=$(syncs)
r=$(post_sync "$request")
is "$(status "$r") $(field "$r" .hint)" "403 Grant riot_operator to the role riot-web connects as." \
  "with a role lacking riot_operator a sync is 403, saying what to grant"
is "$(syncs)" "$before" "and queues nothing"
is "$(status "$(call GET "$path")")" 200 "while reading still works"

# 11. Event streams are limited (32): the 33rd is 503, and slots come back when clients leave.
start_web --db "host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$role"
api=$WEB
held=$(q -c "INSERT INTO riot.jobs (kind, state) VALUES ('riot_web_e2e_hold', 'queued') RETURNING job_id")
stream_pids=()
for _ in $(seq 1 32); do
  curl -sN --max-time 60 "$api/api/jobs/$held/events" >/dev/null &
  stream_pids+=($!)
done
sleep 1
r=$(call GET "/api/jobs/$held/events")
is "$(status "$r") $(field "$r" .hint)" "503 Poll GET /api/jobs/$held instead." "a 33rd event stream is 503, saying to poll"
kill "${stream_pids[@]}" 2>/dev/null
wait "${stream_pids[@]}" 2>/dev/null
# A stream notices its client gone at its next keep-alive (5 s).
for _ in $(seq 1 40); do
  got=$(curl -s --max-time 1 "$api/api/jobs/$held/events" | grep -c '^event: progress')
  [[ $got == 1 ]] && break
  sleep 0.5
done
is "$got" 1 "slots come back when clients leave"
# SIGTERM with a stream open: riot-web ends it and exits at once, not after a keep-alive.
curl -sN --max-time 30 "$api/api/jobs/$held/events" >/dev/null &
sleep 0.3
kill -TERM "${web_pids[-1]}"
for _ in $(seq 1 50); do kill -0 "${web_pids[-1]}" 2>/dev/null || break; sleep 0.1; done
! kill -0 "${web_pids[-1]}" 2>/dev/null
ok $? "SIGTERM with an event stream open: riot-web exits within 5 s"
q -c "DELETE FROM riot.jobs WHERE job_id = $held" >/dev/null

# 12. The database away: 503 for the API, the page still served.
start_web --db "host=/nonexistent-riot-web port=1 user=$role connect_timeout=2"
api=$WEB
r=$(call GET /api/queue)
is "$(status "$r") $(field "$r" .error)" "503 the database is unreachable" "an unreachable database is 503"
is "$(status "$(post_sync "$request")")" 503 "for a POST too"
is "$(status "$(call GET /)")" 200 "and the page is still served"
is "$(curl -s -o /dev/null -D - "$api/api/queue" | grep -iE '^(retry-after|x-content-type-options)' | tr -d '\r' | sort | tr '\n' ' ')" \
  "Retry-After: 5 X-Content-Type-Options: nosniff " "a 503 says when to try again, and answers are never sniffed"

done_testing
