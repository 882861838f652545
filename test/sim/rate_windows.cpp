// Fixed rate-limit windows, per host and per (host, method), and the headers they produce.
#include "rate_windows.hpp"

#include <chrono>
#include <cmath>
#include <charconv>

namespace riot {

namespace {

bool ParseInt(std::string_view text, int64_t& value) {
  if (text.empty()) return false;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

}  // namespace

std::optional<RateLimitSpec> ParseRateLimitSpec(std::string_view text) {
  RateLimitSpec spec;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view pair = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t colon = pair.find(':');
    RateWindow window;
    if (colon == std::string_view::npos || !ParseInt(pair.substr(0, colon), window.limit) ||
        !ParseInt(pair.substr(colon + 1), window.seconds) || window.limit <= 0 ||
        window.seconds <= 0) {
      return std::nullopt;
    }
    spec.push_back(window);
  }
  return spec;
}

std::string FormatRateLimitSpec(const RateLimitSpec& spec) {
  std::string text;
  for (const RateWindow& window : spec) {
    if (!text.empty()) text += ',';
    text += std::to_string(window.limit) + ":" + std::to_string(window.seconds);
  }
  return text;
}

double SteadyClock::NowSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

WindowSet::WindowSet(const RateLimitSpec& spec) {
  for (const RateWindow& window : spec) windows_.push_back(Running{window, 0, 0, false});
}

void WindowSet::Count(double now) {
  for (Running& running : windows_) {
    if (!running.open || now >= running.start + static_cast<double>(running.window.seconds)) {
      running.open = true;
      running.start = now;
      running.count = 0;
    }
    ++running.count;
  }
}

bool WindowSet::Exceeded() const {
  for (const Running& running : windows_) {
    if (running.count > running.window.limit) return true;
  }
  return false;
}

int64_t WindowSet::RetryAfter(double now) const {
  double wait = 0;
  for (const Running& running : windows_) {
    if (running.count > running.window.limit) {
      wait = std::max(wait, running.start + static_cast<double>(running.window.seconds) - now);
    }
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait)));
}

std::string WindowSet::LimitHeader() const {
  RateLimitSpec spec;
  for (const Running& running : windows_) spec.push_back(running.window);
  return FormatRateLimitSpec(spec);
}

std::string WindowSet::CountHeader() const {
  std::string text;
  for (const Running& running : windows_) {
    if (!text.empty()) text += ',';
    text += std::to_string(running.count) + ":" + std::to_string(running.window.seconds);
  }
  return text;
}

std::optional<LimiterConfig> LimiterPreset(std::string_view name) {
  LimiterConfig config;
  if (name == "none") return config;
  if (name == "dev") {
    config.app = {{20, 1}, {100, 120}};
  } else if (name == "prod") {
    config.app = {{500, 10}, {30000, 600}};
  } else {
    return std::nullopt;
  }
  // Method limits observed in Riot's headers (riot-api.md §5.3).
  config.methods["account-v1.getByRiotId"] = {{1000, 60}};
  config.methods["account-v1.getByPuuid"] = {{1000, 60}};
  config.methods["match-v5.getMatchIdsByPUUID"] = {{2000, 10}};
  config.methods["match-v5.getMatch"] = {{2000, 10}};
  config.methods["match-v5.getTimeline"] = {{2000, 10}};
  config.methods["summoner-v4.getByPUUID"] = {{1600, 60}};
  config.methods["league-v4.getLeagueEntriesByPUUID"] = {{20000, 10}, {1200000, 600}};
  // The apex ladders' method limits as Riot's developer portal lists them (not in riot-api.md).
  for (const char* ladder : {"league-v4.getChallengerLeague", "league-v4.getGrandmasterLeague",
                             "league-v4.getMasterLeague"}) {
    config.methods[ladder] = {{30, 10}, {500, 600}};
  }
  return config;
}

RateDecision RateLimiter::Admit(std::string_view host, std::string_view method) {
  const double now = clock_.NowSeconds();
  std::lock_guard lock(mutex_);
  RateDecision decision;
  WindowSet* app = nullptr;
  WindowSet* per_method = nullptr;
  if (!config_.app.empty()) {
    auto it = app_.find(host);
    if (it == app_.end()) it = app_.emplace(std::string(host), WindowSet(config_.app)).first;
    app = &it->second;
  }
  const auto limits = config_.methods.find(method);
  if (limits != config_.methods.end() && !limits->second.empty()) {
    const std::string key = std::string(host) + " " + std::string(method);
    auto it = methods_.find(key);
    if (it == methods_.end()) it = methods_.emplace(key, WindowSet(limits->second)).first;
    per_method = &it->second;
  }
  if (app) app->Count(now);
  if (per_method) per_method->Count(now);
  if (app) {
    decision.headers.emplace_back("X-App-Rate-Limit", app->LimitHeader());
    decision.headers.emplace_back("X-App-Rate-Limit-Count", app->CountHeader());
  }
  if (per_method) {
    decision.headers.emplace_back("X-Method-Rate-Limit", per_method->LimitHeader());
    decision.headers.emplace_back("X-Method-Rate-Limit-Count", per_method->CountHeader());
  }
  if (app && app->Exceeded()) {
    decision.allowed = false;
    decision.limit_type = "application";
    decision.retry_after = app->RetryAfter(now);
  } else if (per_method && per_method->Exceeded()) {
    decision.allowed = false;
    decision.limit_type = "method";
    decision.retry_after = per_method->RetryAfter(now);
  }
  if (!decision.allowed) {
    decision.headers.emplace_back("Retry-After", std::to_string(decision.retry_after));
    decision.headers.emplace_back("X-Rate-Limit-Type", decision.limit_type);
  }
  return decision;
}

void RateLimiter::Reset() {
  std::lock_guard lock(mutex_);
  app_.clear();
  methods_.clear();
}

}  // namespace riot
