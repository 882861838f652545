#!/usr/bin/env bash
# Without shared_preload_libraries, pg_riot refuses to load and says how to fix it.
source "$(dirname "$0")/tap.bash"

export RIOT_SANDBOX_PORT=$((PGPORT + 7))
sandbox="$repo/scripts/sandbox"
dir=$(mktemp -d /tmp/pg_riot-nopreload.XXXXXX)
as_server=()
[[ $(id -u) -ne 0 ]] || { chown postgres "$dir"; as_server=(runuser -u postgres --); }
bindir=$(pg_config --bindir)
trap '"${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$dir"' EXIT
"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null 2>&1
"${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $RIOT_SANDBOX_PORT -k $dir -c listen_addresses=''" start >/dev/null
out=$(psql -X -h "$dir" -p "$RIOT_SANDBOX_PORT" -U postgres -d postgres \
  -c "LOAD 'pg_riot'" 2>&1)
ok $((!$?)) "loading pg_riot fails when it is not preloaded"
[[ $out == *"must be loaded via shared_preload_libraries"* ]]
ok $? "the error says why"
[[ $out == *"HINT:  Add pg_riot"*"shared_preload_libraries"* ]]
ok $? "the hint says what to do"
done_testing
