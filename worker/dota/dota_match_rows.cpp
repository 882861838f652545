// OpenDota GET /matches/{id} JSON to typed rows, and back to the row JSON dota._store_match reads.
#include "dota/dota_match_rows.hpp"

#include <set>

#include "riot/json_fields.hpp"

namespace riot::dota {

namespace {

constexpr const char* kInvalidMatch = "invalid OpenDota match payload";
constexpr long long kSteamAnonymous = 4294967295LL;  // raw Steam data's placeholder
constexpr int kDireSlots = 128;                      // bit 7 of player_slot: Dire

// 0 means "none" for league and series ids.
std::optional<long long> NonZero(std::optional<long long> value) {
  return value && *value != 0 ? value : std::nullopt;
}

// A team id from the flat key, else from the nested team object (quirk 4 of the reference).
std::optional<long long> TeamId(const JsonFields& match, const char* flat, const char* nested) {
  if (std::optional<long long> id = NonZero(match.OptionalInt64(flat))) return id;
  if (std::optional<JsonFields> team = match.OptionalObject(nested)) {
    return NonZero(team->OptionalInt64("team_id"));
  }
  return std::nullopt;
}

std::optional<std::string> TeamName(const JsonFields& match, const char* flat, const char* nested) {
  if (std::optional<std::string> name = match.OptionalNonEmptyString(flat)) return name;
  if (std::optional<JsonFields> team = match.OptionalObject(nested)) {
    return team->OptionalNonEmptyString("name");
  }
  return std::nullopt;
}

// od_data.has_parsed where the payload has it (since 2023-12); before, a parsed match is one
// with an integer parser version.
bool IsParsed(const JsonFields& match) {
  if (std::optional<JsonFields> od_data = match.OptionalObject("od_data")) {
    if (std::optional<bool> parsed = od_data->OptionalBool("has_parsed")) return *parsed;
  }
  return match.OptionalInt("version").has_value();
}

DotaPlayerSlotRow ParseSlot(const JsonFields& player, const DotaMatchRow& match) {
  DotaPlayerSlotRow row;
  row.match_id = match.match_id;
  row.player_slot = player.Int("player_slot");
  std::optional<long long> account = player.OptionalInt64("account_id");
  if (account && *account != 0 && *account != kSteamAnonymous) row.account_id = account;
  row.hero_id = player.OptionalInt("hero_id").value_or(0);
  row.is_radiant = player.OptionalBool("isRadiant").value_or(row.player_slot < kDireSlots);
  if (std::optional<int> win = player.OptionalInt("win")) {
    row.win = *win != 0;
  } else if (match.radiant_win) {
    row.win = *match.radiant_win == row.is_radiant;
  }
  row.kills = player.OptionalInt("kills").value_or(0);
  row.deaths = player.OptionalInt("deaths").value_or(0);
  row.assists = player.OptionalInt("assists").value_or(0);
  row.last_hits = player.OptionalInt("last_hits").value_or(0);
  row.denies = player.OptionalInt("denies").value_or(0);
  row.gold_per_min = player.OptionalInt("gold_per_min").value_or(0);
  row.xp_per_min = player.OptionalInt("xp_per_min").value_or(0);
  row.level = player.OptionalInt("level");
  row.net_worth = player.OptionalInt("net_worth");
  row.hero_damage = player.OptionalInt("hero_damage");
  row.tower_damage = player.OptionalInt("tower_damage");
  row.hero_healing = player.OptionalInt("hero_healing");
  for (size_t i = 0; i < row.items.size(); ++i) {
    row.items[i] = player.OptionalInt("item_" + std::to_string(i)).value_or(0);
  }
  row.item_neutral = player.OptionalInt("item_neutral");
  row.personaname = player.OptionalString("personaname");
  row.pro_name = player.OptionalNonEmptyString("name");
  row.rank_tier = player.OptionalInt("rank_tier");
  row.leaver_status = player.OptionalInt("leaver_status");
  row.party_size = player.OptionalInt("party_size");
  row.lane_role = player.OptionalInt("lane_role");
  return row;
}

}  // namespace

DotaMatchRows ParseDotaMatch(const nlohmann::json& payload) {
  const JsonFields match(payload, "", kInvalidMatch);
  DotaMatchRows rows;
  DotaMatchRow& row = rows.match;
  row.match_id = match.Int64("match_id");
  if (row.match_id <= 0) match.Fail("match_id must be positive");
  row.match_seq_num = match.OptionalInt64("match_seq_num");
  row.start_time = match.Int64("start_time");
  row.duration_seconds = match.Int("duration");
  row.radiant_win = match.OptionalBool("radiant_win");
  row.radiant_score = match.OptionalInt("radiant_score");
  row.dire_score = match.OptionalInt("dire_score");
  row.game_mode = match.OptionalInt("game_mode").value_or(0);
  row.lobby_type = match.OptionalInt("lobby_type").value_or(0);
  row.league_id = NonZero(match.OptionalInt64("leagueid"));
  row.series_id = NonZero(match.OptionalInt64("series_id"));
  row.series_type = match.OptionalInt("series_type");
  row.radiant_team_id = TeamId(match, "radiant_team_id", "radiant_team");
  row.dire_team_id = TeamId(match, "dire_team_id", "dire_team");
  row.radiant_name = TeamName(match, "radiant_name", "radiant_team");
  row.dire_name = TeamName(match, "dire_name", "dire_team");
  row.radiant_logo = match.OptionalUnsignedDigits("radiant_logo");
  row.dire_logo = match.OptionalUnsignedDigits("dire_logo");
  row.patch = match.OptionalInt("patch");
  row.region = match.OptionalInt("region");
  row.cluster = match.OptionalInt("cluster");
  row.parser_version = match.OptionalInt("version");
  row.parsed = IsParsed(match);

  const nlohmann::json& players = match.Array("players");
  rows.players.reserve(players.size());
  std::set<int> slots;
  for (size_t i = 0; i < players.size(); ++i) {
    const JsonFields player(players[i], JsonFields::ElementPath(match.PathOf("players"), i),
                            kInvalidMatch);
    DotaPlayerSlotRow slot = ParseSlot(player, row);
    if (!slots.insert(slot.player_slot).second) {
      player.Fail(player.PathOf("player_slot") + " repeats slot " +
                  std::to_string(slot.player_slot));
    }
    rows.players.push_back(std::move(slot));
  }
  return rows;
}

DotaMatchRows ParseDotaMatch(std::string_view body) {
  return ParseDotaMatch(ParseJsonBody(body, kInvalidMatch));
}

std::vector<long long> KnownAccounts(const DotaMatchRows& rows) {
  std::vector<long long> accounts;
  std::set<long long> seen;
  for (const DotaPlayerSlotRow& player : rows.players) {
    if (player.account_id && seen.insert(*player.account_id).second) {
      accounts.push_back(*player.account_id);
    }
  }
  return accounts;
}

nlohmann::json EncodeDotaMatch(const DotaMatchRows& rows) {
  const DotaMatchRow& m = rows.match;
  nlohmann::json match = {{"match_id", std::to_string(m.match_id)},
                          {"match_seq_num", OrNull(m.match_seq_num)},
                          {"start_time", m.start_time},
                          {"duration_seconds", m.duration_seconds},
                          {"radiant_win", OrNull(m.radiant_win)},
                          {"radiant_score", OrNull(m.radiant_score)},
                          {"dire_score", OrNull(m.dire_score)},
                          {"game_mode", m.game_mode},
                          {"lobby_type", m.lobby_type},
                          {"league_id", OrNull(m.league_id)},
                          {"series_id", OrNull(m.series_id)},
                          {"series_type", OrNull(m.series_type)},
                          {"radiant_team_id", OrNull(m.radiant_team_id)},
                          {"dire_team_id", OrNull(m.dire_team_id)},
                          {"radiant_name", OrNull(m.radiant_name)},
                          {"dire_name", OrNull(m.dire_name)},
                          {"radiant_logo", OrNull(m.radiant_logo)},
                          {"dire_logo", OrNull(m.dire_logo)},
                          {"patch", OrNull(m.patch)},
                          {"region", OrNull(m.region)},
                          {"cluster", OrNull(m.cluster)},
                          {"parsed", m.parsed},
                          {"parser_version", OrNull(m.parser_version)}};
  nlohmann::json players = nlohmann::json::array();
  for (const DotaPlayerSlotRow& p : rows.players) {
    players.push_back({{"player_slot", p.player_slot},
                       {"account_id", OrNull(p.account_id)},
                       {"hero_id", p.hero_id},
                       {"is_radiant", p.is_radiant},
                       {"win", OrNull(p.win)},
                       {"kills", p.kills},
                       {"deaths", p.deaths},
                       {"assists", p.assists},
                       {"last_hits", p.last_hits},
                       {"denies", p.denies},
                       {"gold_per_min", p.gold_per_min},
                       {"xp_per_min", p.xp_per_min},
                       {"level", OrNull(p.level)},
                       {"net_worth", OrNull(p.net_worth)},
                       {"hero_damage", OrNull(p.hero_damage)},
                       {"tower_damage", OrNull(p.tower_damage)},
                       {"hero_healing", OrNull(p.hero_healing)},
                       {"items", p.items},
                       {"item_neutral", OrNull(p.item_neutral)},
                       {"personaname", OrNull(p.personaname)},
                       {"pro_name", OrNull(p.pro_name)},
                       {"rank_tier", OrNull(p.rank_tier)},
                       {"leaver_status", OrNull(p.leaver_status)},
                       {"party_size", OrNull(p.party_size)},
                       {"lane_role", OrNull(p.lane_role)}});
  }
  return {{"match", match}, {"players", players}};
}

}  // namespace riot::dota
