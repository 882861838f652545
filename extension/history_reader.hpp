// The analyzer's input read over SPI: riot._analyzer_players and riot._analyzer_games, typed
// columns straight into analysis::PlayerHistory, with no JSON in between.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/player_history.hpp"
#include "postgres_includes.hpp"

namespace riot {

struct StoredHistory {
  analysis::PlayerHistory history;         // games newest first, ranks oldest first
  std::optional<TimestampTz> newest_game;  // exact, as stored (the history keeps milliseconds)
};

// Histories by puuid.
using Histories = std::unordered_map<std::string, StoredHistory>;

// The stored histories of the known players among `puuids` (distinct); unknown puuids are
// absent. Runs two queries in the caller's SPI connection.
Histories ReadHistories(const std::vector<std::string>& puuids);

}  // namespace riot
