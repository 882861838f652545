-- The riot.* settings: defaults, reserved prefix, and the secret API key.
BEGIN;
SELECT plan(16);

SELECT is((SELECT boot_val FROM pg_settings WHERE name = 'riot.api_base_url'),
          'https://{route}.api.riotgames.com', 'riot.api_base_url defaults to the real API');
SELECT is((SELECT count(*)::int FROM pg_settings WHERE name IN
           ('riot.database', 'riot.workers', 'riot.api_base_url', 'riot.max_concurrent_requests',
            'riot.request_timeout', 'riot.sync_cooldown', 'riot.default_rate_limits')), 7,
          'every riot.* setting but the key is listed in pg_settings');
SELECT is((SELECT context FROM pg_settings WHERE name = 'riot.workers'), 'sighup',
          'riot.workers is reloaded on SIGHUP');
SELECT is((SELECT unit FROM pg_settings WHERE name = 'riot.request_timeout'), 'ms',
          'riot.request_timeout is in milliseconds');
SELECT is((SELECT unit FROM pg_settings WHERE name = 'riot.sync_cooldown'), 's',
          'riot.sync_cooldown is in seconds');
SELECT is((SELECT boot_val FROM pg_settings WHERE name = 'riot.default_rate_limits'), '20:1,100:120',
          'riot.default_rate_limits starts at the development key limits');

SELECT throws_ok($$SET riot.no_such_setting = 'x'$$, '42602', NULL,
                 'the riot. prefix is reserved: unknown riot.* settings are refused');
SELECT throws_ok($$SET riot.workers = 3$$, '55P02', NULL,
                 'riot.workers cannot be changed in a session');
SELECT throws_ok($$SET riot.api_key = 'RGAPI-stolen'$$, '55P02', NULL,
                 'riot.api_key cannot be changed in a session');
SELECT lives_ok($$SET riot.sync_cooldown = '10min'$$, 'a superuser may change riot.sync_cooldown');

-- A role that is neither superuser nor pg_read_all_settings sees nothing of the key.
CREATE ROLE riot_test_outsider;
GRANT riot_admin TO riot_test_outsider;
SET ROLE riot_test_outsider;
SELECT throws_ok($$SHOW riot.api_key$$, '42501', NULL, 'SHOW riot.api_key is refused to a non-superuser');
SELECT throws_ok($$SELECT current_setting('riot.api_key')$$, '42501', NULL,
                 'current_setting(''riot.api_key'') is refused to a non-superuser');
SELECT is_empty($$SELECT 1 FROM pg_settings WHERE name = 'riot.api_key'$$,
                'pg_settings has no row for riot.api_key for a non-superuser');
SELECT is_empty($$SELECT 1 FROM pg_show_all_settings() WHERE name = 'riot.api_key'$$,
                'SHOW ALL has no row for riot.api_key');
SELECT throws_ok($$SET riot.sync_cooldown = 0$$, '42501', NULL,
                 'a non-superuser cannot shorten riot.sync_cooldown');
SELECT throws_ok($$SET riot.max_queued_syncs = 1000000$$, '42501', NULL,
                 'a non-superuser cannot lift riot.max_queued_syncs');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
