#!/usr/bin/env bash
# The queue under real concurrent sessions: two workers never hold one job, an expired lease
# is taken again, fan-in runs once under a race, a late result from a lost lease is refused.
source "$(dirname "$0")/tap.bash"

sessions=4
q -c "DROP TABLE IF EXISTS e2e_claims" -c "CREATE TABLE e2e_claims (job_id bigint, worker text, attempt int)"
trap 'q -c "DROP TABLE IF EXISTS e2e_claims" >/dev/null 2>&1' EXIT

# Each session claims batches and finishes them, committing after every batch, until none is left.
drain() {  # drain WORKER KIND
  q -c "DO \$\$
    DECLARE j record; n int;
    BEGIN
      LOOP
        n := 0;
        FOR j IN SELECT * FROM riot._claim('$1', 10, '60 seconds', '{$2}') LOOP
          INSERT INTO e2e_claims VALUES (j.job_id, '$1', j.attempt);
          PERFORM riot._finish(j.job_id, j.attempt, '$1');
          n := n + 1;
        END LOOP;
        COMMIT;
        EXIT WHEN n = 0;
      END LOOP;
    END \$\$"
}

# 1. 2000 jobs, four sessions racing for them.
q -c "SELECT count(riot._enqueue('e2e_many', jsonb_build_object('n', n))) FROM generate_series(1, 2000) n" >/dev/null
for i in $(seq 1 $sessions); do drain "w$i" e2e_many & done
wait
is "$(q -c "SELECT count(*) FROM e2e_claims")" 2000 "every job was claimed once in all"
is "$(q -c "SELECT count(*) FROM (SELECT job_id FROM e2e_claims GROUP BY job_id HAVING count(*) > 1) d")" 0 \
  "no job was held by two sessions"
is "$(q -c "SELECT count(DISTINCT worker) FROM e2e_claims")" $sessions "every session took a share"
is "$(q -c "SELECT count(*) FROM riot.jobs WHERE kind = 'e2e_many' AND state = 'succeeded'")" 2000 \
  "all succeeded"

# 2. Fan-in under a race: 300 children finished by four sessions at once.
parent=$(q -c "SELECT riot._enqueue('e2e_parent')")
q -c "SELECT count(*) FROM riot._claim('p', 1, '60 seconds', '{e2e_parent}')" >/dev/null
q -c "SELECT count(riot._enqueue('e2e_child', '{}', 0, NULL, $parent)) FROM generate_series(1, 300)" >/dev/null
q -c "SELECT riot._finish($parent, 1, 'p', NULL, true)" >/dev/null
for i in $(seq 1 $sessions); do drain "c$i" e2e_child & done
wait
is "$(q -c "SELECT state || ' pending=' || children_pending || ' processed=' || processed FROM riot.jobs WHERE job_id = $parent")" \
  "queued pending=0 processed=300" "the last child queued the parent's final step exactly once"
got=0
for i in $(seq 1 $sessions); do
  q -c "SELECT count(*) FROM riot._claim('f$i', 5, '60 seconds', '{e2e_parent}')" >"/tmp/e2e_final_$i" &
done
wait
for i in $(seq 1 $sessions); do got=$((got + $(cat "/tmp/e2e_final_$i"))); rm -f "/tmp/e2e_final_$i"; done
is "$got" 1 "four sessions racing for the final step: one gets it"

# 3. An expired lease is taken again by another session; the first one's result is refused.
job=$(q -c "SELECT riot._enqueue('e2e_lease')")
q -c "SELECT count(*) FROM riot._claim('slow', 1, '1 second', '{e2e_lease}')" >/dev/null
sleep 1.5
is "$(q -c "SELECT attempt || '/' || lease_owner FROM riot._claim('fast', 1, '60 seconds', '{e2e_lease}')")" "2/fast" \
  "another session takes the job once its lease expired"
is "$(q -c "SELECT riot._finish($job, 1, 'slow', '{\"late\": true}')")" f "the late result of the lost attempt is refused"
is "$(q -c "SELECT riot._finish($job, 2, 'fast', '{\"ok\": true}')")" t "the holder's result is kept"
is "$(q -c "SELECT result FROM riot.jobs WHERE job_id = $job")" '{"ok": true}' "and only it"

q -c "DELETE FROM riot.jobs WHERE kind LIKE 'e2e_%'" >/dev/null
done_testing
