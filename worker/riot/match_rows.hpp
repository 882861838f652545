// match-v5 MatchDto JSON to typed rows for riot.matches and riot.match_participants, tolerant of
// every payload version since patch 11.20 and of the older millisecond durations, and those rows
// encoded for the SQL functions that store them.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "riot/json_fields.hpp"

namespace riot {

// One row of riot.matches.
struct MatchRow {
  std::string match_id;   // metadata.matchId
  std::string platform;   // routing value, lower case ("euw1"), from platformId or the id prefix
  long long game_id = 0;  // info.gameId as reported (0 in aborted games)
  int queue_id = 0;
  std::string game_mode, game_type, game_version;  // "" in aborted games
  int map_id = 0;
  std::optional<long long> game_creation_ms, game_start_ms, game_end_ms;  // epoch ms; 0 -> nullopt
  long long duration_seconds = 0;   // seconds whatever the version reported
  std::optional<int> winning_team;  // teamId of the one team with win=true; nullopt in Arena
  std::optional<std::string> end_of_game_result;  // "GameComplete", "Abort_Unexpected"; 14.3+
};

// One row of riot.match_participants.
struct ParticipantRow {
  std::string match_id;
  int participant_id = 0;
  std::string puuid;  // a bot's is the synthetic "BOT:<match_id>:<participant_id>"
  bool is_bot = false;
  std::optional<std::string> riot_id_game_name;  // riotIdGameName, else riotIdName; "" -> nullopt
  std::optional<std::string> riot_id_tagline;    // "" -> nullopt
  std::optional<std::string> summoner_name;      // deprecated, often ""; "" -> nullopt
  int champion_id = 0;
  std::string champion_name;
  int team_id = 0;                           // 100 or 200 (Arena: top or bottom half)
  std::optional<int> subteam_id;             // Arena team 1-8; 0 or absent -> nullopt
  std::optional<int> placement;              // Arena placement 1-8; 0 or absent -> nullopt
  std::optional<std::string> team_position;  // TOP ... UTILITY; "" -> nullopt
  int kills = 0, deaths = 0, assists = 0;
  int cs = 0;  // totalMinionsKilled + neutralMinionsKilled
  int gold_earned = 0;
  long long damage_to_champions = 0, damage_taken = 0;
  int vision_score = 0;
  int champion_level = 0;
  std::array<int, 7> items{};  // item0..item6, 0 = empty slot, item6 = trinket
  bool win = false;
};

// A match, its participants in payload order, and metadata.participants as sent (bots left out).
struct MatchRows {
  MatchRow match;
  std::vector<ParticipantRow> participants;
  std::vector<std::string> metadata_puuids;
};

// Parse a MatchDto. Throws riot::Error (22023 "invalid match payload", detail naming the key
// path) when the payload lacks or mistypes what a row needs; unknown keys are ignored.
// A body is text: the string overloads only break the ambiguity a string has between
// nlohmann::json's converting constructor and std::string_view.
MatchRows ParseMatch(const nlohmann::json& match);
MatchRows ParseMatch(std::string_view body);
inline MatchRows ParseMatch(const std::string& body) { return ParseMatch(std::string_view(body)); }
inline MatchRows ParseMatch(const char* body) { return ParseMatch(std::string_view(body)); }

// Parse a page of match-v5 match ids (a JSON array of strings). Throws riot::Error 22023
// "invalid match ids payload" otherwise.
std::vector<std::string> ParseMatchIds(const nlohmann::json& page);
std::vector<std::string> ParseMatchIds(std::string_view body);
inline std::vector<std::string> ParseMatchIds(const std::string& body) {
  return ParseMatchIds(std::string_view(body));
}
inline std::vector<std::string> ParseMatchIds(const char* body) {
  return ParseMatchIds(std::string_view(body));
}

// Encode a match row as the JSON object riot._store_match reads (keys are riot.matches columns).
nlohmann::json EncodeMatchRow(const MatchRow& match);
// Encode participant rows as the JSON array riot._store_match reads (riot.match_participants).
nlohmann::json EncodeParticipantRows(const std::vector<ParticipantRow>& participants);

}  // namespace riot
