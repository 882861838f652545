// Calendar constants for the simulated world: dates as epoch milliseconds, computed at compile
// time so that queue launches and the default clock read as dates in the code.
#pragma once

#include <cstdint>

namespace riot {

inline constexpr int64_t kMsPerSecond = 1000;
inline constexpr int64_t kMsPerMinute = 60 * kMsPerSecond;
inline constexpr int64_t kMsPerHour = 60 * kMsPerMinute;
inline constexpr int64_t kMsPerDay = 24 * kMsPerHour;

// Epoch milliseconds of midnight UTC on the given civil date (Howard Hinnant's days_from_civil).
constexpr int64_t EpochMs(int year, int month, int day) {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (int64_t{era} * 146097 + doe - 719468) * kMsPerDay;
}

// The sim clock starts here unless --start-time says otherwise (after the newest fixture, 16.4).
inline constexpr int64_t kDefaultStartMs = EpochMs(2026, 3, 1);
// Generated histories begin here: patch 12.1, before challenges (12.3) and Riot IDs (13.23).
inline constexpr int64_t kDefaultHistoryStartMs = EpochMs(2022, 1, 10);

inline constexpr int64_t kArenaLaunchMs = EpochMs(2023, 7, 20);
inline constexpr int64_t kArena16PlayersMs = EpochMs(2024, 1, 10);
inline constexpr int64_t kSwarmStartMs = EpochMs(2024, 7, 17);
inline constexpr int64_t kSwarmEndMs = EpochMs(2024, 10, 1);
inline constexpr int64_t kQuickplayMs = EpochMs(2024, 6, 12);  // 490 replaces blind pick 430
inline constexpr int64_t kSwiftplayMs = EpochMs(2024, 12, 5);
inline constexpr int64_t kNewBotQueuesMs = EpochMs(2024, 6, 12);  // 870 replaces 850

static_assert(EpochMs(1970, 1, 1) == 0);
static_assert(EpochMs(2026, 3, 1) == 1'772'323'200'000);

}  // namespace riot
