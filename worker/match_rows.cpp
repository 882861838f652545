// match-v5 MatchDto JSON to typed rows for riot.matches and riot.match_participants,
// plus JsonFields, the typed field reader the *_rows parsers share.
#include "match_rows.hpp"

#include <cctype>
#include <cmath>
#include <limits>
#include <utility>

#include "error.hpp"
#include "routing.hpp"

namespace riot {

namespace {

constexpr const char* kInvalidMatch = "invalid match payload";
constexpr std::string_view kBotPuuid = "BOT";  // every Co-op vs AI bot's puuid
constexpr long long kMillisecondsPerSecond = 1000;

// Convert a JSON number to an integer in [min, max]; integral floats count, others throw.
long long ToInteger(const JsonFields& fields, const nlohmann::json& value, std::string_view key,
                    long long min, long long max) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<unsigned long long>();
    if (unsigned_value <= static_cast<unsigned long long>(max)) {
      return static_cast<long long>(unsigned_value);
    }
  } else if (value.is_number_integer()) {
    const auto signed_value = value.get<long long>();
    if (signed_value >= min && signed_value <= max) return signed_value;
  } else if (value.is_number_float()) {
    const double float_value = value.get<double>();
    if (std::trunc(float_value) != float_value) {
      fields.Fail(fields.PathOf(key) + " must be an integer, not " + value.dump());
    }
    // max + 1 is a power of two, exact as a double even where max itself is not.
    if (float_value >= static_cast<double>(min) && float_value < static_cast<double>(max) + 1.0) {
      return static_cast<long long>(float_value);
    }
  } else {
    fields.Fail(fields.PathOf(key) + " must be an integer, not " + value.type_name());
  }
  fields.Fail(fields.PathOf(key) + " is out of range: " + value.dump());
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Name the platform routing value from info.platformId, or from the match id when it is empty.
std::string PlatformOf(const JsonFields& info, const std::string& match_id) {
  const std::optional<std::string> platform_id = info.OptionalNonEmptyString("platformId");
  if (platform_id) {
    if (const auto platform = FindPlatform(*platform_id)) return std::string(platform->id);
    return Lower(*platform_id);  // a platform newer than our table: keep what Riot says
  }
  if (const auto platform = PlatformOfMatch(match_id)) return std::string(platform->id);
  info.Fail(info.PathOf("platformId") + " is empty and match id \"" + match_id +
            "\" names no known platform");
}

// Epoch milliseconds, or nullopt when absent or 0 (aborted games report 0).
std::optional<long long> Timestamp(const JsonFields& info, std::string_view key) {
  const std::optional<long long> value = info.OptionalInt64(key);
  if (!value || *value == 0) return std::nullopt;
  return value;
}

// Read gameDuration in seconds: milliseconds before 11.20, where gameEndTimestamp is absent.
long long DurationSeconds(const JsonFields& info) {
  const long long duration = info.Int64("gameDuration");
  if (info.OptionalInt64("gameEndTimestamp")) return duration;
  return (duration + kMillisecondsPerSecond / 2) / kMillisecondsPerSecond;
}

std::optional<int> PositiveOrNull(std::optional<int> value) {
  if (value && *value > 0) return value;
  return std::nullopt;
}

// Build one participant row from info.participants[index].
ParticipantRow ParseParticipant(const JsonFields& p, const std::string& match_id) {
  ParticipantRow row;
  row.match_id = match_id;
  row.participant_id = p.Int("participantId");
  const std::string puuid = p.NonEmptyString("puuid");
  // Bots all share the puuid "BOT"; a per-match synthetic key keeps (match_id, puuid) unique.
  row.is_bot = puuid == kBotPuuid;
  row.puuid = row.is_bot ? std::string(kBotPuuid) + ":" + match_id + ":" +
                               std::to_string(row.participant_id)
                         : puuid;
  // riotIdName stood in for riotIdGameName until 13.22.
  row.riot_id_game_name = p.OptionalNonEmptyString("riotIdGameName");
  if (!row.riot_id_game_name) row.riot_id_game_name = p.OptionalNonEmptyString("riotIdName");
  row.riot_id_tagline = p.OptionalNonEmptyString("riotIdTagline");
  row.summoner_name = p.OptionalNonEmptyString("summonerName");
  row.champion_id = p.Int("championId");
  row.champion_name = p.String("championName");
  row.team_id = p.Int("teamId");
  row.subteam_id = PositiveOrNull(p.OptionalInt("playerSubteamId"));
  row.placement = PositiveOrNull(p.OptionalInt("placement"));
  row.team_position = p.OptionalNonEmptyString("teamPosition");
  row.kills = p.Int("kills");
  row.deaths = p.Int("deaths");
  row.assists = p.Int("assists");
  row.cs = p.Int("totalMinionsKilled") + p.Int("neutralMinionsKilled");
  row.gold_earned = p.Int("goldEarned");
  row.damage_to_champions = p.Int64("totalDamageDealtToChampions");
  row.damage_taken = p.Int64("totalDamageTaken");
  row.vision_score = p.Int("visionScore");
  row.champion_level = p.Int("champLevel");
  for (std::size_t slot = 0; slot < row.items.size(); ++slot) {
    row.items[slot] = p.Int("item" + std::to_string(slot));
  }
  row.win = p.Bool("win");
  return row;
}

// Find the teamId of the one team that won; nullopt for none, several, or an Arena game.
std::optional<int> WinningTeam(const JsonFields& info, const std::vector<ParticipantRow>& players) {
  for (const ParticipantRow& player : players) {
    // Arena ranks 2-player subteams by placement; its "winning" team 100 is just the top half.
    if (player.subteam_id) return std::nullopt;
  }
  const std::string teams_path = info.PathOf("teams");
  const nlohmann::json& teams = info.Array("teams");
  std::optional<int> winner;
  int winners = 0;
  for (std::size_t i = 0; i < teams.size(); ++i) {
    const JsonFields team(teams[i], JsonFields::ElementPath(teams_path, i), kInvalidMatch);
    const int team_id = team.Int("teamId");
    if (team.Bool("win")) {
      winner = team_id;
      ++winners;
    }
  }
  if (winners != 1) return std::nullopt;
  return winner;
}

}  // namespace

