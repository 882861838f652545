// The Riot endpoints and /__sim/ control endpoints through SimApi, without HTTP: auth errors,
// 400/404 paths, routing by region and platform, percent-decoding, case-insensitive Riot IDs,
// query parameters, bans, rate limits on a fake clock, faults, and replayed real payloads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "json_shape.hpp"
#include "sim_api.hpp"
#include "text.hpp"

namespace riot {
namespace {

class FakeClock : public Clock {
 public:
  double NowSeconds() const override { return now; }
  double now = 50.0;
};

std::string Header(const ApiResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

// A world of its own (tests advance its clock) with an API in front of it.
class Api : public ::testing::Test {
 protected:
  explicit Api(LimiterConfig limits = *LimiterPreset("none"), FaultConfig faults = FaultConfig(),
               std::optional<ReplayStore> replays = std::nullopt)
      : world_(Config(), std::move(replays)),
        limiter_(std::move(limits), clock_),
        faults_(faults),
        cache_(size_t{64} << 20),
        api_(world_, limiter_, faults_, stats_, cache_) {}

  static WorldConfig Config() {
    WorldConfig config;
    config.players = 400;
    config.seed = 11;
    return config;
  }

  ApiResponse Get(const std::string& target, const char* key = "RGAPI-sim") {
    ApiRequest request;
    request.target = target;
    if (key) {
      request.api_key = key;
      request.has_api_key = true;
    }
    return api_.Handle(request);
  }

  ApiResponse Post(const std::string& target) {
    ApiRequest request;
    request.method = "POST";
    request.target = target;
    return api_.Handle(request);
  }

  nlohmann::json GetJson(const std::string& target) {
    const ApiResponse response = Get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    return nlohmann::json::parse(response.body);
  }

  const PlayerRecord& Named(std::string_view game_name) {
    for (const PlayerRecord& player : world_.Players()) {
      if (player.game_name == game_name) return player;
    }
    throw std::logic_error("no such player");
  }

  std::string AccountPath(std::string_view region, std::string_view name, std::string_view tag) {
    return "/" + std::string(region) + "/riot/account/v1/accounts/by-riot-id/" +
           PercentEncode(name) + "/" + PercentEncode(tag);
  }

  FakeClock clock_;
  World world_;
  RateLimiter limiter_;
  FaultInjector faults_;
  SimStats stats_;
  ResponseCache cache_;
  SimApi api_;
};

TEST_F(Api, MissingKeyIs401AndWrongKeyIs403WithRiotsErrorBody) {
  const ApiResponse missing = Get(AccountPath("asia", "Hide on bush", "KR1"), nullptr);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.body, R"({"status":{"message":"Unauthorized","status_code":401}})");
  const ApiResponse wrong = Get(AccountPath("asia", "Hide on bush", "KR1"), "RGAPI-other");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.body, R"({"status":{"message":"Forbidden","status_code":403}})");
}

TEST_F(Api, RiotIdLookupIsCaseInsensitiveOnEveryAccountRegionAndReturnsTheStoredCasing) {
  for (const char* region : {"americas", "asia", "europe"}) {
    const auto account = GetJson(AccountPath(region, "hIDE ON BUSH", "kr1"));
    EXPECT_EQ(account["gameName"], "Hide on bush");
    EXPECT_EQ(account["tagLine"], "KR1");
    EXPECT_EQ(account["puuid"], Named("Hide on bush").puuid);
  }
  EXPECT_EQ(Get(AccountPath("sea", "Hide on bush", "KR1")).status, 403);  // account-v1 has no sea
}

TEST_F(Api, RiotIdsWithSpacesAndNonLatinLettersArePercentDecoded) {
  EXPECT_EQ(GetJson(AccountPath("asia", "달빛 소나타", "KR 1"))["gameName"], "달빛 소나타");
  EXPECT_EQ(GetJson(AccountPath("asia", "ゆめかわいい", "jp1"))["tagLine"], "JP1");
  EXPECT_EQ(GetJson(AccountPath("europe", "BJÖRN JÄRNSIDA", "euw"))["gameName"], "Björn Järnsida");
  EXPECT_EQ(GetJson("/asia/riot/account/v1/accounts/by-riot-id/Hide%20on%20bush/KR1")["tagLine"],
            "KR1");
}

TEST_F(Api, UnknownRiotIdIs404EchoingTheId) {
  const ApiResponse response = Get(AccountPath("asia", "nobody here", "xyz"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(nlohmann::json::parse(response.body)["status"]["message"],
            "Data not found - No results found for player with riot id nobody here#xyz");
  // Double encoding is not decoded twice: the literal %20 is part of the name.
  EXPECT_EQ(Get("/asia/riot/account/v1/accounts/by-riot-id/Hide%2520on%2520bush/KR1").status, 404);
}

TEST_F(Api, MalformedOrForeignPuuidsAre400ExceptionDecrypting) {
  const std::string foreign =
      "6GgoMkABlqymeINn7Xb9G8FloSgC2A4w38f7IpcFnTugqOU_j58WpgdBcu6F63ymNkXlicng4fQvsw";
  const std::string paths[] = {
      "/asia/riot/account/v1/accounts/by-puuid/", "/asia/lol/match/v5/matches/by-puuid/",
      "/kr/lol/league/v4/entries/by-puuid/", "/kr/lol/summoner/v4/summoners/by-puuid/"};
  for (const std::string& path : paths) {
    for (const std::string& puuid : {foreign, std::string("not-a-puuid")}) {
      const std::string suffix = path.find("matches") != std::string::npos ? "/ids" : "";
      const ApiResponse response = Get(path + puuid + suffix);
      EXPECT_EQ(response.status, 400) << path;
      EXPECT_EQ(nlohmann::json::parse(response.body)["status"]["message"],
                "Bad Request - Exception decrypting " + puuid);
    }
  }
  // A mangled real PUUID fails the same way.
  std::string mangled = Named("Hide on bush").puuid;
  mangled[10] = mangled[10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Get("/asia/riot/account/v1/accounts/by-puuid/" + mangled).status, 400);
  EXPECT_EQ(
      GetJson("/asia/riot/account/v1/accounts/by-puuid/" + Named("Hide on bush").puuid)["gameName"],
      "Hide on bush");
}

TEST_F(Api, MatchIdsAreNewestFirstAndHonourStartCountQueueTypeAndTimes) {
  const PlayerRecord& star = Named("Hide on bush");
  const std::string base = "/asia/lol/match/v5/matches/by-puuid/" + star.puuid + "/ids";
  const auto first = GetJson(base);
  ASSERT_EQ(first.size(), 20u);  // default count
  int64_t previous = std::numeric_limits<int64_t>::max();
  for (const auto& id : first) {
    const MatchRecord* match = world_.FindMatch(id.get<std::string>());
    ASSERT_NE(match, nullptr);
    EXPECT_LE(match->start_ms, previous);
    previous = match->start_ms;
    EXPECT_EQ(id.get<std::string>().rfind("KR_", 0), 0u);
  }
  const auto page = GetJson(base + "?start=10&count=100");
  ASSERT_EQ(page.size(), 100u);
  EXPECT_EQ(page[0], first[10]);
  EXPECT_EQ(GetJson(base + "?count=0").size(), 0u);
  EXPECT_EQ(Get(base + "?count=101").status, 400);
  EXPECT_EQ(Get(base + "?count=-1").status, 400);
  EXPECT_EQ(Get(base + "?start=x").status, 400);
  EXPECT_EQ(Get(base + "?type=arcade").status, 400);
  for (const auto& id : GetJson(base + "?queue=450&count=100")) {
    EXPECT_EQ(world_.FindMatch(id.get<std::string>())->queue_id, 450);
  }
  for (const auto& id : GetJson(base + "?type=ranked&count=100")) {
    const int queue = world_.FindMatch(id.get<std::string>())->queue_id;
    EXPECT_TRUE(queue == 420 || queue == 440) << queue;
  }
  // startTime and endTime are epoch seconds and compare with the game start, inclusively.
  const MatchRecord* pivot = world_.FindMatch(first[5].get<std::string>());
  const int64_t pivot_s = pivot->start_ms / 1000;
  const auto after = GetJson(base + "?count=100&startTime=" + std::to_string(pivot_s));
  EXPECT_EQ(after.size(), 6u);
  EXPECT_EQ(after.back(), first[5]);
  const auto before = GetJson(base + "?count=3&endTime=" + std::to_string(pivot_s));
  EXPECT_EQ(before[0], first[5]);
  EXPECT_EQ(GetJson(base + "?startTime=" + std::to_string(pivot->start_ms)).size(),
            0u);  // ms by mistake
  // The same player's ids on another region: none.
  EXPECT_EQ(GetJson("/americas/lol/match/v5/matches/by-puuid/" + star.puuid + "/ids").size(), 0u);
}

TEST_F(Api, AMatchIsServedOnlyOnItsOwnRegion) {
  const PlayerRecord& star = Named("Hide on bush");
  const std::string id =
      GetJson("/asia/lol/match/v5/matches/by-puuid/" + star.puuid + "/ids?count=1")[0];
  const auto match = GetJson("/asia/lol/match/v5/matches/" + id);
  EXPECT_EQ(match["metadata"]["matchId"], id);
  EXPECT_EQ(GetJson("/asia/lol/match/v5/matches/" + id + "/timeline")["metadata"]["matchId"], id);
  for (const char* other : {"americas", "europe", "sea"}) {
    const ApiResponse response = Get(std::string("/") + other + "/lol/match/v5/matches/" + id);
    EXPECT_EQ(response.status, 404) << other;
    EXPECT_EQ(
        response.body,
        R"({"status":{"message":"Data not found - match file not found","status_code":404}})");
  }
  EXPECT_EQ(Get("/kr/lol/match/v5/matches/" + id).status,
            403);  // match-v5 is not on platform hosts
  EXPECT_EQ(Get("/asia/lol/match/v5/matches/KR_1").status, 404);
  EXPECT_EQ(Get("/asia/lol/match/v5/matches/garbage").status, 404);
}

TEST_F(Api, SummonerAndLeagueAnswerOnTheirPlatformOnly) {
  const PlayerRecord& star = Named("Hide on bush");
  const auto summoner = GetJson("/kr/lol/summoner/v4/summoners/by-puuid/" + star.puuid);
  EXPECT_EQ(summoner["puuid"], star.puuid);
  EXPECT_TRUE(summoner["summonerLevel"].is_number_integer());
  EXPECT_TRUE(summoner["revisionDate"].get<int64_t>() <= world_.NowMs());
  EXPECT_EQ(summoner.size(), 4u);  // puuid, profileIconId, revisionDate, summonerLevel
  EXPECT_EQ(Get("/na1/lol/summoner/v4/summoners/by-puuid/" + star.puuid).status, 404);
  const auto entries = GetJson("/kr/lol/league/v4/entries/by-puuid/" + star.puuid);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0]["puuid"], star.puuid);
  EXPECT_FALSE(entries[0].contains("summonerId"));
  EXPECT_EQ(GetJson("/euw1/lol/league/v4/entries/by-puuid/" + star.puuid).size(), 0u);
  EXPECT_EQ(Get("/asia/lol/league/v4/entries/by-puuid/" + star.puuid).status, 403);
}

TEST_F(Api, BannedAccountsAre404OnSummonerV4FromTheirBanTime) {
  EXPECT_EQ(Get("/kr/lol/summoner/v4/summoners/by-puuid/" + Named("Already Gone").puuid).status,
            404);
  const std::string later =
      "/na1/lol/summoner/v4/summoners/by-puuid/" + Named("Ban Me Later").puuid;
  EXPECT_EQ(Get(later).status, 200);
  EXPECT_EQ(Post("/__sim/advance?seconds=" + std::to_string(2 * 86400)).status, 200);
  const ApiResponse banned = Get(later);
  EXPECT_EQ(banned.status, 404);
  EXPECT_EQ(nlohmann::json::parse(banned.body)["status"]["message"],
            "Data not found - summoner not found");
  // The account itself still resolves.
  EXPECT_EQ(
      Get("/americas/riot/account/v1/accounts/by-puuid/" + Named("Ban Me Later").puuid).status,
      200);
}

TEST_F(Api, UnknownPathsAre403AndOtherVerbs405) {
  EXPECT_EQ(Get("/kr/lol/league/v4/entries/by-summoner/abc").status, 403);  // removed in 2025
  EXPECT_EQ(Get("/nowhere/riot/account/v1/accounts/by-puuid/x").status, 403);
  ApiRequest post;
  post.method = "POST";
  post.target = AccountPath("asia", "Hide on bush", "KR1");
  post.api_key = "RGAPI-sim";
  post.has_api_key = true;
  EXPECT_EQ(api_.Handle(post).status, 405);
}

TEST_F(Api, ControlEndpointsListPlayersAdvanceTheClockAndReportStats) {
  const auto players = GetJson("/__sim/players");
  ASSERT_EQ(players.size(), world_.Players().size());
  for (const char* key :
       {"puuid", "game_name", "tag_line", "platform", "region", "match_count", "smurf", "banned"}) {
    EXPECT_TRUE(players[0].contains(key)) << key;
  }
  const int64_t before = players[0]["match_count"];
  const auto detail = GetJson("/__sim/player?riot_id=" + PercentEncode("Hide on bush#KR1"));
  EXPECT_EQ(detail["match_ids"].size(), static_cast<size_t>(before));
  EXPECT_EQ(GetJson("/__sim/player?riot_id=Hide+on+bush%23KR1")["match_count"], before)
      << "a query is form-encoded: + is a space";
  EXPECT_EQ(GetJson("/__sim/player?puuid=" + players[0]["puuid"].get<std::string>())["game_name"],
            "Hide on bush");

  EXPECT_EQ(Post("/__sim/advance?seconds=-5").status, 400);
  const auto clock =
      nlohmann::json::parse(Post("/__sim/advance?seconds=" + std::to_string(14 * 86400)).body);
  EXPECT_EQ(clock["now_ms"], kDefaultStartMs + 14 * kMsPerDay);
  EXPECT_GT(GetJson("/__sim/players")[0]["match_count"].get<int64_t>(),
            before);  // the star kept playing

  Get(AccountPath("asia", "nobody", "x"));
  const auto stats = GetJson("/__sim/stats");
  EXPECT_GE(stats["requests"].get<int64_t>(), 1);
  EXPECT_EQ(stats["by_endpoint"]["account-v1.getByRiotId"]["404"], 1);
  EXPECT_EQ(stats["violations"], 0);
  EXPECT_EQ(Post("/__sim/reset").status, 200);
  EXPECT_EQ(GetJson("/__sim/stats")["requests"], 0);
}

TEST_F(Api, MatchesAppearOnlyOnceTheyHaveEnded) {
  const PlayerRecord& star = Named("Hide on bush");
  const std::string ids = "/asia/lol/match/v5/matches/by-puuid/" + star.puuid + "/ids?count=1";
  const std::string newest = GetJson(ids)[0];
  Post("/__sim/advance?seconds=" + std::to_string(14 * 86400));
  const std::string later = GetJson(ids)[0];
  EXPECT_NE(later, newest);
  const MatchRecord* match = world_.FindMatch(later);
  ASSERT_NE(match, nullptr);
  EXPECT_LE(match->EndMs(), world_.NowMs());
  EXPECT_GT(match->start_ms, kDefaultStartMs);
}

class LimitedApi : public Api {
 protected:
  LimitedApi() : Api(*LimiterPreset("dev")) {}
};

TEST_F(LimitedApi, The21stRequestInASecondIs429ApplicationAndCountsAsAViolation) {
  const std::string path = AccountPath("asia", "Hide on bush", "KR1");
  for (int i = 1; i <= 20; ++i) {
    const ApiResponse ok = Get(path);
    ASSERT_EQ(ok.status, 200);
    EXPECT_EQ(Header(ok, "X-App-Rate-Limit-Count"),
              std::to_string(i) + ":1," + std::to_string(i) + ":120");
  }
  clock_.now += 0.25;
  const ApiResponse limited = Get(path);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body, R"({"status":{"message":"Rate limit exceeded","status_code":429}})");
  EXPECT_EQ(Header(limited, "X-Rate-Limit-Type"), "application");
  EXPECT_EQ(Header(limited, "Retry-After"), "1");
  EXPECT_EQ(Header(limited, "X-Method-Rate-Limit"), "1000:60");
  EXPECT_EQ(Get(AccountPath("americas", "Hide on bush", "KR1")).status, 200);  // another host
  clock_.now += 1.0;
  EXPECT_EQ(Get(path).status, 200);
  const auto stats = nlohmann::json::parse(Get("/__sim/stats").body);
  EXPECT_EQ(stats["violations"], 1);
  EXPECT_EQ(stats["rate_limited"], 1);
  EXPECT_EQ(stats["violations_by_type"]["application"], 1);
  EXPECT_EQ(stats["violations_by_host"]["asia"], 1);
  // Errors count against the limits too; auth failures do not reach them.
  EXPECT_EQ(Header(Get(AccountPath("asia", "nobody", "x")), "X-App-Rate-Limit-Count"),
            "2:1,23:120");
  EXPECT_EQ(Header(Get(path, nullptr), "X-App-Rate-Limit-Count"), "<absent>");
}

