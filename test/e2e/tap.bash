# A few TAP helpers for the end-to-end scripts (sourced, not run); they talk to the sandbox.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
eval "$("$repo/scripts/sandbox" env)"
tap_count=0
tap_failed=0

q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

ok() {  # ok CONDITION-EXIT-STATUS DESCRIPTION
  tap_count=$((tap_count + 1))
  if [[ $1 -eq 0 ]]; then echo "ok $tap_count - $2"; else echo "not ok $tap_count - $2"; tap_failed=$((tap_failed + 1)); fi
}

is() {  # is GOT EXPECTED DESCRIPTION
  [[ $1 == "$2" ]]
  local status=$?
  ok $status "$3"
  [[ $status -eq 0 ]] || printf '#   got: %s\n#   expected: %s\n' "$1" "$2"
}

# Poll a query until it prints the expected value (up to 60 s); print what it printed last.
wait_for() {  # wait_for EXPECTED SQL [psql args]
  local expected=$1 sql=$2 got=""
  shift 2
  for _ in $(seq 1 600); do
    got=$(q "$@" -c "$sql" 2>/dev/null) && [[ $got == "$expected" ]] && break
    sleep 0.1
  done
  echo "$got"
}

done_testing() { echo "1..$tap_count"; [[ $tap_failed -eq 0 ]]; }
