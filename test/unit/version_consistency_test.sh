#!/usr/bin/env bash
# The version lives in pg_riot.control; META.json, the install script and CHANGELOG follow it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$repo/pg_riot.control")
[[ -n $version ]] || { echo "FAIL: no default_version in pg_riot.control"; exit 1; }
[[ -f $repo/sql/pg_riot--$version.sql ]] || { echo "FAIL: sql/pg_riot--$version.sql is missing"; exit 1; }
grep -q "\"version\": \"$version\"" "$repo/META.json" || { echo "FAIL: META.json does not say $version"; exit 1; }
[[ $(grep -c "\"version\": \"$version\"" "$repo/META.json") -eq 2 ]] || { echo "FAIL: META.json has another version"; exit 1; }
grep -q "^## \[$version\]" "$repo/CHANGELOG.md" || { echo "FAIL: CHANGELOG.md has no section for $version"; exit 1; }
echo "version $version is consistent"
