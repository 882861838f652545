// match-v5 MatchDto JSON for a generated match: the key paths, nesting, JSON types and key order
// of the real payloads of the match's patch and mode (riot-api.md §3.1, riot-fixtures/match/).
#pragma once

#include <string>

#include "world.hpp"

namespace riot {

// Render the match; the world's read lock must be held. `match` need not belong to the world.
std::string GenerateMatchJson(const World& world, const MatchRecord& match);

}  // namespace riot
