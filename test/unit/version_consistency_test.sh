#!/usr/bin/env bash
# The version lives in pg_riot.control; META.json, the install script and CHANGELOG follow it.
set -euo pipefail
shopt -s extglob nullglob
repo=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$repo/pg_riot.control")
[[ -n $version ]] || { echo "FAIL: no default_version in pg_riot.control"; exit 1; }
# This version's install script is made from sql/src; a released version's script is frozen and
# must not claim to be this version.
compgen -G "$repo/sql/src/*.sql" >/dev/null || { echo "FAIL: sql/src has no SQL"; exit 1; }
[[ ! -f $repo/sql/pg_riot--$version.sql ]] || { echo "FAIL: sql/pg_riot--$version.sql shadows sql/src"; exit 1; }
# Every released version reaches this one through upgrade scripts, one adjacent pair at a time.
for script in "$repo"/sql/pg_riot--+([0-9.]).sql; do
  from=${script##*/pg_riot--}; from=${from%.sql}
  while [[ $from != "$version" ]]; do
    next=$(compgen -G "$repo/sql/pg_riot--$from--*.sql" | head -1)
    [[ -n $next ]] || { echo "FAIL: no upgrade script from $from towards $version"; exit 1; }
    from=${next##*--}; from=${from%.sql}
  done
done
grep -q "\"version\": \"$version\"" "$repo/META.json" || { echo "FAIL: META.json does not say $version"; exit 1; }
[[ $(grep -c "\"version\": \"$version\"" "$repo/META.json") -eq 2 ]] || { echo "FAIL: META.json has another version"; exit 1; }
grep -q "^## \[$version\]" "$repo/CHANGELOG.md" || { echo "FAIL: CHANGELOG.md has no section for $version"; exit 1; }
echo "version $version is consistent"
