// league-v4 LeagueListDTO JSON (an apex ladder) to typed rows, and back to the row JSON
// riot._store_ladder reads.
#include "riot/ladder_rows.hpp"

#include "engine/error.hpp"
#include "riot/json_fields.hpp"

namespace riot {

namespace {

constexpr const char* kInvalidLadder = "invalid league list payload";

}  // namespace

LadderRows ParseLadder(const nlohmann::json& list) {
  const JsonFields fields(list, "", kInvalidLadder);
  LadderRows ladder;
  ladder.tier = fields.NonEmptyString("tier");
  ladder.league_id = fields.OptionalString("leagueId").value_or("");
  const nlohmann::json& entries = fields.Array("entries");
  ladder.entries.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const JsonFields item(entries[i], JsonFields::ElementPath(fields.PathOf("entries"), i),
                          kInvalidLadder);
    LadderEntry entry;
    entry.puuid = item.NonEmptyString("puuid");
    entry.tier = ladder.tier;
    entry.league_points = item.Int("leaguePoints");
    entry.wins = item.Int("wins");
    entry.losses = item.Int("losses");
    entry.hot_streak = item.Bool("hotStreak");
    entry.veteran = item.Bool("veteran");
    entry.fresh_blood = item.Bool("freshBlood");
    entry.inactive = item.Bool("inactive");
    ladder.entries.push_back(std::move(entry));
  }
  return ladder;
}

LadderRows ParseLadder(std::string_view body) {
  return ParseLadder(ParseJsonBody(body, kInvalidLadder));
}

nlohmann::json EncodeLadderEntries(const std::vector<LadderRows>& ladders) {
  nlohmann::json rows = nlohmann::json::array();
  for (const LadderRows& ladder : ladders) {
    for (const LadderEntry& entry : ladder.entries) {
      rows.push_back({{"puuid", entry.puuid},
                      {"tier", entry.tier},
                      {"league_points", entry.league_points},
                      {"wins", entry.wins},
                      {"losses", entry.losses},
                      {"hot_streak", entry.hot_streak},
                      {"veteran", entry.veteran},
                      {"fresh_blood", entry.fresh_blood},
                      {"inactive", entry.inactive},
                      {"league_id", ladder.league_id}});
    }
  }
  return rows;
}

}  // namespace riot
