// dota-sim: its world, its payloads read by pg_riot's own OpenDota and Dotabuff parsers and
// held against the keys of the real responses, OpenDota's limits and errors, and replays.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dota/dota_entity_rows.hpp"
#include "dota/dota_match_rows.hpp"
#include "dota/dota_payloads.hpp"
#include "dota/dota_sim_api.hpp"
#include "dota/dotabuff_team_page.hpp"
#include "dota/opendota_rate_headers.hpp"
#include "engine/error.hpp"

namespace riot::dota_sim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* const kFixtures = OPENDOTA_FIXTURES_DIR;
constexpr int64_t kStart = 1764547200;  // 2025-12-01 00:00:00 UTC, the start of a minute and a day

DotaSimApi MakeApi(DotaSimConfig config = {}, Replays replays = {}) {
  config.start_time = kStart;
  return DotaSimApi(DotaWorld(WorldConfig{}), std::move(replays), config);
}

SimResponse Get(DotaSimApi& api, const std::string& path,
                std::map<std::string, std::string> params = {}) {
  SimRequest request;
  request.path = path;
  request.params = std::move(params);
  return api.Handle(request);
}

std::string Header(const SimResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "(none)";
}

std::string Read(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(DotaWorld, FollowsFromItsSeedAlone) {
  EXPECT_EQ(TeamsTruthJson(DotaWorld(WorldConfig{})), TeamsTruthJson(DotaWorld(WorldConfig{})));
  WorldConfig other;
  other.seed = 7;
  EXPECT_NE(TeamsTruthJson(DotaWorld(WorldConfig{})), TeamsTruthJson(DotaWorld(other)));
  const DotaWorld world{WorldConfig{}};
  EXPECT_GT(world.Matches().begin()->first, int64_t{1} << 32);
  bool amateur = false;
  for (const auto& [id, league] : world.Leagues()) amateur = amateur || !league.Covered();
  EXPECT_TRUE(amateur);
}

TEST(DotaSimPayloads, EveryMatchParsesWithTenSlotsAndItsTeams) {
  const DotaWorld world{WorldConfig{}};
  int anonymous = 0;
  int old_shape = 0;
  for (const auto& [id, match] : world.Matches()) {
    const dota::DotaMatchRows rows = dota::ParseDotaMatch(MatchJson(world, match));
    EXPECT_EQ(rows.match.match_id, id);
    ASSERT_EQ(rows.players.size(), 10U);
    EXPECT_EQ(rows.match.parsed, match.parsed);
    EXPECT_EQ(rows.match.league_id, match.league_id);
    const bool radiant_known = match.modern || world.Teams().at(match.radiant_team_id).in_opendota;
    EXPECT_EQ(rows.match.radiant_team_id.has_value(), radiant_known);
    if (radiant_known) {
      EXPECT_EQ(*rows.match.radiant_team_id, match.radiant_team_id);
    }
    for (const auto& slot : rows.players) anonymous += slot.account_id ? 0 : 1;
    old_shape += match.modern ? 0 : 1;
  }
  EXPECT_GT(anonymous, 0) << "the world has players who hide their data";
  EXPECT_GT(old_shape, 0) << "and matches in the 2017-2018 shape";
}

// Every key dota-sim sends is one a real response has (here or in another era's fixture).
TEST(DotaSimPayloads, SendOnlyKeysTheRealResponsesHave) {
  if (!fs::exists(fs::path(kFixtures) / "matches"))
    GTEST_SKIP() << "no OpenDota fixtures at " << kFixtures;
  std::set<std::string> real_match_keys;
  std::set<std::string> real_player_keys;
  for (const auto& entry : fs::directory_iterator(fs::path(kFixtures) / "matches")) {
    if (entry.path().extension() != ".json") continue;
    const json real = json::parse(Read(entry.path()));
    for (const auto& [key, value] : real.items()) real_match_keys.insert(key);
    for (const auto& player : real["players"]) {
      for (const auto& [key, value] : player.items()) real_player_keys.insert(key);
    }
  }
  const DotaWorld world{WorldConfig{}};
  for (const auto& [id, match] : world.Matches()) {
    const json sent = json::parse(MatchJson(world, match));
    for (const auto& [key, value] : sent.items()) EXPECT_TRUE(real_match_keys.count(key)) << key;
    for (const auto& [key, value] : sent["players"][0].items()) {
      EXPECT_TRUE(real_player_keys.count(key)) << "players[]." << key;
    }
  }
  const json player = json::parse(PlayerJson(world.Accounts().begin()->second));
  const json real_player = json::parse(Read(fs::path(kFixtures) / "players/40927904.json"));
  for (const auto& [key, value] : player["profile"].items()) {
    EXPECT_TRUE(real_player["profile"].contains(key)) << "profile." << key;
  }
}

TEST(DotaSimLimits, KeylessPerUtcMinuteAndDayWithNegativeRemainingCounts) {
  DotaSimConfig config;
  config.limits.keyless_per_minute = 3;
  config.limits.keyless_per_day = 5;
  DotaSimApi api = MakeApi(config);
  const std::string match =
      "/api/matches/" + std::to_string(DotaWorld(WorldConfig{}).Matches().begin()->first);
  for (int i = 0; i < 3; ++i) {
    const SimResponse ok = Get(api, match);
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(Header(ok, "X-Rate-Limit-Remaining-Minute"), std::to_string(2 - i));
    EXPECT_EQ(Header(ok, "X-Rate-Limit-Remaining-Day"), std::to_string(4 - i));
  }
  const SimResponse refused = Get(api, "/api/matches/1");  // a 404 would count too
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.body, R"({"error":"minute rate limit exceeded"})");
  EXPECT_EQ(Header(refused, "X-Rate-Limit-Remaining-Minute"), "-1");
  EXPECT_EQ(Header(refused, "Retry-After"), "(none)");
  EXPECT_EQ(dota::ParseOpenDotaRemaining(refused.headers).minute, -1);  // what pg_riot reads
  EXPECT_EQ(dota::RefusedWindow(refused.body), dota::OpenDotaWindow::kMinute);
  EXPECT_EQ(Get(api, "/api/metadata").headers.size(), 0U);  // exempt, no headers
  SimRequest advance;
  advance.method = "POST";
  advance.path = "/__sim/advance";
  advance.params = {{"seconds", "60"}};
  api.Handle(advance);  // the next UTC minute
  EXPECT_EQ(Get(api, match).status, 200);
  const SimResponse daily = Get(api, match);
  EXPECT_EQ(daily.status, 429);
  EXPECT_EQ(daily.body, R"({"error":"daily api limit exceeded"})");
  EXPECT_EQ(dota::RefusedWindow(daily.body), dota::OpenDotaWindow::kDay);
  EXPECT_EQ(dota::ParseOpenDotaRemaining(daily.headers).day, -1);
  EXPECT_EQ(json::parse(Get(api, "/__sim/stats").body)["violations"], 2);
}

