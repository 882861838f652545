// Riot rate-limit specs: "20:1,100:120" is 20 requests a second and 100 every two minutes.
#include "engine/rate_limit_spec.hpp"

#include <algorithm>
#include <charconv>

#include "engine/error.hpp"

namespace riot {

namespace {

constexpr long kMaxWindowSeconds = 24L * 60 * 60;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

long ParsePositive(std::string_view text, std::string_view whole) {
  text = Trim(text);
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    throw Error("invalid rate limit \"" + std::string(whole) + "\"",
                sqlstate::kInvalidParameterValue,
                "\"" + std::string(text) + "\" is not a positive integer.",
                "Write limits as count:seconds pairs separated by commas, like \"20:1,100:120\".");
  }
  return value;
}

}  // namespace

std::vector<RateWindow> ParseRateLimits(std::string_view spec) {
  std::vector<RateWindow> windows;
  if (Trim(spec).empty()) return windows;
  std::string_view rest = spec;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view pair = rest.substr(0, comma);
    const auto colon = pair.find(':');
    if (colon == std::string_view::npos) {
      throw Error(
          "invalid rate limit \"" + std::string(spec) + "\"", sqlstate::kInvalidParameterValue,
          "\"" + std::string(Trim(pair)) + "\" has no colon.",
          "Write limits as count:seconds pairs separated by commas, like \"20:1,100:120\".");
    }
    RateWindow window{ParsePositive(pair.substr(0, colon), spec),
                      ParsePositive(pair.substr(colon + 1), spec)};
    if (window.seconds > kMaxWindowSeconds) {
      throw Error("invalid rate limit \"" + std::string(spec) + "\"",
                  sqlstate::kInvalidParameterValue, "A window may last at most one day.");
    }
    windows.push_back(window);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  std::sort(windows.begin(), windows.end(),
            [](const RateWindow& a, const RateWindow& b) { return a.seconds < b.seconds; });
  return windows;
}

std::string FormatRateLimits(const std::vector<RateWindow>& windows) {
  std::string spec;
  for (const RateWindow& window : windows) {
    if (!spec.empty()) spec += ',';
    spec += std::to_string(window.limit) + ':' + std::to_string(window.seconds);
  }
  return spec;
}

}  // namespace riot
