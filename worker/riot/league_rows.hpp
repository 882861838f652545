// league-v4 entries, summoner-v4 and account-v1 JSON to typed rows for riot.player_ranks and
// riot.players, and those rows encoded for the SQL functions that store them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace riot {

// One LeagueEntryDTO: a player's standing in one ranked queue (a row of riot.player_ranks).
struct RankRow {
  std::string queue_type;  // RANKED_SOLO_5x5, RANKED_FLEX_SR, CHERRY, ...
  std::string tier;        // IRON .. CHALLENGER; "" when Riot leaves it out (optional in the spec)
  std::string division;    // rank: I .. IV (always I from MASTER up); "" when left out
  int league_points = 0;
  int wins = 0;
  int losses = 0;
  bool hot_streak = false;
  bool veteran = false;
  bool fresh_blood = false;
  bool inactive = false;
};

// The fields summoner-v4 by-puuid still returns (id and accountId were removed in July 2025).
struct SummonerRow {
  std::string puuid;
  long long summoner_level = 0;
  int profile_icon_id = 0;
  long long revision_date_ms = 0;  // epoch ms
};

// account-v1 AccountDto; gameName and tagLine are absent for accounts without a Riot ID.
struct AccountRow {
  std::string puuid;
  std::optional<std::string> game_name;  // absent or "" -> nullopt
  std::optional<std::string> tag_line;   // absent or "" -> nullopt
};

// Each parser takes a parsed document or the body text (the std::string and const char*
// overloads only settle the ambiguity a string has between nlohmann::json and string_view).

// Parse league-v4 entries/by-puuid (an array, [] when unranked). Throws riot::Error 22023
// "invalid league entries payload" with a detail naming the key path.
std::vector<RankRow> ParseLeagueEntries(const nlohmann::json& entries);
std::vector<RankRow> ParseLeagueEntries(std::string_view body);
inline std::vector<RankRow> ParseLeagueEntries(const std::string& body) {
  return ParseLeagueEntries(std::string_view(body));
}
inline std::vector<RankRow> ParseLeagueEntries(const char* body) {
  return ParseLeagueEntries(std::string_view(body));
}

// Parse summoner-v4 by-puuid. Throws riot::Error 22023 "invalid summoner payload".
SummonerRow ParseSummoner(const nlohmann::json& summoner);
SummonerRow ParseSummoner(std::string_view body);
inline SummonerRow ParseSummoner(const std::string& body) {
  return ParseSummoner(std::string_view(body));
}
inline SummonerRow ParseSummoner(const char* body) { return ParseSummoner(std::string_view(body)); }

// Parse account-v1 by-riot-id or by-puuid. Throws riot::Error 22023 "invalid account payload".
AccountRow ParseAccount(const nlohmann::json& account);
AccountRow ParseAccount(std::string_view body);
inline AccountRow ParseAccount(const std::string& body) {
  return ParseAccount(std::string_view(body));
}
inline AccountRow ParseAccount(const char* body) { return ParseAccount(std::string_view(body)); }

// Encode rank rows as the JSON array riot._store_ranks reads (keys are riot.player_ranks columns).
nlohmann::json EncodeRankRows(const std::vector<RankRow>& ranks);
// Encode a summoner as the JSON object riot._store_player reads.
nlohmann::json EncodeSummonerRow(const SummonerRow& summoner);

}  // namespace riot
