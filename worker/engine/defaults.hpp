// The default of every setting, in one place: the option structs below, the server's riot.*
// settings (extension/gucs.cpp) and riot-worker's flags (worker/riot_worker/main.cpp) read them.
#pragma once

namespace riot::defaults {

constexpr const char* kApiBaseUrl = "https://{route}.api.riotgames.com";
constexpr const char* kRateLimits = "20:1,100:120";  // a development key's application limit
constexpr int kMaxConcurrentRequests = 20;           // per worker
constexpr int kRequestTimeoutMs = 10000;             // one request, connecting included
constexpr double kRateLimitShare = 1.0;              // of the key's limits, for this installation
constexpr long kRateLimitMarginMs = 250;             // our windows outlast Riot's by this much
constexpr int kJobRetentionSeconds = 7 * 24 * 3600;  // finished jobs are kept this long
constexpr int kSyncCooldownSeconds = 3600;           // a player synced this recently is not again
constexpr int kMaxQueuedSyncs = 1000;                // syncs queued or running at most

}  // namespace riot::defaults
