// Static League of Legends data the generators draw from: champions, items, runes, summoner
// spells, queues, and the patch calendar that decides which fields a match of a given date has.
#pragma once

#include <cstdint>
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

extern const Champion kChampions[];
extern const size_t kChampionCount;
extern const Champion kSwarmChampions[];
extern const size_t kSwarmChampionCount;
extern const Item kLegendaryItems[];
extern const size_t kLegendaryItemCount;
extern const Item kBoots[];
extern const size_t kBootsCount;
extern const Item kComponents[];
extern const size_t kComponentCount;
extern const RuneStyle kRuneStyles[];
extern const size_t kRuneStyleCount;

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
