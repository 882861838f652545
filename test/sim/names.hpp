// Riot IDs for generated players: game names of 3-16 characters (with inner spaces, accents,
// Hangul, kana and Cyrillic where players of that platform use them) and 3-5 character tags.
#pragma once

#include <string>

#include "platforms.hpp"
#include "random.hpp"

namespace riot {

struct RiotId {
  std::string game_name;
  std::string tag_line;
};

// A plausible Riot ID for a player of `platform`.
RiotId GenerateRiotId(Rng& rng, PlatformId platform);

// An old summoner name (the deprecated summonerName of matches before 2024).
std::string GenerateSummonerName(Rng& rng);

// Length of a UTF-8 string in code points.
size_t CodePointCount(const std::string& utf8);

}  // namespace riot
