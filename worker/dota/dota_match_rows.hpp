// OpenDota GET /matches/{id} JSON to typed rows for dota.matches and dota.match_players, for every
// era of the payload (2015 to now: team ids present, nested or absent; anonymous players null or
// missing; parsed or not), and those rows encoded for the SQL function that stores them.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace riot::dota {

// One row of dota.matches.
struct DotaMatchRow {
  long long match_id = 0;  // above 2^32 since 2018: always 64-bit
  std::optional<long long> match_seq_num;
  long long start_time = 0;  // Unix seconds, UTC
  int duration_seconds = 0;
  std::optional<bool> radiant_win;  // null in broken matches
  std::optional<int> radiant_score, dire_score;
  int game_mode = 0, lobby_type = 0;
  std::optional<long long> league_id;  // leagueid; 0 (no league) -> nullopt
  std::optional<long long> series_id;  // 0 -> nullopt
  std::optional<int> series_type;      // 0 single game, 1 BO3, 2 BO5, 3 BO2
  // radiant_team_id, else radiant_team.team_id, else none (quirk 4 of the reference).
  std::optional<long long> radiant_team_id, dire_team_id;
  std::optional<std::string> radiant_name, dire_name;  // *_name, else *_team.name
  // Steam UGC handles, up to 2^64: kept as their decimal digits, exactly as sent.
  std::optional<std::string> radiant_logo, dire_logo;
  std::optional<int> patch;  // an index into dotaconstants' patch list, not a version
  std::optional<int> region, cluster;
  bool parsed = false;                // od_data.has_parsed, else version is an integer
  std::optional<int> parser_version;  // version
};

// One row of dota.match_players: every slot, anonymous players included.
struct DotaPlayerSlotRow {
  long long match_id = 0;
  int player_slot = 0;                  // 0-4 Radiant, 128-132 Dire
  std::optional<long long> account_id;  // missing, null, 0 and 4294967295 -> nullopt (anonymous)
  int hero_id = 0;                      // 0 in broken or abandoned matches
  bool is_radiant = false;              // isRadiant, else player_slot < 128
  std::optional<bool> win;              // win (0/1), else from radiant_win
  int kills = 0, deaths = 0, assists = 0;
  int last_hits = 0, denies = 0;
  int gold_per_min = 0, xp_per_min = 0;
  std::optional<int> level, net_worth, hero_damage, tower_damage, hero_healing;
  std::array<int, 6> items{};  // item_0..item_5, 0 = empty
  std::optional<int> item_neutral;
  std::optional<std::string> personaname, pro_name;  // personaname, name
  std::optional<int> rank_tier;
  std::optional<int> leaver_status, party_size, lane_role;
};

struct DotaMatchRows {
  DotaMatchRow match;
  std::vector<DotaPlayerSlotRow> players;  // in payload order (by slot)
};

// Parse a match payload. Throws riot::Error (22023 "invalid OpenDota match payload", detail
// naming the key path) when it lacks or mistypes what a row needs; unknown keys are ignored.
DotaMatchRows ParseDotaMatch(const nlohmann::json& match);
DotaMatchRows ParseDotaMatch(std::string_view body);
inline DotaMatchRows ParseDotaMatch(const std::string& body) {
  return ParseDotaMatch(std::string_view(body));
}

// The account ids worth fetching from a match: players who are not anonymous, once each.
std::vector<long long> KnownAccounts(const DotaMatchRows& rows);

// The rows as dota._store_match reads them: {"match": {...}, "players": [...]}; ids above
// 2^53 go as strings so that no JSON reader on the way rounds them.
nlohmann::json EncodeDotaMatch(const DotaMatchRows& rows);

}  // namespace riot::dota