TEST(DotaSimLimits, AKeyHasItsOwnMinuteAndNoDailyCap) {
  DotaSimConfig config;
  config.limits.keyless_per_minute = 1;
  config.limits.keyed_per_minute = 2;
  DotaSimApi api = MakeApi(config);
  const std::map<std::string, std::string> key = {{"api_key", config.api_key}};
  EXPECT_EQ(Header(Get(api, "/api/players/1", key), "X-Rate-Limit-Remaining-Day"), "(none)");
  EXPECT_EQ(Get(api, "/api/players/1", key).status, 404);
  EXPECT_EQ(Get(api, "/api/players/1", key).status, 429);
  EXPECT_EQ(Get(api, "/api/players/1").status, 404);  // keyless is another caller
  EXPECT_EQ(Get(api, "/api/players/1", {{"api_key", "not-a-uuid"}}).body,
            R"({"error":"Invalid API key format"})");
  EXPECT_EQ(
      Get(api, "/api/players/1", {{"api_key", "11111111-1111-4111-8111-111111111111"}}).status,
      400);
}

TEST(DotaSimErrors, AsOpenDotaAnswersThem) {
  DotaSimConfig config;
  config.limits.enabled = false;
  DotaSimApi api = MakeApi(config);
  EXPECT_EQ(Get(api, "/api/matches/123").body, R"({"error":"Not Found"})");
  EXPECT_EQ(Get(api, "/api/matches/abc").status, 404);
  EXPECT_EQ(Get(api, "/api/players/abc").body, R"({"error":"invalid account id"})");
  EXPECT_EQ(Get(api, "/api/teams/1.5/matches").body, R"({"error":"invalid team id"})");
  const SimResponse team = Get(api, "/api/teams/42");
  EXPECT_EQ(team.status, 200);  // an unknown team: 200 with an empty body
  EXPECT_EQ(team.body, "");
  EXPECT_FALSE(dota::ParseDotaTeam(team.body).has_value());
  EXPECT_EQ(Get(api, "/api/leagues/42").body, "");
  EXPECT_EQ(Get(api, "/api/teams/42/matches").body, "[]");
  EXPECT_EQ(Get(api, "/api/players/42/wl").body, R"({"win":0,"lose":0})");
}

