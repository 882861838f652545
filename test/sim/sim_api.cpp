// Route a request to a Riot endpoint or a /__sim/ control endpoint and build its answer.
#include "sim_api.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>
#include <map>
#include <optional>
#include <thread>
#include <tuple>

#include "json_writer.hpp"
#include "league.hpp"
#include "match_generator.hpp"
#include "text.hpp"
#include "timeline_generator.hpp"

namespace riot {

namespace {

constexpr int64_t kDefaultIdsCount = 20;
constexpr int64_t kMaxIdsCount = 100;
constexpr std::string_view kControlPrefix = "/__sim/";

enum class HostKind : uint8_t { kAccountRegion, kMatchRegion, kPlatform };

struct EndpointPattern {
  std::string_view method;  // Riot's method id, as rate limits and stats name it
  HostKind host;
  std::string_view pattern;  // path after the route; "*" is one parameter segment
};

constexpr EndpointPattern kEndpoints[] = {
    {"account-v1.getByRiotId", HostKind::kAccountRegion, "riot/account/v1/accounts/by-riot-id/*/*"},
    {"account-v1.getByPuuid", HostKind::kAccountRegion, "riot/account/v1/accounts/by-puuid/*"},
    {"match-v5.getMatchIdsByPUUID", HostKind::kMatchRegion, "lol/match/v5/matches/by-puuid/*/ids"},
    {"match-v5.getTimeline", HostKind::kMatchRegion, "lol/match/v5/matches/*/timeline"},
    {"match-v5.getMatch", HostKind::kMatchRegion, "lol/match/v5/matches/*"},
    {"league-v4.getLeagueEntriesByPUUID", HostKind::kPlatform, "lol/league/v4/entries/by-puuid/*"},
    {"league-v4.getChallengerLeague", HostKind::kPlatform,
     "lol/league/v4/challengerleagues/by-queue/*"},
    {"league-v4.getGrandmasterLeague", HostKind::kPlatform,
     "lol/league/v4/grandmasterleagues/by-queue/*"},
    {"league-v4.getMasterLeague", HostKind::kPlatform, "lol/league/v4/masterleagues/by-queue/*"},
    {"summoner-v4.getByPUUID", HostKind::kPlatform, "lol/summoner/v4/summoners/by-puuid/*"},
};

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path = path.substr(slash + 1);
  }
  return parts;
}

// The endpoint whose pattern `segments` fit, with its decoded parameters.
const EndpointPattern* FindEndpoint(const std::vector<std::string_view>& segments,
                                    std::vector<std::string>& params) {
  for (const EndpointPattern& endpoint : kEndpoints) {
    const auto pattern = Split(endpoint.pattern);
    if (pattern.size() != segments.size()) continue;
    std::vector<std::string> found;
    bool fits = true;
    for (size_t i = 0; i < pattern.size() && fits; ++i) {
      if (pattern[i] != "*") {
        fits = pattern[i] == segments[i];
        continue;
      }
      const auto decoded = PercentDecode(segments[i]);
      fits = decoded.has_value() && !decoded->empty();
      if (fits) found.push_back(*decoded);
    }
    if (fits && (endpoint.method != "match-v5.getMatch" || found[0] != "by-puuid")) {
      params = std::move(found);
      return &endpoint;
    }
  }
  return nullptr;
}

// Whether `host` is a routing value the endpoint is served on (account-v1 has no sea).
bool Serves(const EndpointPattern& endpoint, std::string_view host) {
  if (endpoint.host == HostKind::kPlatform) {
    const auto platform = FindPlatformByHost(host);
    return platform && PlatformServesSummoners(*platform);
  }
  return FindRegionByHost(host) && (endpoint.host == HostKind::kMatchRegion || host != "sea");
}

