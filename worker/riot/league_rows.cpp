// league-v4 entries, summoner-v4 and account-v1 JSON to typed rows for riot.player_ranks and
// riot.players, and back to the row JSON the store functions read.
#include "riot/league_rows.hpp"

#include "engine/error.hpp"
#include "riot/json_fields.hpp"

namespace riot {

namespace {

constexpr const char* kInvalidLeagueEntries = "invalid league entries payload";
constexpr const char* kInvalidSummoner = "invalid summoner payload";
constexpr const char* kInvalidAccount = "invalid account payload";

// Build a rank row from one LeagueEntryDTO; miniSeries, leagueId and summonerId are ignored.
RankRow ParseLeagueEntry(const JsonFields& entry) {
  RankRow row;
  row.queue_type = entry.NonEmptyString("queueType");
  row.tier = entry.OptionalString("tier").value_or("");
  row.division = entry.OptionalString("rank").value_or("");
  row.league_points = entry.Int("leaguePoints");
  row.wins = entry.Int("wins");
  row.losses = entry.Int("losses");
  row.hot_streak = entry.Bool("hotStreak");
  row.veteran = entry.Bool("veteran");
  row.fresh_blood = entry.Bool("freshBlood");
  row.inactive = entry.Bool("inactive");
  return row;
}

}  // namespace

std::vector<RankRow> ParseLeagueEntries(const nlohmann::json& entries) {
  if (!entries.is_array()) {
    throw Error(kInvalidLeagueEntries, sqlstate::kInvalidParameterValue,
                std::string("the payload must be an array, not ") + entries.type_name());
  }
  std::vector<RankRow> rows;
  rows.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    rows.push_back(ParseLeagueEntry(
        JsonFields(entries[i], JsonFields::ElementPath("", i), kInvalidLeagueEntries)));
  }
  return rows;
}

std::vector<RankRow> ParseLeagueEntries(std::string_view body) {
  return ParseLeagueEntries(ParseJsonBody(body, kInvalidLeagueEntries));
}

SummonerRow ParseSummoner(const nlohmann::json& summoner) {
  const JsonFields fields(summoner, "", kInvalidSummoner);
  SummonerRow row;
  row.puuid = fields.NonEmptyString("puuid");
  row.summoner_level = fields.Int64("summonerLevel");
  row.profile_icon_id = fields.Int("profileIconId");
  row.revision_date_ms = fields.Int64("revisionDate");
  return row;
}

SummonerRow ParseSummoner(std::string_view body) {
  return ParseSummoner(ParseJsonBody(body, kInvalidSummoner));
}

AccountRow ParseAccount(const nlohmann::json& account) {
  const JsonFields fields(account, "", kInvalidAccount);
  AccountRow row;
  row.puuid = fields.NonEmptyString("puuid");
  row.game_name = fields.OptionalNonEmptyString("gameName");
  row.tag_line = fields.OptionalNonEmptyString("tagLine");
  return row;
}

AccountRow ParseAccount(std::string_view body) {
  return ParseAccount(ParseJsonBody(body, kInvalidAccount));
}

nlohmann::json EncodeRankRows(const std::vector<RankRow>& ranks) {
  nlohmann::json rows = nlohmann::json::array();
  for (const RankRow& rank : ranks) {
    rows.push_back({{"queue_type", rank.queue_type},
                    {"tier", rank.tier},
                    {"division", rank.division},
                    {"league_points", rank.league_points},
                    {"wins", rank.wins},
                    {"losses", rank.losses},
                    {"hot_streak", rank.hot_streak},
                    {"veteran", rank.veteran},
                    {"fresh_blood", rank.fresh_blood},
                    {"inactive", rank.inactive}});
  }
  return rows;
}

nlohmann::json EncodeSummonerRow(const SummonerRow& summoner) {
  return {{"summoner_level", summoner.summoner_level},
          {"profile_icon_id", summoner.profile_icon_id},
          {"revision_date_ms", summoner.revision_date_ms}};
}

}  // namespace riot
