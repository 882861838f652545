// pg_riot's configuration parameters (riot.*), defined once in _PG_init.
#include "gucs.hpp"

#include "cpp_boundary.hpp"
#include "engine/rate_limit_spec.hpp"
#include "riot/routing.hpp"

namespace riot {

Settings g_settings;

namespace {

constexpr int kMaxConcurrentRequests = 1000;
constexpr int kMaxRequestTimeoutMs = 10 * 60 * 1000;
constexpr int kMaxCooldownSeconds = 365 * 24 * 60 * 60;
constexpr int kMaxQueuedSyncs = 1000000;

// Validate riot.default_rate_limits with the engine's parser (GUC check hooks must not ERROR).
bool CheckRateLimits(char** newval, void**, GucSource) {
  try {
    ParseRateLimits(*newval ? *newval : "");
    return true;
  } catch (const std::exception& e) {
    GUC_check_errdetail("%s", e.what());
    GUC_check_errhint("Write limits as count:seconds pairs, like \"20:1,100:120\".");
    return false;
  }
}

bool CheckBaseUrl(char** newval, void**, GucSource) {
  if (*newval != nullptr && IsValidBaseUrlTemplate(*newval)) return true;
  GUC_check_errdetail("riot.api_base_url must start with http:// or https:// and contain {route}.");
  return false;
}

}  // namespace

void DefineSettings() {
  DefineCustomStringVariable("riot.database", "Database the pg_riot background workers connect to.",
                             "Create the extension in this database.", &g_settings.database,
                             "postgres", PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
  DefineCustomIntVariable("riot.workers", "Number of pg_riot background workers.",
                          "0 disables the in-server workers.", &g_settings.workers, 2, 0,
                          kMaxWorkers, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
  // The key is secret: only superusers can set or see it, and it never appears in SHOW ALL.
  DefineCustomStringVariable(
      "riot.api_key", "Riot Games API key used by the pg_riot workers.",
      "Visible to superusers only. Set it in postgresql.conf or with ALTER SYSTEM.",
      &g_settings.api_key, "", PGC_SIGHUP, GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
      nullptr, nullptr, nullptr);
  DefineCustomStringVariable(
      "riot.api_base_url", "Base URL of the Riot API; {route} becomes the routing value.",
      "Point it at riot-sim with 'http://127.0.0.1:PORT/{route}'.", &g_settings.api_base_url,
      defaults::kApiBaseUrl, PGC_SIGHUP, 0, CheckBaseUrl, nullptr, nullptr);
  DefineCustomIntVariable("riot.max_concurrent_requests",
                          "Riot API requests each worker keeps in flight at most.", nullptr,
                          &g_settings.max_concurrent_requests, defaults::kMaxConcurrentRequests, 1,
                          kMaxConcurrentRequests, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
  DefineCustomIntVariable("riot.request_timeout", "Timeout of one Riot API request.", nullptr,
                          &g_settings.request_timeout_ms, defaults::kRequestTimeoutMs, 100,
                          kMaxRequestTimeoutMs, PGC_SIGHUP, GUC_UNIT_MS, nullptr, nullptr, nullptr);
  DefineCustomIntVariable("riot.sync_cooldown",
                          "A player synced this recently is not synced again unless forced.",
                          nullptr, &g_settings.sync_cooldown_s, defaults::kSyncCooldownSeconds, 0,
                          kMaxCooldownSeconds, PGC_SUSET, GUC_UNIT_S, nullptr, nullptr, nullptr);
  DefineCustomIntVariable(
      "riot.max_queued_syncs",
      "Syncs that may be queued or running at once; riot.sync_player refuses more.",
      "0 refuses every new sync (a pause of intake).", &g_settings.max_queued_syncs,
      defaults::kMaxQueuedSyncs, 0, kMaxQueuedSyncs, PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomStringVariable(
      "riot.default_rate_limits",
      "Application rate limit assumed for a routing host before its first response.",
      "Riot's limit headers replace it once a host has answered.", &g_settings.default_rate_limits,
      defaults::kRateLimits, PGC_SIGHUP, 0, CheckRateLimits, nullptr, nullptr);
  DefineCustomRealVariable(
      "riot.rate_limit_share", "Share of the API key's rate limits this installation uses.",
      "Several installations sharing one key each take a share, e.g. 0.5 for two.",
      &g_settings.rate_limit_share, defaults::kRateLimitShare, 0.01, 1.0, PGC_SIGHUP, 0, nullptr,
      nullptr, nullptr);
  DefineCustomIntVariable("riot.job_retention", "How long finished jobs are kept.", nullptr,
                          &g_settings.job_retention_s, defaults::kJobRetentionSeconds, 0,
                          kMaxCooldownSeconds, PGC_SIGHUP, GUC_UNIT_S, nullptr, nullptr, nullptr);
  MarkGUCPrefixReserved("riot");
}

}  // namespace riot