std::map<std::string, std::string, std::less<>> ParseQuery(std::string_view query) {
  std::map<std::string, std::string, std::less<>> values;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    // A query is form-encoded: '+' stands for a space (curl --data-urlencode writes it so).
    std::string plain(item);
    std::replace(plain.begin(), plain.end(), '+', ' ');
    const size_t equals = plain.find('=');
    const auto key = PercentDecode(std::string_view(plain).substr(0, equals));
    const auto value =
        PercentDecode(equals == std::string::npos ? std::string_view()
                                                  : std::string_view(plain).substr(equals + 1));
    if (key && value) values.emplace(*key, *value);
  }
  return values;
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size())
    return std::nullopt;
  return value;
}

ApiResponse Json(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

ApiResponse Error(int status, std::string_view message) {
  return Json(status, RiotErrorBody(status, message));
}

std::string AccountJson(const PlayerRecord& player) {
  std::string json;
  JsonWriter(json)
      .BeginObject()
      .Field("puuid", player.puuid)
      .Field("gameName", player.game_name)
      .Field("tagLine", player.tag_line)
      .EndObject();
  return json;
}

bool IsRankedQueue(int queue_id) { return queue_id == 420 || queue_id == 440; }

// Whether a match of `queue_id` fits the ids endpoint's `type` filter (ranked, normal, tourney,
// tutorial).
bool QueueHasType(int queue_id, std::string_view type) {
  if (type == "ranked") return IsRankedQueue(queue_id);
  if (type == "tutorial") return queue_id >= 2000 && queue_id <= 2020;
  if (type == "tourney") return false;  // the sim has no tournament games
  return !IsRankedQueue(queue_id) && !(queue_id >= 2000 && queue_id <= 2020);
}

struct Context {
  World& world;
  std::string_view host;
  const std::vector<std::string>& params;
  const std::map<std::string, std::string, std::less<>>& query;
  ResponseCache& cache;
};

ApiResponse BadPuuid(const std::string& puuid) {
  return Error(400, "Bad Request - Exception decrypting " + puuid);
}

ApiResponse GetByRiotId(const Context& c) {
  const PlayerRecord* player = c.world.FindByRiotId(c.params[0], c.params[1]);
  if (!player)
    return Error(404, "Data not found - No results found for player with riot id " + c.params[0] +
                          "#" + c.params[1]);
  return Json(200, AccountJson(*player));
}

ApiResponse GetAccountByPuuid(const Context& c) {
  if (!c.world.Cipher().IsValidPuuid(c.params[0])) return BadPuuid(c.params[0]);
  const PlayerRecord* player = c.world.FindByPuuid(c.params[0]);
  if (!player)
    return Error(404, "Data not found - No results found for player with puuid " + c.params[0]);
  return Json(200, AccountJson(*player));
}

ApiResponse GetMatchIds(const Context& c) {
  if (!c.world.Cipher().IsValidPuuid(c.params[0])) return BadPuuid(c.params[0]);
  int64_t values[5] = {0, kDefaultIdsCount, -1, -1, std::numeric_limits<int64_t>::max()};
  constexpr std::string_view kNames[5] = {"start", "count", "queue", "startTime", "endTime"};
  for (size_t i = 0; i < 5; ++i) {
    const auto it = c.query.find(kNames[i]);
    if (it == c.query.end()) continue;
    const auto parsed = ParseInteger(it->second);
    if (!parsed) return Error(400, "Bad request - " + std::string(kNames[i]) + " is not a number");
    values[i] = *parsed;
  }
  const auto [start, count, queue, start_time, end_time] =
      std::tuple(values[0], values[1], values[2], values[3], values[4]);
  if (start < 0) return Error(400, "Bad request - start must not be negative");
  if (count < 0 || count > kMaxIdsCount)
    return Error(400, "Bad request - count must be between 0 and 100");
  const auto type = c.query.find("type");
  if (type != c.query.end() && type->second != "ranked" && type->second != "normal" &&
      type->second != "tourney" && type->second != "tutorial") {
    return Error(400, "Bad request - type must be one of ranked, normal, tourney, tutorial");
  }
  const Region region = *FindRegionByHost(c.host);
  const PlayerRecord* player = c.world.FindByPuuid(c.params[0]);
  std::string json;
  JsonWriter out(json);
  out.BeginArray();
  if (player && Platform(player->platform).region == region) {
    int64_t skipped = 0, taken = 0;
    for (auto it = player->matches.rbegin(); it != player->matches.rend() && taken < count; ++it) {
      const MatchRecord& match = c.world.Match(*it);
      const int64_t start_s = match.start_ms / 1000;
      if (!c.world.HasEnded(match) || (queue >= 0 && match.queue_id != queue) ||
          (type != c.query.end() && !QueueHasType(match.queue_id, type->second)) ||
          start_s < start_time || start_s > end_time) {
        continue;
      }
      if (skipped++ < start) continue;
      out.String(match.MatchId());
      ++taken;
    }
  }
  out.EndArray();
  return Json(200, json);
}

// The match (or timeline) body, from the replay store, the cache, or a fresh render.
ApiResponse GetMatchDocument(const Context& c, bool timeline) {
  const MatchRecord* match = c.world.FindMatch(c.params[0]);
  const Region region = *FindRegionByHost(c.host);
  if (!match || !c.world.HasEnded(*match) || Platform(match->platform).region != region) {
    return Error(404, "Data not found - match file not found");
  }
  if (const ReplayMatch* replay = c.world.Replay(*match)) {
    const std::string& body = timeline ? replay->timeline_json : replay->match_json;
    if (body.empty()) return Error(404, "Data not found - match file not found");
    return Json(200, body);
  }
  const std::string key = (timeline ? "t:" : "m:") + match->MatchId();
  std::shared_ptr<const std::string> body = c.cache.Get(key);
  if (!body) {
    body = std::make_shared<const std::string>(timeline ? GenerateTimelineJson(c.world, *match)
                                                        : GenerateMatchJson(c.world, *match));
    c.cache.Put(key, body);
  }
  return Json(200, *body);
}

ApiResponse GetLeagueEntries(const Context& c) {
  if (!c.world.Cipher().IsValidPuuid(c.params[0])) return BadPuuid(c.params[0]);
  const PlayerRecord* player = c.world.FindByPuuid(c.params[0]);
  if (!player || Platform(player->platform).host != c.host) return Json(200, "[]");
  return Json(200, LeagueEntriesJson(LeagueEntries(c.world, *player), player->puuid));
}

// An apex ladder of the host's platform; the ranked queues only, as Riot (400 otherwise).
ApiResponse GetApexLeague(const Context& c, const std::string& tier) {
  const std::string& queue = c.params[0];
  if (queue != "RANKED_SOLO_5x5" && queue != "RANKED_FLEX_SR") {
    return Error(400, "Bad Request - Invalid queue " + queue);
  }
  return Json(200, ApexLeagueJson(c.world, *FindPlatformByHost(c.host), queue, tier));
}

ApiResponse GetSummoner(const Context& c) {
  if (!c.world.Cipher().IsValidPuuid(c.params[0])) return BadPuuid(c.params[0]);
  const PlayerRecord* player = c.world.FindByPuuid(c.params[0]);
  if (!player || Platform(player->platform).host != c.host || c.world.IsBanned(*player)) {
    return Error(404, "Data not found - summoner not found");
  }
  const size_t played = c.world.EndedMatchCount(*player);
  int64_t revision = player->created_ms;
  for (auto it = player->matches.rbegin(); it != player->matches.rend(); ++it) {
    if (c.world.HasEnded(c.world.Match(*it))) {
      revision = c.world.Match(*it).EndMs();
      break;
    }
  }
  std::string json;
  JsonWriter(json)
      .BeginObject()
      .Field("puuid", player->puuid)
      .IntField("profileIconId", player->profile_icon)
      .IntField("revisionDate", revision)
      .IntField("summonerLevel", c.world.SummonerLevel(*player, played))
      .EndObject();
  return Json(200, json);
}

void WritePlayer(const World& world, const PlayerRecord& player, JsonWriter& out) {
  out.Field("puuid", player.puuid)
      .Field("game_name", player.game_name)
      .Field("tag_line", player.tag_line);
  out.Field("platform", Platform(player.platform).host)
      .Field("region", RegionName(Platform(player.platform).region));
  out.IntField("match_count", static_cast<int64_t>(world.EndedMatchCount(player)));
  out.BoolField("smurf", player.smurf).BoolField("banned", world.IsBanned(player));
  out.Key("ban_time");
  if (player.banned_ms == kNever) {
    out.Null();
  } else {
    out.Int(player.banned_ms);
  }
  out.BoolField("well_known", player.well_known);
  out.IntField("summoner_level", world.SummonerLevel(player, world.EndedMatchCount(player)));
}

}  // namespace

