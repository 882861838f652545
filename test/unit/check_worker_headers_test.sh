#!/usr/bin/env bash
# The build check must reject a PostgreSQL include under worker/ and accept the real worker/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
check="$repo/scripts/check-worker-headers"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$check" "$repo/worker" || { echo "FAIL: the real worker/ was rejected"; exit 1; }
for include in '"postgres.h"' '<postgres.h>' '"utils/elog.h"' '<postgresql/15/server/fmgr.h>' '"executor/spi.h"'; do
  printf '#include <string>\n#include %s\n' "$include" >"$scratch/bad.cpp"
  if "$check" "$scratch" 2>/dev/null; then
    echo "FAIL: #include $include under worker/ was not caught"
    exit 1
  fi
done
echo "check-worker-headers rejects PostgreSQL includes and accepts worker/"
