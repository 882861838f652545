// The "metadata" block that MatchDto and TimelineDto share (riot-api.md §3.1, §3.2): both open
// with the match id and the PUUIDs of its players, bots left out.
#pragma once

#include "game_sim.hpp"
#include "json_writer.hpp"
#include "world.hpp"

namespace riot {

// Open the DTO's object, write its "metadata" and the key "info"; the caller writes the value.
void WriteMetadataThenInfoKey(const World& world, const MatchRecord& match, const GameFacts& game,
                              JsonWriter& out);

}  // namespace riot
