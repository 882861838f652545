// Lookups over Riot's routing table.
#include "platforms.hpp"

namespace riot {

namespace {
constexpr std::string_view kRegionNames[] = {"americas", "asia", "europe", "sea"};
}  // namespace

std::optional<PlatformId> FindPlatformByHost(std::string_view host) {
  for (size_t i = 0; i < kPlatformCount; ++i) {
    if (kPlatforms[i].host == host) return static_cast<PlatformId>(i);
  }
  return std::nullopt;
}

std::optional<PlatformId> FindPlatformByMatchPrefix(std::string_view prefix) {
  for (size_t i = 0; i < kPlatformCount; ++i) {
    if (kPlatforms[i].match_prefix == prefix) return static_cast<PlatformId>(i);
  }
  return std::nullopt;
}

std::optional<Region> FindRegionByHost(std::string_view host) {
  for (size_t i = 0; i < sizeof kRegionNames / sizeof kRegionNames[0]; ++i) {
    if (kRegionNames[i] == host) return static_cast<Region>(i);
  }
  return std::nullopt;
}

std::string_view RegionName(Region region) { return kRegionNames[static_cast<size_t>(region)]; }

bool PlatformServesSummoners(PlatformId id) {
  const std::string_view host = kPlatforms[id].host;
  return host != "ph2" && host != "th2";
}

}  // namespace riot
