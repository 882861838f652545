// OpenDota's rate-limit signals: remaining counts in headers, the window a 429 names.
#include "dota/opendota_rate_headers.hpp"

#include <cctype>

namespace riot::dota {

namespace {

constexpr int64_t kMsPerMinute = 60'000;
constexpr int64_t kMsPerDay = 86'400'000;

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<int> Integer(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  constexpr size_t kMaxDigits = 9;
  if (text.empty() || text.size() > kMaxDigits) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

}  // namespace

OpenDotaRemaining ParseOpenDotaRemaining(
    const std::vector<std::pair<std::string, std::string>>& headers) {
  OpenDotaRemaining remaining;
  for (const auto& [name, value] : headers) {
    if (SameName(name, "X-Rate-Limit-Remaining-Minute")) {
      remaining.minute = Integer(value);
    } else if (SameName(name, "X-Rate-Limit-Remaining-Day")) {
      remaining.day = Integer(value);
    }
  }
  return remaining;
}

OpenDotaWindow RefusedWindow(std::string_view body) {
  // "daily api limit exceeded" since 2023-12; "monthly api limit exceeded" before: the caller's
  // allowance for a calendar period, which a minute's wait does not restore.
  const bool period = body.find("daily") != std::string_view::npos ||
                      body.find("monthly") != std::string_view::npos;
  return period ? OpenDotaWindow::kDay : OpenDotaWindow::kMinute;
}

int64_t WindowEndMs(OpenDotaWindow window, int64_t now_ms) {
  const int64_t length = window == OpenDotaWindow::kDay ? kMsPerDay : kMsPerMinute;
  const int64_t start = now_ms - ((now_ms % length) + length) % length;
  return start + length;
}

}  // namespace riot::dota
