// Static League of Legends data the generators draw from: champions, items, runes, summoner
// spells, queues, and the patch calendar that decides which fields a match of a given date has.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

namespace riot {

enum Position : uint8_t { kTop, kJungle, kMiddle, kBottom, kUtility, kPositionCount };

struct Champion {
  int id;
  std::string_view name;  // Data Dragon key, as championName carries it
  uint8_t positions;      // bit set of Position
  bool magic;             // deals mostly magic damage
};

struct Item {
  int id;
  int gold;
};

struct RuneStyle {
  int style;
  int keystones[3];
  int rows[3][3];
};

struct QueueInfo {
  int id;
  std::string_view game_mode;
  int map_id;
  int players;  // humans and bots together
  bool ranked;
};

// Game modes the generators know how to lay out; every queue maps to one.
enum class GameKind : uint8_t { kSummonersRift, kAram, kArena, kSwarm };

struct Patch {
  int major = 0;
  int minor = 0;
  // Whether this patch is `major.minor` or later.
  bool AtLeast(int at_major, int at_minor) const {
    return major > at_major || (major == at_major && minor >= at_minor);
  }
  bool Before(int at_major, int at_minor) const { return !AtLeast(at_major, at_minor); }
};

// Position bits for the champion table.
inline constexpr uint8_t kT = 1 << kTop, kJ = 1 << kJungle, kM = 1 << kMiddle, kB = 1 << kBottom,
                         kU = 1 << kUtility;

inline constexpr Champion kChampions[] = {
    {1, "Annie", kM | kU, true},
    {2, "Olaf", kJ | kT, false},
    {3, "Galio", kM | kU, true},
    {4, "TwistedFate", kM, true},
    {5, "XinZhao", kJ, false},
    {7, "Leblanc", kM, true},
    {8, "Vladimir", kM | kT, true},
    {9, "Fiddlesticks", kJ, true},
    {10, "Kayle", kT, true},
    {11, "MasterYi", kJ, false},
    {12, "Alistar", kU, true},
    {13, "Ryze", kM | kT, true},
    {14, "Sion", kT, false},
    {15, "Sivir", kB, false},
    {16, "Soraka", kU, true},
    {17, "Teemo", kT, true},
    {18, "Tristana", kB | kM, false},
    {19, "Warwick", kJ, false},
    {21, "MissFortune", kB, false},
    {22, "Ashe", kB | kU, false},
    {23, "Tryndamere", kT, false},
    {24, "Jax", kT | kJ, false},
    {25, "Morgana", kU | kM, true},
    {28, "Evelynn", kJ, true},
    {30, "Karthus", kJ | kM, true},
    {31, "Chogath", kT, true},
    {32, "Amumu", kJ, true},
    {34, "Anivia", kM, true},
    {35, "Shaco", kJ, false},
    {36, "DrMundo", kT, false},
    {37, "Sona", kU, true},
    {38, "Kassadin", kM, true},
    {39, "Irelia", kT | kM, false},
    {40, "Janna", kU, true},
    {41, "Gangplank", kT, false},
    {43, "Karma", kU, true},
    {45, "Veigar", kM, true},
    {48, "Trundle", kJ | kT, false},
    {50, "Swain", kU | kM, true},
    {51, "Caitlyn", kB, false},
    {53, "Blitzcrank", kU, true},
    {54, "Malphite", kT, true},
    {55, "Katarina", kM, true},
    {56, "Nocturne", kJ, false},
    {57, "Maokai", kU | kJ, true},
    {58, "Renekton", kT, false},
    {59, "JarvanIV", kJ, false},
    {61, "Orianna", kM, true},
    {62, "MonkeyKing", kJ | kT, false},
    {63, "Brand", kU | kM, true},
    {64, "LeeSin", kJ, false},
    {67, "Vayne", kB | kT, false},
    {69, "Cassiopeia", kM, true},
    {75, "Nasus", kT, false},
    {76, "Nidalee", kJ, true},
    {78, "Poppy", kJ | kT, false},
    {79, "Gragas", kJ | kT, true},
    {80, "Pantheon", kU | kM, false},
    {81, "Ezreal", kB, false},
    {84, "Akali", kM | kT, true},
    {86, "Garen", kT, false},
    {89, "Leona", kU, true},
    {91, "Talon", kM | kJ, false},
    {92, "Riven", kT, false},
    {99, "Lux", kU | kM, true},
    {103, "Ahri", kM, true},
    {104, "Graves", kJ, false},
    {105, "Fizz", kM, true},
    {107, "Rengar", kJ, false},
    {110, "Varus", kB, false},
    {111, "Nautilus", kU, true},
    {112, "Viktor", kM, true},
    {113, "Sejuani", kJ, true},
    {114, "Fiora", kT, false},
    {117, "Lulu", kU, true},
    {119, "Draven", kB, false},
    {120, "Hecarim", kJ, false},
    {121, "Khazix", kJ, false},
    {122, "Darius", kT, false},
    {126, "Jayce", kT | kM, false},
    {131, "Diana", kJ | kM, true},
    {134, "Syndra", kM, true},
    {141, "Kayn", kJ, false},
    {143, "Zyra", kU, true},
    {145, "Kaisa", kB, false},
    {147, "Seraphine", kU | kB, true},
    {150, "Gnar", kT, false},
    {157, "Yasuo", kM | kT, false},
    {164, "Camille", kT, false},
    {166, "Akshan", kM, false},
    {201, "Braum", kU, true},
    {202, "Jhin", kB, false},
    {222, "Jinx", kB, false},
    {233, "Briar", kJ, false},
    {234, "Viego", kJ, false},
    {235, "Senna", kU, false},
    {236, "Lucian", kB, false},
    {238, "Zed", kM, false},
    {245, "Ekko", kJ | kM, true},
    {254, "Vi", kJ, false},
    {266, "Aatrox", kT, false},
    {267, "Nami", kU, true},
    {350, "Yuumi", kU, true},
    {360, "Samira", kB, false},
    {412, "Thresh", kU, true},
    {497, "Rakan", kU, true},
    {498, "Xayah", kB, false},
    {517, "Sylas", kM | kJ, true},
    {523, "Aphelios", kB, false},
    {555, "Pyke", kU, false},
    {777, "Yone", kM | kT, false},
    {799, "Ambessa", kT, false},
    {875, "Sett", kT, false},
    {887, "Gwen", kT, true},
    {893, "Aurora", kM, true},
    {897, "KSante", kT, false},
    {901, "Smolder", kB, false},
    {902, "Milio", kU, true},
    {910, "Hwei", kM, true},
};
inline constexpr size_t kChampionCount = std::size(kChampions);

inline constexpr Champion kSwarmChampions[] = {
    {3147, "Strawberry_Riven", kT, false},    {3151, "Strawberry_Jinx", kB, false},
    {3152, "Strawberry_Leona", kU, true},     {3157, "Strawberry_Yasuo", kM, false},
    {3159, "Strawberry_Seraphine", kU, true}, {3678, "Strawberry_Illaoi", kT, false},
};
inline constexpr size_t kSwarmChampionCount = std::size(kSwarmChampions);

inline constexpr Item kLegendaryItems[] = {
    {3031, 3450}, {6672, 3100}, {3153, 3200}, {3078, 3333}, {3071, 3000}, {6692, 2900},
    {3142, 2800}, {6655, 2750}, {3089, 3600}, {3135, 3000}, {3157, 3250}, {4645, 3200},
    {3165, 2200}, {3068, 2700}, {3075, 2450}, {3143, 2700}, {3065, 2700}, {3742, 2900},
    {3190, 2200}, {3107, 2300}, {3504, 2200}, {2065, 2200}, {3050, 2200}, {6653, 3000},
    {3116, 2600}, {3036, 3000}, {3072, 3400}, {3094, 2650}, {3046, 2650}, {3085, 2650},
    {6333, 3300}, {3026, 3200}, {3156, 2900}, {3814, 2800}, {6694, 3000}, {3161, 3100},
    {3053, 3200}, {3748, 3300}, {3074, 3300}, {3100, 2900}, {3102, 3000}, {3115, 2900},
};
inline constexpr size_t kLegendaryItemCount = std::size(kLegendaryItems);

inline constexpr Item kBoots[] = {{3006, 1100}, {3020, 1100}, {3047, 1200}, {3111, 1250},
                                  {3158, 900},  {3009, 1000}, {1001, 300}};
inline constexpr size_t kBootsCount = std::size(kBoots);

inline constexpr Item kComponents[] = {
    {1036, 350},  {1037, 875},  {1038, 1300}, {1052, 400},  {1026, 850},  {1058, 1200},
    {1028, 400},  {1029, 300},  {1033, 400},  {1042, 300},  {1018, 600},  {3057, 700},
    {3133, 1100}, {3134, 1000}, {3044, 1100}, {3067, 800},  {3108, 900},  {3802, 1200},
    {3145, 1100}, {3916, 800},  {3123, 800},  {3051, 1200}, {3086, 1200}, {3024, 900},
    {3105, 1100}, {3211, 1250}, {3801, 800},  {3082, 1000}, {3076, 800},
};
inline constexpr size_t kComponentCount = std::size(kComponents);

inline constexpr RuneStyle kRuneStyles[] = {
    {8000, {8005, 8008, 8010}, {{9101, 9111, 8009}, {9104, 9105, 9103}, {8014, 8017, 8299}}},
    {8100, {8112, 8128, 9923}, {{8126, 8139, 8143}, {8136, 8120, 8138}, {8135, 8105, 8106}}},
    {8200, {8214, 8229, 8230}, {{8224, 8226, 8275}, {8210, 8234, 8233}, {8237, 8232, 8236}}},
    {8400, {8437, 8439, 8465}, {{8446, 8463, 8401}, {8429, 8444, 8473}, {8451, 8453, 8242}}},
    {8300, {8351, 8360, 8369}, {{8306, 8304, 8321}, {8313, 8352, 8345}, {8347, 8410, 8316}}},
};
inline constexpr size_t kRuneStyleCount = std::size(kRuneStyles);

inline constexpr int kStatPerkOffense[] = {5005, 5008, 5007};
inline constexpr int kStatPerkFlex[] = {5008, 5010, 5001};
inline constexpr int kStatPerkDefense[] = {5011, 5013, 5001};
inline constexpr int kSummonerFlash = 4;
inline constexpr int kSummonerSmite = 11;
inline constexpr int kSecondSpells[] = {14, 12, 7, 3, 21, 6, 1};  // ignite, teleport, heal...
inline constexpr int kAramSpells[] = {4, 32, 7, 3, 6, 21, 1};
inline constexpr int kArenaSpells[] = {2202, 2201};
inline constexpr int kTrinketWard = 3340;
inline constexpr int kTrinketLens = 3364;
inline constexpr int kTrinketFarsight = 3363;
inline constexpr int kTrinketArena = 3348;
inline constexpr int kControlWard = 2055;
inline constexpr int kHealthPotion = 2003;
inline constexpr int kStarterItems[] = {1055, 1056, 1054, 3865, 1101, 1102, 1103};

// The queue with this id, or nullptr.
const QueueInfo* FindQueue(int queue_id);
GameKind KindOfQueue(const QueueInfo& queue);
// The Champion with this id (regular or Swarm), or nullptr.
const Champion* FindChampion(int champion_id);

// The patch live at `epoch_ms`: 12.x in 2022 ... 16.x in 2026, a new minor every two weeks.
Patch PatchAt(int64_t epoch_ms);
// A full game version for the patch, like "16.4.748.682".
std::string GameVersion(Patch patch);
// Parse the first two parts of a game version ("16.4.748.682" -> 16.4).
Patch ParsePatch(std::string_view game_version);

}  // namespace riot
