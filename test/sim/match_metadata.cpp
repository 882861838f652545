// The metadata block of MatchDto and TimelineDto.
#include "match_metadata.hpp"

namespace riot {

void WriteMetadataThenInfoKey(const World& world, const MatchRecord& match, const GameFacts& game,
                              JsonWriter& out) {
  out.BeginObject()
      .Key("metadata")
      .BeginObject()
      .Field("dataVersion", "2")
      .Field("matchId", game.match_id);
  out.Key("participants").BeginArray();
  for (const uint32_t number : match.players) {
    if (number != kBotPlayer) out.String(world.Player(number).puuid);
  }
  out.EndArray().EndObject().Key("info");
}

}  // namespace riot
