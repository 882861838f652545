#!/usr/bin/env bash
# No 429 of our own making when requests reach Riot late: riot-sim holds 5 % of requests up to
# 2 s before its limiter (--faults connect_delay), as a slow network or connection would, while
# two in-server workers and two riot-worker processes share one key. A request granted at the
# end of one of our windows can then be counted in Riot's next window; the limiter counts every
# request still unanswered into its next window, so none is over the limit. Runs
# test/bench/sync_player_bench.sh late (its own sandbox and riot-sim) and checks what it prints.
source "$(dirname "$0")/tap.bash"

late() {  # late APP_LIMIT MATCHES: the bench's last line
  LATE_APP_LIMIT=$1 LATE_MATCHES=$2 RIOT_SANDBOX_PORT=54389 "$repo/test/bench/sync_player_bench.sh" late 2>&1 | tail -2
}
figure() { sed -n "s/.*$1 \([0-9.]*\).*/\1/p" <<<"$2" | tail -1; }

# Tokens granted all through each 10 s window (10:1 spreads them): late requests cross windows.
out=$(late 10:1,100:10 500)
echo "$out" | sed 's/^/# /'
is "$(figure 'violations' "$out")" 0 "10:1,100:10 key, 500 matches, late arrivals: riot-sim counts no request beyond a limit"
ok $([[ $(sed -n 's/.*; \([0-9]*\) reached riot-sim late.*/\1/p' <<<"$out") -gt 10 ]]; echo $?) \
  "and requests did reach riot-sim late"

# The issue's case: a 100:10 key and a 1000-match sync use at least 90 % of each window.
out=$(late 100:10 1000)
echo "$out" | sed 's/^/# /'
is "$(figure 'violations' "$out")" 0 "100:10 key, 1000 matches, late arrivals: no violation"
ok $(awk -v u="$(figure 'utilization' "$out")" 'BEGIN { exit !(u >= 90) }'; echo $?) \
  "and each whole window is used to at least 90 %"
done_testing