TEST(FaultyApiTest, Service429sHaveNoRetryAfterAndAreNotViolations) {
  FakeClock clock;
  WorldConfig config;
  config.players = 60;
  World world(config);
  RateLimiter limiter(*LimiterPreset("dev"), clock);
  FaultConfig faults;
  ASSERT_TRUE(ParseFaultSpec("service429=1", faults));
  FaultInjector injector(faults);
  SimStats stats;
  ResponseCache cache(1 << 20);
  SimApi api(world, limiter, injector, stats, cache);
  ApiRequest request;
  request.target = "/asia/riot/account/v1/accounts/by-riot-id/Hide%20on%20bush/KR1";
  request.api_key = "RGAPI-sim";
  request.has_api_key = true;
  const ApiResponse response = api.Handle(request);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(Header(response, "X-Rate-Limit-Type"), "service");
  EXPECT_EQ(Header(response, "Retry-After"), "<absent>");
  EXPECT_EQ(Header(response, "X-App-Rate-Limit-Count"), "1:1,1:120");
  const auto json = nlohmann::json::parse(stats.ToJson());
  EXPECT_EQ(json["violations"], 0);
  EXPECT_EQ(json["rate_limited"], 1);
  EXPECT_EQ(json["faults"]["service429"], 1);
}

TEST(FaultyApiTest, ServerErrorsMalformedBodiesAndTransportFaultsFollowTheSeed) {
  FakeClock clock;
  WorldConfig config;
  config.players = 60;
  World world(config);
  RateLimiter limiter(*LimiterPreset("none"), clock);
  FaultConfig faults;
  ASSERT_TRUE(ParseFaultSpec("5xx=0.25,malformed=0.25,hang=0.25,truncated=0.25", faults));
  faults.seed = 17;
  FaultInjector injector(faults);
  SimStats stats;
  ResponseCache cache(1 << 20);
  SimApi api(world, limiter, injector, stats, cache);
  ApiRequest request;
  request.target = "/asia/riot/account/v1/accounts/by-riot-id/Hide%20on%20bush/KR1";
  request.api_key = "RGAPI-sim";
  request.has_api_key = true;
  std::map<Fault, int> seen;
  for (uint64_t i = 0; i < 200; ++i) {
    const ApiResponse response = api.Handle(request);
    const FaultDecision expected = injector.Decide(i);
    ASSERT_EQ(response.fault, expected.fault);
    ++seen[response.fault];
    if (response.fault == Fault::kServerError) {
      EXPECT_EQ(response.status, expected.status);
      EXPECT_EQ(nlohmann::json::parse(response.body)["status"]["status_code"], expected.status);
    }
    if (response.fault == Fault::kMalformed) {
      EXPECT_EQ(response.status, 200);
      EXPECT_FALSE(nlohmann::json::accept(response.body));
    }
    if (response.fault == Fault::kTruncated) {
      EXPECT_TRUE(nlohmann::json::accept(response.body));  // the transport cuts it on the wire
    }
  }
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_EQ(nlohmann::json::parse(stats.ToJson())["faults"]["hang"], seen[Fault::kHang]);
}

