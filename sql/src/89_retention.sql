------------------------------------------------------------------------------------------
-- Retention, enforced by the scheduled cleanup job in bounded batches: raw payloads of matches and
-- timelines stored longer ago than their retention are removed (set to NULL; the typed rows, the
-- aggregates and everything computed from them stay), anomalies older than theirs are deleted.
-- Ages count from when pg_riot stored the row, not from when the game was played: a history
-- synced today is kept for the whole retention, however old its games.
------------------------------------------------------------------------------------------

CREATE INDEX matches_raw_kept ON riot.matches (stored_at) WHERE raw IS NOT NULL;
CREATE INDEX timelines_raw_kept ON riot.timelines (stored_at) WHERE raw IS NOT NULL;

INSERT INTO riot.job_kind_settings (kind, setting, default_value, description) VALUES
  ('cleanup', 'raw_match_retention', '"730 days"',
   'Raw match payloads (riot.matches.raw) stored longer ago than this are removed; the typed rows stay'),
  ('cleanup', 'raw_timeline_retention', '"180 days"',
   'Raw timeline payloads (riot.timelines.raw) stored longer ago than this are removed; the typed rows stay'),
  ('cleanup', 'anomaly_retention', '"365 days"', 'Anomalies found longer ago than this are deleted'),
  ('cleanup', 'batch_size', '5000', 'Rows changed per transaction; a run goes on until none is left');

-- Apply one retention to at most batch_size rows; returns how many it changed (fewer than
-- batch_size: nothing more is due).
CREATE FUNCTION riot._enforce_retention(target text, retention interval, batch_size integer)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  changed bigint;
BEGIN
  IF retention IS NULL OR retention <= interval '0' OR batch_size IS NULL OR batch_size < 1 THEN
    RAISE EXCEPTION 'invalid retention % or batch size %', retention, batch_size USING ERRCODE = '22023',
      HINT = 'Pass a positive interval and a batch size of 1 or more.';
  END IF;
  CASE target
    WHEN 'raw_match' THEN
      UPDATE riot.matches m SET raw = NULL
       WHERE m.match_id IN (SELECT d.match_id FROM riot.matches d
                             WHERE d.raw IS NOT NULL AND d.stored_at < now() - retention
                             ORDER BY d.stored_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    WHEN 'raw_timeline' THEN
      UPDATE riot.timelines t SET raw = NULL
       WHERE t.match_id IN (SELECT d.match_id FROM riot.timelines d
                             WHERE d.raw IS NOT NULL AND d.stored_at < now() - retention
                             ORDER BY d.stored_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    WHEN 'anomaly' THEN
      DELETE FROM riot.anomalies a
       WHERE (a.match_id, a.puuid, a.statistic) IN (
         SELECT d.match_id, d.puuid, d.statistic FROM riot.anomalies d
          WHERE d.detected_at < now() - retention
          ORDER BY d.detected_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    ELSE
      RAISE EXCEPTION 'unknown retention target "%"', target USING ERRCODE = '22023',
        HINT = 'Targets: raw_match, raw_timeline, anomaly.';
  END CASE;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $$;
COMMENT ON FUNCTION riot._enforce_retention(text, interval, integer) IS
  'Internal: remove up to batch_size raw payloads (raw_match, raw_timeline) or anomalies (anomaly) older than their retention';

GRANT EXECUTE ON FUNCTION riot._enforce_retention(text, interval, integer) TO riot_admin;
