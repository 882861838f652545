// A Riot ID from a job's arguments, and the account account-v1 resolves it to.
#include "riot/riot_id.hpp"

#include "engine/error.hpp"

namespace riot {

RiotId RiotIdFromArgs(const nlohmann::json& args) {
  RiotId id;
  id.game_name = args.at("game_name").get<std::string>();
  id.tag_line = args.at("tag_line").get<std::string>();
  const auto platform = FindPlatform(args.at("platform").get<std::string>());
  if (!platform) throw Error("unknown platform", sqlstate::kInvalidParameterValue);
  id.platform = *platform;
  return id;
}

AccountRow ResolvedAccount(const RiotId& id, std::string_view body) {
  AccountRow account = ParseAccount(body);
  if (!account.game_name) account.game_name = id.game_name;
  if (!account.tag_line) account.tag_line = id.tag_line;
  return account;
}

}  // namespace riot
