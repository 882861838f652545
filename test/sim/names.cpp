// Word lists and the rules that combine them into Riot IDs.
#include "names.hpp"

#include <string_view>

namespace riot {

namespace {

constexpr std::string_view kAdjectives[] = {
    "Lone", "Silent", "Crimson", "Frozen", "Lucky",  "Tiny", "Wild",   "Mad",  "Lazy",  "Brave",
    "Dark", "Holy",   "Salty",   "Sleepy", "Golden", "Iron", "Hidden", "Last", "Quiet", "Swift"};
constexpr std::string_view kNouns[] = {"Wolf",   "Fox",     "Mage",    "Poro",  "Baron",
                                       "Dragon", "Ninja",   "Otter",   "Raven", "Tiger",
                                       "Knight", "Jungler", "Support", "Carry", "Potato",
                                       "Cactus", "Comet",   "Lotus",   "Storm", "Blade"};
constexpr std::string_view kHandles[] = {
    "xPeke", "Zaqueri", "Mikyx", "Tenz0", "Noxus", "Pentakill", "Gankplank", "Bluekey", "Nightfall",
    "Kiwi",  "Mochi",   "Sushi", "Ramen", "Boba",  "Pixel",     "Echo",      "Nova",    "Zenith"};
constexpr std::string_view kAccented[] = {"Björn",  "Zoë",   "Łukasz", "Señor",  "Ángel",
                                          "Jürgen", "Čapek", "Dvořák", "Øyvind", "Élodie"};
constexpr std::string_view kCyrillic[] = {"Медведь", "Волк", "Тень", "Лиса", "Буря", "Снег"};
constexpr std::string_view kHangul[] = {"하늘", "별빛", "달",   "소나타", "바람",
                                        "꽃잎", "사랑", "미르", "도윤",   "서진",
                                        "빛",   "용",   "검",   "신",     "불꽃"};
constexpr std::string_view kJapanese[] = {"さくら", "ゆめ", "ねこ",   "ほし", "つき",
                                          "かぜ",   "アホ", "シャコ", "西の", "訪問者",
                                          "天",     "使",   "影",     "侍"};
constexpr std::string_view kTagCharacters = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
constexpr size_t kMaxNameCodePoints = 16;

template <typename T, size_t N>
std::string_view PickFrom(Rng& rng, const T (&words)[N]) {
  return words[rng.Index(N)];
}

// A name made of Latin words, e.g. "Lone Wolf", "SleepyPoro", "Nova7".
std::string LatinName(Rng& rng) {
  switch (rng.Int(0, 4)) {
    case 0:
      return std::string(PickFrom(rng, kAdjectives)) + " " + std::string(PickFrom(rng, kNouns));
    case 1:
      return std::string(PickFrom(rng, kAdjectives)) + std::string(PickFrom(rng, kNouns));
    case 2:
      return std::string(PickFrom(rng, kHandles)) + std::to_string(rng.Int(1, 999));
    case 3:
      return std::string(PickFrom(rng, kNouns)) + " of " + std::string(PickFrom(rng, kNouns));
    default:
      return std::string(PickFrom(rng, kHandles));
  }
}

// A name in the script most players of `platform` use, sometimes a Latin one.
std::string LocalName(Rng& rng, PlatformId platform) {
  const std::string_view host = Platform(platform).host;
  if (host == "kr" && rng.Chance(0.5)) {
    std::string name(PickFrom(rng, kHangul));
    if (rng.Chance(0.4)) name += " ";
    return name + std::string(PickFrom(rng, kHangul));
  }
  if (host == "jp1" && rng.Chance(0.5)) {
    return std::string(PickFrom(rng, kJapanese)) + std::string(PickFrom(rng, kJapanese));
  }
  if ((host == "euw1" || host == "eun1") && rng.Chance(0.15)) {
    return std::string(PickFrom(rng, kAccented)) + (rng.Chance(0.5) ? " " : "") +
           std::string(PickFrom(rng, kNouns));
  }
  if (host == "eun1" && rng.Chance(0.2)) {
    return std::string(PickFrom(rng, kCyrillic)) + std::to_string(rng.Int(1, 99));
  }
  return LatinName(rng);
}

std::string RandomTag(Rng& rng) {
  std::string tag;
  const auto length = rng.Int(3, 5);
  for (int64_t i = 0; i < length; ++i)
    tag.push_back(kTagCharacters[rng.Index(kTagCharacters.size())]);
  if (rng.Chance(0.05)) tag[1] = ' ';  // real tags have inner spaces: "KR 1", "z z"
  return tag;
}

}  // namespace

size_t CodePointCount(const std::string& utf8) {
  size_t count = 0;
  for (const char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

RiotId GenerateRiotId(Rng& rng, PlatformId platform) {
  RiotId id;
  do {
    id.game_name = LocalName(rng, platform);
  } while (CodePointCount(id.game_name) < 3 || CodePointCount(id.game_name) > kMaxNameCodePoints);
  id.tag_line = rng.Chance(0.45) ? std::string(Platform(platform).default_tag) : RandomTag(rng);
  return id;
}

std::string GenerateSummonerName(Rng& rng) { return LatinName(rng); }

}  // namespace riot