std::string RiotErrorBody(int status, std::string_view message) {
  std::string json;
  JsonWriter(json)
      .BeginObject()
      .Key("status")
      .BeginObject()
      .Field("message", message)
      .IntField("status_code", status)
      .EndObject()
      .EndObject();
  return json;
}

ApiResponse SimApi::Handle(const ApiRequest& request) {
  const size_t question = request.target.find('?');
  const std::string_view path = std::string_view(request.target).substr(0, question);
  const std::string_view query = question == std::string::npos
                                     ? std::string_view()
                                     : std::string_view(request.target).substr(question + 1);
  if (path.substr(0, kControlPrefix.size()) == kControlPrefix)
    return HandleControl(request, path, query);
  return HandleRiot(request, path, query);
}

ApiResponse SimApi::HandleRiot(const ApiRequest& request, std::string_view path,
                               std::string_view query) {
  std::vector<std::string_view> segments = Split(path.substr(path.empty() ? 0 : 1));
  const std::string_view host = segments.empty() ? std::string_view() : segments.front();
  if (!segments.empty()) segments.erase(segments.begin());
  std::vector<std::string> params;
  const EndpointPattern* endpoint = FindEndpoint(segments, params);
  const std::string_view method = endpoint ? endpoint->method : std::string_view("unknown");

  ApiResponse response;
  if (!request.has_api_key) {
    response = Error(401, "Unauthorized");
  } else if (request.api_key == world_.Config().api_key && request.method != "GET") {
    response = Error(405, "Method not allowed");
  } else if (request.api_key != world_.Config().api_key || !endpoint || !Serves(*endpoint, host)) {
    response = Error(403, "Forbidden");  // also Riot's answer to unknown and removed paths
  }
  if (response.status != 200) {
    stats_.RecordResponse(method, response.status);
    return response;
  }

  // A request delayed on its way (a slow network or connection) reaches the limiter late, and
  // is counted in whatever window is open by then.
  if (const int64_t delay_ms = faults_.NextArrivalDelayMs(); delay_ms > 0) {
    stats_.RecordArrivalDelay();
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  }
  RateDecision decision = limiter_.Admit(host, method);
  if (!decision.allowed) {
    response = Error(429, "Rate limit exceeded");
    response.headers = std::move(decision.headers);
    stats_.RecordViolation(host, method, decision.limit_type);
    stats_.RecordResponse(method, 429);
    return response;
  }
  const FaultDecision fault = faults_.Next();
  if (fault.fault == Fault::kServerError) {
    static constexpr std::pair<int, std::string_view> kMessages[] = {{500, "Internal server error"},
                                                                     {502, "Bad gateway"},
                                                                     {503, "Service unavailable"},
                                                                     {504, "Gateway timeout"}};
    for (const auto& [status, message] : kMessages) {
      if (status == fault.status) response = Error(status, message);
    }
  } else if (fault.fault == Fault::kService429) {
    response = Error(429, "Rate limit exceeded");
    decision.headers.emplace_back("X-Rate-Limit-Type", "service");
  } else if (fault.fault != Fault::kHang) {
    const auto lock = world_.ReadLock();
    const auto query_values = ParseQuery(query);
    const Context context{world_, host, params, query_values, cache_};
    if (method == "account-v1.getByRiotId") response = GetByRiotId(context);
    if (method == "account-v1.getByPuuid") response = GetAccountByPuuid(context);
    if (method == "match-v5.getMatchIdsByPUUID") response = GetMatchIds(context);
    if (method == "match-v5.getMatch") response = GetMatchDocument(context, false);
    if (method == "match-v5.getTimeline") response = GetMatchDocument(context, true);
    if (method == "league-v4.getLeagueEntriesByPUUID") response = GetLeagueEntries(context);
    if (method == "summoner-v4.getByPUUID") response = GetSummoner(context);
    if (method == "league-v4.getChallengerLeague") response = GetApexLeague(context, "CHALLENGER");
    if (method == "league-v4.getGrandmasterLeague")
      response = GetApexLeague(context, "GRANDMASTER");
    if (method == "league-v4.getMasterLeague") response = GetApexLeague(context, "MASTER");
    if (fault.fault == Fault::kMalformed && response.status == 200) {
      response.body.resize(std::max<size_t>(1, response.body.size() / 2));  // cut JSON never parses
    }
  }
  if (fault.fault != Fault::kNone) stats_.RecordFault(fault.fault);
  response.headers = std::move(decision.headers);
  response.fault = fault.fault;
  response.latency_ms = fault.latency_ms;
  response.hang_seconds = faults_.Config().hang_seconds;
  stats_.RecordResponse(method, fault.fault == Fault::kHang ? 0 : response.status);
  return response;
}

