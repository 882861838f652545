// The generated world: determinism, the well-known players, Riot-shaped ids, overlapping
// histories over more than two years, no double-booked player, smurf and ban ground truth,
// ranks that move, and a clock that brings new games.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "json_shape.hpp"
#include "league.hpp"
#include "names.hpp"
#include "text.hpp"

namespace riot {
namespace {

const World& Shared() { return test::SmallWorld(); }

const PlayerRecord& Named(const World& world, std::string_view game_name) {
  for (const PlayerRecord& player : world.Players()) {
    if (player.game_name == game_name) return player;
  }
  throw std::logic_error("no such player");
}

bool Won(const MatchRecord& match, uint32_t player) {
  const auto seat = static_cast<size_t>(
      std::find(match.players.begin(), match.players.end(), player) - match.players.begin());
  return (match.winning_team == kBlueTeam) == (seat < match.players.size() / 2);
}

TEST(World, TheSameSeedBuildsTheSameWorldAndAnotherSeedAnotherOne) {
  WorldConfig config;
  config.players = 80;
  const World a(config), b(config);
  config.seed = 43;
  const World c(config);
  ASSERT_EQ(a.Players().size(), b.Players().size());
  ASSERT_EQ(a.MatchCount(), b.MatchCount());
  for (size_t i = 0; i < a.Players().size(); ++i) {
    EXPECT_EQ(a.Player(i).puuid, b.Player(i).puuid);
    EXPECT_EQ(a.Player(i).game_name, b.Player(i).game_name);
    EXPECT_EQ(a.Player(i).matches, b.Player(i).matches);
  }
  for (size_t i = 0; i < a.MatchCount(); i += 97)
    EXPECT_EQ(a.Match(i).MatchId(), b.Match(i).MatchId());
  EXPECT_NE(a.Player(20).puuid, c.Player(20).puuid);
  EXPECT_NE(a.Player(0).puuid, c.Player(0).puuid);
}

TEST(World, HideOnBushIsOnKrWithTheLongestHistoryOfMoreThanAThousandGames) {
  const World& world = Shared();
  const auto lock = world.ReadLock();
  const PlayerRecord* star = world.FindByRiotId("Hide on bush", "KR1");
  ASSERT_NE(star, nullptr);
  EXPECT_EQ(star->number, 0u);
  EXPECT_EQ(Platform(star->platform).host, "kr");
  const size_t count = world.EndedMatchCount(*star);
  EXPECT_GT(count, 1000u);
  for (const PlayerRecord& player : world.Players())
    EXPECT_LE(world.EndedMatchCount(player), count);
}

TEST(World, PuuidsHaveRiotsShapeAndRiotIdsAreUniqueAndVaried) {
  const World& world = Shared();
  std::set<std::string> puuids, riot_ids, platforms;
  int with_space = 0, non_ascii = 0;
  for (const PlayerRecord& player : world.Players()) {
    EXPECT_EQ(player.puuid.size(), 78u);
    EXPECT_EQ(player.puuid.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_TRUE(world.Cipher().IsValidPuuid(player.puuid));
    puuids.insert(player.puuid);
    riot_ids.insert(FoldCase(player.game_name + "#" + player.tag_line));
    platforms.insert(std::string(Platform(player.platform).host));
    const size_t length = CodePointCount(player.game_name);
    EXPECT_GE(length, 3u);
    EXPECT_LE(length, 16u);
    EXPECT_GE(CodePointCount(player.tag_line), 3u);
    EXPECT_LE(CodePointCount(player.tag_line), 5u);
    with_space += player.game_name.find(' ') != std::string::npos;
    non_ascii += std::any_of(player.game_name.begin(), player.game_name.end(),
                             [](char c) { return c & 0x80; });
  }
  EXPECT_EQ(puuids.size(), world.Players().size());
  EXPECT_EQ(riot_ids.size(), world.Players().size());
  for (const char* host : {"na1", "euw1", "kr", "jp1"}) EXPECT_TRUE(platforms.count(host)) << host;
  EXPECT_GT(with_space, 10);
  EXPECT_GT(non_ascii, 10);
}

TEST(World, ParticipantsAreWorldPlayersWhoShareTheMatchInTheirHistories) {
  const World& world = Shared();
  const auto lock = world.ReadLock();
  const PlayerRecord& star = *world.FindByRiotId("Hide on bush", "KR1");
  std::set<uint32_t> met;
  for (const uint32_t index : star.matches) {
    const MatchRecord& match = world.Match(index);
    for (const uint32_t other : match.players) {
      if (other == kBotPlayer || other == star.number) continue;
      met.insert(other);
      const auto& history = world.Player(other).matches;
      EXPECT_TRUE(std::find(history.begin(), history.end(), index) != history.end());
      EXPECT_EQ(world.Player(other).platform, star.platform);
    }
  }
  EXPECT_GT(met.size(), 30u);  // the star's games reach most of kr
}

TEST(World, HistoriesSpanMoreThanTwoYearsAndNobodyPlaysTwoGamesAtOnce) {
  const World& world = Shared();
  const auto lock = world.ReadLock();
  const PlayerRecord& star = *world.FindByRiotId("Hide on bush", "KR1");
  EXPECT_LT(world.Match(star.matches.front()).start_ms,
            world.NowMs() - int64_t{2} * 365 * kMsPerDay);
  for (const PlayerRecord& player : world.Players()) {
    for (size_t i = 1; i < player.matches.size(); ++i) {
      const MatchRecord& before = world.Match(player.matches[i - 1]);
      const MatchRecord& after = world.Match(player.matches[i]);
      ASSERT_LE(before.EndMs(), after.start_ms)
          << player.game_name << " " << before.MatchId() << " " << after.MatchId();
    }
  }
}

TEST(World, QueuesCoverRankedNormalsAramArenaBotsAndSwarm) {
  const World& world = Shared();
  std::set<int> queues;
  int aborted = 0;
  for (size_t i = 0; i < world.MatchCount(); ++i) {
    queues.insert(world.Match(i).queue_id);
    aborted += (world.Match(i).flags & kMatchAborted) != 0;
  }
  for (const int queue : {420, 440, 400, 450, 1700, 480, 490})
    EXPECT_TRUE(queues.count(queue)) << queue;
  EXPECT_TRUE(queues.count(850) || queues.count(870));
  EXPECT_TRUE(queues.count(1810));
  EXPECT_GT(aborted, 0);
}

TEST(World, SmurfsAreNewLowLevelAccountsThatWinMoreAndClimbFast) {
  WorldConfig config;
  config.players = 400;
  config.smurf_share = 0.1;
  const World world(config);
  int smurfs = 0, smurf_wins = 0, smurf_games = 0, other_wins = 0, other_games = 0;
  int climbed = 0, ranked_smurfs = 0;
  std::vector<int> smurf_levels, other_levels;
  for (const PlayerRecord& player : world.Players()) {
    int wins = 0, games = 0;
    for (const uint32_t index : player.matches) {
      const MatchRecord& match = world.Match(index);
      if (match.players.size() != 10 || match.queue_id == 850 || match.queue_id == 870) continue;
      wins += Won(match, player.number);
      ++games;
    }
    const int level = world.SummonerLevel(player, world.EndedMatchCount(player));
    if (player.smurf) {
      ++smurfs;
      smurf_wins += wins;
      smurf_games += games;
      smurf_levels.push_back(level);
      EXPECT_GT(player.created_ms, world.NowMs() - 200 * kMsPerDay);
      const auto entries = LeagueEntries(world, player);
      for (const LeagueEntry& entry : entries) {
        if (entry.queue_type != "RANKED_SOLO_5x5" || entry.wins + entry.losses < 30) continue;
        ++ranked_smurfs;
        const std::set<std::string> low = {"IRON", "BRONZE", "SILVER"};
        climbed += low.count(entry.tier) == 0;  // they start in Bronze
      }
    } else {
      other_wins += wins;
      other_games += games;
      other_levels.push_back(level);
    }
  }
  ASSERT_GT(smurfs, 10);
  EXPECT_GT(double(smurf_wins) / smurf_games, 0.58);
  EXPECT_NEAR(double(other_wins) / other_games, 0.5, 0.05);
  std::sort(smurf_levels.begin(), smurf_levels.end());
  std::sort(other_levels.begin(), other_levels.end());
  EXPECT_LT(smurf_levels[smurf_levels.size() / 2], other_levels[other_levels.size() / 2]);
  ASSERT_GT(ranked_smurfs, 3);
  EXPECT_GT(climbed, ranked_smurfs * 3 / 4);
}

TEST(World, BansAreGroundTruthThatTakesEffectWhenTheClockPassesThem) {
  WorldConfig config;
  config.players = 300;
  World world(config);
  int banned_now = 0, banned_later = 0;
  for (const PlayerRecord& player : world.Players()) {
    if (player.banned_ms == kNever) continue;
    (world.IsBanned(player) ? banned_now : banned_later) += 1;
    for (const uint32_t index : player.matches)
      EXPECT_LT(world.Match(index).start_ms, player.banned_ms);
  }
  EXPECT_GT(banned_now, 0);
  EXPECT_GT(banned_later, 0);
  const PlayerRecord& later = Named(world, "Ban Me Later");
  EXPECT_FALSE(world.IsBanned(later));
  world.Advance(int64_t{2} * 86400);
  const auto lock = world.ReadLock();
  EXPECT_TRUE(world.IsBanned(later));
}

TEST(World, AdvancingTheClockBringsNewGamesAndMovesRanks) {
  WorldConfig config;
  config.players = 120;
  World world(config);
  const PlayerRecord& star = Named(world, "Hide on bush");
  const size_t before = world.EndedMatchCount(star);
  auto ranked_games = [&] {
    int games = 0;
    for (const LeagueEntry& entry : LeagueEntries(world, star)) games += entry.wins + entry.losses;
    return games;
  };
  const int ranked_before = ranked_games();
  world.Advance(int64_t{30} * 86400);
  const auto lock = world.ReadLock();
  EXPECT_GT(world.EndedMatchCount(star), before + 10);
  EXPECT_GT(ranked_games(), ranked_before);
}

TEST(World, AdvancingInStepsOrAtOnceGivesTheSameHistory) {
  WorldConfig config;
  config.players = 60;
  World stepped(config), jumped(config);
  for (int i = 0; i < 5; ++i) stepped.Advance(86400);
  jumped.Advance(int64_t{5} * 86400);
  ASSERT_EQ(stepped.MatchCount(), jumped.MatchCount());
  for (size_t p = 0; p < stepped.Players().size(); ++p) {
    const auto& a = stepped.Player(p).matches;
    const auto& b = jumped.Player(p).matches;
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i)
      ASSERT_EQ(stepped.Match(a[i]).MatchId(), jumped.Match(b[i]).MatchId());
  }
}

}  // namespace
}  // namespace riot

namespace riot {
namespace {

TEST(World, HistoriesReachBackToPatch12WithItsOldPayloads) {
  const World& world = Shared();
  const auto lock = world.ReadLock();
  const PlayerRecord& star = *world.FindByRiotId("Hide on bush", "KR1");
  const MatchRecord& first = world.Match(star.matches.front());
  EXPECT_TRUE(PatchAt(first.start_ms).Before(12, 3)) << first.MatchId();
}

}  // namespace
}  // namespace riot