JsonFields::JsonFields(const nlohmann::json& value, std::string path, std::string message)
    : object_(value), path_(std::move(path)), message_(std::move(message)) {
  if (!object_.is_object()) {
    Fail((path_.empty() ? std::string("the payload") : path_) + " must be an object, not " +
         object_.type_name());
  }
}

std::string JsonFields::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::string JsonFields::ElementPath(const std::string& array_path, std::size_t index) {
  return array_path + "[" + std::to_string(index) + "]";
}

void JsonFields::Fail(const std::string& detail) const {
  throw Error(message_, sqlstate::kInvalidParameterValue, detail);
}

const nlohmann::json* JsonFields::Find(std::string_view key) const {
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

const nlohmann::json& JsonFields::Require(std::string_view key) const {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) Fail(PathOf(key) + " is missing");
  return *value;
}

int JsonFields::Int(std::string_view key) const {
  return static_cast<int>(ToInteger(*this, Require(key), key, std::numeric_limits<int>::min(),
                                    std::numeric_limits<int>::max()));
}

std::optional<int> JsonFields::OptionalInt(std::string_view key) const {
  if (Find(key) == nullptr) return std::nullopt;
  return Int(key);
}

long long JsonFields::Int64(std::string_view key) const {
  return ToInteger(*this, Require(key), key, std::numeric_limits<long long>::min(),
                   std::numeric_limits<long long>::max());
}

std::optional<long long> JsonFields::OptionalInt64(std::string_view key) const {
  if (Find(key) == nullptr) return std::nullopt;
  return Int64(key);
}

