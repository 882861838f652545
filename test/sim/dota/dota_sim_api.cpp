// dota-sim's routes: OpenDota under /api, Dotabuff under /esports, control under /__sim.
#include "dota/dota_sim_api.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "dota/dota_payloads.hpp"
#include "random.hpp"

namespace riot::dota_sim {

namespace {

using nlohmann::json;

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream stream(path);
  std::string part;
  while (std::getline(stream, part, '/')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// OpenDota's integer check on ids: digits only (a sign or a fraction fails it).
std::optional<int64_t> IdOf(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

SimResponse Json(int status, std::string body) {
  SimResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

SimResponse Error(int status, const std::string& message) {
  return Json(status, json({{"error", message}}).dump());
}

bool LooksLikeUuid(const std::string& key) {
  if (key.size() != 36) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (key[i] == '-')) return false;
    if (!dash && std::isxdigit(static_cast<unsigned char>(key[i])) == 0) return false;
  }
  return true;
}

std::string Read(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

DotaSimApi::DotaSimApi(DotaWorld world, Replays replays, const DotaSimConfig& config)
    : world_(std::move(world)),
      replays_(std::move(replays)),
      config_(config),
      limiter_(config.limits) {
  if (config_.start_time > 0) {
    const int64_t real = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    offset_seconds_ = config_.start_time - real;
  }
}

int64_t DotaSimApi::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count() +
         offset_seconds_;
}

SimResponse DotaSimApi::Handle(const SimRequest& request) {
  std::lock_guard lock(mutex_);
  const std::vector<std::string> parts = Split(request.path);
  if (!parts.empty() && parts[0] == "__sim") return Control(request, parts);
  ++requests_;
  if (!parts.empty() && parts[0] == "api") return OpenDota(request, parts);
  if (!parts.empty() && parts[0] == "esports") return Dotabuff(parts, request);
  return Error(404, "Not Found");
}

SimResponse DotaSimApi::OpenDota(const SimRequest& request, const std::vector<std::string>& parts) {
  // /api and /api/metadata skip the limiter and carry no rate headers.
  if (parts.size() == 1) return Json(200, R"({"openapi":"3.0.3"})");
  if (parts.size() == 2 && parts[1] == "metadata") {
    return Json(200, json({{"freeCallLimit", config_.limits.keyless_per_day},
                           {"freeRateLimit", config_.limits.keyless_per_minute},
                           {"premRateLimit", config_.limits.keyed_per_minute}})
                         .dump());
  }
  std::string key;
  if (auto found = request.params.find("api_key"); found != request.params.end()) {
    key = found->second;
  } else if (request.authorization.rfind("Bearer ", 0) == 0) {
    key = request.authorization.substr(7);
  }
  if (!key.empty() && !LooksLikeUuid(key)) return Error(400, "Invalid API key format");
  if (!key.empty() && key != config_.api_key) {
    return Error(400,
                 "API key invalid. Please check the API dashboard or email support@opendota.com.");
  }
  const bool keyed = !key.empty();
  const LimitDecision limit = limiter_.Count(keyed ? key : request.caller, keyed, Now());
  auto with_limits = [&](SimResponse response) {
    response.headers.emplace_back("X-Rate-Limit-Remaining-Minute",
                                  std::to_string(limit.remaining_minute));
    if (limit.remaining_day) {
      response.headers.emplace_back("X-Rate-Limit-Remaining-Day",
                                    std::to_string(*limit.remaining_day));
    }
    return response;
  };
  if (!limit.allowed) return with_limits(Error(429, limit.refusal));
  const std::string& route = parts[1];
  by_route_[route]++;
  if (config_.error_rate > 0 && Rng(HashOf({requests_, 0x5e})).Chance(config_.error_rate)) {
    return with_limits(Error(500, "Internal Server Error"));
  }
  const std::string rest = request.path.substr(4);  // without "/api"
  if (auto replay = replays_.paths.find(rest); replay != replays_.paths.end()) {
    return with_limits(Json(200, replay->second));
  }
  // -1: no id, or not an integer (OpenDota's check)
  const int64_t id = parts.size() >= 3 ? IdOf(parts[2]).value_or(-1) : -1;
  const std::string sub = parts.size() >= 4 ? parts[3] : "";
  if (route == "matches" && parts.size() == 3) {
    if (id >= 0) {
      if (auto states = replays_.matches.find(id); states != replays_.matches.end()) {
        const int fetch = replay_fetches_[id]++;
        const auto last = static_cast<int>(states->second.size()) - 1;
        return with_limits(Json(200, states->second[std::min(fetch, last)]));
      }
    }
    SimMatch* match = id >= 0 ? world_.FindMatch(id) : nullptr;
    if (match == nullptr) return with_limits(Error(404, "Not Found"));
    if (match->fetches++ >= 1 && match->parses_later) match->parsed = true;
    return with_limits(Json(200, MatchJson(world_, *match)));
  }
  if (route == "players" && parts.size() >= 3) {
    if (id < 0) return with_limits(Error(400, "invalid account id"));
    const auto account = world_.Accounts().find(id);
    if (sub == "wl" && parts.size() == 4) {
      return with_limits(Json(200, account == world_.Accounts().end() ? R"({"win":0,"lose":0})"
                                                                      : WinLossJson(world_, id)));
    }
    if (parts.size() != 3 || account == world_.Accounts().end()) {
      return with_limits(Error(404, "Not Found"));
    }
    return with_limits(Json(200, PlayerJson(account->second)));
  }
  if (route == "teams" && parts.size() >= 3) {
    if (id < 0) return with_limits(Error(400, "invalid team id"));
    if (parts.size() == 3) return with_limits(Json(200, TeamJson(world_, id)));
    if (sub == "matches" && parts.size() == 4) {
      const SimTeam* team = world_.FindTeam(id);
      return with_limits(
          Json(200, team != nullptr && team->in_opendota ? TeamMatchesJson(world_, id) : "[]"));
    }
  }
  if (route == "leagues" && parts.size() >= 3 && id >= 0) {
    if (parts.size() == 3) return with_limits(Json(200, LeagueJson(world_, id)));
    if (sub == "matches" && parts.size() == 4)
      return with_limits(Json(200, LeagueMatchesJson(world_, id)));
    if (sub == "matchIds" && parts.size() == 4)
      return with_limits(Json(200, LeagueMatchIdsJson(world_, id)));
  }
  return with_limits(Error(404, "Not Found"));
}

SimResponse DotaSimApi::Dotabuff(const std::vector<std::string>& parts, const SimRequest& request) {
  SimResponse page;
  page.content_type = "text/html; charset=utf-8";
  by_route_["dotabuff"]++;
  if (config_.dotabuff_challenge) {
    page.status = 403;
    page.body = DotabuffChallengeHtml();
    return page;
  }
  // /esports/teams/{id}[-slug]/matches
  if (parts.size() == 4 && parts[1] == "teams" && parts[3] == "matches") {
    const std::optional<int64_t> id = IdOf(parts[2].substr(0, parts[2].find('-')));
    int number = 1;
    if (auto p = request.params.find("page"); p != request.params.end()) {
      number = static_cast<int>(IdOf(p->second).value_or(0));
    }
    if (id) {
      if (std::optional<std::string> html = DotabuffTeamPageHtml(world_, *id, number)) {
        page.body = std::move(*html);
        return page;
      }
    }
  }
  page.status = 404;
  page.body = "<html><head><title>Page Not Found - DOTABUFF</title></head><body>404</body></html>";
  return page;
}

SimResponse DotaSimApi::Control(const SimRequest& request, const std::vector<std::string>& parts) {
  const std::string what = parts.size() >= 2 ? parts[1] : "";
  if (what == "teams") return Json(200, TeamsTruthJson(world_));
  if (what == "stats") {
    return Json(200, json({{"requests", requests_},
                           {"violations", limiter_.Violations()},
                           {"by_route", by_route_},
                           {"now", Now()}})
                         .dump());
  }
  if (request.method != "POST") return Error(405, "use POST");
  if (what == "reset") {
    limiter_.Reset();
    requests_ = 0;
    by_route_.clear();
    return Json(200, "{}");
  }
  if (what == "advance") {
    const auto seconds = request.params.find("seconds");
    offset_seconds_ += seconds == request.params.end() ? 0 : std::stoll(seconds->second);
    return Json(200, json({{"now", Now()}}).dump());
  }
  if (what == "parse") {
    const auto id = request.params.find("match_id");
    SimMatch* match =
        id == request.params.end() ? nullptr : world_.FindMatch(IdOf(id->second).value_or(0));
    if (match == nullptr) return Error(404, "Not Found");
    match->parsed = true;
    return Json(200, "{}");
  }
  if (what == "dotabuff") {
    const auto challenge = request.params.find("challenge");
    config_.dotabuff_challenge = challenge != request.params.end() && challenge->second == "1";
    return Json(200, "{}");
  }
  return Error(404, "Not Found");
}

Replays LoadReplays(const std::string& dir) {
  namespace fs = std::filesystem;
  Replays replays;
  const fs::path root(dir);
  if (!fs::is_directory(root)) throw std::runtime_error("--replay: no folder " + dir);
  std::map<int64_t, std::map<int, std::string>> states;  // 0 unparsed, 1 as is, 2 parsed
  if (fs::is_directory(root / "matches")) {
    for (const auto& entry : fs::directory_iterator(root / "matches")) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".json") continue;
      const std::string body = Read(entry.path());
      const json payload = json::parse(body, nullptr, false);
      if (!payload.is_object() || !payload.contains("match_id")) {
        throw std::runtime_error("--replay: " + entry.path().string() + " is not a match");
      }
      const int order = name.find(".unparsed.") != std::string::npos ? 0
                        : name.find(".parsed.") != std::string::npos ? 2
                                                                     : 1;
      states[payload["match_id"].get<int64_t>()][order] = body;
    }
  }
  for (auto& [id, by_order] : states) {
    for (auto& [order, body] : by_order) replays.matches[id].push_back(std::move(body));
  }
  // Other payloads by the path they answer: players/40927904.wl.json -> /players/40927904/wl.
  for (const char* folder : {"players", "teams", "leagues"}) {
    if (!fs::is_directory(root / folder)) continue;
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      std::string stem = entry.path().filename().string();
      if (entry.path().extension() != ".json") continue;
      stem = stem.substr(0, stem.size() - 5);
      const size_t dot = stem.find('.');
      const std::string id = stem.substr(0, dot);
      if (!IdOf(id)) continue;  // lists and exports (teams.list.2018.json) are not paths
      const std::string sub = dot == std::string::npos ? "" : stem.substr(dot + 1);
      if (!sub.empty() && sub != "wl" && sub != "matches" && sub != "matchIds") continue;
      replays.paths["/" + std::string(folder) + "/" + id + (sub.empty() ? "" : "/" + sub)] =
          Read(entry.path());
    }
  }
  return replays;
}

}  // namespace riot::dota_sim
