// match-v5 TimelineDto JSON for a generated match: a frame a minute with every participant's
// stats, and the events of the game (purchases, skills, wards, kills with damage breakdowns,
// objectives), consistent with the match's own totals (riot-api.md §3.2, riot-fixtures/timeline/).
#pragma once

#include <string>

#include "world.hpp"

namespace riot {

// Render the timeline; the world's read lock must be held. `match` need not belong to the world.
std::string GenerateTimelineJson(const World& world, const MatchRecord& match);

}  // namespace riot
