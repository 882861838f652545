// match-v5 MatchDto JSON to typed rows for riot.matches and riot.match_participants, and back
// to the row JSON riot._store_match reads.
#include "riot/match_rows.hpp"

#include <cctype>
#include <cmath>
#include <ctime>
#include <limits>
#include <utility>

#include "engine/error.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

constexpr const char* kInvalidMatch = "invalid match payload";
constexpr const char* kInvalidIds = "invalid match ids payload";
constexpr std::string_view kBotPuuid = "BOT";  // every Co-op vs AI bot's puuid
constexpr long long kMillisecondsPerSecond = 1000;

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

// Epoch milliseconds, or nullopt when absent or 0 (aborted games report 0); a negative time, or
// one beyond the year 9999 that PostgreSQL cannot read back in ISO form, is refused.
std::optional<long long> Timestamp(const JsonFields& info, std::string_view key) {
  constexpr long long kLastMillisecond = 253402300799999;  // 9999-12-31T23:59:59.999Z
  const std::optional<long long> value = info.OptionalInt64(key);
  if (!value || *value == 0) return std::nullopt;
  if (*value < 0 || *value > kLastMillisecond) {
    info.Fail(info.PathOf(key) + " is out of range: " + std::to_string(*value));
  }
  return value;
}

// Read gameDuration in seconds: milliseconds before 11.20, where gameEndTimestamp is absent.
long long DurationSeconds(const JsonFields& info) {
  const long long duration = info.Int64("gameDuration");
  if (info.OptionalInt64("gameEndTimestamp")) return duration;
  // Round to the nearest second; adding half a second first would overflow near the maximum.
  return duration / kMillisecondsPerSecond +
         (duration % kMillisecondsPerSecond >= kMillisecondsPerSecond / 2 ? 1 : 0);
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
  // Each count fits an int; their sum need not.
  const long long cs =
      static_cast<long long>(p.Int("totalMinionsKilled")) + p.Int("neutralMinionsKilled");
  if (cs < std::numeric_limits<int>::min() || cs > std::numeric_limits<int>::max()) {
    p.Fail(p.PathOf("totalMinionsKilled") +
           " + neutralMinionsKilled is out of range: " + std::to_string(cs));
  }
  row.cs = static_cast<int>(cs);
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

// Epoch milliseconds as an ISO 8601 UTC timestamp PostgreSQL reads; null when absent.
nlohmann::json IsoTimestamp(const std::optional<long long>& epoch_ms) {
  if (!epoch_ms) return nullptr;
  const std::time_t seconds = static_cast<std::time_t>(*epoch_ms / kMillisecondsPerSecond);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const size_t length = std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
  return std::string(text, length) + "." +
         std::to_string(kMillisecondsPerSecond + *epoch_ms % kMillisecondsPerSecond).substr(1) +
         "Z";
}

}  // namespace

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

std::vector<std::string> ParseMatchIds(const nlohmann::json& page) {
  if (!page.is_array()) {
    throw Error(kInvalidIds, sqlstate::kInvalidParameterValue,
                std::string("the payload must be an array, not ") + page.type_name());
  }
  std::vector<std::string> ids;
  ids.reserve(page.size());
  for (std::size_t i = 0; i < page.size(); ++i) {
    if (!page[i].is_string()) {
      throw Error(kInvalidIds, sqlstate::kInvalidParameterValue,
                  JsonFields::ElementPath("", i) + " must be a string, not " + page[i].type_name());
    }
    ids.push_back(page[i].get<std::string>());
  }
  return ids;
}

std::vector<std::string> ParseMatchIds(std::string_view body) {
  return ParseMatchIds(ParseJsonBody(body, kInvalidIds));
}

nlohmann::json EncodeMatchRow(const MatchRow& m) {
  return {{"match_id", m.match_id},
          {"platform", m.platform},
          {"game_id", m.game_id},
          {"queue_id", m.queue_id},
          {"game_mode", m.game_mode},
          {"game_type", m.game_type},
          {"game_version", m.game_version},
          {"map_id", m.map_id},
          {"game_creation", IsoTimestamp(m.game_creation_ms)},
          {"game_start", IsoTimestamp(m.game_start_ms)},
          {"game_end", IsoTimestamp(m.game_end_ms)},
          {"duration_seconds", m.duration_seconds},
          {"winning_team", OrNull(m.winning_team)},
          {"end_of_game_result", OrNull(m.end_of_game_result)}};
}

nlohmann::json EncodeParticipantRows(const std::vector<ParticipantRow>& participants) {
  nlohmann::json rows = nlohmann::json::array();
  for (const ParticipantRow& p : participants) {
    rows.push_back({{"match_id", p.match_id},
                    {"puuid", p.puuid},
                    {"participant_id", p.participant_id},
                    {"is_bot", p.is_bot},
                    {"riot_id_game_name", OrNull(p.riot_id_game_name)},
                    {"riot_id_tagline", OrNull(p.riot_id_tagline)},
                    {"champion_id", p.champion_id},
                    {"champion_name", p.champion_name},
                    {"team_id", p.team_id},
                    {"subteam_id", OrNull(p.subteam_id)},
                    {"placement", OrNull(p.placement)},
                    {"team_position", OrNull(p.team_position)},
                    {"kills", p.kills},
                    {"deaths", p.deaths},
                    {"assists", p.assists},
                    {"cs", p.cs},
                    {"gold_earned", p.gold_earned},
                    {"damage_to_champions", p.damage_to_champions},
                    {"damage_taken", p.damage_taken},
                    {"vision_score", p.vision_score},
                    {"champion_level", p.champion_level},
                    {"items", p.items},
                    {"win", p.win}});
  }
  return rows;
}

}  // namespace riot
