// Tables of champions, items, runes and queues, and the patch calendar.
#include "game_data.hpp"

#include <charconv>

#include "sim_time.hpp"

namespace riot {

namespace {
constexpr QueueInfo kQueues[] = {
    {400, "CLASSIC", 11, 10, false},    {420, "CLASSIC", 11, 10, true},
    {430, "CLASSIC", 11, 10, false},    {440, "CLASSIC", 11, 10, true},
    {450, "ARAM", 12, 10, false},       {480, "SWIFTPLAY", 11, 10, false},
    {490, "CLASSIC", 11, 10, false},    {850, "CLASSIC", 11, 10, false},
    {870, "CLASSIC", 11, 10, false},    {1700, "CHERRY", 30, 16, false},
    {1810, "STRAWBERRY", 33, 1, false},
};

constexpr int64_t kEpochMs2022 = EpochMs(2022, 1, 1);
constexpr int kFirstMajor = 12;          // patch 12.x is 2022
constexpr int kFirstPatchDayOfYear = 7;  // x.1 ships in the first week of January
constexpr int kDaysPerPatch = 14;
constexpr int kPatchesPerYear = 24;
constexpr int kBuildBase = 410;
constexpr double kBuildsPerPatch = 3.6;

// Whether `year` is a leap year.
constexpr bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }
}  // namespace

const QueueInfo* FindQueue(int queue_id) {
  for (const QueueInfo& queue : kQueues) {
    if (queue.id == queue_id) return &queue;
  }
  return nullptr;
}

GameKind KindOfQueue(const QueueInfo& queue) {
  switch (queue.map_id) {
    case 12:
      return GameKind::kAram;
    case 30:
      return GameKind::kArena;
    case 33:
      return GameKind::kSwarm;
    default:
      return GameKind::kSummonersRift;
  }
}

const Champion* FindChampion(int champion_id) {
  for (size_t i = 0; i < kChampionCount; ++i) {
    if (kChampions[i].id == champion_id) return &kChampions[i];
  }
  for (size_t i = 0; i < kSwarmChampionCount; ++i) {
    if (kSwarmChampions[i].id == champion_id) return &kSwarmChampions[i];
  }
  return nullptr;
}

Patch PatchAt(int64_t epoch_ms) {
  int64_t day = (epoch_ms - kEpochMs2022) / kMsPerDay;
  if (day < 0) day = 0;
  int year_index = 0;
  for (;;) {
    const int days_in_year = IsLeap(2022 + year_index) ? 366 : 365;
    if (day < days_in_year) break;
    day -= days_in_year;
    ++year_index;
  }
  int minor = 1 + static_cast<int>(day - kFirstPatchDayOfYear) / kDaysPerPatch;
  if (day < kFirstPatchDayOfYear) minor = 1;
  if (minor > kPatchesPerYear) minor = kPatchesPerYear;
  return Patch{kFirstMajor + year_index, minor};
}

std::string GameVersion(Patch patch) {
  const int index = (patch.major - kFirstMajor) * kPatchesPerYear + patch.minor;
  const int build = kBuildBase + static_cast<int>(index * kBuildsPerPatch);
  const int revision = 100 + (index * 7919) % 9000;
  return std::to_string(patch.major) + "." + std::to_string(patch.minor) + "." +
         std::to_string(build) + "." + std::to_string(revision);
}

Patch ParsePatch(std::string_view game_version) {
  Patch patch;
  const char* end = game_version.data() + game_version.size();
  auto parsed = std::from_chars(game_version.data(), end, patch.major);
  if (parsed.ec != std::errc() || parsed.ptr == end || *parsed.ptr != '.') return Patch{};
  parsed = std::from_chars(parsed.ptr + 1, end, patch.minor);
  if (parsed.ec != std::errc()) return Patch{};
  return patch;
}

}  // namespace riot
