-- The catalog of pg_riot as one sorted listing: every object of the extension and of schema riot
-- with its signature, definition, comment and grants, and its pg_cron entries. upgrade.sh
-- compares a fresh install with an upgraded one through it.
WITH objects(line) AS (
  SELECT 'member ' || pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
    FROM pg_catalog.pg_depend d
   WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
     AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'pg_riot')
  UNION ALL
  SELECT pg_catalog.format('schema %s acl=%s comment=%s', n.nspname,
                           (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(n.nspacl) a),
                           pg_catalog.obj_description(n.oid, 'pg_namespace'))
    FROM pg_catalog.pg_namespace n WHERE n.nspname = 'riot'
  UNION ALL
  SELECT pg_catalog.format('function %s kind=%s volatile=%s parallel=%s strict=%s definer=%s set=%s rows=%s returns=%s lang=%s src=%s acl=%s comment=%s',
                           p.oid::regprocedure, p.prokind, p.provolatile, p.proparallel, p.proisstrict,
                           p.prosecdef, p.proconfig, p.prorows,
                           pg_catalog.pg_get_function_result(p.oid), l.lanname, pg_catalog.md5(p.prosrc),
                           (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(p.proacl) a),
                           pg_catalog.obj_description(p.oid, 'pg_proc'))
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
   WHERE p.pronamespace = 'riot'::regnamespace
  UNION ALL
  SELECT pg_catalog.format('function %s arguments=%s', p.oid::regprocedure,
                           pg_catalog.pg_get_function_arguments(p.oid))
    FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'riot'::regnamespace
  UNION ALL
  SELECT pg_catalog.format('relation %s kind=%s acl=%s comment=%s', c.relname, c.relkind,
                           (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(c.relacl) a),
                           pg_catalog.obj_description(c.oid, 'pg_class'))
    FROM pg_catalog.pg_class c WHERE c.relnamespace = 'riot'::regnamespace
  UNION ALL
  SELECT pg_catalog.format('column %s.%s type=%s notnull=%s default=%s identity=%s compression=%s comment=%s acl=%s',
                           c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                           a.attnotnull, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attidentity,
                           a.attcompression,
                           pg_catalog.col_description(c.oid, a.attnum),
                           (SELECT array_agg(x::text ORDER BY x::text) FROM unnest(a.attacl) x))
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
   WHERE c.relnamespace = 'riot'::regnamespace
  UNION ALL
  SELECT pg_catalog.format('column order %s %s', c.relname,
                           (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
    FROM pg_catalog.pg_class c WHERE c.relnamespace = 'riot'::regnamespace AND c.relkind IN ('r', 'v')
  UNION ALL
  SELECT 'index ' || pg_catalog.pg_get_indexdef(i.indexrelid)
    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
   WHERE c.relnamespace = 'riot'::regnamespace
  UNION ALL
  SELECT pg_catalog.format('constraint %s on %s: %s', co.conname, co.conrelid::regclass,
                           pg_catalog.pg_get_constraintdef(co.oid))
    FROM pg_catalog.pg_constraint co WHERE co.connamespace = 'riot'::regnamespace
  UNION ALL
  SELECT pg_catalog.format('view %s: %s', c.relname, pg_catalog.pg_get_viewdef(c.oid))
    FROM pg_catalog.pg_class c WHERE c.relnamespace = 'riot'::regnamespace AND c.relkind = 'v'
  UNION ALL
  SELECT pg_catalog.format('trigger %s: %s', t.tgname, pg_catalog.pg_get_triggerdef(t.oid))
    FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
   WHERE c.relnamespace = 'riot'::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT pg_catalog.format('pg_cron %s: %s %s active=%s database=%s user=%s', j.jobname, j.schedule, j.command,
                           j.active, j.database, j.username)
    FROM cron.job j WHERE j.jobname LIKE 'pg\_riot: %'
  UNION ALL
  SELECT pg_catalog.format('type %s', t.typname)
    FROM pg_catalog.pg_type t WHERE t.typnamespace = 'riot'::regnamespace AND t.typrelid = 0
)
SELECT line FROM objects ORDER BY line COLLATE "C";
