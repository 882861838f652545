// Riot's rate-limit headers on a response.
#include "rate_limit_headers.hpp"

#include <charconv>

namespace riot {

namespace {

std::optional<long> ParseLong(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// Parse "a:b,c:d" into pairs; nullopt when any pair is malformed.
std::optional<std::vector<std::pair<long, long>>> ParsePairs(std::string_view text) {
  std::vector<std::pair<long, long>> pairs;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view pair = text.substr(0, comma);
    const auto colon = pair.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto first = ParseLong(pair.substr(0, colon));
    const auto second = ParseLong(pair.substr(colon + 1));
    if (!first || !second || *second == 0) return std::nullopt;
    pairs.emplace_back(*first, *second);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return pairs;
}

const std::string* Find(const HeaderMap& headers, const char* name) {
  const auto found = headers.find(name);
  return found == headers.end() ? nullptr : &found->second;
}

std::vector<RateWindow> Limits(const HeaderMap& headers, const char* name) {
  std::vector<RateWindow> windows;
  if (const std::string* value = Find(headers, name)) {
    if (const auto pairs = ParsePairs(*value)) {
      for (const auto& [limit, seconds] : *pairs) {
        if (limit > 0) windows.push_back(RateWindow{limit, seconds});
      }
    }
  }
  return windows;
}

std::vector<WindowCount> Counts(const HeaderMap& headers, const char* name) {
  std::vector<WindowCount> counts;
  if (const std::string* value = Find(headers, name)) {
    if (const auto pairs = ParsePairs(*value)) {
      for (const auto& [count, seconds] : *pairs) counts.push_back(WindowCount{count, seconds});
    }
  }
  return counts;
}

}  // namespace

RateLimitInfo ParseRateLimitHeaders(const HeaderMap& headers) {
  RateLimitInfo info;
  info.app_limits = Limits(headers, "x-app-rate-limit");
  info.app_counts = Counts(headers, "x-app-rate-limit-count");
  info.method_limits = Limits(headers, "x-method-rate-limit");
  info.method_counts = Counts(headers, "x-method-rate-limit-count");
  if (const std::string* type = Find(headers, "x-rate-limit-type")) {
    if (*type == "application") {
      info.limit_type = LimitType::kApplication;
    } else if (*type == "method") {
      info.limit_type = LimitType::kMethod;
    } else if (*type == "service") {
      info.limit_type = LimitType::kService;
    } else {
      info.limit_type = LimitType::kUnknown;  // e.g. "server", seen on spectator-v5 in 2026
    }
  }
  if (const std::string* retry_after = Find(headers, "retry-after")) {
    if (const auto seconds = ParseLong(*retry_after)) {
      info.retry_after_seconds = static_cast<double>(*seconds);
    }
  }
  return info;
}

}  // namespace riot
