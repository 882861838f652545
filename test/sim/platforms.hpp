// Riot's routing values: platforms (na1, kr, ...) and the regions (americas, asia, europe, sea)
// that serve their matches, as riot-api.md §1 lists them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace riot {

enum class Region : uint8_t { kAmericas, kAsia, kEurope, kSea };

struct PlatformInfo {
  std::string_view host;          // routing value: "na1"
  std::string_view match_prefix;  // platformId and match id prefix: "NA1"
  Region region;                  // match-v5 region for its matches
  std::string_view default_tag;   // the legacy "name#REGION" tag: "NA1"
  int64_t first_game_id;          // game ids of the simulated history start here
};

inline constexpr PlatformInfo kPlatforms[] = {
    {"br1", "BR1", Region::kAmericas, "BR1", 2'700'000'000},
    {"eun1", "EUN1", Region::kEurope, "EUNE", 3'300'000'000},
    {"euw1", "EUW1", Region::kEurope, "EUW", 5'700'000'000},
    {"jp1", "JP1", Region::kAsia, "JP1", 330'000'000},
    {"kr", "KR", Region::kAsia, "KR1", 5'800'000'000},
    {"la1", "LA1", Region::kAmericas, "LAN", 1'200'000'000},
    {"la2", "LA2", Region::kAmericas, "LAS", 1'300'000'000},
    {"me1", "ME1", Region::kEurope, "ME1", 100'000'000},
    {"na1", "NA1", Region::kAmericas, "NA1", 4'200'000'000},
    {"oc1", "OC1", Region::kSea, "OCE", 550'000'000},
    {"ru", "RU", Region::kEurope, "RU1", 380'000'000},
    {"sg2", "SG2", Region::kSea, "SG2", 20'000'000},
    {"tr1", "TR1", Region::kEurope, "TR1", 1'400'000'000},
    {"tw2", "TW2", Region::kSea, "TW2", 120'000'000},
    {"vn2", "VN2", Region::kSea, "VN2", 700'000'000},
    {"ph2", "PH2", Region::kSea, "PH2", 500'000'000},
    {"th2", "TH2", Region::kSea, "TH2", 24'000'000},
};
inline constexpr size_t kPlatformCount = sizeof kPlatforms / sizeof kPlatforms[0];

// Index into kPlatforms; the world stores platforms as these small numbers.
using PlatformId = uint8_t;

std::optional<PlatformId> FindPlatformByHost(std::string_view host);
std::optional<PlatformId> FindPlatformByMatchPrefix(std::string_view prefix);
std::optional<Region> FindRegionByHost(std::string_view host);
std::string_view RegionName(Region region);
inline const PlatformInfo& Platform(PlatformId id) { return kPlatforms[id]; }

// Whether the platform still has league-v4 and summoner-v4 (ph2 and th2 merged into sg2).
bool PlatformServesSummoners(PlatformId id);

}  // namespace riot
