// What the analyzer knows of a player, and its JSON form (riot._player_histories).
#include "analysis/player_history.hpp"

#include <algorithm>
#include <array>

#include "riot/json_fields.hpp"

namespace riot::analysis {

namespace {

constexpr const char* kInvalidHistory = "invalid player history";
constexpr int kSoloQueue = 420;
constexpr int kFlexQueue = 440;
constexpr double kPointsPerTier = 100;
constexpr double kPointsPerDivision = 25;
constexpr std::array<std::string_view, 10> kTiers = {
    "IRON",    "BRONZE",  "SILVER", "GOLD",        "PLATINUM",
    "EMERALD", "DIAMOND", "MASTER", "GRANDMASTER", "CHALLENGER"};
constexpr std::array<std::string_view, 4> kDivisions = {"IV", "III", "II", "I"};

double OptionalDouble(const JsonFields& fields, std::string_view key) {
  const nlohmann::json& object = fields.Json();
  const auto found = object.find(std::string(key));
  if (found == object.end() || found->is_null()) return 0;
  if (!found->is_number()) fields.Fail(fields.PathOf(key) + " must be a number");
  return found->get<double>();
}

Game ParseGame(const JsonFields& g) {
  Game game;
  game.start_ms = g.Int64("start_ms");
  game.queue_id = g.Int("queue");
  game.duration_s = g.Int("duration_s");
  game.win = g.Bool("win");
  game.kills = g.Int("kills");
  game.deaths = g.Int("deaths");
  game.assists = g.Int("assists");
  game.cs = g.Int("cs");
  game.vision_score = g.Int("vision");
  game.position = g.OptionalString("position").value_or("");
  game.lobby_kda = OptionalDouble(g, "lobby_kda");
  game.lobby_cspm = OptionalDouble(g, "lobby_cspm");
  game.damage_share = OptionalDouble(g, "damage_share");
  return game;
}

RankSnapshot ParseRank(const JsonFields& r) {
  RankSnapshot rank;
  rank.tier = r.OptionalString("tier").value_or("");
  rank.division = r.OptionalString("division").value_or("");
  rank.league_points = r.Int("lp");
  rank.wins = r.Int("wins");
  rank.losses = r.Int("losses");
  rank.observed_ms = r.Int64("observed_ms");
  return rank;
}

}  // namespace

PlayerHistory ParsePlayerHistory(const nlohmann::json& history) {
  const JsonFields root(history, "", kInvalidHistory);
  PlayerHistory parsed;
  parsed.summoner_level = root.OptionalInt("level");
  if (const nlohmann::json* games = root.OptionalArray("games")) {
    parsed.games.reserve(games->size());
    for (std::size_t i = 0; i < games->size(); ++i) {
      parsed.games.push_back(ParseGame(JsonFields(
          (*games)[i], JsonFields::ElementPath(root.PathOf("games"), i), kInvalidHistory)));
    }
  }
  if (const nlohmann::json* ranks = root.OptionalArray("ranks")) {
    for (std::size_t i = 0; i < ranks->size(); ++i) {
      parsed.ranks.push_back(ParseRank(JsonFields(
          (*ranks)[i], JsonFields::ElementPath(root.PathOf("ranks"), i), kInvalidHistory)));
    }
  }
  OrderHistory(parsed);  // whatever order the JSON had
  return parsed;
}

PlayerHistory ParsePlayerHistory(std::string_view body) {
  return ParsePlayerHistory(ParseJsonBody(body, kInvalidHistory));
}

void OrderHistory(PlayerHistory& history) {
  std::stable_sort(history.games.begin(), history.games.end(),
                   [](const Game& a, const Game& b) { return a.start_ms > b.start_ms; });
  std::stable_sort(
      history.ranks.begin(), history.ranks.end(),
      [](const RankSnapshot& a, const RankSnapshot& b) { return a.observed_ms < b.observed_ms; });
}

bool IsRankedQueue(int queue_id) { return queue_id == kSoloQueue || queue_id == kFlexQueue; }

double Kda(const Game& game) {
  return static_cast<double>(game.kills + game.assists) / std::max(game.deaths, 1);
}

int TierIndex(std::string_view tier) {
  const auto found = std::find(kTiers.begin(), kTiers.end(), tier);
  return found == kTiers.end() ? -1 : static_cast<int>(found - kTiers.begin());
}

double RankPoints(const RankSnapshot& rank) {
  const auto division = std::find(kDivisions.begin(), kDivisions.end(), rank.division);
  const int division_index =
      division == kDivisions.end() ? 0 : static_cast<int>(division - kDivisions.begin());
  return std::max(TierIndex(rank.tier), 0) * kPointsPerTier + division_index * kPointsPerDivision +
         rank.league_points;
}

}  // namespace riot::analysis
