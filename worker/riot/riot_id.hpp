// A Riot ID as a job's arguments carry it ({"game_name", "tag_line", "platform"}), and the
// account account-v1 resolves it to: what every job that starts from a Riot ID shares.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "riot/league_rows.hpp"
#include "riot/routing.hpp"

namespace riot {

struct RiotId {
  std::string game_name;
  std::string tag_line;
  Platform platform{};
};

// Read a job's Riot ID; throws riot::Error 22023 for an unknown platform.
RiotId RiotIdFromArgs(const nlohmann::json& args);

// The account in an account-v1 body; an account without a Riot ID keeps the one it was asked by.
AccountRow ResolvedAccount(const RiotId& id, std::string_view body);

}  // namespace riot
