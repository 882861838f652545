#!/usr/bin/env bash
# Benchmark: no-op jobs claimed and finished per second by the in-server workers, from a
# backlog of 100k (each worker claims up to 32 jobs per _claim call), and the queued-to-running
# latency of single jobs queued into idle workers (woken at COMMIT). Uses the sandbox.
# Usage: test/bench/queue_throughput.sh [backlog] [latency samples]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
backlog=${1:-100000}
samples=${2:-200}
export RIOT_SANDBOX_PORT=${RIOT_SANDBOX_PORT:-54339}
trap '"$repo/scripts/sandbox" stop >/dev/null 2>&1 || true' EXIT
"$repo/scripts/sandbox" stop >/dev/null 2>&1 || true
"$repo/scripts/sandbox" start >/dev/null
eval "$("$repo/scripts/sandbox" env)"
# pg_cron's schedules stay paused: a scheduled run (the analyzer fetching for the players a sync
# discovers) would add requests and jobs of its own to what is measured.
psql -X -q -At -c "SELECT riot.configure_job(name, active => false) FROM riot.job_configurations" >/dev/null
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
workers=$(q -c "SHOW riot.workers")
for _ in $(seq 1 100); do
  [[ $(q -c "SELECT count(*) FROM riot.worker_processes WHERE backend_type = 'pg_riot worker'") -ge $workers ]] && break
  sleep 0.1
done

# Throughput: queue the whole backlog in one transaction, then time until every job ended.
q -c "SELECT count(riot._enqueue('noop')) FROM generate_series(1, $backlog)" >/dev/null
start=$(date +%s.%N)
while [[ $(q -c "SELECT count(*) FROM riot.jobs WHERE kind = 'noop' AND state <> 'succeeded'") -gt 0 ]]; do
  sleep 0.2
done
end=$(date +%s.%N)
rate=$(awk -v n="$backlog" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')
echo "throughput: $backlog no-op jobs in $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }') s with $workers workers (claim batch 32): $rate jobs/s"

# Latency: one job at a time into idle workers; started_at - created_at as the queue saw it.
q -c "DELETE FROM riot.jobs WHERE kind = 'noop'" >/dev/null
for _ in $(seq 1 "$samples"); do
  id=$(q -c "SELECT riot._enqueue('noop')")
  q -c "SELECT riot.wait_job($id, '10 seconds')" >/dev/null
done
read -r p50 p95 p99 < <(q -F ' ' -c "
  SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1),
         round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 1),
         round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1)
    FROM (SELECT extract(epoch FROM started_at - created_at) * 1000 AS ms
            FROM riot.jobs WHERE kind = 'noop') l")
echo "latency: queued-to-running over $samples jobs: p50 $p50 ms, p95 $p95 ms, p99 $p99 ms (fallback poll: 2000 ms)"
echo "queue: $rate no-op jobs/s from a backlog of $backlog (batch 32, $workers workers); queued-to-running p50 $p50 ms p95 $p95 ms"
