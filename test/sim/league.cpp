// Replay a player's ranked games into tiers, divisions and LP.
#include "league.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "json_writer.hpp"
#include "random.hpp"

namespace riot {

namespace {

constexpr const char* kTiers[] = {"IRON",     "BRONZE",  "SILVER", "GOLD",
                                  "PLATINUM", "EMERALD", "DIAMOND"};
constexpr const char* kDivisions[] = {"IV", "III", "II", "I"};
constexpr int kTierPoints = 400;  // four divisions of 100 LP
constexpr int kMasterPoints = 7 * kTierPoints;
constexpr int kGrandmasterLp = 250;
constexpr int kChallengerLp = 600;
constexpr int kWinLp = 22;
constexpr int kLossLp = 20;
constexpr int kLpPullPer = 40;  // LP gains shrink (losses grow) by 1 per 40 points above skill
constexpr int kMinLpChange = 2;
constexpr int kMaxLpChange = 45;
constexpr int kVeteranGames = 100;
constexpr int kFreshBloodGames = 15;

// Start of the ranked season that contains `at_ms` (early January).
int64_t SeasonStart(int64_t at_ms) {
  for (int year = 2030; year >= 2020; --year) {
    const int64_t start = EpochMs(year, 1, 8);
    if (start <= at_ms) return start;
  }
  return 0;
}

std::string LeagueId(uint64_t seed) {
  Rng rng(seed);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(rng.Next()), static_cast<unsigned>(rng.Next() & 0xffff),
                static_cast<unsigned>(rng.Next() & 0xffff),
                static_cast<unsigned>(rng.Next() & 0xffff),
                static_cast<unsigned long long>(rng.Next() & 0xffffffffffffULL));
  return buffer;
}

LeagueEntry EntryFor(const PlayerRecord& player, int queue_id, int points, int wins, int losses,
                     bool hot) {
  LeagueEntry entry;
  entry.queue_type = queue_id == 420 ? "RANKED_SOLO_5x5" : "RANKED_FLEX_SR";
  points = std::max(0, points);
  if (points >= kMasterPoints) {
    entry.league_points = points - kMasterPoints;
    entry.tier = entry.league_points >= kChallengerLp    ? "CHALLENGER"
                 : entry.league_points >= kGrandmasterLp ? "GRANDMASTER"
                                                         : "MASTER";
    entry.rank = "I";
  } else {
    entry.tier = kTiers[points / kTierPoints];
    entry.rank = kDivisions[(points % kTierPoints) / 100];
    entry.league_points = points % 100;
  }
  entry.wins = wins;
  entry.losses = losses;
  entry.hot_streak = hot;
  entry.veteran = wins + losses >= kVeteranGames;
  entry.fresh_blood = wins + losses < kFreshBloodGames;
  entry.league_id = LeagueId(
      HashOf({player.platform, static_cast<uint64_t>(queue_id),
              std::hash<std::string>()(entry.tier), static_cast<uint64_t>(points / 1000)}));
  return entry;
}

}  // namespace

std::vector<LeagueEntry> LeagueEntries(const World& world, const PlayerRecord& player) {
  std::vector<LeagueEntry> entries;
  const int64_t season = SeasonStart(world.NowMs());
  for (const int queue_id : {420, 440}) {
    // Ordinary players start where their skill puts them; smurfs start low and climb.
    const int deserved = static_cast<int>(1300.0 + 520.0 * player.skill);
    int points = player.smurf ? kTierPoints + 50 : std::clamp(deserved, 0, kMasterPoints);
    int wins = 0, losses = 0, streak = 0;
    bool played_this_season = false;
    for (const uint32_t index : player.matches) {
      const MatchRecord& match = world.Match(index);
      if (match.queue_id != queue_id || !world.HasEnded(match) || match.flags != 0 ||
          match.replay >= 0)
        continue;
      const auto seat = std::find(match.players.begin(), match.players.end(), player.number) -
                        match.players.begin();
      const bool blue = static_cast<size_t>(seat) < match.players.size() / 2;
      const bool won = (match.winning_team == kBlueTeam) == blue;
      // Matchmaking pulls every player towards the rank their skill deserves.
      const int pull = (deserved - points) / kLpPullPer;
      points += won ? std::clamp(kWinLp + pull, kMinLpChange, kMaxLpChange)
                    : -std::clamp(kLossLp - pull, kMinLpChange, kMaxLpChange);
      points = std::max(0, points);
      streak = won ? std::max(1, streak + 1) : 0;
      if (match.start_ms >= season) {
        played_this_season = true;
        (won ? wins : losses) += 1;
      }
    }
    if (played_this_season)
      entries.push_back(EntryFor(player, queue_id, points, wins, losses, streak >= 3));
  }
  return entries;
}

std::string LeagueEntriesJson(const std::vector<LeagueEntry>& entries, const std::string& puuid) {
  std::string json;
  JsonWriter out(json);
  out.BeginArray();
  for (const LeagueEntry& entry : entries) {
    out.BeginObject()
        .Field("leagueId", entry.league_id)
        .Field("queueType", entry.queue_type)
        .Field("tier", entry.tier)
        .Field("rank", entry.rank)
        .Field("puuid", puuid)
        .IntField("leaguePoints", entry.league_points)
        .IntField("wins", entry.wins)
        .IntField("losses", entry.losses)
        .BoolField("veteran", entry.veteran)
        .BoolField("inactive", entry.inactive)
        .BoolField("freshBlood", entry.fresh_blood)
        .BoolField("hotStreak", entry.hot_streak)
        .EndObject();
  }
  out.EndArray();
  return json;
}

std::string ApexLeagueJson(const World& world, PlatformId platform, const std::string& queue_type,
                           const std::string& tier) {
  std::string json;
  JsonWriter out(json);
  out.BeginObject()
      .Field("tier", tier)
      .Field("leagueId", LeagueId(HashOf({platform, std::hash<std::string>()(queue_type),
                                          std::hash<std::string>()(tier)})))
      .Field("queue", queue_type)
      .Field("name", "Sim's " + tier.substr(0, 1) + tier.substr(1) + "s");
  out.Key("entries").BeginArray();
  for (const PlayerRecord& player : world.Players()) {
    if (player.platform != platform) continue;
    for (const LeagueEntry& entry : LeagueEntries(world, player)) {
      if (entry.queue_type != queue_type || entry.tier != tier) continue;
      out.BeginObject()
          .Field("puuid", player.puuid)
          .IntField("leaguePoints", entry.league_points)
          .Field("rank", entry.rank)
          .IntField("wins", entry.wins)
          .IntField("losses", entry.losses)
          .BoolField("veteran", entry.veteran)
          .BoolField("inactive", entry.inactive)
          .BoolField("freshBlood", entry.fresh_blood)
          .BoolField("hotStreak", entry.hot_streak)
          .EndObject();
    }
  }
  out.EndArray().EndObject();
  return json;
}

}  // namespace riot