ApiResponse SimApi::HandleControl(const ApiRequest& request, std::string_view path,
                                  std::string_view query) {
  const std::string_view action = path.substr(kControlPrefix.size());
  const auto values = ParseQuery(query);
  const bool get = request.method == "GET";
  const bool post = request.method == "POST";
  std::string json;
  JsonWriter out(json);
  if (get && action == "players") {
    const auto lock = world_.ReadLock();
    out.BeginArray();
    for (const PlayerRecord& player : world_.Players()) {
      out.BeginObject();
      WritePlayer(world_, player, out);
      out.EndObject();
    }
    out.EndArray();
    return Json(200, json);
  }
  if (get && action == "player") {
    const auto lock = world_.ReadLock();
    const PlayerRecord* player = nullptr;
    if (const auto puuid = values.find("puuid"); puuid != values.end())
      player = world_.FindByPuuid(puuid->second);
    if (const auto id = values.find("riot_id");
        id != values.end() && id->second.find('#') != std::string::npos) {
      const size_t hash = id->second.rfind('#');
      player = world_.FindByRiotId(id->second.substr(0, hash), id->second.substr(hash + 1));
    }
    if (!player) return Error(404, "no such player (use ?puuid= or ?riot_id=name%23tag)");
    out.BeginObject();
    WritePlayer(world_, *player, out);
    out.Key("league_entries").Raw(LeagueEntriesJson(LeagueEntries(world_, *player), player->puuid));
    out.Key("match_ids").BeginArray();
    for (auto it = player->matches.rbegin(); it != player->matches.rend(); ++it) {
      if (world_.HasEnded(world_.Match(*it))) out.String(world_.Match(*it).MatchId());
    }
    out.EndArray().EndObject();
    return Json(200, json);
  }
  if (get && action == "stats") return Json(200, stats_.ToJson());
  if (get && action == "clock") {
    const auto lock = world_.ReadLock();
    out.BeginObject()
        .IntField("now_ms", world_.NowMs())
        .IntField("start_ms", world_.Config().start_ms)
        .EndObject();
    return Json(200, json);
  }
  if (post && action == "reset") {
    stats_.Reset();
    limiter_.Reset();
    faults_.Reset();
    return Json(200, "{\"reset\":true}");
  }
  if (post && action == "advance") {
    const auto seconds = values.find("seconds");
    const auto parsed = seconds == values.end() ? std::nullopt : ParseInteger(seconds->second);
    if (!parsed || *parsed < 0) return Error(400, "seconds must be a non-negative integer");
    world_.Advance(*parsed);
    const auto lock = world_.ReadLock();
    out.BeginObject().IntField("now_ms", world_.NowMs()).EndObject();
    return Json(200, json);
  }
  return Error(404, "unknown control endpoint");
}

}  // namespace riot
