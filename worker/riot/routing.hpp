// Riot routing values: platforms, the regional route of each, and API base URL expansion.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace riot {

// A platform routing value (na1, kr, ...) and the regional route its matches live on.
struct Platform {
  std::string_view id;            // host name part: "na1"
  std::string_view match_prefix;  // match id prefix and platformId: "NA1"
  std::string_view region;        // match-v5 regional route: "americas"
  bool active;                    // false for platforms merged away (ph2, th2)
};

// Every platform Riot routes to, as listed in the API schema.
const std::vector<Platform>& Platforms();

// Find a platform by its routing value, case-insensitively; nullopt when unknown.
std::optional<Platform> FindPlatform(std::string_view id);

// Find the platform a match id belongs to ("EUW1_123" -> euw1); nullopt when unknown.
std::optional<Platform> PlatformOfMatch(std::string_view match_id);

// The region account-v1 should be asked for a platform (account-v1 has no "sea" host).
std::string_view AccountRegion(const Platform& platform);

// Replace "{route}" in a base URL template by a routing value.
std::string ExpandBaseUrl(std::string_view base_url_template, std::string_view route);

// True when a base URL template holds "{route}" and starts with http:// or https://.
bool IsValidBaseUrlTemplate(std::string_view base_url_template);

}  // namespace riot
