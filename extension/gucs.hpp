// pg_riot's configuration parameters (riot.*), defined once in _PG_init.
#pragma once

namespace riot {

constexpr int kMaxWorkers = 32;

// Values of the riot.* settings; PostgreSQL updates them in place.
struct Settings {
  char* database = nullptr;
  int workers = 2;
  char* api_key = nullptr;
  char* api_base_url = nullptr;
  int max_concurrent_requests = 20;
  int request_timeout_ms = 10000;
  int sync_cooldown_s = 3600;
  char* default_rate_limits = nullptr;
  double rate_limit_share = 1.0;
  int job_retention_s = 7 * 24 * 3600;
};

extern Settings g_settings;

// Define every riot.* parameter and reserve the prefix.
void DefineSettings();

}  // namespace riot