TEST(DotaSimImport, OpenDotaCoversProLeaguesAndMatchIdsCoverEveryLeague) {
  DotaSimConfig config;
  config.limits.enabled = false;
  DotaSimApi api = MakeApi(config);
  const DotaWorld world{WorldConfig{}};
  for (const auto& [league_id, league] : world.Leagues()) {
    const std::string ids =
        Get(api, "/api/leagues/" + std::to_string(league_id) + "/matchIds").body;
    EXPECT_EQ(dota::ParseLeagueMatchIds(ids).size(), world.LeagueMatches(league_id).size());
    const json pro =
        json::parse(Get(api, "/api/leagues/" + std::to_string(league_id) + "/matches").body);
    EXPECT_EQ(pro.empty(), !league.Covered()) << league.name;
    EXPECT_EQ(
        dota::ParseDotaLeague(Get(api, "/api/leagues/" + std::to_string(league_id)).body)->tier,
        league.tier);
  }
  for (const auto& [team_id, team] : world.Teams()) {
    const std::vector<long long> listed = dota::ParseTeamMatchIds(
        Get(api, "/api/teams/" + std::to_string(team_id) + "/matches").body, std::nullopt);
    for (const long long id : listed) {
      EXPECT_TRUE(world.Leagues().at(world.Matches().at(id).league_id).Covered());
    }
    // Dotabuff lists them all, 20 a page, and pg_riot's parser reads them back.
    std::vector<long long> paged;
    for (int page = 1;; ++page) {
      const SimResponse html =
          Get(api, "/esports/teams/" + std::to_string(team_id) + "-slug/matches",
              {{"page", std::to_string(page)}});
      ASSERT_EQ(html.status, 200);
      const dota::DotabuffTeamPage parsed = dota::ParseDotabuffTeamPage(html.body);
      EXPECT_EQ(parsed.team_name, team.name);
      for (const auto& match : parsed.matches) paged.push_back(match.match_id);
      if (!parsed.has_next_page) break;
    }
    std::vector<long long> truth;
    for (const SimMatch* m : world.TeamMatches(team_id, std::nullopt)) truth.push_back(m->match_id);
    EXPECT_EQ(paged, truth) << team.name;
  }
  SimRequest challenge;
  challenge.method = "POST";
  challenge.path = "/__sim/dotabuff";
  challenge.params = {{"challenge", "1"}};
  api.Handle(challenge);
  const SimResponse blocked =
      Get(api, "/esports/teams/" + std::to_string(world.Teams().begin()->first) + "/matches");
  EXPECT_THROW(dota::ParseDotabuffTeamPage(blocked.body), Error);
}

TEST(DotaSimMatches, AnUnparsedMatchBecomesParsed) {
  DotaSimConfig config;
  config.limits.enabled = false;
  DotaSimApi api = MakeApi(config);
  const DotaWorld world{WorldConfig{}};
  const SimMatch* later = nullptr;
  const SimMatch* never = nullptr;
  for (const auto& [id, m] : world.Matches()) {
    if (m.parses_later && later == nullptr) later = &m;
    if (!m.parsed && !m.parses_later && never == nullptr) never = &m;
  }
  ASSERT_TRUE(later != nullptr && never != nullptr);
  const std::string path = "/api/matches/" + std::to_string(later->match_id);
  EXPECT_FALSE(dota::ParseDotaMatch(Get(api, path).body).match.parsed);
  EXPECT_TRUE(dota::ParseDotaMatch(Get(api, path).body).match.parsed);  // on its second fetch
  const std::string other = "/api/matches/" + std::to_string(never->match_id);
  EXPECT_FALSE(dota::ParseDotaMatch(Get(api, other).body).match.parsed);
  SimRequest parse;
  parse.method = "POST";
  parse.path = "/__sim/parse";
  parse.params = {{"match_id", std::to_string(never->match_id)}};
  EXPECT_EQ(api.Handle(parse).status, 200);
  EXPECT_TRUE(dota::ParseDotaMatch(Get(api, other).body).match.parsed);
}

TEST(DotaSimReplay, ServesRealPayloadsAsRecordedUnparsedFirst) {
  if (!fs::exists(fs::path(kFixtures) / "matches"))
    GTEST_SKIP() << "no OpenDota fixtures at " << kFixtures;
  DotaSimConfig config;
  config.limits.enabled = false;
  DotaSimApi api = MakeApi(config, LoadReplays(kFixtures));
  const SimResponse first = Get(api, "/api/matches/8054301932");
  EXPECT_EQ(first.body, Read(fs::path(kFixtures) / "matches/8054301932.unparsed.json"));
  EXPECT_EQ(Get(api, "/api/matches/8054301932").body,
            Read(fs::path(kFixtures) / "matches/8054301932.parsed.json"));
  EXPECT_EQ(Get(api, "/api/matches/4080856812").body,
            Read(fs::path(kFixtures) / "matches/4080856812.json"));
  EXPECT_EQ(Get(api, "/api/players/40927904").body,
            Read(fs::path(kFixtures) / "players/40927904.json"));
  EXPECT_EQ(Get(api, "/api/players/40927904/wl").body,
            Read(fs::path(kFixtures) / "players/40927904.wl.json"));
  // The generated world is still there beside the replays.
  const int64_t generated = DotaWorld(WorldConfig{}).Matches().begin()->first;
  EXPECT_EQ(Get(api, "/api/matches/" + std::to_string(generated)).status, 200);
}

}  // namespace
}  // namespace riot::dota_sim
