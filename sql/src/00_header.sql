-- pg_riot install script, made by the build from sql/src/*.sql in name order; edit those files.
\echo Use "CREATE EXTENSION pg_riot CASCADE" to load this file. \quit
