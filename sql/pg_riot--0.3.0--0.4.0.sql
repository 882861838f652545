-- pg_riot 0.3.0 -> 0.4.0: the analytics layer (typed timelines, aggregates kept up to date
-- incrementally, anomalies, retention, NOTIFY on riot_matches).
\echo Use "ALTER EXTENSION pg_riot UPDATE TO '0.4.0'" to load this file. \quit
