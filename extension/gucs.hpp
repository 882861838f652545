// pg_riot's configuration parameters (riot.*), defined once in _PG_init.
#pragma once

#include "engine/defaults.hpp"

namespace riot {

constexpr int kMaxWorkers = 32;

// Values of the riot.* settings; PostgreSQL updates them in place.
struct Settings {
  char* database = nullptr;
  int workers = 2;
  char* api_key = nullptr;
  char* api_base_url = nullptr;
  int max_concurrent_requests = defaults::kMaxConcurrentRequests;
  int request_timeout_ms = defaults::kRequestTimeoutMs;
  int sync_cooldown_s = defaults::kSyncCooldownSeconds;
  int max_queued_syncs = defaults::kMaxQueuedSyncs;
  char* default_rate_limits = nullptr;
  double rate_limit_share = defaults::kRateLimitShare;
  int job_retention_s = defaults::kJobRetentionSeconds;
};

extern Settings g_settings;

// Define every riot.* parameter and reserve the prefix.
void DefineSettings();

}  // namespace riot
