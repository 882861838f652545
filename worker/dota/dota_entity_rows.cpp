// OpenDota's players, teams and leagues to typed rows, and the match id lists of an import.
#include "dota/dota_entity_rows.hpp"

#include <cctype>

#include "engine/error.hpp"
#include "riot/json_fields.hpp"

namespace riot::dota {

namespace {

constexpr const char* kInvalidPlayer = "invalid OpenDota player payload";
constexpr const char* kInvalidTeam = "invalid OpenDota team payload";
constexpr const char* kInvalidLeague = "invalid OpenDota league payload";
constexpr const char* kInvalidIds = "invalid OpenDota match id list";

// A number that older payloads sent as a string ("tracked_until", ranks in 2017): either.
std::optional<double> OptionalNumber(const JsonFields& fields, std::string_view key) {
  const nlohmann::json& object = fields.Json();
  const auto found = object.find(std::string(key));
  if (found == object.end() || found->is_null()) return std::nullopt;
  if (found->is_number()) return found->get<double>();
  fields.Fail(fields.PathOf(key) + " must be a number, not " + found->type_name());
}

std::optional<int> OptionalLenientInt(const JsonFields& fields, std::string_view key) {
  const nlohmann::json& object = fields.Json();
  const auto found = object.find(std::string(key));
  if (found != object.end() && found->is_string()) {
    const std::string& text = found->get_ref<const std::string&>();
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      fields.Fail(fields.PathOf(key) + " must be an integer, not \"" + text + "\"");
    }
    return std::stoi(text);
  }
  return fields.OptionalInt(key);
}

bool IsBlank(std::string_view body) {
  for (const char c : body) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

long long MatchIdOf(const nlohmann::json& value, size_t index) {
  const std::string path = "[" + std::to_string(index) + "]";
  long long id = 0;
  if (value.is_number_integer() || value.is_number_unsigned()) {
    id = value.is_number_unsigned() && value.get<unsigned long long>() > (1ULL << 62U)
             ? -1
             : value.get<long long>();
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    const bool digits = !text.empty() && text.size() <= 18 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    id = digits ? std::stoll(text) : -1;
  } else {
    id = -1;
  }
  if (id <= 0) {
    throw Error(kInvalidIds, sqlstate::kInvalidParameterValue,
                path + " must be a positive match id, not " + value.dump());
  }
  return id;
}

// A match id list's body: a JSON array, else 22023.
nlohmann::json IdListBody(std::string_view body) {
  nlohmann::json payload = ParseJsonBody(body, kInvalidIds);
  if (!payload.is_array()) {
    throw Error(kInvalidIds, sqlstate::kInvalidParameterValue,
                std::string("the payload must be an array, not ") + payload.type_name());
  }
  return payload;
}

}  // namespace

DotaPlayerRow ParseDotaPlayer(std::string_view body) {
  const nlohmann::json payload = ParseJsonBody(body, kInvalidPlayer);
  const JsonFields fields(payload, "", kInvalidPlayer);
  const JsonFields profile = fields.Object("profile");
  DotaPlayerRow player;
  player.account_id = profile.Int64("account_id");
  if (player.account_id <= 0) profile.Fail("profile.account_id must be positive");
  player.personaname = profile.OptionalString("personaname");
  player.pro_name = profile.OptionalNonEmptyString("name");
  player.avatar_url = profile.OptionalNonEmptyString("avatarfull");
  player.profile_url = profile.OptionalNonEmptyString("profileurl");
  player.country_code = profile.OptionalNonEmptyString("loccountrycode");
  player.steam_id = profile.OptionalNonEmptyString("steamid");
  player.plus = profile.OptionalBool("plus");
  player.last_login = profile.OptionalNonEmptyString("last_login");
  player.rank_tier = OptionalLenientInt(fields, "rank_tier");
  player.leaderboard_rank = OptionalLenientInt(fields, "leaderboard_rank");
  player.computed_mmr = OptionalNumber(fields, "computed_mmr");
  return player;
}

void ParseDotaWinLoss(std::string_view body, DotaPlayerRow& player) {
  const nlohmann::json payload = ParseJsonBody(body, kInvalidPlayer);
  const JsonFields fields(payload, "", kInvalidPlayer);
  player.wins = fields.Int("win");
  player.losses = fields.Int("lose");
}

std::optional<DotaTeamRow> ParseDotaTeam(std::string_view body) {
  if (IsBlank(body)) return std::nullopt;  // OpenDota's "no such team"
  const nlohmann::json payload = ParseJsonBody(body, kInvalidTeam);
  const JsonFields fields(payload, "", kInvalidTeam);
  DotaTeamRow team;
  team.team_id = fields.Int64("team_id");
  team.name = fields.OptionalNonEmptyString("name");
  team.tag = fields.OptionalNonEmptyString("tag");
  team.logo_url = fields.OptionalNonEmptyString("logo_url");
  team.rating = OptionalNumber(fields, "rating");
  team.wins = fields.OptionalInt("wins");
  team.losses = fields.OptionalInt("losses");
  team.last_match_time = fields.OptionalInt64("last_match_time");
  return team;
}

std::optional<DotaLeagueRow> ParseDotaLeague(std::string_view body) {
  if (IsBlank(body)) return std::nullopt;  // OpenDota's "no such league"
  const nlohmann::json payload = ParseJsonBody(body, kInvalidLeague);
  const JsonFields fields(payload, "", kInvalidLeague);
  DotaLeagueRow league;
  league.league_id = fields.Int64("leagueid");
  league.name = fields.OptionalNonEmptyString("name");
  league.tier = fields.OptionalNonEmptyString("tier");
  return league;
}

std::vector<long long> ParseTeamMatchIds(std::string_view body,
                                         std::optional<long long> league_id) {
  const nlohmann::json payload = IdListBody(body);
  std::vector<long long> ids;
  for (size_t i = 0; i < payload.size(); ++i) {
    const JsonFields row(payload[i], JsonFields::ElementPath("", i), kInvalidIds);
    if (league_id && row.OptionalInt64("leagueid").value_or(0) != *league_id) continue;
    ids.push_back(MatchIdOf(row.Json().at("match_id"), i));
  }
  return ids;
}

std::vector<long long> ParseLeagueMatchIds(std::string_view body) {
  const nlohmann::json payload = IdListBody(body);
  std::vector<long long> ids;
  ids.reserve(payload.size());
  for (size_t i = 0; i < payload.size(); ++i) ids.push_back(MatchIdOf(payload[i], i));
  return ids;
}

nlohmann::json EncodeDotaPlayer(const DotaPlayerRow& p) {
  return {{"account_id", p.account_id},
          {"personaname", OrNull(p.personaname)},
          {"pro_name", OrNull(p.pro_name)},
          {"avatar_url", OrNull(p.avatar_url)},
          {"profile_url", OrNull(p.profile_url)},
          {"country_code", OrNull(p.country_code)},
          {"steam_id", OrNull(p.steam_id)},
          {"plus", OrNull(p.plus)},
          {"rank_tier", OrNull(p.rank_tier)},
          {"leaderboard_rank", OrNull(p.leaderboard_rank)},
          {"computed_mmr", OrNull(p.computed_mmr)},
          {"last_login", OrNull(p.last_login)},
          {"wins", OrNull(p.wins)},
          {"losses", OrNull(p.losses)}};
}

nlohmann::json EncodeDotaTeam(const DotaTeamRow& t) {
  return {{"team_id", t.team_id},       {"name", OrNull(t.name)},
          {"tag", OrNull(t.tag)},       {"logo_url", OrNull(t.logo_url)},
          {"rating", OrNull(t.rating)}, {"wins", OrNull(t.wins)},
          {"losses", OrNull(t.losses)}, {"last_match_time", OrNull(t.last_match_time)}};
}

nlohmann::json EncodeDotaLeague(const DotaLeagueRow& l) {
  return {{"league_id", l.league_id}, {"name", OrNull(l.name)}, {"tier", OrNull(l.tier)}};
}

}  // namespace riot::dota