bool JsonFields::Bool(std::string_view key) const {
  const nlohmann::json& value = Require(key);
  if (!value.is_boolean()) {
    Fail(PathOf(key) + " must be a boolean, not " + value.type_name());
  }
  return value.get<bool>();
}

std::string JsonFields::String(std::string_view key) const {
  const nlohmann::json& value = Require(key);
  if (!value.is_string()) Fail(PathOf(key) + " must be a string, not " + value.type_name());
  return value.get<std::string>();
}

std::string JsonFields::NonEmptyString(std::string_view key) const {
  std::string value = String(key);
  if (value.empty()) Fail(PathOf(key) + " is empty");
  return value;
}

std::optional<std::string> JsonFields::OptionalString(std::string_view key) const {
  if (Find(key) == nullptr) return std::nullopt;
  return String(key);
}

std::optional<std::string> JsonFields::OptionalNonEmptyString(std::string_view key) const {
  std::optional<std::string> value = OptionalString(key);
  if (value && value->empty()) return std::nullopt;
  return value;
}

JsonFields JsonFields::Object(std::string_view key) const {
  return JsonFields(Require(key), PathOf(key), message_);
}

const nlohmann::json& JsonFields::Array(std::string_view key) const {
  const nlohmann::json& value = Require(key);
  if (!value.is_array()) Fail(PathOf(key) + " must be an array, not " + value.type_name());
  return value;
}

const nlohmann::json* JsonFields::OptionalArray(std::string_view key) const {
  if (Find(key) == nullptr) return nullptr;
  return &Array(key);
}

nlohmann::json ParseJsonBody(std::string_view body, const std::string& message) {
  try {
    return nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(message, sqlstate::kInvalidParameterValue,
                "the body is not valid JSON (byte " + std::to_string(e.byte) + " of " +
                    std::to_string(body.size()) + ")");
  }
}

MatchRows ParseMatch(const nlohmann::json& match) {
  const JsonFields root(match, "", kInvalidMatch);
  const JsonFields metadata = root.Object("metadata");
  const JsonFields info = root.Object("info");

  MatchRows rows;
  MatchRow& m = rows.match;
  m.match_id = metadata.NonEmptyString("matchId");
  m.platform = PlatformOf(info, m.match_id);
  m.game_id = info.Int64("gameId");
  m.queue_id = info.Int("queueId");
  m.game_mode = info.String("gameMode");
  m.game_type = info.String("gameType");
  m.game_version = info.String("gameVersion");
  m.map_id = info.Int("mapId");
  m.game_creation_ms = Timestamp(info, "gameCreation");
  m.game_start_ms = Timestamp(info, "gameStartTimestamp");
  m.game_end_ms = Timestamp(info, "gameEndTimestamp");
  m.duration_seconds = DurationSeconds(info);
  m.end_of_game_result = info.OptionalNonEmptyString("endOfGameResult");

  // metadata.participants leaves bots out, so it never lines up with info.participants.
  if (const nlohmann::json* puuids = metadata.OptionalArray("participants")) {
    const std::string path = metadata.PathOf("participants");
    for (std::size_t i = 0; i < puuids->size(); ++i) {
      if (!(*puuids)[i].is_string()) {
        metadata.Fail(JsonFields::ElementPath(path, i) + " must be a string, not " +
                      (*puuids)[i].type_name());
      }
      rows.metadata_puuids.push_back((*puuids)[i].get<std::string>());
    }
  }

  const std::string participants_path = info.PathOf("participants");
  const nlohmann::json& participants = info.Array("participants");
  rows.participants.reserve(participants.size());
  for (std::size_t i = 0; i < participants.size(); ++i) {
    const JsonFields participant(participants[i], JsonFields::ElementPath(participants_path, i),
                                 kInvalidMatch);
    rows.participants.push_back(ParseParticipant(participant, m.match_id));
  }
  m.winning_team = WinningTeam(info, rows.participants);
  return rows;
}

MatchRows ParseMatch(std::string_view body) {
  return ParseMatch(ParseJsonBody(body, kInvalidMatch));
}

}  // namespace riot