TEST(ReplayApiTest, ReplayedMatchesAreServedUnchangedInTheirOwnersHistories) {
  const auto dir = test::FixturesDir();
  if (!dir) GTEST_SKIP() << "no fixtures at " << RIOT_FIXTURES_DIR;
  FakeClock clock;
  WorldConfig config;
  config.players = 120;
  World world(config, ReplayStore::Load(*dir));
  RateLimiter limiter(*LimiterPreset("none"), clock);
  FaultInjector injector{FaultConfig()};
  SimStats stats;
  ResponseCache cache(1 << 20);
  SimApi api(world, limiter, injector, stats, cache);
  auto get = [&](const std::string& target) {
    ApiRequest request;
    request.target = target;
    request.api_key = "RGAPI-sim";
    request.has_api_key = true;
    return api.Handle(request);
  };
  const ApiResponse match = get("/asia/lol/match/v5/matches/JP1_566638130");
  ASSERT_EQ(match.status, 200);
  const ApiResponse timeline = get("/asia/lol/match/v5/matches/JP1_566638130/timeline");
  ASSERT_EQ(timeline.status, 200);
  const std::string real = [&] {
    std::ifstream in(*dir + "/match/JP1_566638130.json", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  EXPECT_EQ(match.body, real);
  EXPECT_EQ(get("/europe/lol/match/v5/matches/JP1_566638130").status, 404);
  EXPECT_EQ(get("/asia/lol/match/v5/matches/JP1_391732436/timeline").status,
            404);  // no timeline file
  // Some jp1 player has it in their history.
  bool owned = false;
  const auto lock = world.ReadLock();
  for (const PlayerRecord& player : world.Players()) {
    if (player.platform != *FindPlatformByHost("jp1")) continue;
    const auto ids = nlohmann::json::parse(
        get("/asia/lol/match/v5/matches/by-puuid/" + player.puuid + "/ids?count=100").body);
    for (const auto& id : ids) owned |= id == "JP1_566638130";
  }
  EXPECT_TRUE(owned);
}

TEST(ReplayApiTest, AFlatDirectoryPairsTimelinesWithTheirMatches) {
  const auto dir = test::FixturesDir();
  if (!dir) GTEST_SKIP() << "no fixtures at " << RIOT_FIXTURES_DIR;
  const std::filesystem::path flat =
      std::filesystem::temp_directory_path() / ("riot-sim-replay-" + std::to_string(getpid()));
  std::filesystem::create_directories(flat);
  std::filesystem::copy_file(*dir + "/match/NA1_5245486208.json", flat / "a.json",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(*dir + "/timeline/NA1_5245486208.json", flat / "b.json",
                             std::filesystem::copy_options::overwrite_existing);
  const ReplayStore store = ReplayStore::Load(flat.string());
  std::filesystem::remove_all(flat);
  ASSERT_EQ(store.Matches().size(), 1u);
  EXPECT_EQ(store.Matches()[0].match_id, "NA1_5245486208");
  EXPECT_EQ(store.Matches()[0].queue_id, 1700);
  EXPECT_EQ(store.Matches()[0].humans, 16u);
  EXPECT_FALSE(store.Matches()[0].timeline_json.empty());
  EXPECT_THROW(ReplayStore::Load("/nonexistent/riot-sim"), std::runtime_error);
}

}  // namespace
}  // namespace riot
