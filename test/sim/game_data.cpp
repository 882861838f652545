// Tables of champions, items, runes and queues, and the patch calendar.
#include "game_data.hpp"

#include <charconv>

#include "sim_time.hpp"

namespace riot {

namespace {
constexpr uint8_t T = 1 << kTop, J = 1 << kJungle, M = 1 << kMiddle, B = 1 << kBottom,
                  U = 1 << kUtility;

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

const Champion kChampions[] = {
    {1, "Annie", M | U, true},
    {2, "Olaf", J | T, false},
    {3, "Galio", M | U, true},
    {4, "TwistedFate", M, true},
    {5, "XinZhao", J, false},
    {7, "Leblanc", M, true},
    {8, "Vladimir", M | T, true},
    {9, "Fiddlesticks", J, true},
    {10, "Kayle", T, true},
    {11, "MasterYi", J, false},
    {12, "Alistar", U, true},
    {13, "Ryze", M | T, true},
    {14, "Sion", T, false},
    {15, "Sivir", B, false},
    {16, "Soraka", U, true},
    {17, "Teemo", T, true},
    {18, "Tristana", B | M, false},
    {19, "Warwick", J, false},
    {21, "MissFortune", B, false},
    {22, "Ashe", B | U, false},
    {23, "Tryndamere", T, false},
    {24, "Jax", T | J, false},
    {25, "Morgana", U | M, true},
    {28, "Evelynn", J, true},
    {30, "Karthus", J | M, true},
    {31, "Chogath", T, true},
    {32, "Amumu", J, true},
    {34, "Anivia", M, true},
    {35, "Shaco", J, false},
    {36, "DrMundo", T, false},
    {37, "Sona", U, true},
    {38, "Kassadin", M, true},
    {39, "Irelia", T | M, false},
    {40, "Janna", U, true},
    {41, "Gangplank", T, false},
    {43, "Karma", U, true},
    {45, "Veigar", M, true},
    {48, "Trundle", J | T, false},
    {50, "Swain", U | M, true},
    {51, "Caitlyn", B, false},
    {53, "Blitzcrank", U, true},
    {54, "Malphite", T, true},
    {55, "Katarina", M, true},
    {56, "Nocturne", J, false},
    {57, "Maokai", U | J, true},
    {58, "Renekton", T, false},
    {59, "JarvanIV", J, false},
    {61, "Orianna", M, true},
    {62, "MonkeyKing", J | T, false},
    {63, "Brand", U | M, true},
    {64, "LeeSin", J, false},
    {67, "Vayne", B | T, false},
    {69, "Cassiopeia", M, true},
    {75, "Nasus", T, false},
    {76, "Nidalee", J, true},
    {78, "Poppy", J | T, false},
    {79, "Gragas", J | T, true},
    {80, "Pantheon", U | M, false},
    {81, "Ezreal", B, false},
    {84, "Akali", M | T, true},
    {86, "Garen", T, false},
    {89, "Leona", U, true},
    {91, "Talon", M | J, false},
    {92, "Riven", T, false},
    {99, "Lux", U | M, true},
    {103, "Ahri", M, true},
    {104, "Graves", J, false},
    {105, "Fizz", M, true},
    {107, "Rengar", J, false},
    {110, "Varus", B, false},
    {111, "Nautilus", U, true},
    {112, "Viktor", M, true},
    {113, "Sejuani", J, true},
    {114, "Fiora", T, false},
    {117, "Lulu", U, true},
    {119, "Draven", B, false},
    {120, "Hecarim", J, false},
    {121, "Khazix", J, false},
    {122, "Darius", T, false},
    {126, "Jayce", T | M, false},
    {131, "Diana", J | M, true},
    {134, "Syndra", M, true},
    {141, "Kayn", J, false},
    {143, "Zyra", U, true},
    {145, "Kaisa", B, false},
    {147, "Seraphine", U | B, true},
    {150, "Gnar", T, false},
    {157, "Yasuo", M | T, false},
    {164, "Camille", T, false},
    {166, "Akshan", M, false},
    {201, "Braum", U, true},
    {202, "Jhin", B, false},
    {222, "Jinx", B, false},
    {233, "Briar", J, false},
    {234, "Viego", J, false},
    {235, "Senna", U, false},
    {236, "Lucian", B, false},
    {238, "Zed", M, false},
    {245, "Ekko", J | M, true},
    {254, "Vi", J, false},
    {266, "Aatrox", T, false},
    {267, "Nami", U, true},
    {350, "Yuumi", U, true},
    {360, "Samira", B, false},
    {412, "Thresh", U, true},
    {497, "Rakan", U, true},
    {498, "Xayah", B, false},
    {517, "Sylas", M | J, true},
    {523, "Aphelios", B, false},
    {555, "Pyke", U, false},
    {777, "Yone", M | T, false},
    {799, "Ambessa", T, false},
    {875, "Sett", T, false},
    {887, "Gwen", T, true},
    {893, "Aurora", M, true},
    {897, "KSante", T, false},
    {901, "Smolder", B, false},
    {902, "Milio", U, true},
    {910, "Hwei", M, true},
};
const size_t kChampionCount = sizeof kChampions / sizeof kChampions[0];

const Champion kSwarmChampions[] = {
    {3147, "Strawberry_Riven", T, false},    {3151, "Strawberry_Jinx", B, false},
    {3152, "Strawberry_Leona", U, true},     {3157, "Strawberry_Yasuo", M, false},
    {3159, "Strawberry_Seraphine", U, true}, {3678, "Strawberry_Illaoi", T, false},
};
const size_t kSwarmChampionCount = sizeof kSwarmChampions / sizeof kSwarmChampions[0];

const Item kLegendaryItems[] = {
    {3031, 3450}, {6672, 3100}, {3153, 3200}, {3078, 3333}, {3071, 3000}, {6692, 2900},
    {3142, 2800}, {6655, 2750}, {3089, 3600}, {3135, 3000}, {3157, 3250}, {4645, 3200},
    {3165, 2200}, {3068, 2700}, {3075, 2450}, {3143, 2700}, {3065, 2700}, {3742, 2900},
    {3190, 2200}, {3107, 2300}, {3504, 2200}, {2065, 2200}, {3050, 2200}, {6653, 3000},
    {3116, 2600}, {3036, 3000}, {3072, 3400}, {3094, 2650}, {3046, 2650}, {3085, 2650},
    {6333, 3300}, {3026, 3200}, {3156, 2900}, {3814, 2800}, {6694, 3000}, {3161, 3100},
    {3053, 3200}, {3748, 3300}, {3074, 3300}, {3100, 2900}, {3102, 3000}, {3115, 2900},
};
const size_t kLegendaryItemCount = sizeof kLegendaryItems / sizeof kLegendaryItems[0];

const Item kBoots[] = {{3006, 1100}, {3020, 1100}, {3047, 1200}, {3111, 1250},
                       {3158, 900},  {3009, 1000}, {1001, 300}};
const size_t kBootsCount = sizeof kBoots / sizeof kBoots[0];

const Item kComponents[] = {
    {1036, 350},  {1037, 875},  {1038, 1300}, {1052, 400},  {1026, 850},  {1058, 1200},
    {1028, 400},  {1029, 300},  {1033, 400},  {1042, 300},  {1018, 600},  {3057, 700},
    {3133, 1100}, {3134, 1000}, {3044, 1100}, {3067, 800},  {3108, 900},  {3802, 1200},
    {3145, 1100}, {3916, 800},  {3123, 800},  {3051, 1200}, {3086, 1200}, {3024, 900},
    {3105, 1100}, {3211, 1250}, {3801, 800},  {3082, 1000}, {3076, 800},
};
const size_t kComponentCount = sizeof kComponents / sizeof kComponents[0];

const RuneStyle kRuneStyles[] = {
    {8000, {8005, 8008, 8010}, {{9101, 9111, 8009}, {9104, 9105, 9103}, {8014, 8017, 8299}}},
    {8100, {8112, 8128, 9923}, {{8126, 8139, 8143}, {8136, 8120, 8138}, {8135, 8105, 8106}}},
    {8200, {8214, 8229, 8230}, {{8224, 8226, 8275}, {8210, 8234, 8233}, {8237, 8232, 8236}}},
    {8400, {8437, 8439, 8465}, {{8446, 8463, 8401}, {8429, 8444, 8473}, {8451, 8453, 8242}}},
    {8300, {8351, 8360, 8369}, {{8306, 8304, 8321}, {8313, 8352, 8345}, {8347, 8410, 8316}}},
};
const size_t kRuneStyleCount = sizeof kRuneStyles / sizeof kRuneStyles[0];

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
