-- A claim stays an index walk whatever the statistics say: planned (and its plan kept, as a
-- worker keeps it) while riot.jobs was empty, then run against a deep queue, it reads only the
-- jobs it claims. Counted with this transaction's own table statistics, not timed.
-- (Runs in a transaction the workers cannot see; TRUNCATE holds them off until the rollback.)
BEGIN;
SELECT plan(4);

TRUNCATE riot.jobs CASCADE;
ANALYZE riot.jobs;
-- Five custom plans, then plpgsql keeps a generic one planned on these statistics.
SELECT count(*) FROM generate_series(1, 6), LATERAL riot._claim('t_plan_worker', 32, kinds => '{t_plan}') c;

INSERT INTO riot.jobs (kind) SELECT 't_plan' FROM generate_series(1, 20000);
CREATE TEMP TABLE before_claim AS
SELECT seq_scan, seq_tup_read, idx_tup_fetch FROM pg_stat_xact_user_tables WHERE relid = 'riot.jobs'::regclass;

SELECT is((SELECT count(*)::int FROM riot._claim('t_plan_worker', 32, kinds => '{t_plan}')), 32,
          'a claim of 32 from 20,000 queued jobs, planned on an empty table, claims 32');
SELECT is((SELECT x.seq_scan - b.seq_scan FROM pg_stat_xact_user_tables x, before_claim b
            WHERE x.relid = 'riot.jobs'::regclass), 0::bigint, 'without a sequential scan of riot.jobs');
SELECT cmp_ok((SELECT x.idx_tup_fetch - b.idx_tup_fetch FROM pg_stat_xact_user_tables x, before_claim b
                WHERE x.relid = 'riot.jobs'::regclass), '<=', 32 * 3::bigint,
              'fetching only about the rows it claims (jobs_claimable, then the primary key)');
SELECT is((SELECT count(*)::int FROM riot.jobs WHERE kind = 't_plan' AND state = 'running'), 32,
          'and those 32 are running');

SELECT * FROM finish();
ROLLBACK;
